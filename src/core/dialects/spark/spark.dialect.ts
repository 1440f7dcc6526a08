import type { Dialect } from '../dialect';

export const spark: Dialect = {
  name: 'spark',
  title: 'Spark SQL / Databricks',
  formatterLanguage: 'spark',
  quote: ['`', '`'],
  unquotedCase: 'insensitive',
  // Spark timestamps have microsecond precision; timestampdiff truncates, exact at that unit.
  secondsBetween: (from, to) => `timestampdiff(MICROSECOND, ${from}, ${to}) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `timestamp_seconds(${epoch})` : `timestamp_millis(${epoch})`,
  millisToSeconds: millis => `${millis} / 1000`,
  toText: expr => `CAST(${expr} AS STRING)`,
  concat: parts => `concat(${parts.join(', ')})`,
  textLength: text => `char_length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'current_timestamp()',
  localDate: (ts, tz) => `to_date(from_utc_timestamp(${ts}, '${tz}'))`,
};
