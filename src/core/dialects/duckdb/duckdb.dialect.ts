import type { Dialect } from '../dialect';

export const duckdb: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  formatterLanguage: 'duckdb',
  quote: ['"', '"'],
  unquotedCase: 'insensitive',
  // date_diff at microsecond granularity is the exact elapsed time of a TIMESTAMP.
  secondsBetween: (from, to) => `date_diff('microsecond', ${from}, ${to}) / 1000000`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? // Multiply as DOUBLE: an INTEGER column times 1e6 would overflow 32-bit arithmetic.
        `make_timestamp(CAST(CAST(${epoch} AS DOUBLE) * 1000000 AS BIGINT))`
      : `epoch_ms(CAST(${epoch} AS BIGINT))`,
  millisToSeconds: millis => `${millis} / 1000`,
  toText: expr => `CAST(${expr} AS VARCHAR)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  // current_timestamp is a TIMESTAMPTZ: date_diff against it would go through time-zone arithmetic for
  // every row; as a TIMESTAMP (the session's time zone, UTC by default) the difference is integer math.
  now: 'CAST(current_timestamp AS TIMESTAMP)',
  localDate: (ts, tz) => `CAST(timezone('${tz}', CAST(${ts} AS TIMESTAMPTZ)) AS DATE)`,
};
