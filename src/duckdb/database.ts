import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CancelledError, EngineUnavailableError } from '../core/errors';

/** A row as JSON-safe values: big integers and timestamps arrive as strings, lists as arrays. */
export type Row = Record<string, unknown>;

export interface DatabaseOptions {
  /** DuckDB memory limit, e.g. "2GB"; DuckDB's default (80% of RAM) when absent. */
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
  ) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    const duckdb = await loadDuckDB();
    const config: Record<string, string> = {};
    if (options.memoryLimit !== undefined) {
      config.memory_limit = options.memoryLimit;
    }
    if (options.threads !== undefined) {
      config.threads = String(options.threads);
    }
    const instance = await duckdb.DuckDBInstance.create(':memory:', config);
    return new Database(instance, await instance.connect());
  }

  /** Runs statements; an aborted signal interrupts the running query and throws CancelledError. */
  async run(sql: string, signal?: AbortSignal): Promise<void> {
    await this.cancellable(() => this.connection.run(sql), signal);
  }

  async query(sql: string, signal?: AbortSignal): Promise<Row[]> {
    const reader = await this.cancellable(() => this.connection.runAndReadAll(sql), signal);
    return reader.getRowObjectsJson() as Row[];
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
  }
}

/** A SQL string literal; the only way a file path enters SQL. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
