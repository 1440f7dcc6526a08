/**
 * Tests that share a first CTE are counted in one statement by the preview: each count must be the
 * count of that test's own query, whatever the CTE's text holds (strings, comments, parentheses).
 */
import assert from 'node:assert/strict';
import { renderPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { firstCte, sharedCounts } from '../../src/duckdb/sharedScans';

describe('tests counted together over a shared first CTE', function () {
  this.timeout(60_000);
  let db: Database;
  before(async () => {
    db = await Database.open();
  });
  after(() => db.close());

  const ownCount = async (sql: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM (\n${sql}\n) AS v`))[0]?.n);

  it('gives each sessionization gap test its own count on wrongly labelled events', async () => {
    // Per user: a 51-minute pause before every 10th event but sessions of 20 events (a long gap
    // inside five sessions), a skipped number at the 60th event and a split without a gap at the 85th.
    await db.run(`CREATE OR REPLACE TABLE e_sessionized AS
      SELECT u AS user_id, TIMESTAMP '2024-01-01' + to_seconds(k * 60 + (k // 10) * 3000) AS ts,
        CAST(1 + k // 20 + CASE WHEN k >= 60 THEN 1 ELSE 0 END + CASE WHEN k >= 85 THEN 1 ELSE 0 END AS BIGINT) AS session_seq
      FROM range(4) a(u), range(100) b(k)`);
    const { tests } = renderPattern({
      pattern: 'sessionization',
      values: { events_table: 'e', user_key: 'user_id', event_ts: 'ts' },
    });
    const [shared, ...others] = sharedCounts(tests);
    assert.equal(others.length, 0);
    assert.deepEqual(shared?.tests, [
      'no_gap_above_timeout_within_session',
      'session_starts_follow_gap',
    ]);
    const [row] = await db.query(shared?.sql ?? '');
    const counts = (shared?.tests ?? []).map((_, i) => Number(row?.[`n_${i}`]));
    const own = await Promise.all(
      (shared?.tests ?? []).map(name => ownCount(tests.find(t => t.name === name)?.sql ?? '')),
    );
    assert.deepEqual(counts, own);
    assert.deepEqual(own, [20, 8]);
  });

  it('shares only identical CTEs ending in a plain WHERE, read past strings and comments', async () => {
    await db.run(
      `CREATE OR REPLACE TABLE t AS SELECT i AS x, CASE WHEN i % 3 = 0 THEN 'a)' ELSE 'b' END AS s FROM range(30) t(i)`,
    );
    const body = `-- a comment with a ( and a '\n  SELECT x, s, 'it''s )' AS q FROM t /* ) */`;
    const queries = [
      {
        name: 'a',
        sql: `-- a\nWITH c AS (\n${body}\n)\nSELECT * FROM c\nWHERE s = 'a)' -- ends the line )`,
      },
      { name: 'b', sql: `WITH c AS (\n${body}\n)\nSELECT * FROM c WHERE x > 20 OR q = ')'` },
      // Same CTE, but its rows are grouped: counted alone.
      {
        name: 'c',
        sql: `WITH c AS (\n${body}\n)\nSELECT s, count(*) FROM c WHERE x > 1 GROUP BY s`,
      },
      // Another CTE text.
      { name: 'd', sql: `WITH c AS (SELECT x FROM t)\nSELECT * FROM c WHERE x > 1` },
    ];
    assert.equal(firstCte(queries[0]?.sql ?? '')?.body, `\n${body}\n`);
    const shared = sharedCounts(queries);
    assert.deepEqual(
      shared.map(s => s.tests),
      [['a', 'b']],
    );
    const [row] = await db.query(shared[0]?.sql ?? '');
    assert.deepEqual(
      [Number(row?.n_0), Number(row?.n_1)],
      [await ownCount(queries[0]?.sql ?? ''), await ownCount(queries[1]?.sql ?? '')],
    );
    assert.deepEqual([Number(row?.n_0), Number(row?.n_1)], [10, 9]);
  });
});
