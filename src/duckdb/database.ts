import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CancelledError, EngineUnavailableError } from '../core/errors';
import { DEFAULT_MEMORY_LIMIT } from '../core/inputs/limits';
import { makeTemporaryFolder, removeNow } from '../files/temporaryPaths';

/**
 * A row as JSON-safe values: columns of an integer, floating or decimal type as numbers (past ±2^53 an
 * integer loses precision, as in JavaScript), timestamps and text as strings, lists as arrays.
 */
export type Row = Record<string, unknown>;

export interface DatabaseOptions {
  /** DuckDB memory limit, e.g. "2GB" (validated); DEFAULT_MEMORY_LIMIT when absent. */
  readonly memoryLimit?: string;
  readonly threads?: number;
}

/**
 * Loads `@duckdb/node-api`. Its native binding comes per platform; a package without one for this platform
 * (the universal VSIX, an unsupported system) gets one line saying so instead of a module-loading stack.
 */
export async function loadDuckDB(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new EngineUnavailableError(`${process.platform}-${process.arch}`);
  }
}

/**
 * One in-memory DuckDB database and connection. `@duckdb/node-api` is loaded on first use only:
 * the extension must activate without its native binding.
 */
export class Database {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** A private folder for DuckDB's spill files and our links; removed on close. */
    readonly scratch: string,
    /**
     * The one folder (inside `scratch`) DuckDB may still write after external access is disabled:
     * results are copied there, then moved to where the user asked (see exports.ts).
     */
    readonly exports: string,
    /** Numeric types node-api's JSON rows give as text (BIGINT, HUGEINT, DECIMAL, …), by type id. */
    private readonly numbersAsText: ReadonlySet<number>,
  ) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    const duckdb = await loadDuckDB();
    const scratch = makeTemporaryFolder();
    const config: Record<string, string> = {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      // Spill files go to the private folder, not to ./.tmp of whatever folder the user is in.
      temp_directory: path.join(scratch, 'spill'),
      // ICU, JSON and Parquet are built in; nothing is ever downloaded or loaded at run time
      // (a SQLite file would otherwise fetch sqlite_scanner into ~/.duckdb).
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    };
    if (options.threads !== undefined) {
      config.threads = String(options.threads);
    }
    try {
      const instance = await duckdb.DuckDBInstance.create(':memory:', config);
      const connection = await instance.connect();
      // DuckDB's TimeZone, and node-api's text of a TIMESTAMPTZ, follow the OS zone; the time model
      // reads text without an offset (a CSV cell loaded into a TIMESTAMPTZ column) as UTC and shows
      // zoned values in UTC, whatever the machine.
      await connection.run(`SET TimeZone = 'UTC'`);
      // Decided before any data is read: disabling external access later keeps this folder open
      // (and DuckDB refuses to change the list from then on).
      const exportsFolder = path.join(scratch, 'exports');
      fs.mkdirSync(exportsFolder, { mode: 0o700 });
      await connection.run(
        `SET allowed_directories = [${stringLiteral(exportsFolder + path.sep)}]`,
      );
      duckdb.DuckDBTimestampTZValue.timezoneOffsetInMinutes = 0;
      const id = duckdb.DuckDBTypeId;
      const numbersAsText = new Set<number>([
        id.BIGINT,
        id.UBIGINT,
        id.HUGEINT,
        id.UHUGEINT,
        id.DECIMAL,
      ]);
      return new Database(instance, connection, scratch, exportsFolder, numbersAsText);
    } catch (error) {
      removeNow(scratch);
      throw error;
    }
  }

  /** Runs statements; an aborted signal interrupts the running query and throws CancelledError. */
  async run(sql: string, signal?: AbortSignal): Promise<void> {
    await this.cancellable(() => this.connection.run(sql), signal);
  }

  async query(sql: string, signal?: AbortSignal): Promise<Row[]> {
    const reader = await this.cancellable(() => this.connection.runAndReadAll(sql), signal);
    const names = reader.columnNames();
    // By the column's type, never by the look of a value: a text column of digits stays text.
    const numeric = reader.columnTypes().map(t => this.numbersAsText.has(t.typeId));
    const value = (v: unknown, i: number) => (numeric[i] && typeof v === 'string' ? Number(v) : v);
    // fromEntries defines own properties: a column named __proto__ stays a column.
    return reader
      .getRowsJson()
      .map(row => Object.fromEntries(names.map((n, i) => [n, value(row[i], i)])));
  }

  private async cancellable<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) {
      throw new CancelledError();
    }
    const interrupt = () => this.connection.interrupt();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      return await work();
    } catch (error) {
      if (signal?.aborted) {
        throw new CancelledError();
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', interrupt);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    removeNow(this.scratch);
  }
}

/** A SQL string literal; the only way a file path enters SQL. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
