import { quoteIdentifier, type Dialect } from '../../dialects';
import { formatCount, formatDuration, formatNumber, formatShare } from '../../display';
import type { PatternPreview, PreviewRelations, PreviewRow } from '../pattern';
import {
  DURATION_SECONDS,
  EVENTS_PER_SESSION,
  GAP_SECONDS,
  bucketPosition,
  bucketSql,
  countsFromHistogram,
  countsFromRows,
} from './histogram';
import { sessionizationContext } from './context';
import { formatTemplates } from './formats/templates';
import type { SessionizationInputs } from './inputs';
import { sensitivityFromRows, sensitivityMinutes, timeoutsBelowSql } from './timeoutSensitivity';

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The quoted user key columns and timestamp, as the summary and the grids order by them. */
function keyAndTime(inputs: SessionizationInputs, dialect: Dialect) {
  return {
    keys: inputs.user_key.map(k => quoteIdentifier(dialect, k)),
    ts: quoteIdentifier(dialect, inputs.event_ts),
  };
}

/** 5 → "5m", 90 → "1h 30m", 1440 → "24h". */
export function minutesLabel(minutes: number): string {
  if (minutes < 60) {
    return `${formatNumber(minutes)}m`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes - hours * 60;
  return rest === 0 ? `${hours}h` : `${hours}h ${formatNumber(rest)}m`;
}

/** Sessions over time: per hour over a short span, per day up to a few months, else per month. */
const OVER_TIME = [
  { unit: 'hour', upToSeconds: 3 * 86_400 },
  { unit: 'day', upToSeconds: 180 * 86_400 },
  { unit: 'month', upToSeconds: Infinity },
] as const;

/** The median, p90, p95 and p99, computed by one quantile aggregate per column (one sort of its values). */
const QUANTILES = [0.5, 0.9, 0.95, 0.99];

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

  // The sessions are the GROUP BY over the labelled events (shared README §2), as the dbt models
  // build them: one hash aggregate instead of sorting every event again (10M events: 3.8 s to 0.8 s).
  partQueries({ parts }, inputs, dialect, pattern) {
    const templates = formatTemplates(pattern, 'preview', { stored: '_stored_events.sql.hbs' });
    return {
      sessions: templates.render('sessions.sql.hbs', {
        ...sessionizationContext(inputs, dialect),
        sessionized_table: parts.events,
        labelled_input: 'stored',
      }),
    };
  },

  summaryQueries({ source, parts }, inputs, dialect) {
    const { keys, ts } = keyAndTime(inputs, dialect);
    const anyNull = [...keys, ts].map(c => `${c} IS NULL`).join(' OR ');
    const bots = inputs.bot_max_events !== undefined || inputs.bot_max_minutes !== undefined;
    return {
      // One pass over the labelled events for the timeout curve and the gap histogram.
      gaps: `SELECT ${timeoutsBelowSql(sensitivityMinutes(inputs.session_timeout_minutes))} AS timeouts_below,
              ${bucketSql(GAP_SECONDS, 'seconds_since_prev_event')} AS gap_bucket,
              count(*) AS n
       FROM ${parts.events}
       GROUP BY ALL`,
      // The span decides the bucket: a few days by hour, months by day, years by month.
      overTime: `WITH span AS (
         SELECT CASE ${OVER_TIME.map(
           o =>
             `WHEN date_diff('second', min(session_start), max(session_start)) <= ${Number.isFinite(o.upToSeconds) ? o.upToSeconds : 'NULL'} THEN '${o.unit}'`,
         ).join(' ')} ELSE 'month' END AS unit
         FROM ${parts.sessions}
       )
       SELECT span.unit,
              CASE span.unit
                WHEN 'hour' THEN strftime(session_start, '%Y-%m-%d %H:00')
                WHEN 'day' THEN strftime(session_start, '%Y-%m-%d')
                ELSE strftime(session_start, '%Y-%m')
              END AS bucket,
              count(*) AS sessions
       FROM ${parts.sessions}, span
       WHERE session_start IS NOT NULL
       GROUP BY ALL ORDER BY bucket`,
      source: `SELECT count(*) AS rows, count(*) FILTER (WHERE ${anyNull}) AS excluded FROM ${source}`,
      sessions: `SELECT
         count(*) AS sessions,
         coalesce(sum(event_count), 0) AS events,
         (SELECT count(*) FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${parts.sessions})) AS users,
         min(event_count) AS e_min, avg(event_count) AS e_mean, max(event_count) AS e_max,
         quantile_cont(event_count, [${QUANTILES.join(', ')}]) AS e_quantiles,
         min(session_duration_seconds) AS d_min, avg(session_duration_seconds) AS d_mean,
         max(session_duration_seconds) AS d_max,
         quantile_cont(session_duration_seconds, [${QUANTILES.join(', ')}]) AS d_quantiles,
         avg(CASE WHEN event_count = 1 THEN 1.0 ELSE 0.0 END) AS one_event_share,
         ${bots ? 'count(*) FILTER (WHERE CAST(is_bot AS BOOLEAN))' : 'NULL'} AS bots
       FROM ${parts.sessions}`,
      histograms: `SELECT histogram(${bucketSql(EVENTS_PER_SESSION, 'event_count')}) AS e,
              histogram(${bucketSql(DURATION_SECONDS, 'session_duration_seconds')}) AS d
       FROM ${parts.sessions}`,
    };
  },

  summarise(rows, inputs) {
    const first = (name: string): PreviewRow => rows[name]?.[0] ?? {};
    const source = first('source');
    const s = first('sessions');
    const h = first('histograms');
    const chosen = inputs.session_timeout_minutes;
    const gaps = rows.gaps ?? [];
    const sensitivity = sensitivityFromRows(
      sensitivityMinutes(chosen),
      gaps,
      'timeouts_below',
      'n',
    );
    const gapCounts = countsFromRows(GAP_SECONDS, gaps, 'gap_bucket', 'n');
    const overTime = rows.overTime ?? [];
    const overTimeUnit = String(overTime[0]?.unit ?? 'day');
    const bots = num(s.bots);
    const dist = (prefix: string): Distribution => {
      const quantiles = s[`${prefix}_quantiles`];
      const [median, p90, p95, p99] = QUANTILES.map((_, i) =>
        num(Array.isArray(quantiles) ? quantiles[i] : null),
      );
      return {
        min: num(s[`${prefix}_min`]),
        mean: num(s[`${prefix}_mean`]),
        median: median ?? null,
        p90: p90 ?? null,
        p95: p95 ?? null,
        p99: p99 ?? null,
        max: num(s[`${prefix}_max`]),
      };
    };
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
        ...(bots === null ? {} : { botSessions: bots }),
        histograms: { ...histograms, gapSeconds: gapCounts },
        sessionsOverTime: {
          unit: overTimeUnit,
          buckets: overTime.map(r => ({ start: String(r.bucket), sessions: Number(r.sessions) })),
        },
      },
      fields: { timeout_sensitivity: sensitivity },
      tables: [
        {
          title: `Sessions by timeout (gap rule alone; * this run's ${minutesLabel(chosen)})`,
          rows: [
            [
              'timeout',
              ...sensitivity.map(
                p => `${minutesLabel(p.minutes)}${p.minutes === chosen ? '*' : ''}`,
              ),
            ],
            ['sessions', ...sensitivity.map(p => formatCount(p.sessions))],
          ],
        },
      ],
      lines: [
        ['source rows', formatCount(sourceRows)],
        ['excluded (NULL key or time)', formatCount(excludedRows)],
        ['events sessionized', formatCount(events)],
        ['users', formatCount(users)],
        ['sessions', formatCount(sessions)],
        ['events per session', spread(e, formatNumber)],
        ['session duration', spread(d, formatDuration)],
        ['one-event sessions', formatShare(oneEventSessionShare)],
        ...(bots === null ? [] : [['bot sessions', formatCount(bots)] as const]),
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
        ...(bots === null
          ? []
          : [
              {
                label: 'Bot sessions',
                value: formatCount(bots),
                detail: 'flagged by the bot options, not dropped',
              },
            ]),
      ],
      charts: [
        {
          title: 'Choosing the timeout',
          note: `Sessions counted at each timeout by the gap rule alone (no maximum length, no midnight split), over the same ${formatCount(events)} events; choose a point to run again at that timeout. A gap longer than the timeout starts a session.`,
          items: [
            {
              kind: 'curve',
              title: 'Sessions by timeout',
              unit: 'timeout',
              noun: 'sessions',
              points: sensitivity.map(p => ({
                x: p.minutes,
                y: p.sessions,
                label: minutesLabel(p.minutes),
              })),
              marker: chosen,
              reruns: true,
            },
            {
              title: "Gaps between a user's consecutive events",
              unit: 'gap',
              noun: 'gaps',
              labels: GAP_SECONDS.labels,
              counts: gapCounts,
              marker: {
                at: bucketPosition(GAP_SECONDS, chosen * 60),
                label: `timeout ${minutesLabel(chosen)}`,
              },
            },
          ],
        },
        {
          title: 'Sessions over time',
          note: `Sessions by the ${overTimeUnit} they start in (UTC).`,
          items: [
            {
              title: `Sessions per ${overTimeUnit}`,
              unit: overTimeUnit,
              noun: 'sessions',
              labels: overTime.map(r => String(r.bucket)),
              counts: overTime.map(r => Number(r.sessions)),
            },
          ],
        },
        {
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
      ],
    };
  },

  change: {
    // A session is the same set of events in both runs exactly when its user, first and last time
    // and event count are: one row per session, matched as multisets, rather than every event.
    sql(previous: PreviewRelations, current: PreviewRelations, inputs, dialect) {
      const { keys } = keyAndTime(inputs, dialect);
      const signature = [...keys, 'session_start', 'session_end', 'event_count'].join(', ');
      const counted = (sessions: string | undefined) =>
        `SELECT ${signature}, count(*) AS c FROM ${sessions} GROUP BY ALL`;
      return `SELECT
         (SELECT count(*) FROM ${previous.parts.sessions}) AS before,
         (SELECT count(*) FROM ${current.parts.sessions}) AS after,
         (SELECT coalesce(sum(event_count), 0) FROM ${current.parts.sessions}) AS events,
         (SELECT coalesce(sum(least(p.c, c.c) * c.event_count), 0)
            FROM (${counted(previous.parts.sessions)}) AS p
            JOIN (${counted(current.parts.sessions)}) AS c USING (${signature})) AS unchanged`;
    },
    read(row) {
      const before = Number(row.before ?? 0);
      const after = Number(row.after ?? 0);
      const events = Number(row.events ?? 0);
      const changed = events - Number(row.unchanged ?? 0);
      const share = events === 0 ? 0 : changed / events;
      const sessionsText = `Sessions ${formatCount(before)} → ${formatCount(after)}`;
      return {
        values: {
          sessionsBefore: before,
          sessionsAfter: after,
          events,
          changedEvents: changed,
          changedShare: share,
        },
        text:
          changed === 0
            ? `${sessionsText}: unchanged, every event is in the same session as before.`
            : `${sessionsText}; ${formatShare(share)} of events (${formatCount(changed)}) are in a different session than before.`,
      };
    },
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
      formats: () => ({ session_duration_seconds: 'seconds' }),
    },
    {
      part: 'events',
      title: 'Events',
      note: "Each user's events in time order, grouped by session.",
      noun: 'events',
      label: 'Events by session',
      // As the SQL orders a user's events: a session's first event before others at its time.
      orderBy(inputs, dialect) {
        const { keys, ts } = keyAndTime(inputs, dialect);
        const tiebreak = inputs.order_tiebreak
          ? [quoteIdentifier(dialect, inputs.order_tiebreak)]
          : [];
        return [...keys, ts, ...tiebreak, 'is_session_start DESC', 'session_seq'].join(', ');
      },
      formats(inputs) {
        const unit = inputs.event_ts_unit;
        return {
          ...(unit === 'epoch_s' || unit === 'epoch_ms' ? { [inputs.event_ts.name]: unit } : {}),
          seconds_since_prev_event: 'seconds',
        };
      },
      group: {
        keyInput: 'user_key',
        columns: [{ name: 'session_seq', label: 'session' }, { name: 'session_id' }],
      },
    },
  ],
};
