/**
 * Just enough of dbt to run generated models on DuckDB: the Jinja is rendered by a real Jinja
 * implementation (nunjucks) with `config`, `ref`, `source`, `var`, `is_incremental()`, `this` and
 * `run_started_at` as real functions and values, and the incremental materialization does what dbt's
 * `delete+insert` does: build the new rows, delete every target row whose unique key is among them,
 * insert them.
 */
import nunjucks from 'nunjucks';
import type { Database } from '../../src/duckdb/database';
import { loadEvents, type Unit } from './duckdbHarness';
import {
  referenceSessions,
  seededRandom,
  type ReferenceEvent,
  type ReferenceOptions,
} from './reference';

export interface DbtContext {
  /** Relation of each `source(name, table)`, keyed `name.table`. */
  readonly sources: Readonly<Record<string, string>>;
  /** Relation of each `ref(model)`; models are tables named after themselves unless listed. */
  readonly refs?: Readonly<Record<string, string>>;
  readonly vars?: Readonly<Record<string, unknown>>;
  /** The run's start; dbt gives models a UTC datetime. */
  readonly runStartedAt?: Date;
}

export interface RenderedModel {
  readonly sql: string;
  /** Keyword arguments passed to `config(...)`. */
  readonly config: Record<string, unknown>;
}

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

/** Renders one model or test file as dbt would compile it. */
export function renderJinja(
  template: string,
  context: DbtContext,
  model: { name: string; incremental: boolean },
): RenderedModel {
  const config: Record<string, unknown> = {};
  const runStartedAt = context.runStartedAt ?? new Date();
  const sql = env.renderString(template, {
    config: (kwargs: Record<string, unknown>) => {
      const { __keywords: _ignored, ...rest } = kwargs;
      Object.assign(config, rest);
      return '';
    },
    source: (name: string, table: string) => {
      const relation = context.sources[`${name}.${table}`];
      if (relation === undefined) {
        throw new Error(`source('${name}', '${table}') is not declared`);
      }
      return relation;
    },
    ref: (name: string) => context.refs?.[name] ?? name,
    var: (name: string, fallback?: unknown) => {
      const value = context.vars?.[name] ?? fallback;
      if (value === undefined) {
        throw new Error(`var('${name}') has no value and no default`);
      }
      return value;
    },
    is_incremental: () => model.incremental,
    this: model.name,
    run_started_at: {
      timestamp: () => runStartedAt.getTime() / 1000,
      strftime: () => {
        throw new Error('strftime is not needed by the generated models');
      },
    },
  });
  return { sql, config };
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${name}'`,
  );
  return Number(rows[0]?.n) > 0;
}

async function columnsOf(db: Database, name: string): Promise<string[]> {
  const rows = await db.query(`DESCRIBE ${name}`);
  return rows.map(r => String(r.column_name));
}

/**
 * Runs a model the way `dbt run` does: a full build when the table is missing or on `fullRefresh`,
 * otherwise an incremental run with the strategy and unique key from its config.
 */
export async function runDbtModel(
  db: Database,
  model: { name: string; content: string },
  context: DbtContext,
  options: { fullRefresh?: boolean } = {},
): Promise<RenderedModel & { incremental: boolean }> {
  const incremental = !options.fullRefresh && (await tableExists(db, model.name));
  const rendered = renderJinja(model.content, context, { name: model.name, incremental });
  if (rendered.config.materialized !== 'incremental') {
    throw new Error(`${model.name}: expected materialized='incremental'`);
  }
  if (!incremental) {
    await db.run(`CREATE OR REPLACE TABLE ${model.name} AS ${rendered.sql}`);
    return { ...rendered, incremental };
  }
  if (rendered.config.incremental_strategy !== 'delete+insert') {
    throw new Error(`${model.name}: only delete+insert is simulated`);
  }
  const tmp = `${model.name}__dbt_tmp`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${tmp} AS ${rendered.sql}`);
  const columns = await columnsOf(db, tmp);
  if (rendered.config.on_schema_change === 'fail') {
    const target = await columnsOf(db, model.name);
    if (target.join(',') !== columns.join(',')) {
      throw new Error(`${model.name}: schema changed (${target} → ${columns})`);
    }
  }
  const keys = rendered.config.unique_key as string | string[];
  const keyList = Array.isArray(keys) ? keys : [keys];
  await db.run(
    `DELETE FROM ${model.name} USING ${tmp} WHERE ${keyList.map(k => `${tmp}.${k} = ${model.name}.${k}`).join(' AND ')}`,
  );
  const list = columns.map(c => `"${c}"`).join(', ');
  await db.run(`INSERT INTO ${model.name} (${list}) SELECT ${list} FROM ${tmp}`);
  await db.run(`DROP TABLE ${tmp}`);
  return { ...rendered, incremental };
}

// ---- Arrival batches, shared by the dbt and plain incremental suites ----

/** An event with the run (0-based) at which it lands in the source table. */
export interface Arrival {
  readonly event: ReferenceEvent;
  readonly batch: number;
}

export const userOf = (e: ReferenceEvent) => JSON.stringify(e.key);
const usable = (e: ReferenceEvent) => e.tsMicros !== null && !e.key.some(k => k === null);

/**
 * Splits events into `batches` runs by event time, then delays some: `lateWithin` of the events in
 * the last `lookbackMicros / 2` of each chunk arrive one run later (inside the lookback), and
 * `lateOutside` of each chunk's first half arrive two runs later (far outside it).
 */
export function planArrivals(
  events: readonly ReferenceEvent[],
  options: {
    batches: number;
    lookbackMicros: number;
    seed: number;
    lateWithin: number;
    lateOutside: number;
  },
): Arrival[] {
  const rand = seededRandom(options.seed);
  const timed = events.filter(e => e.tsMicros !== null).sort((a, b) => tsOf(a) - tsOf(b));
  const chunkOf = new Map<number, number>();
  timed.forEach((e, i) => chunkOf.set(e.rowId, Math.floor((i * options.batches) / timed.length)));
  const bounds = Array.from({ length: options.batches }, (_, c) => {
    const inChunk = timed.filter(e => chunkOf.get(e.rowId) === c);
    return {
      min: tsOf(inChunk[0] as ReferenceEvent),
      max: tsOf(inChunk[inChunk.length - 1] as ReferenceEvent),
    };
  });
  return events.map(event => {
    const chunk = chunkOf.get(event.rowId);
    if (chunk === undefined) {
      return { event, batch: Math.floor(rand() * options.batches) };
    }
    const { min, max } = bounds[chunk] as { min: number; max: number };
    const ts = tsOf(event);
    if (
      chunk + 1 < options.batches &&
      ts > max - options.lookbackMicros / 2 &&
      rand() < options.lateWithin
    ) {
      return { event, batch: chunk + 1 };
    }
    if (chunk + 2 < options.batches && ts < (min + max) / 2 && rand() < options.lateOutside) {
      return { event, batch: chunk + 2 };
    }
    return { event, batch: chunk };
  });
}

const tsOf = (e: ReferenceEvent) => e.tsMicros as number;

export interface SimulationOptions extends ReferenceOptions {
  readonly lookbackMicros: number;
  /** Events later than this do not count for the watermark. */
  readonly futureLimitMicros: number;
}

function labelUsers(
  labels: Map<number, number>,
  byUser: Map<string, ReferenceEvent[]>,
  users: Iterable<string>,
  options: ReferenceOptions,
): void {
  const events = [...users].flatMap(u => byUser.get(u) ?? []);
  for (const e of events) {
    labels.delete(e.rowId);
  }
  for (const [rowId, seq] of referenceSessions(events, options)) {
    labels.set(rowId, seq);
  }
}

function groupByUser(events: readonly ReferenceEvent[]): Map<string, ReferenceEvent[]> {
  const byUser = new Map<string, ReferenceEvent[]>();
  for (const e of events.filter(usable)) {
    byUser.set(userOf(e), [...(byUser.get(userOf(e)) ?? []), e]);
  }
  return byUser;
}

/**
 * What the dbt events model holds after each run (row id → session_seq): a run relabels, from
 * everything arrived so far, every user with an event within the lookback of the watermark (the
 * latest labelled event time not beyond the future limit); other users keep their labels.
 */
export function simulateDbtRuns(
  arrivals: readonly Arrival[],
  options: SimulationOptions,
): Map<number, number>[] {
  const runs = Math.max(...arrivals.map(a => a.batch)) + 1;
  const labels = new Map<number, number>();
  const result: Map<number, number>[] = [];
  const timeOf = new Map(arrivals.map(a => [a.event.rowId, a.event.tsMicros]));
  for (let run = 0; run < runs; run++) {
    const arrived = arrivals.filter(a => a.batch <= run).map(a => a.event);
    const byUser = groupByUser(arrived);
    const watermark = Math.max(
      ...[...labels.keys()]
        .map(id => timeOf.get(id) as number)
        .filter(ts => ts <= options.futureLimitMicros),
    );
    const touched = [...byUser].filter(
      ([, events]) =>
        run === 0 ||
        !Number.isFinite(watermark) ||
        events.some(e => tsOf(e) > watermark - options.lookbackMicros),
    );
    labelUsers(
      labels,
      byUser,
      touched.map(([u]) => u),
      options,
    );
    result.push(new Map(labels));
  }
  return result;
}

/**
 * What the plain incremental script's labelled table holds after each run. Users with events in the
 * window (after watermark − lookback, the watermark being the latest non-future last event of any
 * user) are relabelled from scratch when they are new or have late events in the window, and
 * otherwise get only their events after their last labelled event appended.
 */
export function simulatePlainRuns(
  arrivals: readonly Arrival[],
  options: SimulationOptions,
): Map<number, number>[] {
  const runs = Math.max(...arrivals.map(a => a.batch)) + 1;
  const labels = new Map<number, number>();
  const result: Map<number, number>[] = [];
  for (let run = 0; run < runs; run++) {
    const arrived = arrivals.filter(a => a.batch <= run).map(a => a.event);
    const byUser = groupByUser(arrived);
    const lastOf = (events: ReferenceEvent[]) => {
      const labelled = events.filter(e => labels.has(e.rowId)).map(tsOf);
      return labelled.length === 0 ? undefined : Math.max(...labelled);
    };
    const lasts = [...byUser.values()].map(lastOf).filter((t): t is number => t !== undefined);
    const watermark = Math.max(...lasts.filter(t => t <= options.futureLimitMicros));
    const from = Number.isFinite(watermark) ? watermark - options.lookbackMicros : -Infinity;
    const relabel: string[] = [];
    for (const [user, events] of byUser) {
      if (!events.some(e => tsOf(e) > from)) {
        continue;
      }
      const last = lastOf(events);
      const inWindow = (e: ReferenceEvent) => tsOf(e) > from && tsOf(e) <= (last as number);
      if (
        last === undefined ||
        events.filter(inWindow).length !==
          events.filter(e => inWindow(e) && labels.has(e.rowId)).length
      ) {
        relabel.push(user);
        continue;
      }
      const kept = events.filter(e => labels.has(e.rowId) || tsOf(e) > last);
      for (const [rowId, seq] of referenceSessions(kept, options)) {
        labels.set(rowId, seq);
      }
    }
    labelUsers(labels, byUser, relabel, options);
    result.push(new Map(labels));
  }
  return result;
}

/** Creates `all_events` (every event) and an empty `events` of the same shape, plus `arrivals`. */
export async function stageArrivals(
  db: Database,
  arrivals: readonly Arrival[],
  unit: Unit,
): Promise<void> {
  await loadEvents(
    db,
    arrivals.map(a => a.event),
    unit,
  );
  await db.run('CREATE OR REPLACE TABLE all_events AS SELECT * FROM events');
  await db.run('DELETE FROM events');
  await db.run('CREATE OR REPLACE TABLE arrivals (row_id BIGINT, batch INTEGER)');
  for (let i = 0; i < arrivals.length; i += 5000) {
    const values = arrivals.slice(i, i + 5000).map(a => `(${a.event.rowId}, ${a.batch})`);
    await db.run(`INSERT INTO arrivals VALUES ${values.join(', ')}`);
  }
}

/** Lands one batch in `events`. */
export async function arrive(db: Database, batch: number): Promise<void> {
  await db.run(
    `INSERT INTO events SELECT all_events.* FROM all_events JOIN arrivals USING (row_id) WHERE arrivals.batch = ${batch}`,
  );
}

/** Row id → session_seq as stored in a labelled table. */
export async function labelsOf(db: Database, table: string): Promise<Map<number, number>> {
  const rows = await db.query(`SELECT row_id, session_seq FROM ${table}`);
  return new Map(rows.map(r => [Number(r.row_id), Number(r.session_seq)]));
}

/**
 * Rows of `a` not in `b` plus rows of `b` not in `a`, counting duplicates, over some columns or all.
 * Without a tie-break column, tied events may swap their gap and start flag between runs (their
 * session never changes), so such comparisons name the columns that are deterministic.
 */
export async function tableDifference(
  db: Database,
  a: string,
  b: string,
  columns = '*',
): Promise<number> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM (SELECT ${columns} FROM ${a} EXCEPT ALL SELECT ${columns} FROM ${b})) + (SELECT count(*) FROM (SELECT ${columns} FROM ${b} EXCEPT ALL SELECT ${columns} FROM ${a})) AS n`,
  );
  return Number(row?.n);
}

/** Sessions (user, session_seq) whose events landed in more than one batch: the edges a run must stitch. */
export function sessionsAcrossBatches(
  arrivals: readonly Arrival[],
  labels: ReadonlyMap<number, number>,
): number {
  const batches = new Map<string, Set<number>>();
  for (const { event, batch } of arrivals) {
    const seq = labels.get(event.rowId);
    if (seq !== undefined) {
      const key = `${userOf(event)}#${seq}`;
      batches.set(key, (batches.get(key) ?? new Set()).add(batch));
    }
  }
  return [...batches.values()].filter(b => b.size > 1).length;
}
