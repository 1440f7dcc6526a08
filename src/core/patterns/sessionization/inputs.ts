import { defineInputs, type InputsOf } from '../../inputs/schema';
import { eventStreamInputs } from '../eventStream';

/** Sessionization's questions, each with its kind, default and example. */
const shared = eventStreamInputs({ keyGroups: 'form one stream', timesOf: 'session' });

export const sessionizationInputs = defineInputs([
  shared.events_table,
  shared.user_key,
  shared.event_ts,
  {
    name: 'session_timeout_minutes',
    type: 'minutes',
    required: false,
    default: '30',
    example: '30',
    description: 'a gap strictly longer than this many minutes starts a new session',
  },
  shared.event_ts_unit,
  shared.source_time_zone,
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
