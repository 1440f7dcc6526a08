import type { Dialect } from '../dialect';

export const spark: Dialect = {
  name: 'spark',
  title: 'Spark SQL / Databricks',
  formatterLanguage: 'spark',
  quote: ['`', '`'],
  reservedWords: [],
  unquotedCase: 'insensitive',
  supports: {
    dbtDeleteInsert: false,
    incrementalScript: false,
    // QUALIFY is Databricks-only: Apache Spark 3.3+ has none.
    qualify: false,
    qualifyAliases: false,
    distinctOn: false,
  },
  // No temporary tables: a CACHE TABLE may be evicted and computed again, so a plain table.
  script: { temporaryTable: 'none' },
  // Spark timestamps have microsecond precision; timestampdiff truncates, exact at that unit.
  secondsBetween: (from, to) => `TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `timestamp_seconds(${epoch})` : `timestamp_millis(${epoch})`,
  // Spark's TIMESTAMP is an instant (TIMESTAMP_LTZ), so it is the instant type here.
  instant: ts => ts,
  fromZoned: ts => ts,
  // to_utc_timestamp reads the value's UTC wall time in the given zone: the instant of a wall time
  // stored without a zone. https://spark.apache.org/docs/latest/api/sql/index.html#to_utc_timestamp
  fromZone: (ts, tz) => `to_utc_timestamp(${ts}, '${tz}')`,
  millisToSeconds: millis => `${millis} / 1000`,
  // Literals read backslash escapes (spark.sql.parser.escapedStringLiterals off, the default); 'it''s'
  // is two adjacent literals, read as "its", so a quote is written \'.
  // https://spark.apache.org/docs/latest/sql-ref-literals.html#string-literal
  stringEscape: 'backslash',
  toFloat: expr => `CAST(${expr} AS DOUBLE)`,
  toText: expr => `CAST(${expr} AS STRING)`,
  concat: parts => `concat(${parts.join(', ')})`,
  textLength: text => `char_length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'current_timestamp()',
  // from_utc_timestamp shifts the instant so that its UTC wall time is the wall time in the zone;
  // to_date would then read it in spark.sql.session.timeZone, so the UTC date is counted in days
  // instead. https://spark.apache.org/docs/latest/api/sql/index.html#from_utc_timestamp
  localDate: (instant, tz) =>
    `date_from_unix_date(CAST(floor(unix_micros(from_utc_timestamp(${instant}, '${tz}')) / 86400000000) AS INT))`,
};
