import { quoteIdentifier, type Dialect } from '../../dialects';
import { formatCount, formatDuration, formatNumber, formatShare } from '../../display';
import type { PatternPreview, PreviewRow } from '../pattern';
import { DURATION_SECONDS, EVENTS_PER_SESSION, bucketSql, countsFromHistogram } from './histogram';
import type { SessionizationInputs } from './inputs';

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The quoted user key columns and timestamp, as the summary and the grids order by them. */
function keyAndTime(inputs: SessionizationInputs, dialect: Dialect) {
  return {
    keys: inputs.user_key.map(k => quoteIdentifier(dialect, k)),
    ts: quoteIdentifier(dialect, inputs.event_ts),
  };
}

const STATISTICS = ['min', 'mean', 'median', 'p90', 'p95', 'p99', 'max'] as const;
type Distribution = Record<(typeof STATISTICS)[number], number | null>;

/** The CLI's line of a distribution: every statistic. */
const spread = (d: Distribution, show: (n: number | null) => string) =>
  STATISTICS.map(name => `${name} ${show(d[name])}`).join(' · ');

/** The preview's sessions summary: counts, two distributions, one-event share, two histograms. */
export const sessionizationPreview: PatternPreview<SessionizationInputs> = {
  tab: 'Sessions',
  sample: {
    file: 'sample-clickstream.csv',
    label: 'Bundled sample clickstream',
    detail: 'The sample of the README: epoch-second timestamps, ties broken by event_id',
    // Epoch seconds, an event id to break ties.
    values: {
      user_key: 'user_id',
      event_ts: 'timestamp',
      event_ts_unit: 'epoch_s',
      order_tiebreak: 'event_id',
    },
  },
  source: 'events_table',
  columns: ['user_key', 'order_tiebreak'],
  timestamp: { input: 'event_ts', unit: 'event_ts_unit', zone: 'source_time_zone' },
  addedColumns: ['seconds_since_prev_event', 'is_session_start', 'session_seq', 'session_id'],
  rerun: { input: 'session_timeout_minutes', label: 'timeout', choices: [15, 30, 60] },

  summaryQueries({ source, parts }, inputs, dialect) {
    const { keys, ts } = keyAndTime(inputs, dialect);
    const anyNull = [...keys, ts].map(c => `${c} IS NULL`).join(' OR ');
    return {
      source: `SELECT count(*) AS rows, count(*) FILTER (WHERE ${anyNull}) AS excluded FROM ${source}`,
      sessions: `SELECT
         count(*) AS sessions,
         coalesce(sum(event_count), 0) AS events,
         (SELECT count(*) FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${parts.sessions})) AS users,
         min(event_count) AS e_min, avg(event_count) AS e_mean, median(event_count) AS e_median,
         quantile_cont(event_count, 0.9) AS e_p90, quantile_cont(event_count, 0.95) AS e_p95,
         quantile_cont(event_count, 0.99) AS e_p99, max(event_count) AS e_max,
         min(session_duration_seconds) AS d_min, avg(session_duration_seconds) AS d_mean,
         median(session_duration_seconds) AS d_median,
         quantile_cont(session_duration_seconds, 0.9) AS d_p90, quantile_cont(session_duration_seconds, 0.95) AS d_p95,
         quantile_cont(session_duration_seconds, 0.99) AS d_p99, max(session_duration_seconds) AS d_max,
         avg(CASE WHEN event_count = 1 THEN 1.0 ELSE 0.0 END) AS one_event_share
       FROM ${parts.sessions}`,
      histograms: `SELECT histogram(${bucketSql(EVENTS_PER_SESSION, 'event_count')}) AS e,
              histogram(${bucketSql(DURATION_SECONDS, 'session_duration_seconds')}) AS d
       FROM ${parts.sessions}`,
    };
  },

  summarise(rows) {
    const first = (name: string): PreviewRow => rows[name]?.[0] ?? {};
    const source = first('source');
    const s = first('sessions');
    const h = first('histograms');
    const dist = (prefix: string): Distribution => ({
      min: num(s[`${prefix}_min`]),
      mean: num(s[`${prefix}_mean`]),
      median: num(s[`${prefix}_median`]),
      p90: num(s[`${prefix}_p90`]),
      p95: num(s[`${prefix}_p95`]),
      p99: num(s[`${prefix}_p99`]),
      max: num(s[`${prefix}_max`]),
    });
    const sourceRows = Number(source.rows ?? 0);
    const excludedRows = Number(source.excluded ?? 0);
    const events = Number(s.events ?? 0);
    const users = Number(s.users ?? 0);
    const sessions = Number(s.sessions ?? 0);
    const e = dist('e');
    const d = dist('d');
    const oneEventSessionShare = num(s.one_event_share);
    // Sessions per bucket, over every session (not only the rows a grid shows).
    const histograms = {
      eventsPerSession: countsFromHistogram(EVENTS_PER_SESSION, h.e),
      durationSeconds: countsFromHistogram(DURATION_SECONDS, h.d),
    };
    return {
      values: {
        sourceRows,
        excludedRows,
        events,
        users,
        sessions,
        eventsPerSession: e,
        sessionDurationSeconds: d,
        oneEventSessionShare,
        histograms,
      },
      lines: [
        ['source rows', formatCount(sourceRows)],
        ['excluded (NULL key or time)', formatCount(excludedRows)],
        ['events sessionized', formatCount(events)],
        ['users', formatCount(users)],
        ['sessions', formatCount(sessions)],
        ['events per session', spread(e, formatNumber)],
        ['session duration', spread(d, formatDuration)],
        ['one-event sessions', formatShare(oneEventSessionShare)],
      ],
      figures: [
        {
          label: 'Events',
          value: formatCount(events),
          detail: `of ${formatCount(sourceRows)} rows`,
        },
        {
          label: 'Excluded rows',
          value: formatCount(excludedRows),
          detail: 'NULL user key or timestamp',
        },
        { label: 'Users', value: formatCount(users) },
        { label: 'Sessions', value: formatCount(sessions) },
        {
          label: 'Events per session',
          value: `median ${formatNumber(e.median)}`,
          detail: `mean ${formatNumber(e.mean)} · p95 ${formatNumber(e.p95)} · max ${formatNumber(e.max)}`,
        },
        {
          label: 'Session duration',
          value: `median ${formatDuration(d.median)}`,
          detail: `p90 ${formatDuration(d.p90)} · p95 ${formatDuration(d.p95)} · p99 ${formatDuration(d.p99)} · max ${formatDuration(d.max)}`,
        },
        { label: 'One-event sessions', value: formatShare(oneEventSessionShare) },
      ],
      charts: {
        title: 'Session length',
        note: `Counted over all ${formatCount(sessions)} sessions.`,
        items: [
          {
            title: 'Sessions by number of events',
            unit: 'events',
            noun: 'sessions',
            labels: EVENTS_PER_SESSION.labels,
            counts: histograms.eventsPerSession,
          },
          {
            title: 'Sessions by duration',
            unit: 'duration',
            noun: 'sessions',
            labels: DURATION_SECONDS.labels,
            counts: histograms.durationSeconds,
          },
        ],
      },
    };
  },

  grids: [
    {
      part: 'sessions',
      title: 'Sessions',
      noun: 'sessions',
      label: 'Sessions',
      orderBy(inputs, dialect) {
        const { keys } = keyAndTime(inputs, dialect);
        return `${keys.join(', ')}, session_seq`;
      },
    },
    {
      part: 'events',
      title: 'Events',
      note: "Each user's events in time order, grouped by session.",
      noun: 'events',
      label: 'Events by session',
      orderBy(inputs, dialect) {
        const { keys, ts } = keyAndTime(inputs, dialect);
        return `${keys.join(', ')}, ${ts}, session_seq`;
      },
      group: {
        keyInput: 'user_key',
        columns: [{ name: 'session_seq', label: 'session' }, { name: 'session_id' }],
      },
    },
  ],
};
