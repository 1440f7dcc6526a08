import type { Dialect } from '../dialect';

const EPOCH = `CAST('1970-01-01' AS DATETIME2)`;

export const tsql: Dialect = {
  name: 'tsql',
  title: 'SQL Server (T-SQL)',
  formatterLanguage: 'transactsql',
  quote: ['[', ']'],
  unquotedCase: 'insensitive',
  // DATEDIFF_BIG counts unit boundaries: nanoseconds give the exact elapsed time of any DATETIME2 or
  // DATETIMEOFFSET, whose default precision is 7 (100 ns); counting microseconds would drop the 7th digit.
  // Dividing by a NUMERIC(11,1) keeps 12 decimals.
  secondsBetween: (from, to) => `DATEDIFF_BIG(nanosecond, ${from}, ${to}) / 1000000000.0`,
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? `DATEADD(second, ${epoch}, ${EPOCH})`
      : `DATEADD(millisecond, ${epoch} % 1000, DATEADD(second, ${epoch} / 1000, ${EPOCH}))`,
  millisToSeconds: millis => `${millis} / 1000.0`,
  toText: expr => `CAST(${expr} AS NVARCHAR(4000))`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  // DATALENGTH, unlike LEN, does not ignore trailing spaces.
  textLength: text => `DATALENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
  now: 'SYSUTCDATETIME()',
};
