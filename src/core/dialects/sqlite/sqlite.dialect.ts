import type { Dialect } from '../dialect';

export const sqlite: Dialect = {
  name: 'sqlite',
  title: 'SQLite',
  formatterLanguage: 'sqlite',
  // A double-quoted name that matches no column silently becomes a string literal in SQLite; a
  // backquoted one is always an identifier. https://www.sqlite.org/lang_keywords.html
  quote: ['`', '`'],
  // SELECT * over a subquery names a column called true or false "columnN" (sql.js 1.17, SQLite 3.54),
  // so it is lost between the query's steps.
  unquotable: {
    pattern: /^(?:true|false)$/i,
    reason: "is renamed by SQLite's SELECT * in a subquery; rename the column in a view",
  },
  reservedWords: [],
  unquotedCase: 'insensitive',
  // ORDER BY takes NULLS LAST since SQLite 3.30.0. https://www.sqlite.org/lang_select.html#nullslast
  supports: {
    dbtDeleteInsert: false,
    incrementalScript: false,
    qualify: false,
    qualifyAliases: false,
    distinctOn: false,
  },
  // SQLite keeps times as text with millisecond precision; rounding the Julian-day difference to whole
  // milliseconds removes the floating-point noise of julianday().
  secondsBetween: (from, to) =>
    `ROUND((julianday(${to}) - julianday(${from})) * 86400000) / 1000.0`,
  epochToTimestamp: (epoch, unit) =>
    `strftime('%Y-%m-%d %H:%M:%f', ${unit === 'epoch_s' ? epoch : `${epoch} / 1000.0`}, 'unixepoch')`,
  // Times are text; julianday() reads a "+02:00" or "Z" suffix as the instant it names, and text
  // without one as UTC. https://www.sqlite.org/lang_datefunc.html
  instant: ts => ts,
  fromZoned: ts => ts,
  millisToSeconds: millis => `${millis} / 1000.0`,
  // Literals read no backslash escapes. https://www.sqlite.org/lang_expr.html#literal_values_constants_
  stringEscape: 'double',
  toFloat: expr => `CAST(${expr} AS REAL)`,
  toText: expr => `CAST(${expr} AS TEXT)`,
  concat: parts => parts.join(' || '),
  textLength: text => `length(${text})`,
  // floor() needs SQLite's optional math functions; for non-negative numbers a cast truncates the same.
  floor: expr => `CAST(${expr} AS INTEGER)`,
  flag: condition => `(${condition})`,
  // julianday('now') is the current UTC time.
  now: `'now'`,
};
