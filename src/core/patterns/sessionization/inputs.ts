import { defineInputs, type InputsOf } from '../../inputs/schema';

/** Sessionization's questions, each with its kind, default and example. */
export const sessionizationInputs = defineInputs([
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
    name: 'replace_columns',
    type: 'columns',
    required: false,
    example: 'session_id',
    description:
      'source columns named like a column the events part adds (seconds_since_prev_event, is_session_start, session_seq, session_id): the added one replaces it (DuckDB, Snowflake, BigQuery)',
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
]);

export type SessionizationSpecs = typeof sessionizationInputs;

/** Sessionization's validated answers, typed by each input's kind. */
export type SessionizationInputs = InputsOf<SessionizationSpecs>;
