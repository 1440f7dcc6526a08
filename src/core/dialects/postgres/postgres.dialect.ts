import type { Dialect } from '../dialect';

export const postgres: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  formatterLanguage: 'postgresql',
  quote: ['"', '"'],
  unquotedCase: 'lower',
  // Subtracting timestamps gives an exact interval; EXTRACT(EPOCH) of it is numeric (PostgreSQL 14+).
  secondsBetween: (from, to) => `EXTRACT(EPOCH FROM (${to} - ${from}))`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `to_timestamp(${epoch})` : `to_timestamp(${epoch} / 1000.0)`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  toText: expr => `CAST(${expr} AS TEXT)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'CURRENT_TIMESTAMP',
  localDate: (ts, tz) => `CAST(CAST(${ts} AS TIMESTAMPTZ) AT TIME ZONE '${tz}' AS DATE)`,
};
