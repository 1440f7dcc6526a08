/**
 * Limits of a preview, from a flag or a setting: validated like every input, since a setting can
 * hold any JSON value (a string reached SQL before).
 */
import { InvalidInputError } from '../errors';

export const MAX_ROW_CAP = 100_000;

/** The preview's DuckDB memory limit unless the user sets one; stated in the CLI's help. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/**
 * How many rows a preview shows per table: a whole number from 0 to MAX_ROW_CAP. `whole` says where
 * every row can be had instead (the CLI's `--out-<part> FILE`), for the message.
 */
export function parseRowCap(value: unknown, input: string, whole?: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) > MAX_ROW_CAP) {
    throw new InvalidInputError([
      {
        input,
        message: `must be a whole number from 0 to ${MAX_ROW_CAP} (the rows shown), got ${JSON.stringify(value)}${whole === undefined ? '' : `; ${whole}`}`,
      },
    ]);
  }
  return Number(text);
}

/** A DuckDB memory limit such as 2GB, 512MB or 1.5GiB. */
export function parseMemoryLimit(value: unknown, input: string): string {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?\s*(K|M|G|T)i?B$/i.test(value.trim())) {
    throw new InvalidInputError([
      {
        input,
        message: `must be a size such as 2GB, 512MB or 1.5GiB, got ${JSON.stringify(value)}`,
      },
    ]);
  }
  return value.trim();
}
