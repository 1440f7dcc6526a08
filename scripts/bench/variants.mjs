// Candidate shapes of the DuckDB sessionization queries, as plain SQL over the bench table
// (user_id, ts TIMESTAMP). Same rule as the template: a gap strictly above the timeout starts a
// session, ties share one, exact microsecond arithmetic. The template itself is always rendered by
// the project's renderer, so "template" is what prompts/ holds today.

/** The lower bound: one ordered window pass over the same data, materialised like the others. */
export const lowerBound = table =>
  `SELECT src.*, lag(ts) OVER (PARTITION BY user_id ORDER BY ts) AS prev_ts FROM ${table} AS src`;

function mustReplace(sql, from, to) {
  if (!sql.includes(from)) {
    throw new Error(`the rendered query no longer contains ${from}`);
  }
  return sql.replace(from, to);
}

/** Replaces the final `SELECT * FROM sessionized` of the rendered events query. */
function withFinalSelect(eventsSql, select) {
  const replaced = eventsSql.replace(/SELECT\s+\*\s+FROM\s+sessionized\s*$/, select);
  if (replaced === eventsSql) {
    throw new Error('the rendered events query no longer ends with SELECT * FROM sessionized');
  }
  return replaced;
}

const gap = `date_diff('microsecond', LAG(ts) OVER w, ts) / 1000000`;
const gapChain = (table, timeout) => `events_with_gap AS (
  SELECT src.*, ${gap} AS seconds_since_prev_event
  FROM ${table} AS src
  WHERE user_id IS NOT NULL AND ts IS NOT NULL
  WINDOW w AS (PARTITION BY user_id ORDER BY ts)
),
events_with_start AS (
  SELECT events_with_gap.*,
    CASE WHEN seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeout} THEN 1 ELSE 0 END AS is_session_start
  FROM events_with_gap
)`;

/**
 * Session numbers without a running SUM. The first pass numbers each user's events (row_number
 * shares LAG's sort, so both see the same order, ties included); the second numbers starts and
 * non-starts separately in that order. A start's number among starts is its session_seq; a
 * non-start's event number minus its number among non-starts counts the starts before it.
 * Both passes are rank functions, which DuckDB computes far more cheaply than a windowed SUM.
 */
const islandsChain = (table, timeout) => `events_with_gap AS (
  SELECT src.*,
    ${gap} AS seconds_since_prev_event,
    row_number() OVER w AS event_number
  FROM ${table} AS src
  WHERE user_id IS NOT NULL AND ts IS NOT NULL
  WINDOW w AS (PARTITION BY user_id ORDER BY ts)
),
events_with_start AS (
  SELECT events_with_gap.*,
    CASE WHEN seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeout} THEN 1 ELSE 0 END AS is_session_start
  FROM events_with_gap
),
events_with_seq AS (
  SELECT * EXCLUDE (event_number),
    CASE
      WHEN is_session_start = 1 THEN row_number() OVER by_kind
      ELSE event_number - row_number() OVER by_kind
    END AS session_seq
  FROM events_with_start
  WINDOW by_kind AS (PARTITION BY user_id, is_session_start ORDER BY event_number)
)`;

const castId = `CAST(user_id AS VARCHAR) || '-' || CAST(session_seq AS VARCHAR)`;
const concatId = `concat(user_id, '-', session_seq)`;

const sessionsSelect = (from, id) => `SELECT
  user_id, session_seq, ${id} AS session_id,
  MIN(ts) AS session_start, MAX(ts) AS session_end, COUNT(*) AS event_count,
  date_diff('microsecond', MIN(ts), MAX(ts)) / 1000000 AS session_duration_seconds
FROM ${from}
GROUP BY user_id, session_seq`;

/** Events-query variants: name → { sql, what }. `template` is the rendered events query. */
export function eventVariants(template, table, timeout) {
  const sumChain = frame => `WITH ${gapChain(table, timeout)},
events_with_seq AS (
  SELECT events_with_start.*, SUM(is_session_start) OVER (PARTITION BY user_id ${frame}) AS session_seq
  FROM events_with_start
)`;
  return {
    range_frame: {
      what: 'running SUM with the default RANGE frame and no `is_session_start DESC` key (peers share the sum, so ties share the session)',
      sql: `${sumChain('ORDER BY ts')}
SELECT events_with_seq.*, ${castId} AS session_id FROM events_with_seq`,
    },
    epoch_us_gap: {
      what: 'template, with the gap as an integer `epoch_us` difference compared in microseconds',
      sql: `WITH events_with_gap AS (
  SELECT src.*, epoch_us(ts) - epoch_us(LAG(ts) OVER (PARTITION BY user_id ORDER BY ts)) AS gap_us
  FROM ${table} AS src WHERE user_id IS NOT NULL AND ts IS NOT NULL
),
events_with_start AS (
  SELECT * EXCLUDE (gap_us), gap_us / 1000000 AS seconds_since_prev_event,
    CASE WHEN gap_us IS NULL OR gap_us > ${timeout * 1_000_000} THEN 1 ELSE 0 END AS is_session_start
  FROM events_with_gap
),
events_with_seq AS (
  SELECT events_with_start.*, SUM(is_session_start) OVER (PARTITION BY user_id ORDER BY ts, is_session_start DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_seq
  FROM events_with_start
)
SELECT events_with_seq.*, ${castId} AS session_id FROM events_with_seq`,
    },
    concat_id: {
      what: "template, with `session_id` built by one `concat(user_id, '-', session_seq)` call",
      sql: mustReplace(template, castId, concatId),
    },
    islands: {
      what: "session_seq from two row_number passes instead of a running SUM: the first numbers each user's events in LAG's own window (same `OVER w`, one WINDOW operator, one sort, so the start flags and the numbers see the same order of tied events); the second numbers starts and non-starts apart; a start's number among starts is its session_seq, a non-start's event number minus its number among non-starts is the count of starts before it",
      sql: `WITH ${islandsChain(table, timeout)}
SELECT events_with_seq.*, ${castId} AS session_id FROM events_with_seq`,
    },
    islands_concat: {
      what: 'islands + `concat()` session_id',
      sql: `WITH ${islandsChain(table, timeout)}
SELECT events_with_seq.*, ${concatId} AS session_id FROM events_with_seq`,
    },
  };
}

/** Sessions-query variants, plus the seed prompt's shape (per-row window aggregates + QUALIFY). */
export function sessionVariants(templateEvents, table, timeout) {
  return {
    seed_qualify: {
      what: "the seed prompt's shape: our labelled events, then per-row MIN/MAX/COUNT windows over (user, session) kept once by QUALIFY",
      sql: withFinalSelect(
        templateEvents,
        `SELECT
  user_id, session_seq, session_id,
  MIN(ts) OVER s AS session_start, MAX(ts) OVER s AS session_end, COUNT(*) OVER s AS event_count,
  date_diff('microsecond', MIN(ts) OVER s, MAX(ts) OVER s) / 1000000 AS session_duration_seconds
FROM sessionized
WINDOW s AS (PARTITION BY user_id, session_seq)
QUALIFY row_number() OVER (PARTITION BY user_id, session_seq ORDER BY ts) = 1`,
      ),
    },
    id_after_group: {
      what: 'template chain, GROUP BY (user, session_seq) only and session_id built once per session',
      sql: withFinalSelect(templateEvents, sessionsSelect('sessionized', castId)),
    },
    boundaries: {
      what: "sessions straight from their boundary events: one window pass (LAG and LEAD) marks each session's first and last event, a second pass over those rows only pairs them; no GROUP BY, no per-event session_seq",
      sql: `WITH boundaries AS (
  SELECT user_id, ts,
    row_number() OVER w AS event_number,
    coalesce(ts > LAG(ts) OVER w + INTERVAL ${timeout} SECOND, true) AS starts_session,
    coalesce(LEAD(ts) OVER w > ts + INTERVAL ${timeout} SECOND, true) AS ends_session
  FROM ${table}
  WHERE user_id IS NOT NULL AND ts IS NOT NULL
  WINDOW w AS (PARTITION BY user_id ORDER BY ts)
),
-- A session's first event is followed, among boundary events, by its last (or is its last).
paired AS (
  SELECT user_id, starts_session, ts AS session_start, event_number AS first_number,
    CASE WHEN ends_session THEN ts ELSE LEAD(ts) OVER b END AS session_end,
    CASE WHEN ends_session THEN event_number ELSE LEAD(event_number) OVER b END AS last_number
  FROM boundaries
  WHERE starts_session OR ends_session
  WINDOW b AS (PARTITION BY user_id ORDER BY event_number)
),
numbered AS (
  SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY first_number) AS session_seq
  FROM paired
  WHERE starts_session
)
SELECT
  user_id, session_seq, ${concatId} AS session_id, session_start, session_end,
  last_number - first_number + 1 AS event_count,
  date_diff('microsecond', session_start, session_end) / 1000000 AS session_duration_seconds
FROM numbered`,
    },
    islands_id_after_group: {
      what: 'islands chain, GROUP BY (user, session_seq), `concat()` session_id once per session',
      sql: `WITH ${islandsChain(table, timeout)}
${sessionsSelect('events_with_seq', concatId)}`,
    },
  };
}
