import type { Dialect } from '../../dialects';

/**
 * The fastest exact shape of the two queries (issue 18, measured by `npm run bench`):
 * - events: where the dialect has a star that drops columns (`supports.starExcept`), session_seq
 *   comes from two ROW_NUMBER passes instead of a running SUM, which DuckDB computes far more cheaply;
 *   with max_session_minutes the start of each run of activity is a column, computed once.
 * - sessions: one row per session straight from its first and last event (shared README §2), not a
 *   GROUP BY over every labelled event: one window pass marks where sessions start and end, a second
 *   one, over those boundary events only, pairs them.
 * Both read the user's timeline in one window per level, so every flag and number of a level sees the
 * same order of tied events.
 */
export interface ShapeInputs {
  readonly dialect: Dialect;
  readonly userKey: readonly string[];
  readonly tiebreak?: string;
  readonly ts: string;
  /** The event time as comparisons see it (`timeArithmetic(...).eventTime` of the column). */
  readonly time: (column: string) => string;
  readonly partitionBy: string;
  readonly orderBy: string;
  readonly timeoutSeconds: number;
  readonly maxSeconds?: number;
  readonly secondsBetween: (from: string, to: string) => string;
  readonly asTimestamp: (time: string) => string;
  /** The local date of an event time in the midnight-split zone; absent without a midnight split. */
  readonly localDate?: (time: string) => string;
  readonly midnightTz?: string;
  readonly attributes: readonly { column: string; first: string; last: string }[];
  /** The session id from the key values (as SQL) and `session_seq`. */
  readonly sessionId: (keys: readonly string[]) => string;
  /** Where ids come from one value of each user's group (`Dialect.keyRepresentative`). */
  readonly idKeys?: readonly string[];
  /** The bot flag from an event count and the session's first and last time; absent without bots. */
  readonly botFlag?: (eventCount: string, first: string, last: string) => string | undefined;
}

interface When {
  readonly comment?: readonly string[];
  readonly condition: string;
}

export function shapeContext(s: ShapeInputs) {
  const exceptWord = s.dialect.supports.starExcept;
  const timeline = `${s.partitionBy} ORDER BY ${s.orderBy}`;
  const time = s.time(s.ts);
  const timeout = s.timeoutSeconds;
  const max = s.maxSeconds;
  const activityOrder = `${timeline}, starts_activity DESC`;
  const piece = (at: string) =>
    s.dialect.floor(`${s.secondsBetween('activity_start', at)} / ${max}`);
  const maxComment = (what: string) => [
    `A run of activity is cut every ${max !== undefined ? minutes(max) : ''} from its first event:`,
    `${what}`,
  ];
  const midnightComment = `The local date in ${s.midnightTz} changed (a midnight split).`;
  const date = s.localDate;

  // Events: islands numbering with helper columns, where the star can drop them.
  const islands =
    exceptWord === undefined
      ? undefined
      : {
          except: `* ${exceptWord}`,
          helpers: [
            ...(max === undefined ? [] : ['starts_activity', 'activity_start']),
            ...(max !== undefined || date !== undefined ? ['prev_event_time'] : []),
            'event_number',
          ].join(', '),
          by_kind: `PARTITION BY ${s.userKey.join(', ')}, is_session_start ORDER BY event_number`,
          starts: [
            ...(max === undefined
              ? [
                  {
                    condition: `seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeout}`,
                  },
                ]
              : [
                  { condition: 'starts_activity = 1' },
                  {
                    comment: maxComment('a session also starts in each new piece.'),
                    condition: `${piece(time)} > ${piece('prev_event_time')}`,
                  },
                ]),
            ...(date === undefined
              ? []
              : [
                  {
                    comment: [midnightComment],
                    condition: `${date(time)} <> ${date('prev_event_time')}`,
                  },
                ]),
          ] satisfies When[],
        };

  // Sessions: each event's neighbours, then which events start and end a session.
  const prev = 'prev_event_time';
  const next = 'next_event_time';
  const sessionStarts: When[] =
    max === undefined
      ? [{ condition: `${prev} IS NULL OR ${s.secondsBetween(prev, time)} > ${timeout}` }]
      : [
          { condition: 'starts_activity = 1' },
          {
            comment: maxComment('a session also starts in each new piece.'),
            condition: `${piece(time)} > ${piece(prev)}`,
          },
        ];
  const sessionEnds: When[] =
    max === undefined
      ? [{ condition: `${next} IS NULL OR ${s.secondsBetween(time, next)} > ${timeout}` }]
      : [
          { condition: `${next} IS NULL OR next_starts_activity = 1` },
          { condition: `${piece(next)} > ${piece(time)}` },
        ];
  // Each event's local date is computed once, in the first CTE (zone conversions are the dear part).
  if (date !== undefined) {
    sessionStarts.push({ comment: [midnightComment], condition: 'local_date <> prev_local_date' });
    sessionEnds.push({ condition: 'next_local_date <> local_date' });
  }
  const idKeys = s.idKeys?.map((expr, i) => ({ expr, name: `id_key_${i + 1}` }));
  const keyColumns = [...s.userKey];
  const carried = [
    ...keyColumns,
    s.ts,
    ...(s.tiebreak === undefined ? [] : [s.tiebreak]),
    ...s.attributes.map(a => a.column),
  ].filter((c, i, all) => all.indexOf(c) === i);
  const bounds = `${s.partitionBy} ORDER BY event_number`;
  const idSources = idKeys?.map(k => k.name) ?? keyColumns;
  // Without max_session_minutes the numbers (and the previous time) come from LAG's own window in the
  // first CTE; with it they follow the activity order, where the run's first event sorts first.
  const gapExtras =
    islands === undefined || max !== undefined
      ? []
      : [
          ...(date === undefined ? [] : [`LAG(${time}) OVER (${timeline}) AS prev_event_time`]),
          `ROW_NUMBER() OVER (${timeline}) AS event_number`,
        ];
  return {
    islands,
    gap_extras: gapExtras,
    // The id's CTE comes after the numbering: 4th, or 6th behind the two activity CTEs.
    id_step: islands !== undefined && max !== undefined ? 6 : 4,
    activity:
      max === undefined
        ? undefined
        : {
            order: activityOrder,
            starts: `seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeout}`,
          },
    boundaries: {
      carried: carried.join(', '),
      local_date: date?.(time),
      id_keys: idKeys,
      starts: sessionStarts,
      ends: sessionEnds,
      bounds,
      // Pairs carry the key columns and the id's key values on to the last CTE.
      paired_keys: [...keyColumns, ...(idKeys?.map(k => k.name) ?? [])].join(', '),
      session_start_time: time,
      session_end_time: `CASE WHEN is_session_end = 1 THEN ${time} ELSE LEAD(${time}) OVER (${bounds}) END`,
      last_number: `CASE WHEN is_session_end = 1 THEN event_number ELSE LEAD(event_number) OVER (${bounds}) END`,
      attributes: s.attributes.map(a => ({
        first: `${a.column} AS ${a.first}`,
        last: `CASE WHEN is_session_end = 1 THEN ${a.column} ELSE LEAD(${a.column}) OVER (${bounds}) END AS ${a.last}`,
        names: `${a.first}, ${a.last}`,
      })),
      session_id: s.sessionId(idSources),
      session_start: s.asTimestamp('session_start_time'),
      session_end: s.asTimestamp('session_end_time'),
      session_duration: s.secondsBetween('session_start_time', 'session_end_time'),
      bot_flag: s.botFlag?.('event_count', 'session_start_time', 'session_end_time'),
    },
  };
}

function minutes(seconds: number): string {
  const m = seconds / 60;
  return m === 1 ? '1 minute' : `${m} minutes`;
}
