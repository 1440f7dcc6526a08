import type { Dialect } from '../dialect';

export const snowflake: Dialect = {
  name: 'snowflake',
  title: 'Snowflake',
  formatterLanguage: 'snowflake',
  quote: ['"', '"'],
  unquotedCase: 'upper',
  // DATEDIFF counts unit boundaries: only nanoseconds, the finest unit, give the exact elapsed time.
  // Multiplying keeps all nine decimals. 1e9 is a NUMBER(10,0), not a FLOAT, and dividing an integer
  // by it keeps only six (scale = numerator scale + 6): a gap 400 ns over the timeout would not split.
  secondsBetween: (from, to) => `DATEDIFF(nanosecond, ${from}, ${to}) * 0.000000001`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `TO_TIMESTAMP_NTZ(${epoch})` : `TO_TIMESTAMP_NTZ(${epoch}, 3)`,
  millisToSeconds: millis => `${millis} / 1000`,
  toText: expr => `TO_VARCHAR(${expr})`,
  concat: parts => parts.join(' || '),
  textLength: text => `LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  now: 'CURRENT_TIMESTAMP()',
  localDate: (ts, tz) => `CAST(CONVERT_TIMEZONE('${tz}', ${ts}) AS DATE)`,
};
