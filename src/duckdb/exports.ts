/**
 * A computed table written in full to a file (`preview --out-<part> FILE`): Parquet, CSV or JSON lines,
 * chosen by the file's extension, with exact types. DuckDB writes into its private exports folder (the
 * only place it may write once external access is off) and the file is then moved to the temporary
 * path the write rule (src/files/outputFiles.ts) renames into place. No user text reaches the SQL:
 * the table is ours and both paths are made here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputFileError } from '../core/errors';
import { quoteIdentifier, getDialect } from '../core/dialects';
import { stringLiteral, type Database } from './database';

/** The file types `--out-<part>` writes, by extension, with DuckDB's COPY options for each. */
const FORMATS: Readonly<Record<string, string>> = {
  '.parquet': 'FORMAT parquet',
  '.csv': 'FORMAT csv, HEADER true',
  '.jsonl': 'FORMAT json',
};

export const EXPORT_EXTENSIONS: readonly string[] = Object.keys(FORMATS);

/** The extension of an output path, checked: anything but .parquet, .csv or .jsonl is bad input. */
export function exportExtension(option: string, file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (FORMATS[ext] === undefined) {
    throw new OutputFileError(
      `${option}: cannot tell what to write from ${JSON.stringify(path.basename(file))}; end the name with ${EXPORT_EXTENSIONS.join(', ')} (Parquet, CSV or JSON lines).`,
    );
  }
  return ext;
}

let written = 0;

/**
 * Writes every row of `table` (an internal table name), in `order` (a DuckDB ORDER BY list built from
 * validated inputs) when given, to `destination` in the format its extension names. HUGEINT columns
 * (DuckDB's SUM of integers) are written as BIGINT, so counters and sequence numbers are INT64 in
 * Parquet; a value past INT64 fails loudly rather than changing.
 */
export async function exportTable(
  db: Database,
  table: string,
  order: string | undefined,
  extension: string,
  destination: string,
  signal?: AbortSignal,
): Promise<void> {
  const options = FORMATS[extension];
  if (options === undefined) {
    throw new Error(`no export format for ${extension}; exportExtension should have refused`);
  }
  const duck = getDialect('duckdb');
  const columns = await db.query(`DESCRIBE ${table}`, signal);
  const wide = columns
    .filter(c => c.column_type === 'HUGEINT' || c.column_type === 'UHUGEINT')
    .map(c => quoteIdentifier(duck, { name: String(c.column_name), quoted: true }));
  const select =
    wide.length === 0
      ? '*'
      : `* REPLACE (${wide.map(c => `CAST(${c} AS BIGINT) AS ${c}`).join(', ')})`;
  const inner = path.join(db.exports, `${++written}${extension}`);
  try {
    await db.run(
      `COPY (SELECT ${select} FROM ${table}${order === undefined ? '' : ` ORDER BY ${order}`}) TO ${stringLiteral(inner)} (${options})`,
      signal,
    );
    moveFile(inner, destination);
  } finally {
    fs.rmSync(inner, { force: true });
  }
}

/** Renames a file, or copies it where the two paths are on different file systems. */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
      throw error;
    }
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  }
}
