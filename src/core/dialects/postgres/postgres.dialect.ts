import type { Dialect } from '../dialect';

export const postgres: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  formatterLanguage: 'postgresql',
  quote: ['"', '"'],
  reservedWords: [],
  unquotedCase: 'lower',
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: true,
    // No QUALIFY; DISTINCT ON keeps each group's first row in ORDER BY order.
    // https://www.postgresql.org/docs/current/sql-select.html#SQL-DISTINCT
    qualify: false,
    qualifyAliases: false,
    distinctOn: true,
  },
  // A table alias names its row; jsonb minus a key leaves that column out.
  // https://www.postgresql.org/docs/current/functions-json.html#FUNCTIONS-JSONB-OP-TABLE
  comparableRow: (alias, without) =>
    without === undefined ? `to_jsonb(${alias})` : `to_jsonb(${alias}) - '${without}'`,
  // Subtracting timestamps gives an exact interval; EXTRACT(EPOCH) of it is numeric (PostgreSQL 14+).
  secondsBetween: (from, to) => `EXTRACT(EPOCH FROM (${to} - ${from}))`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `to_timestamp(${epoch})` : `to_timestamp(${epoch} / 1000.0)`,
  // The instant type is TIMESTAMPTZ. EXTRACT(EPOCH) reads a TIMESTAMP as UTC and a TIMESTAMPTZ as its
  // instant, whatever TimeZone says; a CAST to TIMESTAMPTZ would read a TIMESTAMP in the session's
  // zone. to_timestamp takes a double: exact to the microsecond until about 2240.
  // https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-EXTRACT
  instant: ts => `to_timestamp(EXTRACT(EPOCH FROM ${ts}))`,
  fromZoned: ts => ts,
  // TIMESTAMP AT TIME ZONE reads the wall time in that zone, TIMESTAMPTZ AT TIME ZONE gives the wall
  // time there. https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
  fromZone: (ts, tz) => `${ts} AT TIME ZONE '${tz}'`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  // standard_conforming_strings (on since 9.1): a plain '…' literal reads no backslash escapes.
  stringEscape: 'double',
  toFloat: expr => `CAST(${expr} AS DOUBLE PRECISION)`,
  toText: expr => `CAST(${expr} AS TEXT)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'CURRENT_TIMESTAMP',
  localDate: (instant, tz) => `CAST(${instant} AT TIME ZONE '${tz}' AS DATE)`,
};
