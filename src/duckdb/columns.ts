import { ColumnTypeError } from '../core/errors';
import { nameToText, sameColumn, type IdentifierPart } from '../core/inputs/identifiers';

/** A column of the loaded data, as DuckDB's DESCRIBE reports it. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** How a DuckDB type can serve as an event timestamp. */
export type TimestampKind = 'timestamp' | 'number' | 'text' | 'other';

export function timestampKind(type: string): TimestampKind {
  if (/^(TIMESTAMP|DATE$)/.test(type)) {
    return 'timestamp';
  }
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL)/.test(type)) {
    return 'number';
  }
  return type === 'VARCHAR' ? 'text' : 'other';
}

/** Finds the data column a user named, or throws naming the input and the columns there are. */
export function findColumn(
  columns: readonly ColumnInfo[],
  input: string,
  wanted: IdentifierPart,
): ColumnInfo {
  const found =
    columns.find(c => sameColumn({ name: c.name, quoted: true }, wanted)) ??
    columns.find(c => !wanted.quoted && sameColumn({ name: c.name, quoted: false }, wanted));
  if (found === undefined) {
    throw new ColumnTypeError(
      `${input}: column ${nameToText(wanted)} is not in the data; its columns are ${columns.map(c => c.name).join(', ')}.`,
    );
  }
  return found;
}

/** Timestamp candidates first, for pickers: real timestamps, then text, then numbers. */
export function rankTimestampCandidates(columns: readonly ColumnInfo[]): ColumnInfo[] {
  const order: Record<TimestampKind, number> = { timestamp: 0, text: 1, number: 2, other: 3 };
  return [...columns].sort((a, b) => order[timestampKind(a.type)] - order[timestampKind(b.type)]);
}
