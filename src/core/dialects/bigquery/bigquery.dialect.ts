import type { Dialect } from '../dialect';

export const bigquery: Dialect = {
  name: 'bigquery',
  title: 'Google BigQuery',
  formatterLanguage: 'bigquery',
  quote: ['`', '`'],
  // Quoted identifiers take the escape sequences of string literals (\\ and \`): "u\" printed as
  // `u\` would escape its own closing backtick.
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#quoted_identifiers
  quoteEscape: 'backslash',
  // sql-formatter's GoogleSQL lexer ends a quoted name at any backtick, escaped or not.
  unquotable: {
    pattern: /`/,
    reason:
      'holds a backtick, which a BigQuery name cannot carry here; rename the column in a view',
  },
  reservedWords: [],
  unquotedCase: 'insensitive',
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax#select_except
  supports: {
    dbtDeleteInsert: false,
    incrementalScript: false,
    // QUALIFY may name a SELECT alias.
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax#qualify_clause
    qualify: true,
    qualifyAliases: true,
    starExcept: 'EXCEPT',
    distinctOn: false,
  },
  // A window's ORDER BY documents ASC and DESC only, no NULLS LAST; FALSE sorts before TRUE.
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/window-function-calls
  nullFlag: expr => `${expr} IS NULL`,
  // BigQuery timestamps have microsecond precision, so a microsecond difference is exact.
  secondsBetween: (from, to) => `TIMESTAMP_DIFF(${to}, ${from}, MICROSECOND) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `TIMESTAMP_SECONDS(${epoch})` : `TIMESTAMP_MILLIS(${epoch})`,
  // BigQuery's TIMESTAMP is an instant, so it is the instant type here; a DATETIME column has no zone and
  // needs source_time_zone (UTC included), which TIMESTAMP(datetime, zone) reads it in.
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions#timestamp
  instant: ts => ts,
  fromZoned: ts => ts,
  fromZone: (ts, tz) => `TIMESTAMP(${ts}, '${tz}')`,
  millisToSeconds: millis => `${millis} / 1000`,
  // Literals read backslash escapes; a doubled quote is not one quote, \' is.
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#string_and_bytes_literals
  stringEscape: 'backslash',
  toFloat: expr => `CAST(${expr} AS FLOAT64)`,
  toText: expr => `CAST(${expr} AS STRING)`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  textLength: text => `LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  now: 'CURRENT_TIMESTAMP()',
  // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#date
  localDate: (instant, tz) => `DATE(${instant}, '${tz}')`,
};
