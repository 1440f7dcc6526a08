import assert from 'node:assert/strict';
import { ENGINE_NAMES, Engine, EngineName, openEngine, timestampText } from '../support/engines';

/** What a sessionization query needs from each engine, written the way that engine wants it. */
interface Case {
  tsType: string;
  /** Fraction digits the engine keeps: microseconds, or milliseconds for SQLite's TEXT timestamps. */
  digits: 6 | 3;
  /** SQL: elapsed time from prev_ts to ts, as an integer count of 10^-digits seconds. */
  gap: string;
  /** SQL: the gap is strictly above 30 minutes, compared exactly. */
  splits: string;
}

const CASES: Record<EngineName, Case> = {
  postgres: {
    tsType: 'TIMESTAMP(6)',
    digits: 6,
    gap: 'EXTRACT(EPOCH FROM ts - prev_ts) * 1000000',
    splits: "ts > prev_ts + INTERVAL '30 minutes'",
  },
  mysql: {
    tsType: 'DATETIME(6)',
    digits: 6,
    gap: 'TIMESTAMPDIFF(MICROSECOND, prev_ts, ts)',
    splits: 'ts > prev_ts + INTERVAL 30 MINUTE',
  },
  sqlite: {
    tsType: 'TEXT',
    digits: 3,
    gap: 'CAST(ROUND((julianday(ts) - julianday(prev_ts)) * 86400000) AS INTEGER)',
    // Text comparison in one fixed format is exact; julianday() arithmetic is a float.
    splits: "ts > strftime('%Y-%m-%d %H:%M:%f', prev_ts, '+30 minutes')",
  },
};

/** Two users, interleaved in time: u1 has a gap of exactly 30 min, then one of 30 min + 1 tick. */
function timestamps(digits: 6 | 3): string[] {
  const tick = (fraction: string) => fraction.slice(0, digits);
  return [
    `2024-03-10 08:00:00.${tick('123456')}`,
    `2024-03-10 08:30:00.${tick('123456')}`,
    `2024-03-10 09:00:00.${tick(digits === 6 ? '123457' : '124000')}`,
    `2024-03-10 23:59:59.${tick('999999')}`, // u2: 2 ticks across midnight
    `2024-03-11 00:00:00.${digits === 6 ? '000001' : '001'}`,
  ];
}

const epochSeconds = (ts: string) =>
  Math.floor(Date.parse(`${ts.replace(' ', 'T').slice(0, 23)}Z`) / 1000);

for (const name of ENGINE_NAMES) {
  describe(`real engine: ${name}`, function () {
    this.timeout(20_000);
    const c = CASES[name];
    const ts = timestamps(c.digits);
    const users = ['u1', 'u1', 'u1', 'u2', 'u2'];
    let engine: Engine;

    before(async () => {
      engine = await openEngine(name);
      const rows = users.map((user, i) => [user, ts[i], epochSeconds(ts[i])]);
      // Scrambled insert order: only ORDER BY may decide.
      await engine.loadTable(
        'events',
        [
          { name: 'user_id', type: 'VARCHAR(20)' },
          { name: 'ts', type: c.tsType },
          { name: 'ts_epoch', type: 'INTEGER' },
        ],
        [4, 2, 0, 3, 1].map(i => rows[i]),
      );
    });

    after(async () => {
      await engine?.close();
    });

    it('LAG over a partition returns the exact previous timestamp and epoch', async () => {
      const rows = await engine.query(`
        SELECT user_id, ts, ts_epoch, prev_ts, prev_epoch, ${c.gap} AS gap,
               CASE WHEN prev_ts IS NULL OR ${c.splits} THEN 1 ELSE 0 END AS is_session_start
        FROM (
          SELECT user_id, ts, ts_epoch,
                 LAG(ts) OVER (PARTITION BY user_id ORDER BY ts) AS prev_ts,
                 LAG(ts_epoch) OVER (PARTITION BY user_id ORDER BY ts) AS prev_epoch
          FROM events
        ) t
        ORDER BY user_id, ts`);
      const padded = ts.map(t => timestampText(t));
      assert.deepEqual(
        rows.map(r => r.user_id),
        users,
      );
      assert.deepEqual(
        rows.map(r => timestampText(r.ts)),
        padded,
      );
      assert.deepEqual(
        rows.map(r => (r.prev_ts === null ? null : timestampText(r.prev_ts))),
        [null, padded[0], padded[1], null, padded[3]],
      );
      const epochs = ts.map(epochSeconds);
      assert.deepEqual(
        rows.map(r => r.prev_epoch),
        [null, epochs[0], epochs[1], null, epochs[3]],
      );
      const halfHour = 1800 * 10 ** c.digits;
      assert.deepEqual(
        rows.map(r => r.gap),
        [null, halfHour, halfHour + 1, null, 2],
      );
      // A gap of exactly the timeout does not split; one tick more does.
      assert.deepEqual(
        rows.map(r => r.is_session_start),
        [1, 0, 1, 1, 0],
      );
    });

    it(`keeps ${c.digits === 6 ? 'microseconds' : 'milliseconds'} and returns counts as numbers`, async () => {
      const rows = await engine.query(
        `SELECT COUNT(*) AS n, MAX(ts) AS last_ts FROM events WHERE user_id = 'u2'`,
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.n, 2); // strict: a BIGINT must not come back as '2' or 2n
      assert.equal(timestampText(rows[0]?.last_ts), timestampText(ts[4]));
      assert.match(String(rows[0]?.last_ts), c.digits === 6 ? /\.000001$/ : /\.001$/);
    });

    it('binds a JS Date as UTC with its milliseconds', async () => {
      await engine.loadTable(
        'dates',
        [{ name: 'ts', type: c.tsType }],
        [[new Date(Date.UTC(2024, 2, 10, 23, 59, 59, 987))]],
      );
      const [row] = await engine.query('SELECT ts FROM dates');
      assert.equal(timestampText(row?.ts), '2024-03-10 23:59:59.987000');
    });

    if (name !== 'sqlite') {
      it('gives each openEngine call its own tables', async () => {
        const other = await openEngine(name);
        try {
          await other.loadTable('events', [{ name: 'x', type: 'INTEGER' }], [[1]]);
          assert.deepEqual(await other.query('SELECT x FROM events'), [{ x: 1 }]);
          assert.deepEqual(await engine.query('SELECT COUNT(*) AS n FROM events'), [{ n: 5 }]);
        } finally {
          await other.close();
        }
      });
    }
  });
}
