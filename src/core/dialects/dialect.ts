import * as formatterLanguages from 'sql-formatter';
import type { DialectOptions, SqlLanguage } from 'sql-formatter';
import type { InputProblem } from '../errors';
import type { IdentifierPart, QualifiedName } from '../inputs/identifiers';

/**
 * How the event timestamp is stored: a timestamp type (`timestamptz`: one with a zone, such as
 * TIMESTAMPTZ, TIMESTAMP_LTZ or MySQL's TIMESTAMP), or epoch seconds / milliseconds.
 */
export type TimestampUnit = 'timestamp' | 'timestamptz' | 'epoch_s' | 'epoch_ms';

/**
 * What differs between SQL dialects, as data plus small expression builders. Every builder takes SQL
 * fragments that the renderer built from validated input, never raw user text.
 */
export interface Dialect {
  readonly name: string;
  /** Display name, e.g. "Snowflake". */
  readonly title: string;
  readonly formatterLanguage: SqlLanguage;
  /** Opening and closing identifier quote. */
  readonly quote: readonly [string, string];
  /**
   * How a quote (or backslash) inside a quoted name is written: doubled, as in standard SQL, or after a
   * backslash, as GoogleSQL reads quoted identifiers (where a doubled backtick is two names).
   */
  readonly quoteEscape?: 'double' | 'backslash';
  /** Characters no quoted name of this dialect can hold, and why (ends "… cannot …"). */
  readonly unquotable?: { readonly pattern: RegExp; readonly reason: string };
  /**
   * Reserved words of the vendor's list that sql-formatter's list for `formatterLanguage` lacks (lower
   * case); see `reservedWords`.
   */
  readonly reservedWords: readonly string[];
  /**
   * Where the engine's default text comparison treats values with different text as equal (trailing blanks
   * ignored, case-insensitive collations), one value of such a group for the session id: the smallest by
   * bytes, since a plain MIN may return any of the equal values, and the events and sessions queries could
   * then pick different ones.
   */
  readonly keyRepresentative?: (key: string, window: string) => string;
  /** How the engine folds unquoted names, so a reserved word we must quote keeps meaning the same column. */
  readonly unquotedCase: 'lower' | 'upper' | 'insensitive';
  /** What the engine runs beyond the plain queries, for the formats that need it. */
  readonly supports: {
    /** dbt's `delete+insert` strategy deletes every row of a listed key before inserting. */
    readonly dbtDeleteInsert: boolean;
    /** The incremental script is written and tested for it (CREATE TABLE IF NOT EXISTS … AS, DELETE with an alias). */
    readonly incrementalScript: boolean;
    /**
     * `SELECT * EXCLUDE (…)` (DuckDB, Snowflake) or `* EXCEPT (…)` (BigQuery): a star that drops named
     * columns, so the events query can carry helper columns (a row number, the activity start) and drop
     * them at the end. Without it the events query computes those inline: `src.*` must reach the output.
     */
    readonly starExcept?: 'EXCLUDE' | 'EXCEPT';
    /** `QUALIFY` filters rows on a window function written in it. */
    readonly qualify: boolean;
    /** `QUALIFY` may also name a window function's alias from the SELECT list. */
    readonly qualifyAliases: boolean;
    /** `SELECT DISTINCT ON (…)` keeps the first row of each group in ORDER BY order. */
    readonly distinctOn: boolean;
  };
  /**
   * How `--format script` is written where the dialect lacks the standard statements it uses by
   * default (`CREATE TABLE t AS query`, a WITH inside a subquery): SQL Server's way. Absent: standard.
   */
  readonly script?: {
    /** A query is stored with `SELECT * INTO t FROM (query)`: there is no CREATE TABLE … AS. */
    readonly selectInto?: boolean;
    /**
     * How the script keeps an intermediate result that only its own statements read. Absent:
     * `CREATE TEMPORARY TABLE t AS query`. `#`: a `#t` table (SQL Server's temporary tables). `none`:
     * the engine has no temporary table (Spark, Trino), so a plain table beside the part tables,
     * dropped once the parts are created.
     */
    readonly temporaryTable?: '#' | 'none';
    /**
     * A WITH may only open a statement, so the failing tests cannot be one UNION of subqueries: each
     * test's count is inserted into this temporary table, which the final query reads.
     */
    readonly testsTable?: { readonly name: string; readonly textType: string };
    /** Counts rows past 2^31 (`COUNT(*)` is a 32-bit integer there). */
    readonly countRows?: string;
  };
  /**
   * Where ORDER BY has no `NULLS LAST`: a sort key that is 1 for a NULL and 0 for a value, which
   * `orderItem` puts before the value.
   */
  nullFlag?(expr: string): string;
  /**
   * Every column of the row of a table alias as one value, equal exactly when the rows are, optionally
   * without one column: with EXCEPT ALL it compares two tables row for row without naming their
   * columns. Absent where the dialect has no such value or no EXCEPT ALL.
   */
  comparableRow?(alias: string, without?: string): string;
  /** Exact seconds elapsed between two TIMESTAMP values, as a number (sub-second included). */
  secondsBetween(from: string, to: string): string;
  /** Converts an epoch number in the given unit to the dialect's instant type (see `instant`). */
  epochToTimestamp(epoch: string, unit: 'epoch_s' | 'epoch_ms'): string;
  /**
   * An event timestamp in the dialect's instant type: one whose comparisons and arithmetic are between
   * instants whatever the session's time zone (a timestamp without a zone holding UTC wall time, or a
   * zoned type). A value without a zone is taken as UTC; a zoned one keeps its instant where the
   * dialect can tell the two apart. Never through the session's time zone.
   */
  instant(ts: string): string;
  /** A zoned timestamp (`event_ts_unit=timestamptz`) in the dialect's instant type, exactly. */
  fromZoned(ts: string): string;
  /**
   * A timestamp without a zone, read as a wall time in an IANA zone (a validated name, quoted here),
   * in the dialect's instant type; absent where the dialect has no named time zones.
   */
  fromZone?(ts: string, timeZone: string): string;
  millisToSeconds(millis: string): string;
  /**
   * How a '…' literal is written (see `stringLiteral`): `double`, a quote doubled and a backslash plain;
   * `double-backslash`, a quote doubled and a backslash doubled, where the engine reads backslash escapes;
   * `backslash`, both after a backslash, where a doubled quote is not one quote.
   */
  readonly stringEscape: 'double' | 'double-backslash' | 'backslash';
  /** Literals holding characters outside ASCII take the N prefix (T-SQL reads others in a code page). */
  readonly nationalStrings?: boolean;
  /** A number as the dialect's double-precision floating type. */
  toFloat(expr: string): string;
  toText(expr: string): string;
  concat(parts: readonly string[]): string;
  textLength(text: string): string;
  /** Largest integer not above a non-negative number. */
  floor(expr: string): string;
  /** A true/false column value from a condition (1/0 where the dialect has no boolean type). */
  flag(condition: string): string;
  /** The current time in the dialect's instant type, whatever the session's time zone. */
  readonly now: string;
  /**
   * The calendar date in an IANA time zone (a validated name, quoted here) of a value in the
   * dialect's instant type; absent where the dialect has no named time zones.
   */
  localDate?(instant: string, timeZone: string): string;
}

/** Words that are reserved in at least one dialect: an unquoted column of that name is quoted. */
const RESERVED = new Set(
  `all alter and any array as asc at authorization between both by case cast check collate column
  constraint create cross current current_date current_time current_timestamp current_user date default
  delete desc distinct drop else end except exists extract false fetch for foreign from full grant group
  having if ilike in inner insert intersect interval into is join key lateral leading left like limit
  natural not null of offset on or order outer over partition primary qualify range references right
  rlike row rows sample select session_user set some table tablesample then time timestamp to trailing
  true union unique unknown update user using values when where window with`.split(/\s+/),
);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const reservedByDialect = new Map<string, ReadonlySet<string>>();

/**
 * Every word the dialect reserves: sql-formatter's lists for its language (the vendors' reserved
 * keywords, data types and clause words, each list citing its vendor page; an unquoted one there makes
 * the formatter fail), the dialect's own additions, and the words shared by all dialects.
 */
export function reservedWords(dialect: Dialect): ReadonlySet<string> {
  let words = reservedByDialect.get(dialect.name);
  if (words === undefined) {
    const language = (formatterLanguages as unknown as Record<string, DialectOptions | undefined>)[
      dialect.formatterLanguage
    ];
    if (language === undefined) {
      throw new Error(`sql-formatter has no language object named ${dialect.formatterLanguage}`);
    }
    const lists = language.tokenizerOptions;
    // A clause is recognised by its first word (ALTER TABLE … ADD); later words (SHOW EVENTS) are not.
    const phrases = [
      ...lists.reservedSelect,
      ...lists.reservedClauses,
      ...(lists.reservedSetOperations ?? []),
      ...(lists.reservedJoins ?? []),
      ...(lists.reservedKeywordPhrases ?? []),
      ...(lists.reservedDataTypePhrases ?? []),
    ];
    const all = new Set([
      ...RESERVED,
      ...dialect.reservedWords,
      ...[...(lists.reservedKeywords ?? []), ...(lists.reservedDataTypes ?? [])].flatMap(words =>
        words.toLowerCase().split(/[^a-z0-9_]+/),
      ),
      ...phrases.map(phrase => phrase.toLowerCase().split(/[^a-z0-9_]+/)[0] ?? ''),
    ]);
    all.delete('');
    words = all;
    reservedByDialect.set(dialect.name, words);
  }
  return words;
}

/**
 * One ORDER BY item whose NULLs sort after every value in either direction, written out even where it
 * is the engine's default: PostgreSQL, Snowflake and Redshift put NULLs first in a descending sort,
 * MySQL, SQL Server, BigQuery and Spark in an ascending one.
 */
export function orderItem(dialect: Dialect, expr: string, direction: 'ASC' | 'DESC'): string {
  return dialect.nullFlag === undefined
    ? `${expr} ${direction} NULLS LAST`
    : `${dialect.nullFlag(expr)}, ${expr} ${direction}`;
}

/** Prints a table name of one to three parts, each part as `quoteIdentifier` prints it. */
export function quoteTableName(dialect: Dialect, name: QualifiedName): string {
  return name.parts.map(part => quoteIdentifier(dialect, part)).join('.');
}

/** Prints one identifier part, quoting only when the name needs it or the user quoted it. */
export function quoteIdentifier(dialect: Dialect, part: IdentifierPart): string {
  if (
    !part.quoted &&
    PLAIN.test(part.name) &&
    !reservedWords(dialect).has(part.name.toLowerCase())
  ) {
    return part.name;
  }
  let name = part.name;
  if (!part.quoted && dialect.unquotedCase !== 'insensitive') {
    name = dialect.unquotedCase === 'upper' ? name.toUpperCase() : name.toLowerCase();
  }
  const [open, close] = dialect.quote;
  const escaped =
    dialect.quoteEscape === 'backslash'
      ? name.replace(/[\\`]/g, ch => `\\${ch}`)
      : name.replaceAll(close, close + close);
  return open + escaped + close;
}

/**
 * A text value as a string literal the dialect reads back as exactly that text. The value must hold no
 * control character or line break (the inputs refuse them): a literal stays on one line, in a query and
 * in a `--` comment.
 */
export function stringLiteral(dialect: Dialect, value: string): string {
  const escaped =
    dialect.stringEscape === 'backslash'
      ? value.replace(/[\\']/g, ch => `\\${ch}`)
      : (dialect.stringEscape === 'double-backslash'
          ? value.replaceAll('\\', '\\\\')
          : value
        ).replaceAll("'", "''");
  // eslint-disable-next-line no-control-regex
  const prefix = dialect.nationalStrings && /[^\x00-\x7f]/.test(value) ? 'N' : '';
  return `${prefix}'${escaped}'`;
}

/**
 * The time model (shared README §1) for one event_ts column: `eventTime` turns the column into the
 * value every comparison uses (a timestamp without a zone read in `sourceTimeZone`, or a zoned one,
 * becomes the dialect's instant type; epochs stay numbers); the other helpers work on that value.
 */
export function timeArithmetic(dialect: Dialect, unit: TimestampUnit, sourceTimeZone?: string) {
  const isEpoch = unit === 'epoch_s' || unit === 'epoch_ms';
  // Without a source zone a timestamp stays as stored: exact seconds between two values without a
  // zone need no conversion (UTC has no daylight saving), and zoned values subtract as instants.
  const raw = unit === 'timestamp' && sourceTimeZone === undefined;
  const eventTime = (column: string): string => {
    if (unit === 'timestamptz') {
      return dialect.fromZoned(column);
    }
    if (unit === 'timestamp' && sourceTimeZone !== undefined) {
      if (dialect.fromZone === undefined) {
        throw new Error(`${dialect.name} has no time zones; the pattern check should have refused`);
      }
      return dialect.fromZone(column, sourceTimeZone);
    }
    return column;
  };
  const instantOf = (timestamp: string) => (raw ? dialect.instant(timestamp) : timestamp);
  const asTimestamp = (time: string) => (isEpoch ? dialect.epochToTimestamp(time, unit) : time);
  return {
    eventTime,
    secondsBetween: (from: string, to: string) =>
      isEpoch ? epochSecondsBetween(dialect, from, to, unit) : dialect.secondsBetween(from, to),
    asTimestamp,
    /** An event time in the dialect's instant type, for local dates and comparisons with `now`. */
    asInstant: (time: string) => instantOf(asTimestamp(time)),
    /** A timestamp made by `asTimestamp` (session_start, session_end) in the dialect's instant type. */
    instantOf,
  };
}

/** Where `source_time_zone` cannot apply: to epochs and zoned timestamps, or in a dialect without zones. */
export function sourceTimeZoneProblems(
  dialect: Dialect,
  unit: TimestampUnit,
  sourceTimeZone: string | undefined,
): InputProblem[] {
  if (sourceTimeZone !== undefined && unit !== 'timestamp') {
    return [
      {
        input: 'source_time_zone',
        message: `applies to event_ts_unit=timestamp only: epochs count from UTC and zoned timestamps carry their own zone`,
      },
    ];
  }
  if (sourceTimeZone !== undefined && dialect.fromZone === undefined) {
    return [
      {
        input: 'source_time_zone',
        message: `is not available for ${dialect.title}: it has no named time zones to convert with; convert event_ts to UTC upstream, or use another dialect`,
      },
    ];
  }
  return [];
}

/** Seconds between two epoch numbers; shared by every dialect since it is plain arithmetic. */
export function epochSecondsBetween(
  dialect: Dialect,
  from: string,
  to: string,
  unit: 'epoch_s' | 'epoch_ms',
): string {
  const diff = `${to} - ${from}`;
  return unit === 'epoch_s' ? `(${diff})` : dialect.millisToSeconds(`(${diff})`);
}
