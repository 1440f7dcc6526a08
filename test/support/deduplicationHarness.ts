/**
 * Runs the rendered deduplication SQL on a real engine (DuckDB, PostgreSQL, MariaDB, SQLite): loads rows
 * into `customers` with the engine's native types, materialises the deduplicated and duplicates parts,
 * reads them back, and runs the data tests exactly as rendered.
 */
import { renderPattern, type RenderedPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { materialiseParts, microsText } from './engineSessionization';

export { failingErrorTests, runDataTests } from './engineSessionization';
import { openEngine, type Engine, type EngineName } from './engines';
import type { DedupRow } from './referenceDeduplication';

export type DedupEngineName = EngineName | 'duckdb';
export const DEDUP_ENGINES: readonly DedupEngineName[] = ['duckdb', 'postgres', 'mysql', 'sqlite'];

export const SOURCE = 'customers';
export const DEDUPLICATED = 'customers_deduplicated';
export const DUPLICATES = 'customers_duplicates';

/** What the tests need of an engine; DuckDB gets the same through `Database`. */
export type DedupEngine = Pick<Engine, 'exec' | 'query' | 'loadTable' | 'close'> & {
  readonly name: DedupEngineName;
};

const literal = (value: unknown) =>
  value === null || value === undefined
    ? 'NULL'
    : typeof value === 'number'
      ? String(value)
      : `'${String(value).replaceAll("'", "''")}'`;

async function openDuckdb(): Promise<DedupEngine> {
  const db = await Database.open({ threads: 2 });
  return {
    name: 'duckdb',
    exec: sql => db.run(sql),
    query: sql => db.query(sql),
    async loadTable(name, columns, rows) {
      await db.run(
        `CREATE OR REPLACE TABLE ${name} (${columns.map(c => `${c.name} ${c.type}`).join(', ')})`,
      );
      for (let i = 0; i < rows.length; i += 2000) {
        const values = rows.slice(i, i + 2000).map(row => `(${row.map(literal).join(', ')})`);
        await db.run(`INSERT INTO ${name} VALUES ${values.join(', ')}`);
      }
    },
    close: async () => db.close(),
  };
}

export async function openDedupEngine(name: DedupEngineName): Promise<DedupEngine> {
  return name === 'duckdb' ? openDuckdb() : openEngine(name);
}

/** Fraction digits of the engine's timestamp: SQLite's TEXT timestamps carry milliseconds. */
const DIGITS: Record<DedupEngineName, 6 | 3> = { duckdb: 6, postgres: 6, mysql: 6, sqlite: 3 };

const TIMESTAMP_TYPE: Record<DedupEngineName, string> = {
  duckdb: 'TIMESTAMP',
  postgres: 'TIMESTAMP(6)',
  mysql: 'DATETIME(6)',
  sqlite: 'TEXT',
};

export const KEY_COLUMNS = ['customer_id', 'region'];
export const ORDER_COLUMNS = ['updated_at', 'version'];

/**
 * Creates `customers(row_id, customer_id, region, updated_at, version, ingested_at, payload)`: the key
 * parts, then the order values (the first a timestamp), the tie-break and a column no rule reads.
 */
export async function loadRows(engine: DedupEngine, rows: readonly DedupRow[]): Promise<void> {
  const text = engine.name === 'sqlite' ? 'TEXT' : 'VARCHAR(20)';
  await engine.loadTable(
    SOURCE,
    [
      { name: 'row_id', type: 'BIGINT' },
      { name: 'customer_id', type: 'BIGINT' },
      { name: 'region', type: 'BIGINT' },
      { name: 'updated_at', type: TIMESTAMP_TYPE[engine.name] },
      { name: 'version', type: 'BIGINT' },
      { name: 'ingested_at', type: 'BIGINT' },
      { name: 'payload', type: text },
    ],
    rows.map(r => [
      r.rowId,
      r.key[0] ?? null,
      r.key[1] ?? null,
      r.order[0] === null || r.order[0] === undefined
        ? null
        : microsText(r.order[0], DIGITS[engine.name]),
      r.order[1] ?? null,
      r.tiebreak,
      r.payload,
    ]),
  );
}

/** The inputs for rows of `keyParts` key columns and `orderColumns` order columns. */
export function dedupValues(
  keyParts: number,
  orderColumns: number,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    key: KEY_COLUMNS.slice(0, keyParts).join(','),
    order_by: ORDER_COLUMNS.slice(0, orderColumns).join(','),
    ...extra,
  };
}

export function renderDedup(
  engine: DedupEngineName,
  values: Readonly<Record<string, string>>,
): RenderedPattern {
  return renderPattern({
    pattern: 'deduplication',
    dialect: engine,
    values: { source_table: SOURCE, ...values },
  });
}

/** Materialises both parts as tables (CREATE TABLE … AS <query>), each query run on its own. */
export async function materialise(engine: DedupEngine, sql: RenderedPattern): Promise<void> {
  await materialiseParts(engine, sql, [
    [DEDUPLICATED, 'deduplicated'],
    [DUPLICATES, 'duplicates'],
  ]);
}

/** The kept row ids and the duplicates' ids and ranks, read back from the materialised parts. */
export async function readOutputs(
  engine: DedupEngine,
): Promise<{ kept: number[]; duplicates: { rowId: number; rank: number }[] }> {
  const kept = await engine.query(`SELECT row_id FROM ${DEDUPLICATED}`);
  const duplicates = await engine.query(`SELECT row_id, duplicate_rank FROM ${DUPLICATES}`);
  return {
    kept: kept.map(r => Number(r.row_id)),
    duplicates: duplicates.map(r => ({ rowId: Number(r.row_id), rank: Number(r.duplicate_rank) })),
  };
}
