import type { Dialect } from '../dialect';

const EPOCH = `CAST('1970-01-01' AS DATETIME2)`;

export const tsql: Dialect = {
  name: 'tsql',
  title: 'SQL Server (T-SQL)',
  formatterLanguage: 'transactsql',
  quote: ['[', ']'],
  reservedWords: [],
  unquotedCase: 'insensitive',
  supports: { dbtDeleteInsert: true, incrementalScript: false },
  // DATEDIFF_BIG counts unit boundaries: nanoseconds give the exact elapsed time of any DATETIME2 or
  // DATETIMEOFFSET, whose default precision is 7 (100 ns); counting microseconds would drop the 7th digit.
  // In nanoseconds it overflows past 292 years, so whole days are counted apart (DATEDIFF's int holds
  // the 3.65 million days of years 1 to 9999) and nanoseconds only within the last day. Dividing by a
  // NUMERIC(11,1) keeps 12 decimals. https://learn.microsoft.com/en-us/sql/t-sql/functions/datediff-big-transact-sql
  secondsBetween: (from, to) =>
    `(CAST(DATEDIFF(DAY, ${from}, ${to}) AS BIGINT) * 86400 + DATEDIFF_BIG(NANOSECOND, DATEADD(DAY, DATEDIFF(DAY, ${from}, ${to}), ${from}), ${to}) / 1000000000.0)`,
  // DATEADD takes an int: an epoch in seconds past 2038 (or in milliseconds past 25 days) overflows it,
  // so whole days are added first. https://learn.microsoft.com/en-us/sql/t-sql/functions/dateadd-transact-sql
  epochToTimestamp: (epoch, unit) => {
    const perDay = unit === 'epoch_s' ? 86400 : 86400000;
    const part = unit === 'epoch_s' ? 'SECOND' : 'MILLISECOND';
    const whole = `CAST(${epoch} AS BIGINT)`;
    return `DATEADD(${part}, ${whole} % ${perDay}, DATEADD(DAY, ${whole} / ${perDay}, ${EPOCH}))`;
  },
  // DATETIME2 (no zone) is taken as UTC; SQL Server has no session time zone, and compares a
  // DATETIMEOFFSET with it as an instant. SWITCHOFFSET to +00:00 gives a DATETIMEOFFSET's UTC wall time.
  // https://learn.microsoft.com/en-us/sql/t-sql/functions/switchoffset-transact-sql
  instant: ts => ts,
  fromZoned: ts => `CAST(SWITCHOFFSET(${ts}, '+00:00') AS DATETIME2(7))`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  // Literals read no backslash escapes; N'…' keeps characters outside the database's code page.
  stringEscape: 'double',
  toFloat: expr => `CAST(${expr} AS FLOAT)`,
  nationalStrings: true,
  toText: expr => `CAST(${expr} AS NVARCHAR(4000))`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  // DATALENGTH, unlike LEN, does not ignore trailing spaces.
  textLength: text => `DATALENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
  now: 'SYSUTCDATETIME()',
};
