/**
 * The rendered DuckDB SQL, run on real DuckDB, labels every event exactly as the independent
 * reference implementation does: random event sets and hand-written edge cases, every option.
 */
import assert from 'node:assert/strict';
import { queryOf, renderPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { loadEvents, runDataTests, sessionize, type Unit } from '../support/duckdbHarness';
import { generateEvents, referenceSessions, type ReferenceEvent } from '../support/reference';

const MINUTE = 60e6;
const T0 = Date.UTC(2024, 0, 1) * 1000;

function assertSameLabels(actual: Map<number, number>, expected: Map<number, number>): void {
  assert.equal(actual.size, expected.size, 'number of labelled events');
  for (const [rowId, seq] of expected) {
    assert.equal(actual.get(rowId), seq, `session_seq of row ${rowId}`);
  }
}

describe('sessionization on DuckDB agrees with the reference implementation', function () {
  this.timeout(120_000);
  let db: Database;
  before(async () => {
    db = await Database.open({ threads: 2 });
  });
  after(() => db.close());

  const cases: {
    name: string;
    unit: Unit;
    keyParts: number;
    values: Record<string, string>;
    granularity: number;
    max?: number;
    timeout: number;
    midnight?: string;
    /** `session_attributes=row_id` ordered by `order_tiebreak=row_id`: first_ and last_ are checked. */
    attributes?: boolean;
  }[] = [
    {
      name: 'landing and exit attributes, midnight split, max_session_minutes, bot flags',
      unit: 'timestamp',
      keyParts: 2,
      values: {
        order_tiebreak: 'row_id',
        session_attributes: 'row_id',
        split_at_midnight_tz: 'Europe/Paris',
        max_session_minutes: '45',
        bot_max_events: '5',
      },
      granularity: 1,
      timeout: 30,
      max: 45,
      midnight: 'Europe/Paris',
      attributes: true,
    },
    {
      name: 'landing and exit attributes on epoch milliseconds',
      unit: 'epoch_ms',
      keyParts: 1,
      values: { order_tiebreak: 'row_id', session_attributes: 'row_id' },
      granularity: 1000,
      timeout: 30,
      attributes: true,
    },
    {
      name: 'midnight split in America/New_York',
      unit: 'timestamp',
      keyParts: 1,
      values: { split_at_midnight_tz: 'America/New_York' },
      granularity: 1,
      timeout: 30,
      midnight: 'America/New_York',
    },
    {
      name: 'midnight split in Asia/Kolkata with max_session_minutes, epoch seconds',
      unit: 'epoch_s',
      keyParts: 1,
      values: { split_at_midnight_tz: 'Asia/Kolkata', max_session_minutes: '120' },
      granularity: 1e6,
      timeout: 30,
      max: 120,
      midnight: 'Asia/Kolkata',
    },
    {
      name: 'timestamps, 30-minute timeout',
      unit: 'timestamp',
      keyParts: 1,
      values: {},
      granularity: 1,
      timeout: 30,
    },
    {
      name: 'composite key with a tie-break column',
      unit: 'timestamp',
      keyParts: 2,
      values: { order_tiebreak: 'tiebreak' },
      granularity: 1,
      timeout: 30,
    },
    {
      name: 'epoch seconds, 10-minute timeout',
      unit: 'epoch_s',
      keyParts: 1,
      values: { session_timeout_minutes: '10' },
      granularity: 1e6,
      timeout: 10,
    },
    {
      name: 'epoch milliseconds',
      unit: 'epoch_ms',
      keyParts: 2,
      values: {},
      granularity: 1000,
      timeout: 30,
    },
    {
      name: 'max_session_minutes=60',
      unit: 'timestamp',
      keyParts: 1,
      values: { max_session_minutes: '60' },
      granularity: 1,
      timeout: 30,
      max: 60,
    },
    {
      name: 'max_session_minutes with epoch seconds',
      unit: 'epoch_s',
      keyParts: 2,
      values: { max_session_minutes: '45' },
      granularity: 1e6,
      timeout: 30,
      max: 45,
    },
    {
      name: 'half-minute timeout',
      unit: 'timestamp',
      keyParts: 1,
      values: { session_timeout_minutes: '0.5' },
      granularity: 1,
      timeout: 0.5,
    },
  ];

  for (const c of cases) {
    for (const seed of [1, 2, 3]) {
      it(`${c.name} (seed ${seed})`, async () => {
        const events = generateEvents(seed * 1000 + c.timeout, {
          users: 1500,
          maxEventsPerUser: 12,
          timeoutSeconds: c.timeout * 60,
          keyParts: c.keyParts,
          nulls: true,
          granularityMicros: c.granularity,
        });
        await loadEvents(db, events, c.unit);
        const values = {
          user_key: c.keyParts === 1 ? 'user_id' : 'user_id, device_id',
          event_ts: 'event_time',
          event_ts_unit: c.unit,
          ...c.values,
        };
        const run = await sessionize(db, values);
        const expected = referenceSessions(events, {
          timeoutSeconds: c.timeout * 60,
          maxSessionSeconds: c.max === undefined ? undefined : c.max * 60,
          midnightTimeZone: c.midnight,
        });
        assertSameLabels(run.seqByRow, expected);
        const failures = Object.entries(await runDataTests(db, run.sql)).filter(
          ([name, rows]) => rows > 0 && name !== 'rows_with_null_user_key_or_timestamp',
        );
        assert.deepEqual(failures, [], 'data tests on correct output');
        if (c.attributes) {
          // The first and last event of each session, from the labelled events.
          const keys = values.user_key;
          const [wrong] = await db.query(`SELECT count(*) AS n
            FROM events_sessions AS s
            JOIN (
              SELECT ${keys}, session_seq,
                arg_min(row_id, (event_time, row_id)) AS first_id,
                arg_max(row_id, (event_time, row_id)) AS last_id
              FROM events_sessionized GROUP BY ALL
            ) AS e USING (${keys}, session_seq)
            WHERE s.first_row_id IS DISTINCT FROM e.first_id OR s.last_row_id IS DISTINCT FROM e.last_id`);
          assert.equal(Number(wrong?.n), 0, 'sessions whose first_ or last_ attribute is wrong');
          assert.equal(run.sessions.length > 100, true, 'the set has sessions');
        }
      });
    }
  }

  describe('edge cases at the boundary', () => {
    const single = (rowId: number, user: number, tsMicros: number | null): ReferenceEvent => ({
      rowId,
      key: [user],
      tsMicros,
    });
    const gaps: [string, number, boolean][] = [
      ['a gap of exactly the timeout stays in the session', 30 * MINUTE, false],
      ['a gap of the timeout + 1 s splits', 30 * MINUTE + 1e6, true],
      ['a gap of the timeout + 0.5 s splits', 30 * MINUTE + 500_000, true],
      ['a gap of 30 min 59 s splits (no truncation to minutes)', 30 * MINUTE + 59e6, true],
      ['a gap of the timeout + 1 µs splits', 30 * MINUTE + 1, true],
      ['a gap of 1 µs under the timeout stays', 30 * MINUTE - 1, false],
    ];
    for (const [title, gap, splits] of gaps) {
      it(title, async () => {
        await loadEvents(db, [single(1, 7, T0), single(2, 7, T0 + gap)], 'timestamp');
        const run = await sessionize(db, { user_key: 'user_id', event_ts: 'event_time' });
        assert.equal(run.seqByRow.get(2), splits ? 2 : 1);
      });
    }

    it('keeps events with equal timestamps in one session whatever their order', async () => {
      const events = [
        single(1, 1, T0),
        single(2, 1, T0 + 40 * MINUTE),
        single(3, 1, T0 + 40 * MINUTE),
        single(4, 1, T0 + 40 * MINUTE),
      ];
      await loadEvents(db, events, 'timestamp');
      const run = await sessionize(db, { user_key: 'user_id', event_ts: 'event_time' });
      assert.deepEqual(
        [1, 2, 3, 4].map(id => run.seqByRow.get(id)),
        [1, 2, 2, 2],
      );
      const starts = await db.query('SELECT sum(is_session_start) AS n FROM events_sessionized');
      assert.equal(Number(starts[0]?.n), 2, 'one start flag per session, even with ties');
    });

    it('gives single-event users one session and leaves NULL keys and timestamps out', async () => {
      await loadEvents(
        db,
        [single(1, 1, T0), single(2, 2, null), { rowId: 3, key: [null], tsMicros: T0 }],
        'timestamp',
      );
      const run = await sessionize(db, { user_key: 'user_id', event_ts: 'event_time' });
      assert.deepEqual([...run.seqByRow], [[1, 1]]);
      const counts = await runDataTests(db, run.sql);
      assert.equal(
        counts.rows_with_null_user_key_or_timestamp,
        2,
        'the warn test reports both rows',
      );
    });

    it('cuts a long run of activity every max_session_minutes from its first event', async () => {
      // One event every 20 minutes for 3 hours: with a 60-minute maximum, pieces start at 0, 60, 120, 180.
      const events = Array.from({ length: 10 }, (_, i) => single(i + 1, 1, T0 + i * 20 * MINUTE));
      await loadEvents(db, events, 'timestamp');
      const run = await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        max_session_minutes: '60',
      });
      assert.deepEqual(
        events.map(e => run.seqByRow.get(e.rowId)),
        [1, 1, 1, 2, 2, 2, 3, 3, 3, 4],
      );
      assert.ok(run.sessions.every(s => Number(s.session_duration_seconds) < 3600));
    });

    it('builds unique session ids for composite keys whose values contain the separator', async () => {
      await db.run(
        `CREATE OR REPLACE TABLE events AS SELECT * FROM (VALUES (1, 'a-b', 'c', TIMESTAMP '2024-01-01 10:00:00'), (2, 'a', 'b-c', TIMESTAMP '2024-01-01 10:00:00')) AS t(row_id, user_id, device_id, event_time)`,
      );
      await sessionize(db, { user_key: 'user_id,device_id', event_ts: 'event_time' });
      const ids = await db.query('SELECT DISTINCT session_id FROM events_sessionized');
      assert.equal(ids.length, 2);
    });

    it('carries landing and exit attributes onto each session', async () => {
      await db.run(`CREATE OR REPLACE TABLE events AS SELECT * FROM (VALUES
        (1, 7, TIMESTAMP '2024-01-01 10:00:00', '/home', 'ads'),
        (2, 7, TIMESTAMP '2024-01-01 10:05:00', '/cart', NULL),
        (3, 7, TIMESTAMP '2024-01-01 10:09:00', '/paid', NULL),
        (4, 7, TIMESTAMP '2024-01-01 12:00:00', '/blog', 'mail')) AS t(row_id, user_id, event_time, page, referrer)`);
      const run = await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        session_attributes: 'page, referrer',
      });
      const rows = run.sessions.map(s =>
        [s.session_seq, s.first_page, s.last_page, s.first_referrer, s.last_referrer].map(String),
      );
      assert.deepEqual(rows.sort(), [
        ['1', '/home', '/paid', 'ads', 'null'],
        ['2', '/blog', '/blog', 'mail', 'mail'],
      ]);
    });

    it("replaces a source's own session_id and session_seq with the added ones when told to", async () => {
      await db.run(`CREATE OR REPLACE TABLE events AS SELECT * FROM (VALUES
        (1, 7, TIMESTAMP '2024-01-01 10:00:00', 'amp-1', 40),
        (2, 7, TIMESTAMP '2024-01-01 10:05:00', 'amp-1', 40),
        (3, 7, TIMESTAMP '2024-01-01 12:00:00', 'amp-1', 40)) AS t(row_id, user_id, event_time, session_id, "Session_Seq")`);
      const run = await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        replace_columns: 'session_id, Session_Seq',
      });
      const labelled = await db.query('SELECT * FROM events_sessionized ORDER BY row_id');
      assert.deepEqual(
        labelled.map(r => [r.session_id, Number(r.session_seq)]),
        [
          ['7-1', 1],
          ['7-1', 1],
          ['7-2', 2],
        ],
      );
      assert.deepEqual(Object.keys(labelled[0] ?? {}), [
        'row_id',
        'user_id',
        'event_time',
        'seconds_since_prev_event',
        'is_session_start',
        'session_seq',
        'session_id',
      ]);
      assert.equal(run.sessions.length, 2);
      const failures = Object.entries(await runDataTests(db, run.sql)).filter(([, n]) => n > 0);
      assert.deepEqual(failures, []);
    });

    it('writes the same replacing star for Snowflake and BigQuery, and refuses it elsewhere', () => {
      const values = {
        events_table: 'events',
        user_key: 'user_id',
        event_ts: 'event_time',
        replace_columns: 'session_id',
      };
      const events = (dialect: string) =>
        queryOf(renderPattern({ pattern: 'sessionization', dialect, values }), 'events');
      assert.match(events('snowflake'), /src\.\* EXCLUDE \(session_id\),/);
      assert.match(events('bigquery'), /src\.\* EXCEPT \(session_id\),/);
      assert.throws(() => events('postgres'), /replace_columns: is not available for PostgreSQL/);
    });

    it('converts epoch seconds stored as a 32-bit INTEGER column', async () => {
      await db.run(
        `CREATE OR REPLACE TABLE events AS SELECT i AS row_id, 1 AS user_id, CAST(1700000000 + i * 600 AS INTEGER) AS event_time FROM range(4) t(i)`,
      );
      const run = await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        event_ts_unit: 'epoch_s',
      });
      assert.equal(String(run.sessions[0]?.session_start), '2023-11-14 22:13:20');
      assert.equal(Number(run.sessions[0]?.session_duration_seconds), 1800);
    });

    it('flags bot sessions by event count and length without dropping them', async () => {
      const busy = Array.from({ length: 30 }, (_, i) => single(i + 1, 1, T0 + i * 1e6));
      await loadEvents(db, [...busy, single(100, 2, T0)], 'timestamp');
      const run = await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        bot_max_events: '20',
        bot_max_minutes: '60',
      });
      const flags = Object.fromEntries(run.sessions.map(s => [String(s.user_id), s.is_bot]));
      assert.deepEqual(flags, { '1': true, '2': false });
    });
  });
});
