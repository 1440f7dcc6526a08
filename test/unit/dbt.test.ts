/**
 * The dbt models, rendered by a real Jinja implementation and run on real DuckDB as dbt's incremental
 * delete+insert would run them, batch by batch with late events: every event's session_seq and
 * session_id equal a full run and the reference implementation.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { InvalidInputError, queryOf, renderPattern } from '../../src/core';
import {
  dbtDialects,
  renderDbtProject,
  type DbtProject,
} from '../../src/core/patterns/sessionization/formats/dbt';
import { sessionization } from '../../src/core/patterns/sessionization/sessionization.pattern';
import { Database } from '../../src/duckdb/database';
import type { Unit } from '../support/duckdbHarness';
import {
  arrive,
  labelsOf,
  planArrivals,
  renderJinja,
  runDbtModel,
  sessionsAcrossBatches,
  simulateDbtRuns,
  stageArrivals,
  tableDifference,
  type Arrival,
  type DbtContext,
} from '../support/jinja';
import { generateEvents, referenceSessions, type ReferenceEvent } from '../support/reference';

const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
const MINUTE = 60e6;

function fileOf(project: DbtProject, path: string): { name: string; content: string } {
  const file = project.files.find(f => f.path === path);
  assert.ok(file, `${path} is rendered`);
  return { name: path.replace(/^.*\/|\.sql$/g, ''), content: file.content };
}

/** Runs both models once, in dependency order, as one `dbt run` invocation. */
async function dbtRun(
  db: Database,
  project: DbtProject,
  context: DbtContext,
  options: { fullRefresh?: boolean } = {},
): Promise<void> {
  const runStartedAt = new Date();
  for (const model of [project.models.sessionized, project.models.sessions]) {
    await runDbtModel(
      db,
      fileOf(project, `models/${model}.sql`),
      { ...context, runStartedAt },
      options,
    );
  }
}

/** Rows each singular test returns, by file. */
async function runSingularTests(
  db: Database,
  project: DbtProject,
  context: DbtContext,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const file of project.files.filter(f => f.path.startsWith('tests/'))) {
    const { sql } = renderJinja(file.content, context, { name: 'test', incremental: false });
    const [row] = await db.query(`SELECT count(*) AS n FROM (\n${sql}\n) AS t`);
    counts[file.path.replace(/^tests\/|\.sql$/g, '')] = Number(row?.n);
  }
  return counts;
}

/** Future-dated events (year 2099) for a few users: they must not stall the watermark. */
function withFutureEvents(events: ReferenceEvent[], count: number): ReferenceEvent[] {
  const future = Date.UTC(2099, 0, 1) * 1000;
  const keyed = events.filter(e => e.tsMicros !== null && !e.key.includes(null));
  const extra = Array.from({ length: count }, (_, i) => ({
    ...(keyed[i * 37] as ReferenceEvent),
    rowId: 1_000_000 + i,
    tsMicros: future + i * MINUTE,
  }));
  return [...events, ...extra];
}

interface Case {
  readonly name: string;
  readonly unit: Unit;
  readonly keyParts: number;
  readonly granularity: number;
  readonly values: Record<string, string>;
  readonly maxMinutes?: number;
  readonly midnight?: string;
}

/** Every column when ties are ordered; otherwise the columns ties cannot change. */
const labelColumns = (c: Case) =>
  c.values.order_tiebreak === undefined ? 'row_id, session_seq, session_id' : '*';

const cases: Case[] = [
  {
    name: 'timestamps with a tie-break column',
    unit: 'timestamp',
    keyParts: 1,
    granularity: 1,
    values: { order_tiebreak: 'tiebreak' },
  },
  {
    name: 'composite key, epoch milliseconds',
    unit: 'epoch_ms',
    keyParts: 2,
    granularity: 1000,
    values: {},
  },
  {
    name: 'epoch seconds with max_session_minutes and bot flags',
    unit: 'epoch_s',
    keyParts: 1,
    granularity: 1e6,
    values: { max_session_minutes: '90', bot_max_events: '8' },
    maxMinutes: 90,
  },
  {
    name: 'midnight split in Europe/Paris, composite key',
    unit: 'timestamp',
    keyParts: 2,
    granularity: 1,
    values: { split_at_midnight_tz: 'Europe/Paris', order_tiebreak: 'tiebreak' },
    midnight: 'Europe/Paris',
  },
];

describe('dbt models: incremental runs agree with a full run', function () {
  this.timeout(300_000);
  let db: Database;
  before(async () => {
    db = await Database.open({ threads: 2 });
  });
  after(() => db.close());

  const lookbackMinutes = 60;
  const context: DbtContext = { sources: { 'app.events': 'events' } };

  async function scenario(c: Case, seed: number, lateOutside: number) {
    const events = withFutureEvents(
      generateEvents(seed, {
        users: 800,
        maxEventsPerUser: 12,
        timeoutSeconds: 30 * 60,
        keyParts: c.keyParts,
        nulls: true,
        granularityMicros: c.granularity,
      }),
      5,
    );
    const arrivals: Arrival[] = planArrivals(events, {
      batches: 4,
      lookbackMicros: lookbackMinutes * MINUTE,
      seed,
      lateWithin: 0.5,
      lateOutside,
    }).map(a =>
      // The future-dated events land in the second run, so that runs 3 and 4 would stall on them.
      a.event.rowId >= 1_000_000 ? { ...a, batch: 1 } : a,
    );
    await stageArrivals(db, arrivals, c.unit);
    await db.run('DROP TABLE IF EXISTS events_sessionized; DROP TABLE IF EXISTS events_sessions');
    const values = {
      dbt_source: 'app.events',
      user_key: c.keyParts === 1 ? 'user_id' : 'user_id, device_id',
      event_ts: 'event_time',
      event_ts_unit: c.unit,
      lookback_minutes: String(lookbackMinutes),
      ...c.values,
    };
    const project = renderDbtProject(sessionization, {
      pattern: 'sessionization',
      dialect: 'duckdb',
      values,
    });
    const full = renderPattern({
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: {
        events_table: 'events',
        ...Object.fromEntries(
          Object.entries(values).filter(([k]) => !k.startsWith('dbt_') && k !== 'lookback_minutes'),
        ),
      },
    });
    const options = {
      timeoutSeconds: 30 * 60,
      maxSessionSeconds: c.maxMinutes === undefined ? undefined : c.maxMinutes * 60,
      midnightTimeZone: c.midnight,
    };
    const expected = simulateDbtRuns(arrivals, {
      ...options,
      lookbackMicros: lookbackMinutes * MINUTE,
      futureLimitMicros: Date.now() * 1000 + 60 * MINUTE,
    });
    return { arrivals, project, full, options, expected };
  }

  for (const c of cases) {
    it(`${c.name}: late events within the lookback, batch by batch`, async () => {
      const { arrivals, project, full, options, expected } = await scenario(c, 11, 0);
      for (let batch = 0; batch < 4; batch++) {
        await arrive(db, batch);
        await dbtRun(db, project, context);
        const arrived = arrivals.filter(a => a.batch <= batch).map(a => a.event);
        const reference = referenceSessions(arrived, options);
        assert.deepEqual(
          await labelsOf(db, 'events_sessionized'),
          reference,
          `run ${batch + 1} vs reference`,
        );
        assert.deepEqual(expected[batch], reference, 'the simulation agrees');
        await db.run(`CREATE OR REPLACE TABLE full_sessionized AS ${queryOf(full, 'events')}`);
        await db.run(`CREATE OR REPLACE TABLE full_sessions AS ${queryOf(full, 'sessions')}`);
        assert.equal(
          await tableDifference(db, 'events_sessionized', 'full_sessionized', labelColumns(c)),
          0,
          `run ${batch + 1}: events equal a full run, session_id included`,
        );
        assert.equal(
          await tableDifference(db, 'events_sessions', 'full_sessions'),
          0,
          `run ${batch + 1}: sessions equal a full run`,
        );
        const failing = Object.entries(await runSingularTests(db, project, context)).filter(
          ([name, rows]) => rows > 0 && !/future_dated_events|rows_with_null/.test(name),
        );
        assert.deepEqual(failing, [], 'singular tests return no rows');
      }
      const final = referenceSessions(
        arrivals.map(a => a.event),
        options,
      );
      assert.ok(sessionsAcrossBatches(arrivals, final) > 20, 'sessions cross the runs’ edges');
    });
  }

  it('late events older than the lookback wait until their user is relabelled, a wider lookback catches them up', async () => {
    const c = cases[0] as Case;
    const { arrivals, project, full, expected } = await scenario(c, 23, 0.05);
    let pending = 0;
    for (let batch = 0; batch < 4; batch++) {
      await arrive(db, batch);
      await dbtRun(db, project, context);
      const labels = await labelsOf(db, 'events_sessionized');
      assert.deepEqual(
        labels,
        expected[batch],
        `run ${batch + 1} labels exactly what the rule says`,
      );
      const tests = await runSingularTests(db, project, context);
      pending = tests.events_no_events_lost as number;
      assert.equal(tests.events_sessions_match_events, 0, 'sessions follow the events model');
    }
    const arrived = arrivals.map(a => a.event);
    assert.ok(pending > 0, 'some users still miss a late event: no_events_lost reports them');
    // The documented catch-up: one run with a lookback wide enough to reach the late events.
    await dbtRun(db, project, {
      ...context,
      vars: { sessionization_lookback_minutes: 7 * 24 * 60 },
    });
    await db.run(`CREATE OR REPLACE TABLE full_sessionized AS ${queryOf(full, 'events')}`);
    await db.run(`CREATE OR REPLACE TABLE full_sessions AS ${queryOf(full, 'sessions')}`);
    assert.equal(await tableDifference(db, 'events_sessionized', 'full_sessionized'), 0);
    assert.equal(await tableDifference(db, 'events_sessions', 'full_sessions'), 0);
    assert.deepEqual(
      await labelsOf(db, 'events_sessionized'),
      referenceSessions(arrived, { timeoutSeconds: 1800 }),
    );
    const after = await runSingularTests(db, project, context);
    assert.equal(after.events_no_events_lost, 0);
  });

  it('future-dated events cannot stall the watermark (control: a clock past them stalls it)', async () => {
    const { arrivals, project, options } = await scenario(cases[0] as Case, 31, 0);
    const pastTheBadEvents = { ...context, runStartedAt: new Date(Date.UTC(2100, 0, 1)) };
    for (let batch = 0; batch < 4; batch++) {
      await arrive(db, batch);
      for (const model of [project.models.sessionized, project.models.sessions]) {
        await runDbtModel(db, fileOf(project, `models/${model}.sql`), pastTheBadEvents);
      }
    }
    const reference = referenceSessions(
      arrivals.map(a => a.event),
      options,
    );
    const labels = await labelsOf(db, 'events_sessionized');
    assert.ok(
      labels.size < reference.size,
      'with the 2099 events counted, later batches are never loaded',
    );
  });

  it('a full refresh rebuilds both models from scratch', async () => {
    const { project, full } = await scenario(cases[1] as Case, 5, 0.05);
    for (let batch = 0; batch < 4; batch++) {
      await arrive(db, batch);
      await dbtRun(db, project, context);
    }
    await dbtRun(db, project, context, { fullRefresh: true });
    await db.run(`CREATE OR REPLACE TABLE full_sessionized AS ${queryOf(full, 'events')}`);
    const columns = labelColumns(cases[1] as Case);
    assert.equal(await tableDifference(db, 'events_sessionized', 'full_sessionized', columns), 0);
  });

  it('renders schema.yml that parses, with tests on session_id', () => {
    const project = renderDbtProject(sessionization, {
      pattern: 'sessionization',
      dialect: 'snowflake',
      values: {
        dbt_ref: 'stg_events',
        user_key: 'user_id',
        event_ts: 'event_time',
        session_attributes: 'page',
        bot_max_events: '500',
      },
    });
    const schema = yaml.load(fileOf(project, 'models/schema.yml').content) as {
      version: number;
      models: { name: string; columns: { name: string; data_tests?: string[] }[] }[];
    };
    assert.equal(schema.version, 2);
    assert.deepEqual(
      schema.models.map(m => m.name),
      ['stg_events_sessionized', 'stg_events_sessions'],
    );
    const sessionId = schema.models[1]?.columns.find(c => c.name === 'session_id');
    assert.deepEqual(sessionId?.data_tests, ['unique', 'not_null']);
    assert.ok(schema.models[1]?.columns.some(c => c.name === 'is_bot'));
    assert.ok(schema.models[1]?.columns.some(c => c.name === 'first_page'));
    const model = fileOf(project, 'models/stg_events_sessionized.sql').content;
    assert.match(model, /FROM\s+\{\{ ref\('stg_events'\) \}\} AS src/);
    assert.match(model, /unique_key=\['user_id'\]/);
  });

  it('renders models and tests that compile as Jinja for every supported dialect', () => {
    for (const dialect of dbtDialects) {
      for (const unit of ['timestamp', 'epoch_s', 'epoch_ms']) {
        const project = renderDbtProject(sessionization, {
          pattern: 'sessionization',
          dialect,
          values: {
            dbt_source: 'app.events',
            user_key: 'user_id, device_id',
            event_ts: 'event_time',
            event_ts_unit: unit,
            max_session_minutes: '240',
            session_attributes: 'page',
          },
        });
        for (const file of project.files.filter(f => f.path.endsWith('.sql'))) {
          for (const incremental of [false, true]) {
            const { sql, config } = renderJinja(file.content, context, {
              name: 'target',
              incremental,
            });
            assert.doesNotMatch(sql, /\{\{|\{%|%\}/, `${dialect} ${file.path}: no Jinja left`);
            if (file.path.startsWith('models/')) {
              assert.deepEqual(config.unique_key, ['user_id', 'device_id']);
              assert.equal(
                sql.includes('users_to_'),
                incremental,
                'the user filter is incremental only',
              );
            }
          }
        }
      }
    }
  });

  it('names the inputs it refuses', () => {
    const render = (dialect: string, values: Record<string, string>) => () =>
      renderDbtProject(sessionization, {
        pattern: 'sessionization',
        dialect,
        values: { user_key: 'user_id', event_ts: 'ts', ...values },
      });
    assert.throws(
      render('duckdb', {}),
      (e: Error) =>
        e instanceof InvalidInputError && /dbt_source: dbt models need the events/.test(e.message),
    );
    assert.throws(
      render('duckdb', { dbt_source: 'events' }),
      /dbt_source: must be <source name>.<table name>/,
    );
    assert.throws(
      render('duckdb', { dbt_source: 'app.events', dbt_ref: 'stg' }),
      /dbt_ref: give dbt_source or dbt_ref, not both/,
    );
    assert.throws(render('duckdb', { dbt_ref: '"my model"' }), /dbt_ref: must be dbt names/);
    assert.throws(
      render('duckdb', { dbt_ref: 'stg', sessions_table: 'x' }),
      /sessions_table: is not used by dbt models/,
    );
    assert.throws(
      render('duckdb', { dbt_ref: 'stg', user_key: '"a{{b"' }),
      /user_key: must not contain \{ or \}/,
    );
    assert.throws(
      render('bigquery', { dbt_ref: 'stg' }),
      /dialect: bigquery is not supported for this format .*supported: duckdb, postgres/,
    );
    assert.throws(
      render('duckdb', { dbt_ref: 'stg', lookback_minutes: '0' }),
      /lookback_minutes: must be greater than 0/,
    );
    // source() takes two names: a one- or three-part events_table has no dbt spelling.
    for (const table of ['events', 'prod.analytics.events']) {
      assert.throws(render('duckdb', { events_table: table }), {
        message: new RegExp(
          `^events_table: "${table}" has ${table.split('.').length} parts?; dbt reads a source as source\\('<source>', '<table>'\\)`,
        ),
      });
    }
    assert.throws(render('duckdb', { dbt_source: 'prod.analytics.events' }), /dbt_source: must be/);
  });

  it('marks every column the SQL quotes with quote: true in schema.yml (reserved words included)', () => {
    for (const dialect of dbtDialects) {
      const project = renderDbtProject(sessionization, {
        pattern: 'sessionization',
        dialect,
        values: {
          dbt_source: 'app.events',
          user_key: 'user, "Device Id"',
          event_ts: 'event_time',
          session_attributes: 'order, page',
        },
      });
      const schema = yaml.load(fileOf(project, 'models/schema.yml').content) as {
        models: { columns: { name: string; quote?: boolean }[] }[];
      };
      const quotedNames = (schema.models[1]?.columns ?? [])
        .filter(c => c.quote === true)
        .map(c => c.name);
      // user is reserved, "Device Id" quoted by the user; first_order and last_order are plain names.
      assert.deepEqual(quotedNames, ['user', 'Device Id'], dialect);
    }
  });
});
