import type { Dialect } from '../dialect';

export const snowflake: Dialect = {
  name: 'snowflake',
  title: 'Snowflake',
  formatterLanguage: 'snowflake',
  quote: ['"', '"'],
  unquotedCase: 'upper',
  // DATEDIFF counts unit boundaries: only nanoseconds, the finest unit, give the exact elapsed time.
  // 1e9 is a FLOAT: integer division would round the result to six decimals.
  secondsBetween: (from, to) => `DATEDIFF(nanosecond, ${from}, ${to}) / 1e9`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `TO_TIMESTAMP_NTZ(${epoch})` : `TO_TIMESTAMP_NTZ(${epoch}, 3)`,
  millisToSeconds: millis => `${millis} / 1000`,
  toText: expr => `TO_VARCHAR(${expr})`,
  concat: parts => parts.join(' || '),
  textLength: text => `LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
};
