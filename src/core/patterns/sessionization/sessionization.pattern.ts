import type { PatternDefinition } from '../pattern';
import { checkSessionization, sessionizationContext } from './context';
import { explainSessionization } from './explain';
import { dbtFormat } from './formats/dbt';
import { incrementalFormat } from './formats/incremental';
import { sessionizationInputs, type SessionizationSpecs } from './inputs';
import { sessionizationPreview } from './preview';

export const sessionization: PatternDefinition<SessionizationSpecs> = {
  name: 'sessionization',
  aliases: ['sessionisation', 'sessionize', 'sessionise'],
  title: 'Sessionization',
  description:
    "Groups each user's events into sessions split by an inactivity timeout, labels every event, " +
    'aggregates one row per session and ships data tests.',
  inputs: sessionizationInputs,
  ask: ['events_table', 'user_key', 'event_ts', 'event_ts_unit', 'session_timeout_minutes'],
  queries: [
    {
      part: 'events',
      template: 'events.sql.hbs',
      description: 'every event with its session',
      table: 'sessionized_table',
    },
    {
      part: 'sessions',
      template: 'sessions.sql.hbs',
      description: 'one row per session',
      table: 'sessions_table',
    },
  ],
  partials: ['_labelled_events.sql.hbs', '_activity.sql.hbs', '_tests_ordered.sql.hbs'],
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
    stops: ['events_table', 'user_key', 'event_ts', 'session_timeout_minutes'],
    items: [
      {
        name: 'Sessionize events',
        prefix: 'sessionize',
        description: 'SQL Patterns: label every event with its session',
        part: 'events',
      },
      {
        name: 'Sessions table',
        prefix: 'sessions',
        description: 'SQL Patterns: one row per session',
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
  check: checkSessionization,
  context: sessionizationContext,
  explain: explainSessionization,
  preview: sessionizationPreview,
};
