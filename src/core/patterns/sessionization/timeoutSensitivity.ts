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
 * DuckDB SQL of how many of `minutes` (sorted) an event's gap is strictly above: all of them for a
 * user's first event. An event starts a session at the i-th timeout exactly when this is above i, so
 * counts grouped by it give every timeout's sessions in one pass (and share it with the gap
 * histogram). Thresholds are rounded to whole seconds exactly as the rendered rule rounds its timeout.
 */
export function timeoutsBelowSql(minutes: readonly number[]): string {
  const gap = 'seconds_since_prev_event';
  const whens = minutes.map((m, i) => `WHEN ${gap} <= ${Math.round(m * 60)} THEN ${i}`);
  return `CASE WHEN ${gap} IS NULL THEN ${minutes.length} ${whens.join(' ')} ELSE ${minutes.length} END`;
}

/**
 * The points, in the order of `minutes`, from rows counting events (`count`) by `timeoutsBelowSql`
 * (`key`); rows may split the counts further by other columns.
 */
export function sensitivityFromRows(
  minutes: readonly number[],
  rows: readonly Readonly<Record<string, unknown>>[],
  key: string,
  count: string,
): TimeoutSensitivityPoint[] {
  return minutes.map((m, i) => ({
    minutes: m,
    sessions: rows
      .filter(row => Number(row[key]) > i)
      .reduce((sum, row) => sum + Number(row[count] ?? 0), 0),
  }));
}
