/**
 * A computed table written in full to a file (`preview --out-<part> FILE`, the panel's Export…):
 * Parquet, CSV or JSON lines, chosen by the file's extension, with exact types; or every part saved as
 * tables of a DuckDB database file (the panel's Save to DuckDB database…). DuckDB writes into its
 * private exports folder (the only place it may write once external access is off) and the result is
 * then moved to the temporary path the write rule (src/files/outputFiles.ts) renames into place. No
 * user text reaches the SQL but validated table names, quoted: the tables are ours and the paths are
 * string literals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError, OutputFileError } from '../core/errors';
import { quoteIdentifier, getDialect } from '../core/dialects';
import { parseTableName } from '../core/inputs/identifiers';
import {
  checkOutputs,
  writeOutputFile,
  type OutputTarget,
  type WriteRules,
} from '../files/outputFiles';
import { Database, stringLiteral } from './database';

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
 * A SELECT of every row of `table` with exact types: HUGEINT columns (DuckDB's SUM of integers) are
 * cast to BIGINT, so counters and sequence numbers are INT64 in Parquet and BIGINT in a database; a
 * value past INT64 fails loudly rather than changing.
 */
async function exactSelect(
  db: Database,
  table: string,
  order: string | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const duck = getDialect('duckdb');
  const columns = await db.query(`DESCRIBE ${table}`, signal);
  const wide = columns
    .filter(c => c.column_type === 'HUGEINT' || c.column_type === 'UHUGEINT')
    .map(c => quoteIdentifier(duck, { name: String(c.column_name), quoted: true }));
  const select =
    wide.length === 0
      ? '*'
      : `* REPLACE (${wide.map(c => `CAST(${c} AS BIGINT) AS ${c}`).join(', ')})`;
  return `SELECT ${select} FROM ${table}${order === undefined ? '' : ` ORDER BY ${order}`}`;
}

/**
 * Writes every row of `table` (an internal table name), in `order` (a DuckDB ORDER BY list built from
 * validated inputs) when given, to `destination` in the format its extension names, with exact
 * types (see exactSelect).
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
  const inner = path.join(db.exports, `${++written}${extension}`);
  try {
    await db.run(
      `COPY (${await exactSelect(db, table, order, signal)}) TO ${stringLiteral(inner)} (${options})`,
      signal,
    );
    moveFile(inner, destination);
  } finally {
    fs.rmSync(inner, { force: true });
  }
}

/** One computed table to save into a database file, under the name the pattern gives its part. */
export interface SavedTable {
  /** The internal table holding the rows. */
  readonly table: string;
  readonly order?: string;
  /** The table's name in the database file, as DuckDB SQL (`app.events_sessionized`). */
  readonly name: string;
}

/** The schema and table a saved table's name denotes; a catalog part stands for the file itself. */
function savedName(name: string): { schema: string; table: string } {
  const parts = parseTableName(name).parts.slice(-2);
  const table = parts[parts.length - 1]?.name ?? name;
  return { schema: parts.length === 2 ? (parts[0]?.name ?? 'main') : 'main', table };
}

/**
 * What a database file holds, from its first bytes: DuckDB's files carry the magic "DUCK" at byte 8,
 * SQLite's begin with "SQLite format 3" and a NUL.
 */
export function databaseFileKind(file: string): 'duckdb' | 'sqlite' | 'other' {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.subarray(8, 12).toString('latin1') === 'DUCK') {
    return 'duckdb';
  }
  return head.toString('latin1') === 'SQLite format 3\0' ? 'sqlite' : 'other';
}

/**
 * Saves `tables` into the DuckDB database file `target` (new or existing), all or nothing, through
 * the write rule (src/files/outputFiles.ts): never the data file (`rules.inputs`), never over a
 * table or view of the same name (nothing is replaced), and either every table lands or none.
 * The rows are first copied, exact types kept, into a staging database in the preview's exports
 * folder (the only place the preview's DuckDB may write); a second DuckDB, which may open files,
 * then copies them: into an existing file in one transaction, into a new one through a temporary
 * file renamed into place.
 */
export async function saveTables(
  db: Database,
  tables: readonly SavedTable[],
  target: OutputTarget,
  rules: Pick<WriteRules, 'inputs'>,
  signal?: AbortSignal,
): Promise<void> {
  // The file may exist: choosing it is the user's consent to add tables, never to replace any.
  checkOutputs([target], { inputs: rules.inputs, force: true });
  const file = path.resolve(target.path);
  const exists = fs.existsSync(file);
  if (exists && databaseFileKind(file) !== 'duckdb') {
    throw new OutputFileError(
      `${target.option}: ${file} is not a DuckDB database; pick a .duckdb file or a new name.`,
    );
  }
  const names = tables.map(t => savedName(t.name));
  const duck = getDialect('duckdb');
  const quoted = (n: string) => quoteIdentifier(duck, { name: n, quoted: true });
  const staging = path.join(db.exports, `${++written}.duckdb`);
  try {
    await db.run(`ATTACH ${stringLiteral(staging)} AS staging`, signal);
    try {
      for (const [i, t] of tables.entries()) {
        await db.run(
          `CREATE TABLE staging.t${i} AS ${await exactSelect(db, t.table, t.order, signal)}`,
          signal,
        );
      }
    } finally {
      await db.run('DETACH staging');
    }
    const copy = async (into: string) => {
      const writer = await Database.open({ threads: 1 });
      try {
        await writer.run(`ATTACH ${stringLiteral(staging)} AS staging (READ_ONLY)`, signal);
        await writer.run(`ATTACH ${stringLiteral(into)} AS target_db`, signal);
        const taken = await writer.query(
          `SELECT schema_name AS s, table_name AS t FROM duckdb_tables() WHERE database_name = 'target_db'
           UNION ALL
           SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = 'target_db' AND NOT internal`,
          signal,
        );
        const clash = names.filter(n =>
          taken.some(
            r =>
              String(r.s).toLowerCase() === n.schema.toLowerCase() &&
              String(r.t).toLowerCase() === n.table.toLowerCase(),
          ),
        );
        if (clash.length > 0) {
          throw new OutputFileError(
            `${target.option}: ${path.basename(file)} already has ${clash.length === 1 ? 'a table' : 'tables'} named ${clash.map(n => `${n.schema}.${n.table}`).join(', ')}; nothing was written (tables are never replaced: drop or rename ${clash.length === 1 ? 'it' : 'them'}, or pick another file).`,
          );
        }
        await writer.run('BEGIN TRANSACTION', signal);
        try {
          for (const schema of new Set(names.map(n => n.schema))) {
            await writer.run(`CREATE SCHEMA IF NOT EXISTS target_db.${quoted(schema)}`, signal);
          }
          for (const [i, n] of names.entries()) {
            await writer.run(
              `CREATE TABLE target_db.${quoted(n.schema)}.${quoted(n.table)} AS SELECT * FROM staging.t${i}`,
              signal,
            );
          }
          await writer.run('COMMIT', signal);
        } catch (error) {
          await writer.run('ROLLBACK');
          throw error;
        }
        await writer.run('DETACH target_db');
      } catch (error) {
        if (into !== file) {
          // A failed new file: its write-ahead log goes with it (the rule removes the file).
          fs.rmSync(`${into}.wal`, { force: true });
        }
        throw error instanceof OutputFileError || error instanceof CancelledError
          ? error
          : new OutputFileError(
              `${target.option}: cannot write ${file}: ${firstLine(error)}; nothing was written.`,
            );
      } finally {
        writer.close();
      }
    };
    if (exists) {
      await copy(file);
    } else {
      // A new file appears whole or not at all; one created meanwhile is not replaced.
      await writeOutputFile(target, copy, { inputs: rules.inputs, force: false });
    }
  } finally {
    fs.rmSync(staging, { force: true });
    fs.rmSync(`${staging}.wal`, { force: true });
  }
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

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
