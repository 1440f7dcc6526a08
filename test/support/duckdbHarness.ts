/**
 * Runs rendered DuckDB SQL on real in-memory DuckDB for tests: loads generated events as a table,
 * materialises the events and sessions parts, and runs the data tests.
 */
import { queryOf, renderPattern, type RenderedPattern } from '../../src/core';
import { Database, type Row } from '../../src/duckdb/database';
import type { ReferenceEvent } from './reference';

export type Unit = 'timestamp' | 'epoch_s' | 'epoch_ms';

/** SQL for one event's time in the given storage unit (inputs are exact integers of microseconds). */
function timeLiteral(micros: number | null, unit: Unit): string {
  if (micros === null) {
    return 'NULL';
  }
  switch (unit) {
    case 'timestamp':
      return `make_timestamp(${micros})`;
    case 'epoch_s':
      return String(micros / 1e6);
    case 'epoch_ms':
      return String(micros / 1e3);
  }
}

const keyLiteral = (v: string | number | null) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;

/** Creates `events(row_id, k1[, k2], ts, tiebreak)` from generated events. */
export async function loadEvents(
  db: Database,
  events: readonly ReferenceEvent[],
  unit: Unit,
): Promise<void> {
  const keyParts = events[0]?.key.length ?? 1;
  const keyColumns = keyParts === 1 ? ['user_id'] : ['user_id', 'device_id'];
  const firstKey = events.find(e => e.key[0] !== null)?.key ?? [];
  const keyTypes = keyColumns.map((_, i) =>
    typeof firstKey[i] === 'string' ? 'VARCHAR' : 'BIGINT',
  );
  const tsType = unit === 'timestamp' ? 'TIMESTAMP' : 'BIGINT';
  await db.run(
    `CREATE OR REPLACE TABLE events (row_id BIGINT, ${keyColumns.map((c, i) => `${c} ${keyTypes[i]}`).join(', ')}, event_time ${tsType}, tiebreak BIGINT)`,
  );
  for (let i = 0; i < events.length; i += 2000) {
    const values = events
      .slice(i, i + 2000)
      .map(
        e =>
          `(${e.rowId}, ${e.key.map(keyLiteral).join(', ')}, ${timeLiteral(e.tsMicros, unit)}, ${e.tiebreak ?? 'NULL'})`,
      );
    await db.run(`INSERT INTO events VALUES ${values.join(', ')}`);
  }
}

export interface DuckRun {
  readonly sql: RenderedPattern;
  /** row_id → session_seq from the events part. */
  readonly seqByRow: Map<number, number>;
  readonly sessions: Row[];
}

/** Renders sessionization for DuckDB and materialises `events_sessionized` and `events_sessions`. */
export async function sessionize(
  db: Database,
  values: Readonly<Record<string, string>>,
): Promise<DuckRun> {
  const sql = renderPattern({
    pattern: 'sessionization',
    dialect: 'duckdb',
    values: { events_table: 'events', ...values },
  });
  await db.run(`CREATE OR REPLACE TABLE events_sessionized AS ${queryOf(sql, 'events')}`);
  await db.run(`CREATE OR REPLACE TABLE events_sessions AS ${queryOf(sql, 'sessions')}`);
  const rows = await db.query('SELECT row_id, session_seq FROM events_sessionized');
  const seqByRow = new Map(rows.map(r => [Number(r.row_id), Number(r.session_seq)]));
  return { sql, seqByRow, sessions: await db.query('SELECT * FROM events_sessions') };
}

/** Number of rows each data test returns, by test name. */
export async function runDataTests(
  db: Database,
  sql: RenderedPattern,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const test of sql.tests) {
    const [row] = await db.query(`SELECT count(*) AS n FROM (\n${test.sql}\n) AS t`);
    counts[test.name] = Number(row?.n);
  }
  return counts;
}
