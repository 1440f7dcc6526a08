import type { InputProblem } from '../errors';
import { sameColumn, type IdentifierPart } from '../inputs/identifiers';
import type { InputSpec } from '../inputs/schema';

/**
 * The inputs every pattern over one events table shares (shared README §1: the table, the user key, the
 * timestamp and the time model), worded for the pattern: whose events the key groups, what the times become.
 */
export function eventStreamInputs(words: { readonly keyGroups: string; readonly timesOf: string }) {
  const spec = <const T extends InputSpec>(input: T) => input;
  return {
    events_table: spec({
      name: 'events_table',
      type: 'table',
      required: true,
      example: 'app.events',
      description: 'table or view of events, optionally qualified as catalog.schema.table',
    }),
    user_key: spec({
      name: 'user_key',
      type: 'columns',
      required: true,
      example: 'user_id',
      description: `column(s) identifying whose events ${words.keyGroups}, comma-separated`,
    }),
    event_ts: spec({
      name: 'event_ts',
      type: 'column',
      required: true,
      example: 'event_time',
      description: 'column holding when each event happened',
    }),
    event_ts_unit: spec({
      name: 'event_ts_unit',
      type: 'choice',
      required: false,
      default: 'timestamp',
      example: 'epoch_s',
      choices: ['timestamp', 'timestamptz', 'epoch_s', 'epoch_ms'],
      description:
        'how event_ts is stored: a timestamp without a zone, one with a zone (TIMESTAMPTZ, TIMESTAMP_LTZ, MySQL TIMESTAMP), or epoch seconds or milliseconds',
    }),
    source_time_zone: spec({
      name: 'source_time_zone',
      type: 'timezone',
      required: false,
      example: 'Europe/Paris',
      description: `IANA time zone in which a timestamp without a zone was recorded (UTC when not given); ${words.timesOf} times are then UTC`,
    }),
  };
}

/** The timestamp column cannot also be part of the user key: its values would split every user. */
export function eventTsInKeyProblems(
  userKey: readonly IdentifierPart[],
  eventTs: IdentifierPart,
): InputProblem[] {
  return userKey.some(column => sameColumn(column, eventTs))
    ? [{ input: 'event_ts', message: 'must not be one of the user_key columns' }]
    : [];
}
