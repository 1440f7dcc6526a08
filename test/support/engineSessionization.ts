/**
 * Runs the rendered sessionization SQL of one dialect on its real engine (PostgreSQL, MariaDB, SQLite):
 * loads events into a table of the engine's native types, materialises the events and sessions parts,
 * and runs the data tests. The DuckDB counterpart is duckdbHarness.ts.
 */
import { getDialect, queryOf, renderPattern, type RenderedPattern } from '../../src/core';
import { timestampText, type Engine, type EngineName } from './engines';
import { referenceSessions, type ReferenceEvent, type ReferenceOptions } from './reference';

/** How event_ts is stored: a native timestamp type, or BIGINT epoch seconds / milliseconds. */
export type Storage = 'timestamp' | 'timestamptz' | 'epoch_s' | 'epoch_ms';

export const EVENTS = 'events';
export const SESSIONIZED = 'events_sessionized';
export const SESSIONS = 'events_sessions';

/** The dialect that renders SQL for each engine. */
export const DIALECT_OF: Record<EngineName, string> = {
  postgres: 'postgres',
  mysql: 'mysql',
  sqlite: 'sqlite',
};

/** Fraction digits the engine's timestamp keeps: SQLite's TEXT timestamps carry milliseconds. */
export const FRACTION_DIGITS: Record<EngineName, 6 | 3> = { postgres: 6, mysql: 6, sqlite: 3 };

/** Finest timestamp step each engine stores exactly, in microseconds. */
export const TICK_MICROS: Record<EngineName, number> = { postgres: 1, mysql: 1, sqlite: 1000 };

/** The engine's own column type for a storage. */
export function timestampType(engine: EngineName, storage: Storage): string {
  if (storage === 'epoch_s' || storage === 'epoch_ms') {
    return 'BIGINT';
  }
  if (storage === 'timestamptz') {
    if (engine !== 'postgres') {
      throw new Error(`${engine} has no TIMESTAMPTZ storage here`);
    }
    return 'TIMESTAMPTZ';
  }
  return { postgres: 'TIMESTAMP(6)', mysql: 'DATETIME(6)', sqlite: 'TEXT' }[engine];
}

/** 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) with the given number of fraction digits. */
export function microsText(micros: number, digits: 6 | 3): string {
  const seconds = Math.floor(micros / 1e6);
  const fraction = micros - seconds * 1e6;
  if (digits === 3 && fraction % 1000 !== 0) {
    throw new Error(`${micros} µs is not a whole millisecond: SQLite text keeps milliseconds`);
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return `${base}.${String(fraction).padStart(6, '0').slice(0, digits)}`;
}

/** The value bound for one event time in the given storage. */
export function timeValue(engine: EngineName, micros: number | null, storage: Storage): unknown {
  if (micros === null) {
    return null;
  }
  switch (storage) {
    case 'epoch_s':
      if (micros % 1e6 !== 0) {
        throw new Error(`${micros} µs is not a whole second`);
      }
      return micros / 1e6;
    case 'epoch_ms':
      if (micros % 1000 !== 0) {
        throw new Error(`${micros} µs is not a whole millisecond`);
      }
      return micros / 1e3;
    case 'timestamptz':
      return `${microsText(micros, 6)}+00`;
    case 'timestamp':
      return microsText(micros, FRACTION_DIGITS[engine]);
  }
}

/** Key column names for 1 or 2 key parts. */
export function keyColumns(keyParts: number): string[] {
  return keyParts === 1 ? ['user_id'] : ['user_id', 'device_id'];
}

/** Creates `events(row_id, user_id[, device_id], event_time, tiebreak)` from generated events. */
export async function loadEvents(
  engine: Engine,
  events: readonly ReferenceEvent[],
  storage: Storage,
): Promise<void> {
  const keyParts = events[0]?.key.length ?? 1;
  const firstKey = events.find(e => e.key.every(k => k !== null))?.key ?? [];
  const keys = keyColumns(keyParts).map((name, i) => ({
    name,
    type: typeof firstKey[i] === 'string' ? 'VARCHAR(40)' : 'BIGINT',
  }));
  await engine.loadTable(
    EVENTS,
    [
      { name: 'row_id', type: 'BIGINT' },
      ...keys,
      { name: 'event_time', type: timestampType(engine.name, storage) },
      { name: 'tiebreak', type: 'BIGINT' },
    ],
    events.map(e => [
      e.rowId,
      ...e.key,
      timeValue(engine.name, e.tsMicros, storage),
      e.tiebreak ?? null,
    ]),
  );
}

/** The unit input of the pattern for a storage. */
export function unitOf(storage: Storage): string {
  return storage === 'timestamptz' ? 'timestamp' : storage;
}

/** Renders sessionization for the engine's dialect, reading `events`, writing the two tables the tests read. */
export function render(
  engine: EngineName,
  values: Readonly<Record<string, string>>,
): RenderedPattern {
  return renderPattern({
    pattern: 'sessionization',
    dialect: DIALECT_OF[engine],
    values: {
      events_table: EVENTS,
      sessionized_table: SESSIONIZED,
      sessions_table: SESSIONS,
      ...values,
    },
  });
}

/** Materialises the events and sessions parts as tables (CREATE TABLE … AS <query>). */
export async function materialise(engine: Engine, sql: RenderedPattern): Promise<void> {
  await materialiseParts(engine, sql, [
    [SESSIONIZED, 'events'],
    [SESSIONS, 'sessions'],
  ]);
}

/** Stores each named part as a table, replacing it, each query run on its own. */
export async function materialiseParts(
  engine: Pick<Engine, 'exec'>,
  sql: RenderedPattern,
  tables: readonly (readonly [table: string, part: string])[],
): Promise<void> {
  for (const [table, part] of tables) {
    await engine.exec(`DROP TABLE IF EXISTS ${table}`);
    await engine.exec(`CREATE TABLE ${table} AS\n${queryOf(sql, part)}`);
  }
}

/** Rows each data test returns, by test name. The test SQL runs exactly as rendered. */
export async function runDataTests(
  engine: Pick<Engine, 'query'> & { readonly name: string },
  sql: RenderedPattern,
): Promise<Record<string, Record<string, unknown>[]>> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const test of sql.tests) {
    try {
      rows[test.name] = await engine.query(test.sql);
    } catch (error) {
      throw new Error(
        `data test ${test.name} failed to run on ${engine.name}: ${String(error)}\n${test.sql}`,
      );
    }
  }
  return rows;
}

/** Names of the error-severity tests that returned rows, with a sample row each. */
export function failingErrorTests(
  sql: RenderedPattern,
  rows: Record<string, Record<string, unknown>[]>,
): string[] {
  return sql.tests
    .filter(t => t.severity === 'error' && (rows[t.name]?.length ?? 0) > 0)
    .map(
      t => `${t.name} (${rows[t.name]?.length} rows, e.g. ${JSON.stringify(rows[t.name]?.[0])})`,
    );
}

/** row_id → session_seq read back from the materialised events part. */
export async function labels(engine: Engine): Promise<Map<number, number>> {
  const rows = await engine.query(`SELECT row_id, session_seq FROM ${SESSIONIZED}`);
  return new Map(rows.map(r => [Number(r.row_id), Number(r.session_seq)]));
}

export interface ExpectedSession {
  key: (string | number)[];
  seq: number;
  startMicros: number;
  endMicros: number;
  count: number;
  /** row_id of the first and the last event, in (time, row_id) order. */
  firstRowId: number;
  lastRowId: number;
}

/** The sessions the reference implementation derives, keyed by `JSON.stringify([...key, seq])`. */
export function referenceSessionRows(
  events: readonly ReferenceEvent[],
  options: ReferenceOptions,
): Map<string, ExpectedSession> {
  const seqs = referenceSessions(events, options);
  const sessions = new Map<string, ExpectedSession>();
  for (const event of events) {
    const seq = seqs.get(event.rowId);
    if (seq === undefined) {
      continue;
    }
    const ts = event.tsMicros as number;
    const id = JSON.stringify([...event.key, seq]);
    const s = sessions.get(id);
    if (s === undefined) {
      sessions.set(id, {
        key: event.key as (string | number)[],
        seq,
        startMicros: ts,
        endMicros: ts,
        count: 1,
        firstRowId: event.rowId,
        lastRowId: event.rowId,
      });
    } else {
      if (ts < s.startMicros || (ts === s.startMicros && event.rowId < s.firstRowId)) {
        s.firstRowId = event.rowId;
      }
      if (ts > s.endMicros || (ts === s.endMicros && event.rowId > s.lastRowId)) {
        s.lastRowId = event.rowId;
      }
      s.startMicros = Math.min(s.startMicros, ts);
      s.endMicros = Math.max(s.endMicros, ts);
      s.count++;
    }
  }
  return sessions;
}

/** The session_id the templates build: length-prefixed leading key parts, last part, session_seq. */
export function expectedSessionId(key: readonly (string | number)[], seq: number): string {
  const lead = key.slice(0, -1).map(k => `${String(k).length}:${k}-`);
  return `${lead.join('')}${key[key.length - 1]}-${seq}`;
}

/** A boolean column as the engine returns it: PostgreSQL true/false, MariaDB and SQLite 1/0. */
export function asBoolean(value: unknown): boolean {
  if (value === true || value === 1 || value === '1') {
    return true;
  }
  if (value === false || value === 0 || value === '0') {
    return false;
  }
  throw new Error(`not a boolean: ${JSON.stringify(value)}`);
}

export { timestampText };

/** SQL that moves a timestamp column by whole seconds, per engine (for deliberate corruptions). */
export function shiftSeconds(engine: EngineName, column: string, seconds: number): string {
  switch (engine) {
    case 'postgres':
      return `${column} + INTERVAL '${seconds} seconds'`;
    case 'mysql':
      return `${column} + INTERVAL ${seconds} SECOND`;
    case 'sqlite':
      return `strftime('%Y-%m-%d %H:%M:%f', ${column}, '${seconds >= 0 ? '+' : ''}${seconds} seconds')`;
  }
}

/** The dialect's own string concatenation, for corruptions that need a new text value. */
export function concatSql(engine: EngineName, parts: string[]): string {
  return getDialect(DIALECT_OF[engine]).concat(parts);
}
