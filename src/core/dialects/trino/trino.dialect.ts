import type { Dialect } from '../dialect';

export const trino: Dialect = {
  name: 'trino',
  title: 'Trino / Amazon Athena',
  formatterLanguage: 'trino',
  quote: ['"', '"'],
  reservedWords: [],
  unquotedCase: 'insensitive',
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: false,
    qualify: false,
    qualifyAliases: false,
    distinctOn: false,
  },
  // No temporary tables (https://trino.io/docs/current/sql/create-table-as.html): a plain table.
  script: { temporaryTable: 'none' },
  // date_diff's finest unit is the millisecond (Athena's timestamp precision); 1e3 keeps a double.
  secondsBetween: (from, to) => `date_diff('millisecond', ${from}, ${to}) / 1e3`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s' ? `from_unixtime(${epoch})` : `from_unixtime(${epoch} / 1e3)`,
  // The instant type is timestamp with time zone. with_timezone reads a timestamp (no zone) as a wall
  // time in the zone named; AT TIME ZONE or a cast would read it in the session's zone. A zoned column
  // is event_ts_unit=timestamptz. https://trino.io/docs/current/functions/datetime.html#with_timezone
  instant: ts => `with_timezone(${ts}, 'UTC')`,
  fromZoned: ts => ts,
  fromZone: (ts, tz) => `with_timezone(${ts}, '${tz}')`,
  millisToSeconds: millis => `${millis} / 1e3`,
  // Literals read no backslash escapes (only U&'…' does).
  stringEscape: 'double',
  toFloat: expr => `CAST(${expr} AS DOUBLE)`,
  toText: expr => `CAST(${expr} AS VARCHAR)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  floor: expr => `floor(${expr})`,
  flag: condition => `(${condition})`,
  now: 'current_timestamp',
  localDate: (instant, tz) => `CAST(${instant} AT TIME ZONE '${tz}' AS DATE)`,
};
