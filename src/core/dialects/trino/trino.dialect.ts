import type { Dialect } from '../dialect';

export const trino: Dialect = {
  name: 'trino',
  title: 'Trino / Amazon Athena',
  formatterLanguage: 'trino',
  quote: ['"', '"'],
  unquotedCase: 'insensitive',
  // date_diff's finest unit is the millisecond (Athena's timestamp precision); 1e3 keeps a double.
  secondsBetween: (from, to) => `date_diff('millisecond', ${from}, ${to}) / 1e3`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `from_unixtime(${epoch})` : `from_unixtime(${epoch} / 1e3)`,
  millisToSeconds: millis => `${millis} / 1e3`,
  toText: expr => `CAST(${expr} AS VARCHAR)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'current_timestamp',
  localDate: (ts, tz) => `CAST(${ts} AT TIME ZONE '${tz}' AS DATE)`,
};
