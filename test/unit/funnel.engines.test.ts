/**
 * The rendered funnel SQL, run on real DuckDB, PostgreSQL, MariaDB and SQLite with the engines' native
 * column types, gives every user the entry and step times the independent reference implementation gives,
 * the funnel it derives (step names read back exactly: the dialect's literal escaping is right), and passes
 * every data test; deliberate corruptions make the guarding test fail. The servers come from
 * `bash scripts/engines/start.sh`: a missing one fails here, it is never skipped.
 */
import assert from 'node:assert/strict';
import type { RenderedPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { ENGINE_NAMES, openEngine, type Engine, type EngineName } from '../support/engines';
import { keyColumns, TICK_MICROS, type Storage } from '../support/engineSessionization';
import {
  assertFunnel,
  assertUserSteps,
  duckRunner,
  failingFunnelTests,
  FUNNEL,
  loadFunnelEvents,
  materialiseFunnel,
  renderFunnel,
  runFunnelTests,
  stepsInput,
  USER_STEPS,
  type Runner,
} from '../support/funnelHarness';
import {
  generateFunnelEvents,
  referenceFunnel,
  referenceUserSteps,
  TRICKY_STEPS,
  type FunnelEvent,
} from '../support/funnelReference';

type RunnerName = EngineName | 'duckdb';
const RUNNERS: readonly RunnerName[] = ['duckdb', ...ENGINE_NAMES];
const TITLE: Record<RunnerName, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  mysql: 'MariaDB (mysql dialect)',
  sqlite: 'SQLite',
};

interface RandomCase {
  name: string;
  storage: Storage;
  keyParts: 1 | 2;
  steps: readonly string[];
  /** Passed as window_minutes unless undefined (the default, 1440). */
  windowMinutes?: number;
  /** Only on these engines (TIMESTAMPTZ storage). */
  runners?: RunnerName[];
}

const TEN_STEPS = [
  'landing',
  'sign up',
  'confirm e-mail',
  "o'clock",
  'a,b',
  'back\\slash',
  'two  spaces',
  '"quoted"',
  'café',
  'done',
];

const RANDOM_CASES: RandomCase[] = [
  {
    name: 'five step names with spaces, commas, quotes and a backslash; 60-minute window',
    storage: 'timestamp',
    keyParts: 1,
    steps: TRICKY_STEPS,
    windowMinutes: 60,
  },
  {
    name: 'epoch seconds, composite key, three steps, 30-minute window',
    storage: 'epoch_s',
    keyParts: 2,
    steps: ['view', 'add to cart', 'purchase'],
    windowMinutes: 30,
  },
  {
    name: 'epoch milliseconds, two steps, half-minute window',
    storage: 'epoch_ms',
    keyParts: 1,
    steps: ['view', "it's"],
    windowMinutes: 0.5,
  },
  {
    name: 'ten steps, composite key, the default 24-hour window',
    storage: 'timestamp',
    keyParts: 2,
    steps: TEN_STEPS,
  },
  {
    name: 'TIMESTAMPTZ, four steps, 90-minute window',
    storage: 'timestamptz',
    keyParts: 1,
    steps: TRICKY_STEPS.slice(0, 4),
    windowMinutes: 90,
    runners: ['duckdb', 'postgres'],
  },
];

function tickOf(runner: RunnerName, storage: Storage): number {
  if (storage === 'epoch_s') {
    return 1e6;
  }
  if (storage === 'epoch_ms') {
    return 1000;
  }
  return runner === 'duckdb' ? 1 : TICK_MICROS[runner];
}

async function openRunner(name: RunnerName): Promise<{ runner: Runner; close(): Promise<void> }> {
  if (name === 'duckdb') {
    const db = await Database.open({ threads: 2 });
    return { runner: duckRunner(db), close: async () => db.close() };
  }
  const engine: Engine = await openEngine(name);
  return { runner: engine, close: () => engine.close() };
}

const MINUTE = 60e6;
const T0 = Date.UTC(2024, 2, 31, 0, 30) * 1000;

for (const name of RUNNERS) {
  describe(`funnel on ${TITLE[name]} agrees with the reference implementation`, function () {
    this.timeout(120_000);
    let runner: Runner;
    let close: () => Promise<void>;

    before(async () => {
      ({ runner, close } = await openRunner(name));
    });
    after(async () => {
      await close?.();
    });

    async function run(
      events: readonly FunnelEvent[],
      storage: Storage,
      keyParts: number,
      values: Record<string, string>,
    ): Promise<{ sql: RenderedPattern; rows: Record<string, Record<string, unknown>[]> }> {
      await loadFunnelEvents(runner, events, storage);
      const sql = renderFunnel(name, {
        user_key: keyColumns(keyParts).join(','),
        event_ts_unit: storage,
        ...values,
      });
      await materialiseFunnel(runner, sql);
      return { sql, rows: await runFunnelTests(runner, sql) };
    }

    for (const c of RANDOM_CASES.filter(rc => rc.runners?.includes(name) ?? true)) {
      for (const seed of [1, 2]) {
        it(`${c.name} (seed ${seed})`, async () => {
          const windowSeconds = (c.windowMinutes ?? 1440) * 60;
          const events = generateFunnelEvents(seed * 104729 + c.steps.length, {
            users: 300,
            steps: c.steps,
            windowSeconds,
            tickMicros: tickOf(name, c.storage),
            keyParts: c.keyParts,
            withNulls: true,
          });
          const { sql, rows } = await run(events, c.storage, c.keyParts, {
            steps: stepsInput(c.steps),
            ...(c.windowMinutes === undefined ? {} : { window_minutes: String(c.windowMinutes) }),
          });
          const expected = referenceUserSteps(events, c.steps, windowSeconds);
          const reachedLast = [...expected.values()].filter(u => u.furthest === c.steps.length);
          assert.ok(reachedLast.length > 0, 'some users go through the whole funnel');
          assert.ok(expected.size > reachedLast.length, 'and some drop out');
          await assertUserSteps(runner, expected, c.keyParts, c.steps.length);
          await assertFunnel(runner, referenceFunnel(expected, c.steps));
          assert.deepEqual(failingFunnelTests(sql, rows), [], 'error tests on correct output');
          assert.equal(
            rows.rows_with_null_user_key_timestamp_or_event_name?.length,
            3,
            'the warn test reports the NULL key, timestamp and event name',
          );
        });
      }
    }

    describe('edge cases, by hand', () => {
      const tick = tickOf(name, 'timestamp');
      let rowId = 0;
      const at = (user: number, minutes: number, eventName: string, extra = 0): FunnelEvent => ({
        rowId: ++rowId,
        key: [user],
        tsMicros: T0 + minutes * MINUTE + extra,
        name: eventName,
      });
      const steps = ['view', 'add to cart', 'purchase'];
      const events: FunnelEvent[] = [
        // 1: cart exactly at entry + 60 minutes is in; purchase one tick later is out.
        at(1, 0, 'view'),
        at(1, 60, 'add to cart'),
        at(1, 60, 'purchase', tick),
        // 2: a cart before the entry does not count; one tied with the entry does, and so does a
        // purchase tied with it.
        at(2, 5, 'add to cart'),
        at(2, 10, 'view'),
        at(2, 10, 'add to cart'),
        at(2, 10, 'purchase'),
        // 3: repeated views: entry at the earliest; the window runs from it, not from a later view.
        at(3, 20, 'view'),
        at(3, 50, 'view'),
        at(3, 85, 'add to cart'),
        // 4: a purchase before the cart is not step 3; the later one is.
        at(4, 0, 'view'),
        at(4, 2, 'purchase'),
        at(4, 3, 'add to cart'),
        at(4, 3, 'add to cart'),
        at(4, 7, 'purchase'),
        // 5: no view, no row.
        at(5, 0, 'add to cart'),
        at(5, 1, 'purchase'),
        // 6: a purchase without a cart leaves the user at step 1.
        at(6, 0, 'view'),
        at(6, 1, 'purchase'),
      ];
      let sql: RenderedPattern;
      let rows: Record<string, Record<string, unknown>[]>;

      before(async () => {
        ({ sql, rows } = await run(events, 'timestamp', 1, {
          steps: "view,'add to cart',purchase",
          window_minutes: '60',
        }));
      });

      it('takes the earliest qualifying event at each step, at or after the previous one and inside the window', async () => {
        const got = await runner.query(
          `SELECT user_id, furthest_step FROM ${USER_STEPS} ORDER BY user_id`,
        );
        assert.deepEqual(
          got.map(r => [Number(r.user_id), Number(r.furthest_step)]),
          [
            [1, 2],
            [2, 3],
            [3, 1],
            [4, 3],
            [6, 1],
          ],
        );
        await assertUserSteps(runner, referenceUserSteps(events, steps, 3600), 1, 3);
      });

      it('counts users per step with conversions as fractions', async () => {
        const got = await runner.query(`SELECT * FROM ${FUNNEL} ORDER BY step`);
        assert.deepEqual(
          got.map(r => [
            Number(r.step),
            r.step_name,
            Number(r.users),
            Number(r.conversion_from_previous),
            Number(r.conversion_from_first),
          ]),
          [
            [1, 'view', 5, 1, 1],
            [2, 'add to cart', 3, 0.6, 0.6],
            [3, 'purchase', 2, 2 / 3, 0.4],
          ],
        );
      });

      it('passes every error test', () => {
        assert.deepEqual(failingFunnelTests(sql, rows), []);
      });

      it('leaves the conversions after a step nobody reached NULL', async () => {
        const { sql: empty } = await run(events, 'timestamp', 1, {
          steps: "view,'no such event',purchase",
        });
        const got = await runner.query(`SELECT * FROM ${FUNNEL} ORDER BY step`);
        assert.deepEqual(
          got.map(r => [Number(r.users), r.conversion_from_previous, r.conversion_from_first]),
          [
            [5, 1, 1],
            [0, 0, 0],
            [0, null, null],
          ],
        );
        assert.deepEqual(failingFunnelTests(empty, await runFunnelTests(runner, empty)), []);
      });

      for (const [what, guard, corruption] of [
        [
          'a reached step set to NULL',
          'step_times_are_earliest_qualifying',
          `UPDATE ${USER_STEPS} SET step_3_at = NULL, furthest_step = 2 WHERE user_id = 2`,
        ],
        [
          'a miscounted step',
          'funnel_matches_user_steps',
          `UPDATE ${FUNNEL} SET users = users - 1 WHERE step = 2`,
        ],
      ] as const) {
        it(`catches ${what} (${guard})`, async () => {
          await materialiseFunnel(runner, sql);
          await runner.exec(corruption);
          const failing = failingFunnelTests(sql, await runFunnelTests(runner, sql));
          assert.ok(
            failing.some(f => f.startsWith(`${guard} `)),
            `${guard} should fail; failing: ${failing.join(', ') || 'none'}`,
          );
        });
      }
    });
  });
}
