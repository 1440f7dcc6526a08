/**
 * How the session count falls as the timeout grows (shared README §3, `timeout_sensitivity`): the
 * number of sessions the gap rule alone gives at each timeout, on the rows the preview labelled.
 * One scan of the labelled events answers every timeout at once, since a session starts exactly at a
 * user's first event or after a gap above the timeout.
 */

/** The timeouts every preview reports, in minutes, from one minute to a day. */
export const SENSITIVITY_MINUTES: readonly number[] = [
  1, 5, 10, 15, 20, 30, 45, 60, 90, 120, 240, 480, 1440,
];

export interface TimeoutSensitivityPoint {
  readonly minutes: number;
  readonly sessions: number;
}

/** The listed timeouts and the chosen one, sorted, without duplicates. */
export function sensitivityMinutes(chosenMinutes: number): number[] {
  return [...new Set([...SENSITIVITY_MINUTES, chosenMinutes])].sort((a, b) => a - b);
}

/**
 * DuckDB SQL counting, for each timeout, the events that start a session under the gap rule alone.
 * The threshold is rounded to whole seconds exactly as the rendered rule rounds its timeout.
 */
export function timeoutSensitivitySql(labelledEvents: string, minutes: readonly number[]): string {
  const counts = minutes.map(
    (m, i) =>
      `count(*) FILTER (WHERE seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${Math.round(m * 60)}) AS at_${i}`,
  );
  return `SELECT ${counts.join(',\n       ')}\nFROM ${labelledEvents}`;
}

/** The points of `timeoutSensitivitySql`'s one row, in the order of `minutes`. */
export function sensitivityFromRow(
  minutes: readonly number[],
  row: Readonly<Record<string, unknown>> | undefined,
): TimeoutSensitivityPoint[] {
  return minutes.map((m, i) => ({ minutes: m, sessions: Number(row?.[`at_${i}`] ?? 0) }));
}
