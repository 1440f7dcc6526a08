import type { Dialect } from '../dialect';

export const bigquery: Dialect = {
  name: 'bigquery',
  title: 'Google BigQuery',
  formatterLanguage: 'bigquery',
  quote: ['`', '`'],
  unquotedCase: 'insensitive',
  // BigQuery timestamps have microsecond precision, so a microsecond difference is exact.
  secondsBetween: (from, to) => `TIMESTAMP_DIFF(${to}, ${from}, MICROSECOND) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `TIMESTAMP_SECONDS(${epoch})` : `TIMESTAMP_MILLIS(${epoch})`,
  millisToSeconds: millis => `${millis} / 1000`,
  toText: expr => `CAST(${expr} AS STRING)`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  textLength: text => `LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  now: 'CURRENT_TIMESTAMP()',
  localDate: (ts, tz) => `DATE(${ts}, '${tz}')`,
};
