import type { Dialect } from '../dialect';

export const redshift: Dialect = {
  name: 'redshift',
  title: 'Amazon Redshift',
  formatterLanguage: 'redshift',
  quote: ['"', '"'],
  reservedWords: [],
  // Comparisons ignore trailing blanks: 'a' and 'a ' are one user. The id takes the smallest of the
  // group's values with a '|' appended (which makes the blanks count), then drops the '|'.
  // https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html#r_Character_types-significance-of-trailing-blanks
  // https://docs.aws.amazon.com/redshift/latest/dg/REGEXP_REPLACE.html
  keyRepresentative: (key, window) =>
    `REGEXP_REPLACE(MIN(CAST(${key} AS VARCHAR(65535)) || '|') OVER (${window}), '[|]$', '')`,
  unquotedCase: 'lower',
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: false,
    // QUALIFY filters on a window written in it; its documentation shows no SELECT alias there.
    // https://docs.aws.amazon.com/redshift/latest/dg/r_QUALIFY_clause.html
    qualify: true,
    qualifyAliases: false,
    distinctOn: false,
  },
  // DATEDIFF counts unit boundaries; at microsecond granularity that is the exact elapsed time.
  // Multiplying keeps all six decimals, whatever scale a NUMERIC division would pick.
  secondsBetween: (from, to) => `DATEDIFF(MICROSECOND, ${from}, ${to}) * 0.000001`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? `TIMESTAMP 'epoch' + ${epoch} * INTERVAL '1 second'`
      : `TIMESTAMP 'epoch' + ${epoch} / 1000.0 * INTERVAL '1 second'`,
  // TIMESTAMP (no zone) is taken as UTC; TIMESTAMPTZ columns are event_ts_unit=timestamptz.
  instant: ts => ts,
  // TIMESTAMPTZ AT TIME ZONE is the wall time in that zone, a TIMESTAMP.
  // https://docs.aws.amazon.com/redshift/latest/dg/r_AT_TIME_ZONE.html
  fromZoned: ts => `${ts} AT TIME ZONE 'UTC'`,
  // The three-argument CONVERT_TIMEZONE names the zone the wall time is read in.
  // https://docs.aws.amazon.com/redshift/latest/dg/CONVERT_TIMEZONE.html
  fromZone: (ts, tz) => `CONVERT_TIMEZONE('${tz}', 'UTC', ${ts})`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  // A bare VARCHAR is VARCHAR(256): longer keys would be cut and share ids.
  // Literals read backslash escapes (QUOTE_LITERAL doubles backslashes and quotes).
  // https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html
  stringEscape: 'double-backslash',
  toFloat: expr => `CAST(${expr} AS DOUBLE PRECISION)`,
  toText: expr => `CAST(${expr} AS VARCHAR(65535))`,
  concat: parts => parts.join(' || '),
  textLength: text => `LEN(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  // GETDATE() is the wall time in the session's time zone; read back in that zone it is the instant.
  // https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html
  now: `CAST(GETDATE() AS TIMESTAMPTZ) AT TIME ZONE 'UTC'`,
  localDate: (instant, tz) => `CAST(CONVERT_TIMEZONE('UTC', '${tz}', ${instant}) AS DATE)`,
};
