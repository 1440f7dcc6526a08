/**
 * The rendered postgres, mysql and sqlite SQL, run on real PostgreSQL, MariaDB and SQLite with the engines'
 * native column types, labels every event exactly as the independent reference implementation does, builds
 * the sessions it derives, and passes every data test; deliberate corruptions make the guarding test fail.
 * The servers come from `bash scripts/engines/start.sh`: a missing one fails here, it is never skipped.
 */
import assert from 'node:assert/strict';
import type { RenderedPattern } from '../../src/core';
import { ENGINE_NAMES, openEngine, type Engine, type EngineName } from '../support/engines';
import {
  EVENTS,
  FRACTION_DIGITS,
  SESSIONIZED,
  SESSIONS,
  TICK_MICROS,
  asBoolean,
  concatSql,
  expectedSessionId,
  failingErrorTests,
  keyColumns,
  labels,
  loadEvents,
  materialise,
  microsText,
  referenceSessionRows,
  render,
  runDataTests,
  shiftSeconds,
  timestampText,
  unitOf,
  type Storage,
} from '../support/engineSessionization';
import {
  generateEvents,
  referenceSessions,
  seededRandom,
  type ReferenceEvent,
} from '../support/reference';

const MINUTE = 60e6;
const SECOND = 1e6;
/** Monday 2024-01-01 23:15 UTC: edge cases cross midnight. */
const T0 = Date.UTC(2024, 0, 1, 23, 15) * 1000;

const TITLE: Record<EngineName, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MariaDB (mysql dialect)',
  sqlite: 'SQLite',
};

interface RandomCase {
  name: string;
  storage: Storage;
  keyParts: 1 | 2;
  timeoutMinutes: number;
  values?: Record<string, string>;
  maxMinutes?: number;
  bot?: { events: number; minutes: number };
  /** With `session_attributes=row_id` ordered by `order_tiebreak=row_id`: first_ and last_ are checked. */
  attributes?: boolean;
  /** Only on these engines (TIMESTAMPTZ is PostgreSQL's). */
  engines?: EngineName[];
}

const RANDOM_CASES: RandomCase[] = [
  { name: 'timestamps, 30-minute timeout', storage: 'timestamp', keyParts: 1, timeoutMinutes: 30 },
  {
    name: 'composite key with a tie-break column',
    storage: 'timestamp',
    keyParts: 2,
    timeoutMinutes: 30,
    values: { order_tiebreak: 'tiebreak' },
  },
  {
    name: 'epoch seconds, 10-minute timeout',
    storage: 'epoch_s',
    keyParts: 1,
    timeoutMinutes: 10,
    values: { session_timeout_minutes: '10' },
  },
  {
    name: 'epoch milliseconds, composite key, tie-break',
    storage: 'epoch_ms',
    keyParts: 2,
    timeoutMinutes: 30,
    values: { order_tiebreak: 'tiebreak' },
  },
  {
    name: 'max_session_minutes=60',
    storage: 'timestamp',
    keyParts: 1,
    timeoutMinutes: 30,
    values: { max_session_minutes: '60' },
    maxMinutes: 60,
  },
  {
    name: 'max_session_minutes=45 with epoch seconds and a composite key',
    storage: 'epoch_s',
    keyParts: 2,
    timeoutMinutes: 30,
    values: { max_session_minutes: '45' },
    maxMinutes: 45,
  },
  {
    name: 'half-minute timeout',
    storage: 'timestamp',
    keyParts: 1,
    timeoutMinutes: 0.5,
    values: { session_timeout_minutes: '0.5' },
  },
  {
    name: 'bot flags and max_session_minutes=90 on epoch milliseconds',
    storage: 'epoch_ms',
    keyParts: 1,
    timeoutMinutes: 30,
    values: {
      max_session_minutes: '90',
      bot_max_events: '8',
      bot_max_minutes: '60',
      order_tiebreak: 'tiebreak',
    },
    maxMinutes: 90,
    bot: { events: 8, minutes: 60 },
  },
  {
    name: 'landing and exit attributes, max_session_minutes=45, bot flags',
    storage: 'timestamp',
    keyParts: 2,
    timeoutMinutes: 30,
    values: {
      order_tiebreak: 'row_id',
      session_attributes: 'row_id',
      max_session_minutes: '45',
      bot_max_events: '5',
      bot_max_minutes: '40',
    },
    maxMinutes: 45,
    bot: { events: 5, minutes: 40 },
    attributes: true,
  },
  {
    name: 'landing and exit attributes on epoch milliseconds',
    storage: 'epoch_ms',
    keyParts: 1,
    timeoutMinutes: 30,
    values: { order_tiebreak: 'row_id', session_attributes: 'row_id' },
    attributes: true,
  },
  {
    name: 'TIMESTAMPTZ, 30-minute timeout',
    storage: 'timestamptz',
    keyParts: 2,
    timeoutMinutes: 30,
    engines: ['postgres'],
  },
  {
    name: 'TIMESTAMPTZ, max_session_minutes=60, bot flags',
    storage: 'timestamptz',
    keyParts: 1,
    timeoutMinutes: 30,
    values: { max_session_minutes: '60', bot_max_events: '6', bot_max_minutes: '45' },
    maxMinutes: 60,
    bot: { events: 6, minutes: 45 },
    engines: ['postgres'],
  },
  {
    name: 'TIMESTAMPTZ, half-minute timeout',
    storage: 'timestamptz',
    keyParts: 1,
    timeoutMinutes: 0.5,
    values: { session_timeout_minutes: '0.5' },
    engines: ['postgres'],
  },
];

/** Steps in which a storage keeps time on an engine (SQLite text: milliseconds). */
function granularity(engine: EngineName, storage: Storage): number {
  return storage === 'epoch_s' ? SECOND : storage === 'epoch_ms' ? 1000 : TICK_MICROS[engine];
}

function assertSameLabels(actual: Map<number, number>, expected: Map<number, number>): void {
  const wrong = [...expected].filter(([rowId, seq]) => actual.get(rowId) !== seq);
  assert.deepEqual(
    wrong.slice(0, 5).map(([rowId, seq]) => ({ rowId, expected: seq, actual: actual.get(rowId) })),
    [],
    `${wrong.length} events labelled differently from the reference`,
  );
  assert.equal(
    actual.size,
    expected.size,
    'number of labelled events (NULL keys and timestamps left out)',
  );
}

/** Compares every session row with the reference: key, number, id, start, end, count, duration, bot flag. */
async function assertSessions(
  engine: Engine,
  events: readonly ReferenceEvent[],
  c: {
    keyParts: number;
    timeoutMinutes: number;
    maxMinutes?: number;
    bot?: { events: number; minutes: number };
    attributes?: boolean;
  },
): Promise<void> {
  const expected = referenceSessionRows(events, {
    timeoutSeconds: c.timeoutMinutes * 60,
    maxSessionSeconds: c.maxMinutes === undefined ? undefined : c.maxMinutes * 60,
  });
  const rows = await engine.query(`SELECT * FROM ${SESSIONS}`);
  assert.equal(rows.length, expected.size, 'number of sessions');
  const columns = keyColumns(c.keyParts);
  const mismatches: string[] = [];
  for (const row of rows) {
    const key = columns.map(k => row[k] as string | number);
    const seq = Number(row.session_seq);
    const want = expected.get(JSON.stringify([...key, seq]));
    if (want === undefined) {
      mismatches.push(`unexpected session ${JSON.stringify([...key, seq])}`);
      continue;
    }
    const duration = (want.endMicros - want.startMicros) / 1e6;
    const got = {
      id: row.session_id,
      start: timestampText(row.session_start),
      end: timestampText(row.session_end),
      count: Number(row.event_count),
      // Exact to the microsecond: the split itself is checked exactly through session_seq.
      durationOk: Math.abs(Number(row.session_duration_seconds) - duration) < 5e-7,
      ...(c.bot ? { bot: asBoolean(row.is_bot) } : {}),
      ...(c.attributes ? { first: Number(row.first_row_id), last: Number(row.last_row_id) } : {}),
    };
    const wanted = {
      id: expectedSessionId(key, seq),
      start: microsText(want.startMicros, 6),
      end: microsText(want.endMicros, 6),
      count: want.count,
      durationOk: true,
      ...(c.bot ? { bot: want.count > c.bot.events || duration > c.bot.minutes * 60 } : {}),
      ...(c.attributes ? { first: want.firstRowId, last: want.lastRowId } : {}),
    };
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      mismatches.push(
        `${JSON.stringify([...key, seq])}: got ${JSON.stringify(got)}, want ${JSON.stringify(wanted)} (duration ${row.session_duration_seconds})`,
      );
    }
  }
  assert.deepEqual(
    mismatches.slice(0, 5),
    [],
    `${mismatches.length} sessions differ from the reference`,
  );
}

for (const name of ENGINE_NAMES) {
  describe(`sessionization on ${TITLE[name]} agrees with the reference implementation`, function () {
    this.timeout(120_000);
    let engine: Engine;

    before(async () => {
      engine = await openEngine(name);
    });
    after(async () => {
      await engine?.close();
    });

    for (const c of RANDOM_CASES.filter(rc => rc.engines?.includes(name) ?? true)) {
      for (const seed of [1, 2]) {
        it(`${c.name} (seed ${seed})`, async () => {
          const events = generateEvents(seed * 7919 + c.keyParts * 31 + c.timeoutMinutes, {
            users: 1000,
            maxEventsPerUser: 12,
            timeoutSeconds: c.timeoutMinutes * 60,
            keyParts: c.keyParts,
            nulls: true,
            granularityMicros: granularity(name, c.storage),
          });
          await loadEvents(engine, events, c.storage);
          const sql = render(name, {
            user_key: keyColumns(c.keyParts).join(','),
            event_ts: 'event_time',
            event_ts_unit: unitOf(c.storage),
            ...c.values,
          });
          await materialise(engine, sql);
          const expected = referenceSessions(events, {
            timeoutSeconds: c.timeoutMinutes * 60,
            maxSessionSeconds: c.maxMinutes === undefined ? undefined : c.maxMinutes * 60,
          });
          assertSameLabels(await labels(engine), expected);
          await assertSessions(engine, events, c);
          const rows = await runDataTests(engine, sql);
          assert.deepEqual(failingErrorTests(sql, rows), [], 'error tests on correct output');
          const nullRows = events.filter(
            e => e.tsMicros === null || e.key.some(k => k === null),
          ).length;
          assert.ok(nullRows > 0, 'the generated set has NULL keys and timestamps');
          assert.equal(
            rows.rows_with_null_user_key_or_timestamp?.length,
            nullRows,
            'the warn test reports every NULL row',
          );
        });
      }
    }

    describe('edge cases at the boundary', () => {
      const tick = TICK_MICROS[name];
      const tickText = tick === 1 ? '1 µs' : '1 ms';
      /** [title, gap after T0, splits]; each becomes one user with two events. */
      const gaps: [string, number, boolean][] = [
        ['a gap of exactly the timeout stays in the session', 30 * MINUTE, false],
        ['a gap of the timeout + 1 s splits', 30 * MINUTE + SECOND, true],
        ['a gap of the timeout + 0.5 s splits', 30 * MINUTE + 500_000, true],
        [`a gap of the timeout + ${tickText} splits`, 30 * MINUTE + tick, true],
        [`a gap of ${tickText} under the timeout stays`, 30 * MINUTE - tick, false],
        ['a gap of 30 min 59 s splits (no truncation to minutes)', 30 * MINUTE + 59 * SECOND, true],
        ['a gap of 31 min splits', 31 * MINUTE, true],
      ];
      const single = (
        rowId: number,
        user: number | null,
        tsMicros: number | null,
      ): ReferenceEvent => ({
        rowId,
        key: [user],
        tsMicros,
      });
      /** Users 1..n hold the gap cases; 100+ the other cases. Rows are shuffled before loading. */
      function edgeEvents(step: number): ReferenceEvent[] {
        let rowId = 0;
        const events: ReferenceEvent[] = [];
        gaps.forEach(([, gap], i) => {
          if (gap % step === 0) {
            events.push(single(++rowId, i + 1, T0), single(++rowId, i + 1, T0 + gap));
          }
        });
        // Ties: three events at one instant after a long gap share the second session.
        events.push(single(++rowId, 100, T0));
        for (let i = 0; i < 3; i++) {
          events.push(single(++rowId, 100, T0 + 40 * MINUTE));
        }
        events.push(single(++rowId, 101, T0 + 5 * MINUTE)); // a single-event user
        events.push(single(++rowId, 102, null)); // NULL timestamp
        events.push(single(++rowId, null, T0)); // NULL key
        events.push(single(++rowId, 102, T0 + MINUTE)); // 102's only usable event
        // Out of order: the engine must sort, never trust insert order.
        const rand = seededRandom(5);
        for (let i = events.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [events[i], events[j]] = [events[j] as ReferenceEvent, events[i] as ReferenceEvent];
        }
        return events;
      }

      for (const storage of ['timestamp', 'epoch_ms', 'epoch_s'] as const) {
        const step = granularity(name, storage);
        describe(`stored as ${storage === 'timestamp' ? `native ${name === 'sqlite' ? 'text' : 'timestamp'}` : storage}`, () => {
          const events = edgeEvents(step);
          let seqByRow: Map<number, number>;
          let sql: RenderedPattern;
          let testRows: Record<string, Record<string, unknown>[]>;
          const seqsOfUser = (user: number) =>
            events
              .filter(e => e.key[0] === user && e.tsMicros !== null)
              .sort((a, b) => (a.tsMicros as number) - (b.tsMicros as number) || a.rowId - b.rowId)
              .map(e => seqByRow.get(e.rowId));

          before(async () => {
            await loadEvents(engine, events, storage);
            sql = render(name, {
              user_key: 'user_id',
              event_ts: 'event_time',
              event_ts_unit: storage,
            });
            await materialise(engine, sql);
            seqByRow = await labels(engine);
            testRows = await runDataTests(engine, sql);
          });

          gaps.forEach(([title, gap, splits], i) => {
            if (gap % step === 0) {
              it(title, () => {
                assert.deepEqual(seqsOfUser(i + 1), [1, splits ? 2 : 1]);
              });
            }
          });

          it('keeps tied events in one session, with one start flag per session', async () => {
            assert.deepEqual(seqsOfUser(100), [1, 2, 2, 2]);
            const [row] = await engine.query(
              `SELECT SUM(is_session_start) AS n FROM ${SESSIONIZED} WHERE user_id = 100`,
            );
            assert.equal(Number(row?.n), 2);
          });

          it('gives single-event users one session and leaves NULL keys and timestamps out', () => {
            assert.deepEqual(seqsOfUser(101), [1]);
            assert.deepEqual(seqsOfUser(102), [1]);
            const expected = referenceSessions(events, { timeoutSeconds: 1800 });
            assertSameLabels(seqByRow, expected);
            assert.equal(testRows.rows_with_null_user_key_or_timestamp?.length, 2);
          });

          it('passes every error test', () => {
            assert.deepEqual(failingErrorTests(sql, testRows), []);
          });
        });
      }

      it('cuts a long run of activity every max_session_minutes from its first event', async () => {
        // One event every 20 minutes for 3 hours: with a 60-minute maximum, pieces start at 0, 60, 120, 180.
        const events = Array.from({ length: 10 }, (_, i) => single(i + 1, 1, T0 + i * 20 * MINUTE));
        await loadEvents(engine, events, 'timestamp');
        const sql = render(name, {
          user_key: 'user_id',
          event_ts: 'event_time',
          max_session_minutes: '60',
        });
        await materialise(engine, sql);
        const seqs = await labels(engine);
        assert.deepEqual(
          events.map(e => seqs.get(e.rowId)),
          [1, 1, 1, 2, 2, 2, 3, 3, 3, 4],
        );
        assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
      });

      it('labels and tests tied events right after a max_session_minutes cut', async () => {
        // 10:00, 10:25, 10:50, then two events at 11:10: the tie opens the second 60-minute piece.
        const ten = Date.UTC(2024, 0, 1, 10) * 1000;
        const minutes = [0, 25, 50, 70, 70];
        const events = minutes.map((m, i) => single(i + 1, 1, ten + m * MINUTE));
        await loadEvents(engine, events, 'timestamp');
        const sql = render(name, {
          user_key: 'user_id',
          event_ts: 'event_time',
          max_session_minutes: '60',
        });
        await materialise(engine, sql);
        const seqs = await labels(engine);
        assert.deepEqual(
          events.map(e => seqs.get(e.rowId)),
          [1, 1, 1, 2, 2],
        );
        assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
      });

      // A piece boundary one tick away, with a long maximum: decimal division must not round it up.
      for (const storage of ['timestamp', 'epoch_ms', 'epoch_s'] as const) {
        it(`cuts at exactly max_session_minutes=360, not one tick before (${storage})`, async () => {
          const step = Math.max(granularity(name, storage), tick);
          const steady = Array.from({ length: 15 }, (_, i) =>
            single(i + 1, 1, T0 + i * 25 * MINUTE),
          );
          const events = [
            ...steady,
            single(16, 1, T0 + 360 * MINUTE - step),
            single(17, 1, T0 + 360 * MINUTE),
            single(18, 1, T0 + 360 * MINUTE + step),
          ];
          await loadEvents(engine, events, storage);
          const sql = render(name, {
            user_key: 'user_id',
            event_ts: 'event_time',
            event_ts_unit: storage,
            max_session_minutes: '360',
          });
          await materialise(engine, sql);
          const seqs = await labels(engine);
          assert.deepEqual(
            events.slice(-4).map(e => seqs.get(e.rowId)),
            [1, 1, 2, 2],
          );
          assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
        });
      }

      it('builds distinct session ids for composite keys whose values contain the separator', async () => {
        await engine.loadTable(
          EVENTS,
          [
            { name: 'row_id', type: 'BIGINT' },
            { name: 'user_id', type: 'VARCHAR(10)' },
            { name: 'device_id', type: 'VARCHAR(10)' },
            {
              name: 'event_time',
              type:
                name === 'postgres' ? 'TIMESTAMP(6)' : name === 'mysql' ? 'DATETIME(6)' : 'TEXT',
            },
          ],
          [
            [1, 'a-b', 'c', microsText(T0, FRACTION_DIGITS[name])],
            [2, 'a', 'b-c', microsText(T0, FRACTION_DIGITS[name])],
          ],
        );
        const sql = render(name, { user_key: 'user_id,device_id', event_ts: 'event_time' });
        await materialise(engine, sql);
        const ids = await engine.query(`SELECT session_id FROM ${SESSIONIZED} ORDER BY row_id`);
        assert.deepEqual(
          ids.map(r => r.session_id),
          ['3:a-b-c-1', '1:a-b-c-1'],
        );
        assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
      });
    });

    describe('data tests catch deliberate corruptions', () => {
      const timeoutSeconds = 1800;
      const events = generateEvents(42, {
        users: 300,
        maxEventsPerUser: 15,
        timeoutSeconds,
        granularityMicros: TICK_MICROS[name],
      });
      const options = { timeoutSeconds, maxSessionSeconds: 90 * 60 };
      const seqs = referenceSessions(events, options);
      const values = { user_key: 'user_id', event_ts: 'event_time', max_session_minutes: '90' };
      let sql: RenderedPattern;

      /** Each user's events in timeline order. */
      const timelines = new Map<number, ReferenceEvent[]>();
      for (const e of [...events].sort(
        (a, b) =>
          (a.tsMicros as number) - (b.tsMicros as number) || (a.tiebreak ?? 0) - (b.tiebreak ?? 0),
      )) {
        const user = e.key[0] as number;
        timelines.set(user, [...(timelines.get(user) ?? []), e]);
      }
      const seqOf = (e: ReferenceEvent) => seqs.get(e.rowId) as number;
      /** Last event of a first session of ≥ 2 events, for a user with a later session. */
      const lastOfFirstSession = [...timelines.values()]
        .map(list => list.filter(e => seqOf(e) === 1))
        .find(first => first.length >= 2 && first.at(-1)?.tsMicros !== first.at(-2)?.tsMicros)
        ?.at(-1) as ReferenceEvent;
      /** A user whose second session starts after a gap above the timeout (not a max-length cut). */
      const [gapUser, secondStart] = [...timelines].flatMap(([user, list]) => {
        const i = list.findIndex(e => seqOf(e) === 2);
        const gap =
          i > 0 ? ((list[i]?.tsMicros as number) - (list[i - 1]?.tsMicros as number)) / 1e6 : 0;
        return gap > timeoutSeconds ? [[user, list[i] as ReferenceEvent] as const] : [];
      })[0] ?? [0, undefined];

      before(async () => {
        assert.ok(
          lastOfFirstSession && secondStart,
          'the generated set has the sessions the corruptions need',
        );
        await loadEvents(engine, events, 'timestamp');
        sql = render(name, values);
      });

      beforeEach(async () => {
        await materialise(engine, sql);
      });

      async function failingAfter(...corruption: string[]): Promise<string[]> {
        for (const statement of corruption) {
          await engine.exec(statement);
        }
        const rows = await runDataTests(engine, sql);
        return Object.entries(rows)
          .filter(([, r]) => r.length > 0)
          .map(([test]) => test);
      }

      const someSessionId = async (order: 'MIN' | 'MAX') => {
        const [row] = await engine.query(`SELECT ${order}(session_id) AS id FROM ${SESSIONS}`);
        return String(row?.id).replaceAll("'", "''");
      };

      it('return no rows on correct output (every test ran, the max-length one included)', async () => {
        const rows = await runDataTests(engine, sql);
        assert.deepEqual(
          Object.keys(rows),
          sql.tests.map(t => t.name),
        );
        assert.ok('session_within_max_length' in rows);
        assert.deepEqual(failingErrorTests(sql, rows), []);
        assert.equal(rows.rows_with_null_user_key_or_timestamp?.length, 0);
      });

      const cases: [string, string, () => Promise<string[]>][] = [
        [
          'a session boundary shifted onto a short gap',
          'session_starts_follow_gap',
          async () => [
            `UPDATE ${SESSIONIZED} SET session_seq = session_seq + 1 WHERE row_id = ${lastOfFirstSession.rowId}`,
          ],
        ],
        [
          'two sessions merged across a long gap',
          'no_gap_above_timeout_within_session',
          async () => [
            `UPDATE ${SESSIONIZED} SET session_seq = 1 WHERE user_id = ${gapUser} AND session_seq = 2`,
          ],
        ],
        [
          'a duplicated session id',
          'session_id_unique',
          async () => [
            `UPDATE ${SESSIONS} SET session_id = '${await someSessionId('MIN')}' WHERE session_id = '${await someSessionId('MAX')}'`,
          ],
        ],
        [
          'a duplicated (user, session_seq) row',
          'session_key_unique',
          async () => [
            `INSERT INTO ${SESSIONS} (user_id, session_seq, session_id, session_start, session_end, event_count, session_duration_seconds)
             SELECT user_id, session_seq, ${concatSql(name, ['session_id', `'-copy'`])}, session_start, session_end, event_count, session_duration_seconds
             FROM ${SESSIONS} WHERE session_id = '${await someSessionId('MIN')}'`,
          ],
        ],
        [
          'a lost event',
          'no_events_lost',
          async () => [`DELETE FROM ${SESSIONIZED} WHERE row_id = ${lastOfFirstSession.rowId}`],
        ],
        [
          'a wrong event count',
          'sessions_match_events',
          async () => [
            `UPDATE ${SESSIONS} SET event_count = event_count + 1 WHERE session_id = '${await someSessionId('MIN')}'`,
          ],
        ],
        [
          'a wrong session end',
          'sessions_match_events',
          async () => [
            `UPDATE ${SESSIONS} SET session_end = ${shiftSeconds(name, 'session_end', 1)} WHERE session_id = '${await someSessionId('MAX')}'`,
          ],
        ],
        [
          'overlapping sessions',
          'sessions_do_not_overlap',
          async () => [
            `UPDATE ${SESSIONS} SET session_start = ${shiftSeconds(name, 'session_start', -7 * 86400)} WHERE session_seq = 2`,
          ],
        ],
        [
          'a session longer than max_session_minutes',
          'session_within_max_length',
          async () => [
            `UPDATE ${SESSIONS} SET session_duration_seconds = 5400 WHERE session_id = '${await someSessionId('MIN')}'`,
          ],
        ],
        [
          'a session ending before it starts',
          'sessions_end_after_start',
          async () => [
            `UPDATE ${SESSIONS} SET session_end = ${shiftSeconds(name, 'session_start', -60)} WHERE session_id = '${await someSessionId('MIN')}'`,
          ],
        ],
        [
          'an event dated before its predecessor',
          'gaps_not_negative',
          async () => [
            `UPDATE ${SESSIONIZED} SET seconds_since_prev_event = -1 WHERE row_id = ${lastOfFirstSession.rowId}`,
          ],
        ],
        [
          'a negative session duration',
          'sessions_end_after_start',
          async () => [
            `UPDATE ${SESSIONS} SET session_duration_seconds = -1200 WHERE session_id = '${await someSessionId('MAX')}'`,
          ],
        ],
        [
          'a session lost from both outputs (only visible against the source)',
          'no_events_lost',
          async () => {
            const id = await someSessionId('MIN');
            return [
              `DELETE FROM ${SESSIONIZED} WHERE session_id = '${id}'`,
              `DELETE FROM ${SESSIONS} WHERE session_id = '${id}'`,
            ];
          },
        ],
      ];

      for (const [what, guard, corruption] of cases) {
        it(`catch ${what} (${guard})`, async () => {
          const failing = await failingAfter(...(await corruption()));
          assert.ok(
            failing.includes(guard),
            `${guard} should fail; failing: ${failing.join(', ') || 'none'}`,
          );
        });
      }

      it('report source rows with a NULL user key or timestamp as a warning, not an error', async () => {
        await engine.exec(
          `INSERT INTO ${EVENTS} (row_id, user_id, event_time, tiebreak) VALUES (999999, NULL, '${microsText(T0, FRACTION_DIGITS[name])}', 1), (1000000, 5, NULL, 1)`,
        );
        try {
          const rows = await runDataTests(engine, sql);
          assert.equal(rows.rows_with_null_user_key_or_timestamp?.length, 2);
          assert.equal(
            sql.tests.find(t => t.name === 'rows_with_null_user_key_or_timestamp')?.severity,
            'warn',
          );
          assert.deepEqual(failingErrorTests(sql, rows), []);
        } finally {
          await engine.exec(`DELETE FROM ${EVENTS} WHERE row_id IN (999999, 1000000)`);
        }
      });
    });
  });
}
