import { quoteIdentifier, type Dialect } from '../../dialects';
import { timeArithmetic, type TimestampUnit } from '../../dialects/dialect';
import type { InputProblem } from '../../errors';
import { sameColumn, type IdentifierPart, type QualifiedName } from '../../inputs/identifiers';
import type { InputSpec, ResolvedInputs } from '../../inputs/schema';
import type { PatternDefinition } from '../pattern';
import { explainSessionization } from './explain';
import { dbtFormat } from './formats/dbt';
import { incrementalFormat } from './formats/incremental';

const inputs: readonly InputSpec[] = [
  {
    name: 'events_table',
    type: 'table',
    required: true,
    example: 'app.events',
    description: 'table or view of events, optionally qualified as catalog.schema.table',
  },
  {
    name: 'user_key',
    type: 'columns',
    required: true,
    example: 'user_id',
    description: 'column(s) identifying whose events form one stream, comma-separated',
  },
  {
    name: 'event_ts',
    type: 'column',
    required: true,
    example: 'event_time',
    description: 'column holding when each event happened',
  },
  {
    name: 'session_timeout_minutes',
    type: 'minutes',
    required: false,
    default: '30',
    example: '30',
    description: 'a gap strictly longer than this many minutes starts a new session',
  },
  {
    name: 'event_ts_unit',
    type: 'choice',
    required: false,
    default: 'timestamp',
    example: 'epoch_s',
    choices: ['timestamp', 'timestamptz', 'epoch_s', 'epoch_ms'],
    description:
      'how event_ts is stored: a timestamp without a zone, one with a zone (TIMESTAMPTZ, TIMESTAMP_LTZ, MySQL TIMESTAMP), or epoch seconds or milliseconds',
  },
  {
    name: 'source_time_zone',
    type: 'timezone',
    required: false,
    example: 'Europe/Paris',
    description:
      'IANA time zone in which a timestamp without a zone was recorded (UTC when not given); session times are then UTC',
  },
  {
    name: 'order_tiebreak',
    type: 'column',
    required: false,
    example: 'event_id',
    description: 'column that orders events with equal timestamps, for stable row order',
  },
  {
    name: 'max_session_minutes',
    type: 'minutes',
    required: false,
    example: '240',
    description: 'cut longer runs of activity into sessions of at most this many minutes',
  },
  {
    name: 'bot_max_events',
    type: 'count',
    required: false,
    example: '500',
    description: 'flag sessions with more events than this as bots (flagged, not dropped)',
  },
  {
    name: 'bot_max_minutes',
    type: 'minutes',
    required: false,
    example: '720',
    description: 'flag sessions longer than this many minutes as bots (flagged, not dropped)',
  },
  {
    name: 'session_attributes',
    type: 'columns',
    required: false,
    example: 'page_url,referrer',
    description:
      'columns to carry onto each session as first_<column> (landing) and last_<column> (exit)',
  },
  {
    name: 'split_at_midnight_tz',
    type: 'timezone',
    required: false,
    example: 'Europe/Paris',
    description:
      'also start a session when the local date changes in this IANA time zone (GA-style midnight split)',
  },
  {
    name: 'future_tolerance_minutes',
    type: 'minutes',
    required: false,
    default: '60',
    example: '60',
    description: 'events later than now plus this many minutes are reported as future-dated',
  },
  {
    name: 'sessionized_table',
    type: 'table',
    required: false,
    example: 'app.events_sessionized',
    description:
      'where the labelled events are stored, read by the tests (default <events_table>_sessionized)',
  },
  {
    name: 'sessions_table',
    type: 'table',
    required: false,
    example: 'app.events_sessions',
    description:
      'where the sessions are stored, read by the tests (default <events_table>_sessions)',
  },
];

/** The same table name with a suffix on its last part (`app.events` → `app.events_sessions`). */
function withSuffix(table: QualifiedName, suffix: string): QualifiedName {
  const last = table.parts[table.parts.length - 1] as IdentifierPart;
  return {
    parts: [...table.parts.slice(0, -1), { name: last.name + suffix, quoted: last.quoted }],
  };
}

function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function checkInputs(values: ResolvedInputs, dialect: Dialect): InputProblem[] {
  const userKey = values.user_key as IdentifierPart[];
  const eventTs = values.event_ts as IdentifierPart;
  const tiebreak = values.order_tiebreak as IdentifierPart | undefined;
  const problems: InputProblem[] = [];
  if (userKey.some(column => sameColumn(column, eventTs))) {
    problems.push({ input: 'event_ts', message: 'must not be one of the user_key columns' });
  }
  if (tiebreak && (sameColumn(tiebreak, eventTs) || userKey.some(c => sameColumn(c, tiebreak)))) {
    problems.push({
      input: 'order_tiebreak',
      message: 'must be a column other than event_ts and the user_key columns',
    });
  }
  const attributes = (values.session_attributes as IdentifierPart[] | undefined) ?? [];
  const taken = [...userKey, eventTs];
  const clash = attributes.find(a => taken.some(c => sameColumn(a, c)));
  if (clash) {
    problems.push({
      input: 'session_attributes',
      message: `${clash.name} is already a session column (user key or timestamp); list other columns`,
    });
  }
  const sourceZone = values.source_time_zone as string | undefined;
  if (sourceZone !== undefined && values.event_ts_unit !== 'timestamp') {
    problems.push({
      input: 'source_time_zone',
      message: `applies to event_ts_unit=timestamp only: epochs count from UTC and zoned timestamps carry their own zone`,
    });
  } else if (sourceZone !== undefined && dialect.fromZone === undefined) {
    problems.push({
      input: 'source_time_zone',
      message: `is not available for ${dialect.title}: it has no named time zones to convert with; convert event_ts to UTC upstream, or use another dialect`,
    });
  }
  if (values.split_at_midnight_tz !== undefined && dialect.localDate === undefined) {
    problems.push({
      input: 'split_at_midnight_tz',
      message: `is not available for ${dialect.title}: it has no named time zones to convert with; split at midnight in UTC upstream, or use another dialect`,
    });
  }
  return problems;
}

function context(values: ResolvedInputs, dialect: Dialect): Record<string, unknown> {
  const ident = (part: IdentifierPart) => quoteIdentifier(dialect, part);
  const table = (name: QualifiedName) => name.parts.map(ident).join('.');
  const eventsTable = values.events_table as QualifiedName;
  const unit = values.event_ts_unit as TimestampUnit;
  const userKey = (values.user_key as IdentifierPart[]).map(ident);
  const ts = ident(values.event_ts as IdentifierPart);
  const { eventTime, secondsBetween, asTimestamp, asInstant } = timeArithmetic(
    dialect,
    unit,
    values.source_time_zone as string | undefined,
  );
  // The event's time as every comparison, ordering and aggregate sees it (the column itself unless a
  // zone has to be converted): ordering by a MySQL TIMESTAMP as read would misplace a repeated hour.
  const time = eventTime(ts);
  const tiebreak = values.order_tiebreak as IdentifierPart | undefined;
  const orderBy = [time, ...(tiebreak ? [ident(tiebreak)] : [])].join(', ');
  const partitionBy = `PARTITION BY ${userKey.join(', ')}`;
  const timeoutMinutes = values.session_timeout_minutes as number;
  const timeoutSeconds = Math.round(timeoutMinutes * 60);
  const maxMinutes = values.max_session_minutes as number | undefined;
  const botMaxEvents = values.bot_max_events as number | undefined;
  const botMaxMinutes = values.bot_max_minutes as number | undefined;
  const text = dialect.toText;
  const prevTs = `LAG(${time}) OVER (${partitionBy} ORDER BY ${orderBy})`;
  const midnightTz = values.split_at_midnight_tz as string | undefined;
  const localDate = (at: string) => {
    if (dialect.localDate === undefined) {
      throw new Error(`${dialect.name} has no time zones; checkColumns should have refused`);
    }
    return dialect.localDate(asInstant(at), midnightTz as string);
  };
  const attributes = ((values.session_attributes as IdentifierPart[] | undefined) ?? []).map(a => ({
    column: ident(a),
    first: ident({ name: `first_${a.name}`, quoted: a.quoted }),
    last: ident({ name: `last_${a.name}`, quoted: a.quoted }),
  }));
  const futureSeconds = Math.round((values.future_tolerance_minutes as number) * 60);

  // Gap and activity expressions are shared by the labelling CTEs and the tests that re-derive them.
  const gapStartsActivity = `seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeoutSeconds}`;
  const activityFirst = `${partitionBy} ORDER BY ${orderBy}, CASE WHEN ${gapStartsActivity} THEN 0 ELSE 1 END`;
  const activityStart = `MAX(CASE WHEN ${gapStartsActivity} THEN ${time} END) OVER (${activityFirst} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  const maxSeconds = maxMinutes === undefined ? undefined : Math.round(maxMinutes * 60);
  const piece = (at: string) =>
    dialect.floor(`${secondsBetween(activityStart, at)} / ${maxSeconds}`);

  // Where the engine groups values with different text as one user ('a' and 'a '), the id is built
  // from one value of the group, so one user's session has one id.
  const representative = dialect.keyRepresentative;
  const idKey = representative ? userKey.map(k => representative(k, partitionBy)) : userKey;
  const lastKey = idKey[idKey.length - 1] as string;
  // Composite keys are length-prefixed so that ('a-b', 'c') and ('a', 'b-c') never share an id.
  const sessionId = dialect.concat([
    ...idKey.slice(0, -1).flatMap(k => [text(dialect.textLength(text(k))), `':'`, text(k), `'-'`]),
    text(lastKey),
    `'-'`,
    text('session_seq'),
  ]);

  const botConditions = [
    ...(botMaxEvents === undefined ? [] : [`COUNT(*) > ${botMaxEvents}`]),
    ...(botMaxMinutes === undefined
      ? []
      : [`${secondsBetween(`MIN(${time})`, `MAX(${time})`)} > ${Math.round(botMaxMinutes * 60)}`]),
  ];

  return {
    dialect_title: dialect.title,
    events_table: table(eventsTable),
    sessionized_table: table(
      (values.sessionized_table as QualifiedName | undefined) ??
        withSuffix(eventsTable, '_sessionized'),
    ),
    sessions_table: table(
      (values.sessions_table as QualifiedName | undefined) ?? withSuffix(eventsTable, '_sessions'),
    ),
    user_key: userKey.join(', '),
    user_key_columns: userKey,
    ts,
    event_time: time,
    unit_note:
      unit === 'timestamp'
        ? ''
        : ` (${unit === 'epoch_s' ? 'epoch seconds' : 'epoch milliseconds'})`,
    not_null: [...userKey, ts].map(c => `${c} IS NOT NULL`).join(' AND '),
    any_null: [...userKey, ts].map(c => `${c} IS NULL`).join(' OR '),
    timeline: `${partitionBy} ORDER BY ${orderBy}`,
    timeline_session_first: `${partitionBy} ORDER BY ${orderBy}, is_session_start DESC`,
    order_by: orderBy,
    timeline_by_session: `${partitionBy} ORDER BY ${orderBy}, session_seq`,
    test_seconds_since_prev: secondsBetween(
      `LAG(${time}) OVER (${partitionBy} ORDER BY ${orderBy}, session_seq)`,
      time,
    ),
    partition_by: partitionBy,
    seconds_since_prev: secondsBetween(prevTs, time),
    timeout_seconds: timeoutSeconds,
    timeout_text: minutesText(timeoutMinutes),
    gap_starts_activity: gapStartsActivity,
    max_session:
      maxSeconds === undefined
        ? undefined
        : {
            seconds: maxSeconds,
            text: minutesText(maxMinutes as number),
            piece_of_event: piece(time),
            piece_of_prev_event: piece(`LAG(${time}) OVER (${activityFirst})`),
            // The tests read the previous event from their own CTE: engines may order ties differently
            // in two SELECTs (MariaDB does), and one LAG keeps the event and its predecessor paired.
            test_piece_of_prev_event: piece('prev_event_ts'),
          },
    midnight:
      midnightTz === undefined
        ? undefined
        : {
            tz: midnightTz,
            date_of_event: localDate(time),
            date_of_prev_event: localDate(prevTs),
            test_date_of_prev_event: localDate('prev_event_ts'),
          },
    has_cuts: maxSeconds !== undefined || midnightTz !== undefined,
    attributes,
    session_end_order: `${partitionBy} ORDER BY ${orderBy}, is_session_start DESC`,
    // "now" and the event time are both UTC: a session-zone clock would shift every event by its offset.
    future_condition: `${dialect.secondsBetween(dialect.now, asInstant(time))} > ${futureSeconds}`,
    future_tolerance_text: minutesText(values.future_tolerance_minutes as number),
    session_id: sessionId,
    session_start: asTimestamp(`MIN(${time})`),
    session_end: asTimestamp(`MAX(${time})`),
    session_duration: secondsBetween(`MIN(${time})`, `MAX(${time})`),
    bot_flag: botConditions.length === 0 ? undefined : dialect.flag(botConditions.join(' OR ')),
  };
}

export const sessionization: PatternDefinition = {
  name: 'sessionization',
  title: 'Sessionization',
  description:
    "Groups each user's events into sessions split by an inactivity timeout, labels every event, " +
    'aggregates one row per session and ships data tests.',
  inputs,
  ask: ['events_table', 'user_key', 'event_ts', 'event_ts_unit', 'session_timeout_minutes'],
  queries: [
    { part: 'events', template: 'events.sql.hbs', description: 'every event with its session' },
    { part: 'sessions', template: 'sessions.sql.hbs', description: 'one row per session' },
  ],
  partials: ['_labelled_events.sql.hbs'],
  tests: [
    {
      name: 'no_gap_above_timeout_within_session',
      severity: 'error',
      template: 'no_gap_above_timeout_within_session.sql.hbs',
      description: 'Consecutive events of one session are never more than the timeout apart.',
    },
    {
      name: 'session_starts_follow_gap',
      severity: 'error',
      template: 'session_starts_follow_gap.sql.hbs',
      description:
        "Each session starts at the user's first event or after a gap above the timeout (or a max_session_minutes cut), and session_seq counts 1, 2, 3 … per user.",
    },
    {
      name: 'session_key_unique',
      severity: 'error',
      template: 'session_key_unique.sql.hbs',
      description: 'Each (user key, session_seq) appears once in the sessions table.',
    },
    {
      name: 'session_id_unique',
      severity: 'error',
      template: 'session_id_unique.sql.hbs',
      description: 'Each session_id is present and appears once in the sessions table.',
    },
    {
      name: 'sessions_match_events',
      severity: 'error',
      template: 'sessions_match_events.sql.hbs',
      description:
        'Every session agrees with its labelled events (user, number, start, end, event count, duration), and every labelled session has a session row.',
    },
    {
      name: 'no_events_lost',
      severity: 'error',
      template: 'no_events_lost.sql.hbs',
      description: 'Every source event with a user key and timestamp is labelled exactly once.',
    },
    {
      name: 'sessions_do_not_overlap',
      severity: 'error',
      template: 'sessions_do_not_overlap.sql.hbs',
      description: "A user's sessions follow one another in time without overlapping.",
    },
    {
      name: 'sessions_end_after_start',
      severity: 'error',
      template: 'sessions_end_after_start.sql.hbs',
      description:
        'No session ends before it starts or has a negative duration, whatever time arithmetic produced it (a clock read in a DST session zone, an overflow).',
    },
    {
      name: 'gaps_not_negative',
      severity: 'error',
      template: 'gaps_not_negative.sql.hbs',
      description:
        "No event is dated before the user's previous one in the order the labelling used: a negative gap means the times were compared in another order than they were sorted (a zone's repeated hour).",
    },
    {
      name: 'session_within_max_length',
      severity: 'error',
      template: 'session_within_max_length.sql.hbs',
      description: 'No session lasts max_session_minutes or longer.',
      appliesTo: values => values.max_session_minutes !== undefined,
    },
    {
      name: 'future_dated_events',
      severity: 'warn',
      template: 'future_dated_events.sql.hbs',
      description:
        'Source events dated later than now plus future_tolerance_minutes: clock errors that would distort sessions and stall incremental loads.',
    },
    {
      name: 'rows_with_null_user_key_or_timestamp',
      severity: 'warn',
      template: 'rows_with_null_user_key_or_timestamp.sql.hbs',
      description:
        'Source rows whose user key or timestamp is NULL: they cannot be sessionized and are left out.',
    },
  ],
  snippets: {
    stops: ['events_table', 'user_key', 'event_ts'],
    items: [
      {
        name: 'Sessionize events',
        prefix: 'sessionize',
        description:
          'SQL Patterns: label every event with its session (30-minute inactivity timeout)',
        part: 'events',
      },
      {
        name: 'Sessions table',
        prefix: 'sessions',
        description: 'SQL Patterns: one row per session (30-minute inactivity timeout)',
        part: 'sessions',
      },
      {
        name: 'Sessionization data tests',
        prefix: 'sessiontests',
        description: 'SQL Patterns: data tests that return no rows when the sessions are right',
        part: 'tests',
      },
    ],
  },
  formats: [dbtFormat, incrementalFormat],
  rule:
    'a gap strictly longer than the timeout starts a session; a gap of exactly the timeout does not. ' +
    'Never rewrite the gap test as `TIMESTAMPDIFF(MINUTE, …) > N`: that truncates.',
  check: checkInputs,
  context,
  explain: explainSessionization,
};
