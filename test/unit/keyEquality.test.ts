/**
 * Key equality (shared README §1): rows the engine groups together form one user and get one session_id
 * per session. MariaDB ignores trailing blanks and, in its default collation, case: 'a', 'a ' and 'A' are
 * one user there.
 */
import assert from 'node:assert/strict';
import {
  EVENTS,
  SESSIONS,
  failingErrorTests,
  materialise,
  render,
  runDataTests,
} from '../support/engineSessionization';
import { openEngine } from '../support/engines';

describe('key equality follows the engine', function () {
  this.timeout(60_000);

  it("MariaDB: 'a', 'a ' and 'A' are one user with one session id, and every error test passes", async () => {
    const engine = await openEngine('mysql');
    try {
      await engine.loadTable(
        EVENTS,
        [
          { name: 'user_id', type: 'VARCHAR(10)' },
          { name: 'event_time', type: 'DATETIME(6)' },
        ],
        [
          ['a', '2024-01-01 10:00:00'],
          ['a ', '2024-01-01 10:05:00'],
          ['A', '2024-01-01 10:10:00'],
          ['b', '2024-01-01 10:00:00'],
        ],
      );
      const sql = render('mysql', { user_key: 'user_id', event_ts: 'event_time' });
      await materialise(engine, sql);
      const sessions = await engine.query(
        `SELECT session_id, event_count FROM ${SESSIONS} ORDER BY session_id`,
      );
      assert.equal(sessions.length, 2, JSON.stringify(sessions));
      assert.deepEqual(
        sessions.map(s => Number(s.event_count)),
        [3, 1],
      );
      assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
    } finally {
      await engine.close();
    }
  });
});
