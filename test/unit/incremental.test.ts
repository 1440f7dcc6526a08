/**
 * The plain incremental script, run batch by batch on real DuckDB with late events: every event's
 * session_seq and session_id equal a full run and the reference implementation, and the sessions
 * table and the state stay consistent with the labelled events.
 */
import assert from 'node:assert/strict';
import { InvalidInputError, queryOf, renderPattern } from '../../src/core';
import {
  renderIncremental,
  type IncrementalScript,
} from '../../src/core/patterns/sessionization/formats/incremental';
import { sessionization } from '../../src/core/patterns/sessionization/sessionization.pattern';
import { Database } from '../../src/duckdb/database';
import { runDataTests, type Unit } from '../support/duckdbHarness';
import {
  arrive,
  labelsOf,
  planArrivals,
  sessionsAcrossBatches,
  simulatePlainRuns,
  stageArrivals,
  tableDifference,
} from '../support/jinja';
import { openEngine, type Engine } from '../support/engines';
import {
  generateEvents,
  referenceSessions,
  type ReferenceEvent,
  type ReferenceOptions,
} from '../support/reference';

const MINUTE = 60e6;

interface Case {
  readonly name: string;
  readonly unit: Unit;
  readonly keyParts: number;
  readonly granularity: number;
  readonly values: Record<string, string>;
  readonly maxMinutes?: number;
  readonly midnight?: string;
}

const cases: Case[] = [
  {
    name: 'timestamps with a tie-break column',
    unit: 'timestamp',
    keyParts: 1,
    granularity: 1,
    values: { order_tiebreak: 'tiebreak', session_attributes: 'tiebreak' },
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
    values: { max_session_minutes: '90', bot_max_minutes: '60' },
    maxMinutes: 90,
  },
  {
    name: 'max_session_minutes and a midnight split, composite key',
    unit: 'timestamp',
    keyParts: 2,
    granularity: 1,
    values: {
      max_session_minutes: '45',
      split_at_midnight_tz: 'America/New_York',
      order_tiebreak: 'tiebreak',
    },
    maxMinutes: 45,
    midnight: 'America/New_York',
  },
];

const labelColumns = (c: Case) =>
  c.values.order_tiebreak === undefined ? 'row_id, session_seq, session_id' : '*';

interface RunStats {
  appended: number;
  relabelled: number;
  /** Appended users whose first new event continued their last session. */
  continued: number;
}

/** One scheduled run: every statement in one transaction; counts how users were handled. */
async function runScript(db: Database, script: IncrementalScript, c?: Case): Promise<RunStats> {
  const stats: RunStats = { appended: 0, relabelled: 0, continued: 0 };
  await db.run('BEGIN');
  try {
    for (const statement of script.statements) {
      if (statement.name === 'drop_changed_sessions' && c !== undefined) {
        const keys = c.keyParts === 1 ? ['user_id'] : ['user_id', 'device_id'];
        const match = keys.map((k, i) => `b.${k} = bu.prior_key_${i + 1}`).join(' AND ');
        const [row] = await db.query(`SELECT
          (SELECT count(*) FROM events_sessionized_state_batch_users WHERE relabel = 0) AS appended,
          (SELECT count(*) FROM events_sessionized_state_batch_users WHERE relabel = 1) AS relabelled,
          (SELECT count(DISTINCT bu.prior_key_1) FROM events_sessionized_state_batch AS b
            JOIN events_sessionized_state_batch_users AS bu ON ${match}
            WHERE bu.relabel = 0 AND b.session_seq = bu.prior_session_seq) AS continued`);
        stats.appended = Number(row?.appended);
        stats.relabelled = Number(row?.relabelled);
        stats.continued = Number(row?.continued);
      }
      await db.run(statement.sql);
    }
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  }
  return stats;
}

function withFutureEvents(events: ReferenceEvent[], count: number): ReferenceEvent[] {
  const future = Date.UTC(2099, 0, 1) * 1000;
  const keyed = events.filter(e => e.tsMicros !== null && !e.key.includes(null));
  return [
    ...events,
    ...Array.from({ length: count }, (_, i) => ({
      ...(keyed[i * 41] as ReferenceEvent),
      rowId: 1_000_000 + i,
      tsMicros: future + i * MINUTE,
    })),
  ];
}

describe('plain incremental SQL: batch by batch equals a full run', function () {
  this.timeout(300_000);
  let db: Database;
  before(async () => {
    db = await Database.open({ threads: 2 });
  });
  after(() => db.close());

  const lookbackMinutes = 60;

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
    const arrivals = planArrivals(events, {
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
    for (const t of [
      'events_sessionized',
      'events_sessions',
      'events_sessionized_state',
      'events_sessionized_reprocess',
    ]) {
      await db.run(`DROP TABLE IF EXISTS ${t}`);
    }
    const values = {
      events_table: 'events',
      user_key: c.keyParts === 1 ? 'user_id' : 'user_id, device_id',
      event_ts: 'event_time',
      event_ts_unit: c.unit,
      ...c.values,
    };
    const script = renderIncremental(sessionization, {
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: { ...values, lookback_minutes: String(lookbackMinutes) },
    });
    const full = renderPattern({
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: { ...values, sessionized_table: 'full_sessionized', sessions_table: 'full_sessions' },
    });
    const checks = renderPattern({ pattern: 'sessionization', dialect: 'duckdb', values });
    const options = {
      timeoutSeconds: 30 * 60,
      maxSessionSeconds: c.maxMinutes === undefined ? undefined : c.maxMinutes * 60,
      midnightTimeZone: c.midnight,
    };
    const expected = simulatePlainRuns(arrivals, {
      ...options,
      lookbackMicros: lookbackMinutes * MINUTE,
      futureLimitMicros: Date.now() * 1000 + 60 * MINUTE,
    });
    return { arrivals, script, full, checks, options, expected };
  }

  async function buildFullRun(full: ReturnType<typeof renderPattern>): Promise<void> {
    await db.run(`CREATE OR REPLACE TABLE full_sessionized AS ${queryOf(full, 'events')}`);
    await db.run(`CREATE OR REPLACE TABLE full_sessions AS ${queryOf(full, 'sessions')}`);
  }

  /** The state says where each user's labelled history ends: last event and highest session. */
  async function assertStateConsistent(c: Case): Promise<void> {
    const keys = c.keyParts === 1 ? 'user_id' : 'user_id, device_id';
    const derived = `SELECT ${keys}, max(event_time) AS t, max(session_seq) AS s FROM events_sessionized GROUP BY ${keys}`;
    const stored = `SELECT ${keys}, last_event_ts AS t, last_session_seq AS s FROM events_sessionized_state`;
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM (${derived} EXCEPT ${stored})) + (SELECT count(*) FROM (${stored} EXCEPT ${derived})) AS n`,
    );
    assert.equal(Number(row?.n), 0, 'state rows match the labelled events');
  }

  for (const c of cases) {
    it(`${c.name}: late events within the lookback`, async () => {
      const { arrivals, script, full, checks, options, expected } = await scenario(c, 7, 0);
      const totals = { appended: 0, relabelled: 0, continued: 0 };
      for (let batch = 0; batch < 4; batch++) {
        await arrive(db, batch);
        const stats = await runScript(db, script, c);
        if (batch > 0) {
          totals.appended += stats.appended;
          totals.relabelled += stats.relabelled;
          totals.continued += stats.continued;
        }
        const reference = referenceSessions(
          arrivals.filter(a => a.batch <= batch).map(a => a.event),
          options,
        );
        assert.deepEqual(expected[batch], reference, 'the simulation agrees with a full run');
        assert.deepEqual(
          await labelsOf(db, 'events_sessionized'),
          reference,
          `run ${batch + 1} vs reference`,
        );
        await buildFullRun(full);
        assert.equal(
          await tableDifference(db, 'events_sessionized', 'full_sessionized', labelColumns(c)),
          0,
          `run ${batch + 1}: events equal a full run`,
        );
        assert.equal(
          await tableDifference(db, 'events_sessions', 'full_sessions'),
          0,
          `run ${batch + 1}: sessions equal a full run`,
        );
        await assertStateConsistent(c);
        const failing = Object.entries(await runDataTests(db, checks)).filter(
          ([name, rows]) => rows > 0 && !/future_dated_events|rows_with_null/.test(name),
        );
        assert.deepEqual(failing, [], 'data tests return no rows');
      }
      // Both paths ran, and sessions crossing a run's edge were continued from the state.
      assert.ok(
        totals.appended > 50 && totals.relabelled > 20 && totals.continued > 10,
        JSON.stringify(totals),
      );
      const final = referenceSessions(
        arrivals.map(a => a.event),
        options,
      );
      assert.ok(sessionsAcrossBatches(arrivals, final) > 20, 'sessions cross the runs’ edges');
    });
  }

  it('late events older than the lookback wait for the reprocess queue', async () => {
    const c = cases[0] as Case;
    const { script, full, checks, expected } = await scenario(c, 29, 0.05);
    for (let batch = 0; batch < 4; batch++) {
      await arrive(db, batch);
      await runScript(db, script);
      assert.deepEqual(
        await labelsOf(db, 'events_sessionized'),
        expected[batch],
        `run ${batch + 1}`,
      );
    }
    const lost = (await runDataTests(db, checks)).no_events_lost as number;
    assert.ok(lost > 0, 'no_events_lost reports the users whose late events are not labelled yet');
    // The documented procedure: queue the users of the late rows, run again.
    await db.run(`INSERT INTO events_sessionized_reprocess
      SELECT DISTINCT user_id FROM events AS e
      WHERE user_id IS NOT NULL AND event_time IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM events_sessionized AS s WHERE s.row_id = e.row_id)`);
    await runScript(db, script);
    await buildFullRun(full);
    assert.equal(await tableDifference(db, 'events_sessionized', 'full_sessionized'), 0);
    assert.equal(await tableDifference(db, 'events_sessions', 'full_sessions'), 0);
    const [queued] = await db.query('SELECT count(*) AS n FROM events_sessionized_reprocess');
    assert.equal(Number(queued?.n), 0, 'the queue is emptied');
  });

  it('a run with nothing new changes nothing', async () => {
    const c = cases[1] as Case;
    const { script } = await scenario(c, 3, 0);
    for (let batch = 0; batch < 4; batch++) {
      await arrive(db, batch);
    }
    await runScript(db, script);
    await db.run('CREATE OR REPLACE TABLE before_rerun AS SELECT * FROM events_sessionized');
    await runScript(db, script);
    assert.equal(await tableDifference(db, 'events_sessionized', 'before_rerun'), 0);
  });

  it('refuses dialects it is not written for, naming those it is', () => {
    assert.throws(
      () =>
        renderIncremental(sessionization, {
          pattern: 'sessionization',
          dialect: 'snowflake',
          values: { events_table: 'e', user_key: 'u', event_ts: 't' },
        }),
      (e: Error) =>
        e instanceof InvalidInputError &&
        e.message ===
          'dialect: snowflake is not supported for this format (the script is written and tested for these engines); supported: duckdb, postgres',
    );
  });
});

describe('plain incremental SQL on PostgreSQL: batch by batch equals the reference', function () {
  this.timeout(300_000);
  let pg: Engine;
  before(async () => {
    pg = await openEngine('postgres');
  });
  after(() => pg.close());

  const pgCases: {
    name: string;
    unit: Unit;
    values: Record<string, string>;
    options: ReferenceOptions;
  }[] = [
    {
      name: 'TIMESTAMP(6), composite key, max_session_minutes and a midnight split',
      unit: 'timestamp',
      values: {
        order_tiebreak: 'tiebreak',
        max_session_minutes: '45',
        split_at_midnight_tz: 'America/New_York',
      },
      options: {
        timeoutSeconds: 1800,
        maxSessionSeconds: 2700,
        midnightTimeZone: 'America/New_York',
      },
    },
    {
      name: 'BIGINT epoch milliseconds',
      unit: 'epoch_ms',
      values: {},
      options: { timeoutSeconds: 1800 },
    },
  ];

  for (const c of pgCases) {
    it(c.name, async () => {
      const events = generateEvents(17, {
        users: 300,
        maxEventsPerUser: 12,
        timeoutSeconds: 1800,
        keyParts: 2,
        nulls: true,
        granularityMicros: c.unit === 'epoch_ms' ? 1000 : 1,
      });
      const arrivals = planArrivals(events, {
        batches: 4,
        lookbackMicros: 60 * MINUTE,
        seed: 17,
        lateWithin: 0.5,
        lateOutside: 0,
      });
      const time = (micros: number | null) =>
        micros === null
          ? null
          : c.unit === 'epoch_ms'
            ? micros / 1000
            : new Date(Math.floor(micros / 1000)).toISOString().replace('Z', '') +
              String(micros % 1000).padStart(3, '0');
      await pg.loadTable(
        'all_events',
        [
          { name: 'row_id', type: 'BIGINT' },
          { name: 'user_id', type: 'TEXT' },
          { name: 'device_id', type: 'BIGINT' },
          { name: 'event_time', type: c.unit === 'epoch_ms' ? 'BIGINT' : 'TIMESTAMP(6)' },
          { name: 'tiebreak', type: 'BIGINT' },
          { name: 'batch', type: 'INTEGER' },
        ],
        arrivals.map(a => [
          a.event.rowId,
          ...a.event.key,
          time(a.event.tsMicros),
          a.event.tiebreak,
          a.batch,
        ]),
      );
      await pg.exec(
        'DROP TABLE IF EXISTS events, events_sessionized, events_sessions, events_sessionized_state, events_sessionized_reprocess',
      );
      await pg.exec(
        'CREATE TABLE events AS SELECT row_id, user_id, device_id, event_time, tiebreak FROM all_events WHERE false',
      );
      const script = renderIncremental(sessionization, {
        pattern: 'sessionization',
        dialect: 'postgres',
        values: {
          events_table: 'events',
          user_key: 'user_id, device_id',
          event_ts: 'event_time',
          event_ts_unit: c.unit,
          ...c.values,
        },
      });
      for (let batch = 0; batch < 4; batch++) {
        await pg.exec(
          `INSERT INTO events SELECT row_id, user_id, device_id, event_time, tiebreak FROM all_events WHERE batch = ${batch}`,
        );
        await pg.exec('BEGIN');
        for (const statement of script.statements) {
          await pg.exec(statement.sql);
        }
        await pg.exec('COMMIT');
        const rows = await pg.query('SELECT row_id, session_seq FROM events_sessionized');
        const labels = new Map(rows.map(r => [Number(r.row_id), Number(r.session_seq)]));
        const reference = referenceSessions(
          arrivals.filter(a => a.batch <= batch).map(a => a.event),
          c.options,
        );
        assert.deepEqual(labels, reference, `run ${batch + 1}`);
        const [sessions] = await pg.query(
          'SELECT (SELECT count(*) FROM events_sessions) AS n, (SELECT count(DISTINCT session_id) FROM events_sessionized) AS m',
        );
        assert.equal(
          Number(sessions?.n),
          Number(sessions?.m),
          'one session row per labelled session',
        );
      }
    });
  }
});
