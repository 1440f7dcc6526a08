import type { SqlLanguage } from 'sql-formatter';
import type { IdentifierPart } from '../inputs/identifiers';

/** How the event timestamp is stored: a timestamp type, or epoch seconds / milliseconds. */
export type TimestampUnit = 'timestamp' | 'epoch_s' | 'epoch_ms';

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
  /** How the engine folds unquoted names, so a reserved word we must quote keeps meaning the same column. */
  readonly unquotedCase: 'lower' | 'upper' | 'insensitive';
  /** Exact seconds elapsed between two TIMESTAMP values, as a number (sub-second included). */
  secondsBetween(from: string, to: string): string;
  /** Converts an epoch number in the given unit to the dialect's timestamp type. */
  epochToTimestamp(epoch: string, unit: 'epoch_s' | 'epoch_ms'): string;
  /** Divides an exact millisecond count into seconds without truncating the fraction. */
  millisToSeconds(millis: string): string;
  toText(expr: string): string;
  concat(parts: readonly string[]): string;
  textLength(text: string): string;
  /** Largest integer not above a non-negative number. */
  floor(expr: string): string;
  /** A true/false column value from a condition (1/0 where the dialect has no boolean type). */
  flag(condition: string): string;
  /** The current time, comparable with event timestamps. */
  readonly now: string;
  /**
   * The calendar date of a timestamp in an IANA time zone (a validated name, quoted here);
   * absent where the dialect has no named time zones.
   */
  localDate?(ts: string, timeZone: string): string;
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

/** Prints one identifier part, quoting only when the name needs it or the user quoted it. */
export function quoteIdentifier(dialect: Dialect, part: IdentifierPart): string {
  if (!part.quoted && PLAIN.test(part.name) && !RESERVED.has(part.name.toLowerCase())) {
    return part.name;
  }
  let name = part.name;
  if (!part.quoted && dialect.unquotedCase !== 'insensitive') {
    name = dialect.unquotedCase === 'upper' ? name.toUpperCase() : name.toLowerCase();
  }
  const [open, close] = dialect.quote;
  return open + name.replaceAll(close, close + close) + close;
}

/**
 * Time arithmetic on raw event times, whatever their storage: exact seconds between two of them,
 * and conversion to the dialect's timestamp type (identity for timestamps).
 */
export function timeArithmetic(dialect: Dialect, unit: TimestampUnit) {
  return {
    secondsBetween: (from: string, to: string) =>
      unit === 'timestamp'
        ? dialect.secondsBetween(from, to)
        : epochSecondsBetween(dialect, from, to, unit),
    asTimestamp: (expr: string) =>
      unit === 'timestamp' ? expr : dialect.epochToTimestamp(expr, unit),
  };
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
