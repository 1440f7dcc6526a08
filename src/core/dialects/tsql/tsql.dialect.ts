import type { Dialect } from '../dialect';

const EPOCH = `CAST('1970-01-01' AS DATETIME2)`;

export const tsql: Dialect = {
  name: 'tsql',
  title: 'SQL Server (T-SQL)',
  formatterLanguage: 'transactsql',
  quote: ['[', ']'],
  reservedWords: [],
  // Comparisons ignore trailing blanks whatever the collation, and the default collations ignore case:
  // 'a', 'a ' and 'A' are one user. The id takes the smallest of the group's values by bytes: the key's
  // text as NVARCHAR (UTF-16, so the bytes convert back exactly) compared as VARBINARY.
  // https://learn.microsoft.com/en-us/troubleshoot/sql/database-design/sql-server-compare-strings-with-trailing-spaces
  // https://learn.microsoft.com/en-us/sql/t-sql/functions/cast-and-convert-transact-sql#binary-styles
  keyRepresentative: (key, window) =>
    `CAST(MIN(CAST(CONVERT(NVARCHAR(4000), ${key}, 3) AS VARBINARY(8000))) OVER (${window}) AS NVARCHAR(4000))`,
  unquotedCase: 'insensitive',
  supports: {
    dbtDeleteInsert: true,
    incrementalScript: false,
    qualify: false,
    qualifyAliases: false,
    distinctOn: false,
  },
  // No CREATE TABLE … AS (https://learn.microsoft.com/en-us/sql/t-sql/queries/select-into-clause-transact-sql),
  // and a CTE must open its statement, never a derived table
  // (https://learn.microsoft.com/en-us/sql/t-sql/queries/with-common-table-expression-transact-sql).
  script: {
    selectInto: true,
    temporaryTable: '#',
    testsTable: { name: '#failing_tests', textType: 'NVARCHAR(128)' },
    countRows: 'COUNT_BIG(*)',
  },
  // No NULLS LAST, and a condition is no value: IIF turns it into one.
  // https://learn.microsoft.com/en-us/sql/t-sql/queries/select-order-by-clause-transact-sql
  nullFlag: expr => `IIF(${expr} IS NULL, 1, 0)`,
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
  // Style 3 writes a float or real with 17 digits, so distinct values give distinct text (the default
  // keeps 6); integer and character values have no styles. A date or time key would print as dd/mm/yy:
  // such a key needs a cast upstream. https://learn.microsoft.com/en-us/sql/t-sql/functions/cast-and-convert-transact-sql#float-and-real-styles
  toText: expr => `CONVERT(NVARCHAR(4000), ${expr}, 3)`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  // DATALENGTH, unlike LEN, does not ignore trailing spaces.
  textLength: text => `DATALENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
  now: 'SYSUTCDATETIME()',
};
