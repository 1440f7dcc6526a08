/**
 * Runs the rendered funnel SQL of one dialect on its real engine (DuckDB, PostgreSQL, MariaDB, SQLite):
 * loads events into a table of the engine's native types, materialises the user_steps and funnel parts,
 * reads them back in the reference's terms and runs the data tests.
 */
import assert from 'node:assert/strict';
import { queryOf, renderPattern, type RenderedPattern } from '../../src/core';
import type { Database } from '../../src/duckdb/database';
import { timestampText, type Engine, type EngineName } from './engines';
import {
  failingErrorTests,
  keyColumns,
  microsText,
  runDataTests,
  timestampType,
  timeValue,
  type Storage,
} from './engineSessionization';

/** The data tests run as sessionization's are: every rendered test, its rows by name. */
export { failingErrorTests as failingFunnelTests, runDataTests as runFunnelTests };
import type { FunnelEvent, ReferenceFunnelRow, ReferenceUserSteps } from './funnelReference';

export const EVENTS = 'events';
export const USER_STEPS = 'events_user_steps';
export const FUNNEL = 'events_funnel';

/** What the funnel tests need of an engine: DuckDB through `duckRunner`, the others as they are. */
export type Runner = Pick<Engine, 'exec' | 'query' | 'loadTable'> & {
  readonly name: EngineName | 'duckdb';
};

const duckLiteral = (value: unknown): string =>
  value === null || value === undefined
    ? 'NULL'
    : typeof value === 'number'
      ? String(value)
      : `'${String(value).replaceAll("'", "''")}'`;

/** In-memory DuckDB as a runner; rows are inserted as literals (DuckDB reads no backslash escapes). */
export function duckRunner(db: Database): Runner {
  return {
    name: 'duckdb',
    exec: sql => db.run(sql),
    query: sql => db.query(sql),
    async loadTable(name, columns, rows) {
      await db.run(
        `CREATE OR REPLACE TABLE ${name} (${columns.map(c => `${c.name} ${c.type}`).join(', ')})`,
      );
      for (let i = 0; i < rows.length; i += 1000) {
        const values = rows.slice(i, i + 1000).map(r => `(${r.map(duckLiteral).join(', ')})`);
        if (values.length > 0) {
          await db.run(`INSERT INTO ${name} VALUES ${values.join(', ')}`);
        }
      }
    },
  };
}

function columnType(runner: Runner, storage: Storage): string {
  if (runner.name !== 'duckdb') {
    return timestampType(runner.name, storage);
  }
  return {
    timestamp: 'TIMESTAMP',
    timestamptz: 'TIMESTAMPTZ',
    epoch_s: 'BIGINT',
    epoch_ms: 'BIGINT',
  }[storage];
}

/** Creates `events(row_id, user_id[, device_id], event_time, event_name)`. */
export async function loadFunnelEvents(
  runner: Runner,
  events: readonly FunnelEvent[],
  storage: Storage,
): Promise<void> {
  const keyParts = events[0]?.key.length ?? 1;
  const firstKey = events.find(e => e.key.every(k => k !== null))?.key ?? [];
  const keys = keyColumns(keyParts).map((name, i) => ({
    name,
    type: typeof firstKey[i] === 'string' ? 'VARCHAR(40)' : 'BIGINT',
  }));
  // DuckDB binds a timestamp as text; the other engines take timeValue's own.
  const time = (micros: number | null) =>
    runner.name === 'duckdb'
      ? micros === null
        ? null
        : storage === 'epoch_s'
          ? micros / 1e6
          : storage === 'epoch_ms'
            ? micros / 1e3
            : `${microsText(micros, 6)}${storage === 'timestamptz' ? '+00' : ''}`
      : timeValue(runner.name, micros, storage);
  await runner.loadTable(
    EVENTS,
    [
      { name: 'row_id', type: 'BIGINT' },
      ...keys,
      { name: 'event_time', type: columnType(runner, storage) },
      { name: 'event_name', type: 'VARCHAR(60)' },
    ],
    events.map(e => [e.rowId, ...e.key, time(e.tsMicros), e.name]),
  );
}

/** Steps as the `steps=` input writes them: every name quoted, a quote inside doubled. */
export function stepsInput(steps: readonly string[]): string {
  return steps.map(s => `'${s.replaceAll("'", "''")}'`).join(',');
}

export function renderFunnel(
  dialect: string,
  values: Readonly<Record<string, string>>,
): RenderedPattern {
  return renderPattern({
    pattern: 'funnel',
    dialect,
    values: {
      events_table: EVENTS,
      user_steps_table: USER_STEPS,
      funnel_table: FUNNEL,
      event_ts: 'event_time',
      event_name: 'event_name',
      ...values,
    },
  });
}

/** CREATE TABLE … AS each part, as a user (or the script format) stores them for the tests. */
export async function materialiseFunnel(runner: Runner, sql: RenderedPattern): Promise<void> {
  for (const [table, part] of [
    [USER_STEPS, 'user_steps'],
    [FUNNEL, 'funnel'],
  ] as const) {
    await runner.exec(`DROP TABLE IF EXISTS ${table}`);
    await runner.exec(`CREATE TABLE ${table} AS\n${queryOf(sql, part)}`);
  }
}

const timeOrNull = (value: unknown) =>
  value === null || value === undefined ? null : timestampText(value);
const microsOrNull = (micros: number | null) => (micros === null ? null : microsText(micros, 6));

/** user_steps read back equals the reference, user for user, time for time. */
export async function assertUserSteps(
  runner: Runner,
  expected: ReadonlyMap<string, ReferenceUserSteps>,
  keyParts: number,
  stepCount: number,
): Promise<void> {
  const rows = await runner.query(`SELECT * FROM ${USER_STEPS}`);
  const columns = keyColumns(keyParts);
  const later = Array.from({ length: stepCount - 1 }, (_, i) => `step_${i + 2}_at`);
  const got = new Map(
    rows.map(row => [
      // Keys as text: DuckDB's JSON rows give a BIGINT as a string.
      JSON.stringify(columns.map(c => String(row[c]))),
      {
        entered: timeOrNull(row.entered_at),
        steps: later.map(c => timeOrNull(row[c])),
        furthest: Number(row.furthest_step),
      },
    ]),
  );
  const mismatches: string[] = [];
  for (const want of expected.values()) {
    const user = JSON.stringify(want.key.map(String));
    const wanted = {
      entered: microsText(want.enteredAt, 6),
      steps: want.stepAt.map(microsOrNull),
      furthest: want.furthest,
    };
    if (JSON.stringify(got.get(user)) !== JSON.stringify(wanted)) {
      mismatches.push(
        `${user}: got ${JSON.stringify(got.get(user))}, want ${JSON.stringify(wanted)}`,
      );
    }
  }
  assert.deepEqual(
    mismatches.slice(0, 5),
    [],
    `${mismatches.length} users differ from the reference`,
  );
  assert.equal(rows.length, expected.size, 'one user_steps row per user with a step-1 event');
}

/** The funnel part read back equals the reference's rows, conversions as floating fractions. */
export async function assertFunnel(
  runner: Runner,
  expected: readonly ReferenceFunnelRow[],
): Promise<void> {
  const rows = await runner.query(`SELECT * FROM ${FUNNEL} ORDER BY step`);
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const close = (a: number | null, b: number | null) =>
    a === null || b === null ? a === b : Math.abs(a - b) < 1e-12;
  const got = rows.map(r => ({
    step: Number(r.step),
    name: r.step_name,
    users: Number(r.users),
    fromPrevious: number(r.conversion_from_previous),
    fromFirst: number(r.conversion_from_first),
  }));
  assert.deepEqual(
    got.map(r => [r.step, r.name, r.users]),
    expected.map(r => [r.step, r.name, r.users]),
    'steps, names (escaped and read back) and users',
  );
  got.forEach((r, i) => {
    const want = expected[i] as ReferenceFunnelRow;
    assert.ok(
      close(r.fromPrevious, want.fromPrevious) && close(r.fromFirst, want.fromFirst),
      `step ${r.step} conversions: got ${r.fromPrevious}, ${r.fromFirst}; want ${want.fromPrevious}, ${want.fromFirst}`,
    );
  });
}
