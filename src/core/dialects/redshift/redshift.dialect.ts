import type { Dialect } from '../dialect';

export const redshift: Dialect = {
  name: 'redshift',
  title: 'Amazon Redshift',
  formatterLanguage: 'redshift',
  quote: ['"', '"'],
  unquotedCase: 'lower',
  // DATEDIFF counts unit boundaries; at microsecond granularity that is the exact elapsed time.
  // Multiplying keeps all six decimals, whatever scale a NUMERIC division would pick.
  secondsBetween: (from, to) => `DATEDIFF(microsecond, ${from}, ${to}) * 0.000001`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? `TIMESTAMP 'epoch' + ${epoch} * INTERVAL '1 second'`
      : `TIMESTAMP 'epoch' + ${epoch} / 1000.0 * INTERVAL '1 second'`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  toText: expr => `CAST(${expr} AS VARCHAR)`,
  concat: parts => parts.join(' || '),
  textLength: text => `LEN(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  now: 'GETDATE()',
  localDate: (ts, tz) => `CAST(CONVERT_TIMEZONE('${tz}', ${ts}) AS DATE)`,
};
