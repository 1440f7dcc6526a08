import type { Dialect } from '../dialect';

export const duckdb: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  formatterLanguage: 'duckdb',
  quote: ['"', '"'],
  // Reserved in duckdb_keywords() (DuckDB 1.5) but missing from sql-formatter's DuckDB list.
  reservedWords: ['lambda'],
  unquotedCase: 'insensitive',
  // https://duckdb.org/docs/sql/expressions/star#exclude-clause
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: true,
    qualify: true,
    qualifyAliases: true,
    starExcept: 'EXCLUDE',
    distinctOn: true,
  },
  // A table alias names its row as a STRUCT; as JSON a column can be left out (a merge patch with
  // NULL removes a key). https://duckdb.org/docs/stable/data/json/json_functions#json_merge_patch
  comparableRow: (alias, without) =>
    without === undefined
      ? `to_json(${alias})`
      : `json_merge_patch(to_json(${alias}), '{"${without}": null}')`,
  // date_diff at microsecond granularity is the exact elapsed time of a TIMESTAMP.
  secondsBetween: (from, to) => `date_diff('microsecond', ${from}, ${to}) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? // Multiply as DOUBLE: an INTEGER column times 1e6 would overflow 32-bit arithmetic.
        `make_timestamp(CAST(CAST(${epoch} AS DOUBLE) * 1000000 AS BIGINT))`
      : `epoch_ms(CAST(${epoch} AS BIGINT))`,
  millisToSeconds: millis => `${millis} / 1000`,
  // A plain '…' literal reads no backslash escapes (only E'…' does).
  stringEscape: 'double',
  toFloat: expr => `CAST(${expr} AS DOUBLE)`,
  toText: expr => `CAST(${expr} AS VARCHAR)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  // epoch_us reads a TIMESTAMP as UTC and a TIMESTAMPTZ as its instant, never through the TimeZone
  // setting (which follows the OS zone); make_timestamp gives the UTC wall time back: integer math.
  // https://duckdb.org/docs/sql/functions/timestamp and …/timestamptz
  instant: ts => `make_timestamp(epoch_us(${ts}))`,
  // timezone(zone, TIMESTAMPTZ) is the wall time in that zone, timezone(zone, TIMESTAMP) reads a wall
  // time in it: https://duckdb.org/docs/sql/functions/timestamptz#timezonetext-timestamp
  fromZoned: ts => `timezone('UTC', ${ts})`,
  fromZone: (ts, tz) => `timezone('UTC', timezone('${tz}', ${ts}))`,
  now: 'make_timestamp(epoch_us(current_timestamp))',
  localDate: (instant, tz) => `CAST(timezone('${tz}', timezone('UTC', ${instant})) AS DATE)`,
};
