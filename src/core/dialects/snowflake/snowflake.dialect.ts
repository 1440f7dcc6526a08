import type { Dialect } from '../dialect';

export const snowflake: Dialect = {
  name: 'snowflake',
  title: 'Snowflake',
  formatterLanguage: 'snowflake',
  quote: ['"', '"'],
  reservedWords: [],
  unquotedCase: 'upper',
  // https://docs.snowflake.com/en/sql-reference/sql/select#parameters
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: false,
    // https://docs.snowflake.com/en/sql-reference/constructs/qualify
    qualify: true,
    qualifyAliases: true,
    starExcept: 'EXCLUDE',
    distinctOn: false,
  },
  // DATEDIFF counts unit boundaries: only nanoseconds, the finest unit, give the exact elapsed time.
  // Multiplying keeps all nine decimals. 1e9 is a NUMBER(10,0), not a FLOAT, and dividing an integer
  // by it keeps only six (scale = numerator scale + 6): a gap 400 ns over the timeout would not split.
  secondsBetween: (from, to) => `DATEDIFF(NANOSECOND, ${from}, ${to}) * 0.000000001`,
  // TO_TIMESTAMP_NTZ of a number is the UTC wall time of that epoch.
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `TO_TIMESTAMP_NTZ(${epoch})` : `TO_TIMESTAMP_NTZ(${epoch}, 3)`,
  // TIMESTAMP means TIMESTAMP_NTZ (the default TIMESTAMP_TYPE_MAPPING), taken as UTC; LTZ and TZ
  // columns are event_ts_unit=timestamptz.
  instant: ts => ts,
  // The two-argument CONVERT_TIMEZONE takes a zoned value's own instant (it would read an NTZ value in
  // the session's TIMEZONE, America/Los_Angeles by default); the three-argument form reads an NTZ wall
  // time in its source zone. https://docs.snowflake.com/en/sql-reference/functions/convert_timezone
  fromZoned: ts => `TO_TIMESTAMP_NTZ(CONVERT_TIMEZONE('UTC', ${ts}))`,
  fromZone: (ts, tz) => `CONVERT_TIMEZONE('${tz}', 'UTC', ${ts})`,
  millisToSeconds: millis => `${millis} / 1000`,
  // Single-quoted constants read backslash escapes (\\ is one backslash) and a doubled quote.
  // https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
  stringEscape: 'double-backslash',
  toFloat: expr => `CAST(${expr} AS DOUBLE)`,
  toText: expr => `TO_VARCHAR(${expr})`,
  concat: parts => parts.join(' || '),
  textLength: text => `LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  // SYSDATE() is the current time in UTC as TIMESTAMP_NTZ; CURRENT_TIMESTAMP() follows the session.
  // https://docs.snowflake.com/en/sql-reference/functions/sysdate
  now: 'SYSDATE()',
  localDate: (instant, tz) => `CAST(CONVERT_TIMEZONE('UTC', '${tz}', ${instant}) AS DATE)`,
};
