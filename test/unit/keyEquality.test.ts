/**
 * Key equality (shared README §1): rows the engine groups together form one user and get one session_id
 * per session. MariaDB ignores trailing blanks and, in its default collation, case: 'a', 'a ' and 'A' are
 * one user there.
 */
import assert from 'node:assert/strict';
import { queryOf, renderPattern } from '../../src/core';
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

  // SQL Server and Redshift cannot run here: the text is asserted, each expression citing its vendor page.
  const parts = (dialect: string) => {
    const rendered = renderPattern({
      pattern: 'sessionization',
      dialect,
      values: { events_table: 'app.events', user_key: 'user_id', event_ts: 'event_time' },
    });
    return { events: queryOf(rendered, 'events'), sessions: queryOf(rendered, 'sessions') };
  };
  const flat = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');

  it("SQL Server: one id per group of keys equal to the engine ('a', 'a ', 'A'), floats in 17 digits", () => {
    const { events, sessions } = parts('tsql');
    const representative =
      'CAST(MIN(CAST(CONVERT(NVARCHAR(4000), user_id, 3) AS VARBINARY(8000))) OVER (PARTITION BY user_id) AS NVARCHAR(4000))';
    assert.ok(flat(events).includes(representative), events);
    assert.ok(flat(sessions).includes(`${representative} AS id_key_1`), sessions);
    assert.ok(flat(sessions).includes('CONVERT(NVARCHAR(4000), id_key_1, 3)'), sessions);
    assert.ok(!/CAST\([^()]* AS NVARCHAR/.test(flat(events)), 'no CAST to NVARCHAR (6 digits)');
  });

  it('Redshift: one id per group of keys equal but for trailing blanks, ids never cut at 256 characters', () => {
    const { events, sessions } = parts('redshift');
    const representative =
      "REGEXP_REPLACE(MIN(CAST(user_id AS VARCHAR(65535)) || '|') OVER (PARTITION BY user_id), '[|]$', '')";
    assert.ok(flat(events).includes(representative), events);
    assert.ok(flat(sessions).includes(`${representative} AS id_key_1`), sessions);
    assert.ok(!/VARCHAR(?!\(65535\))/.test(events + sessions), 'every VARCHAR is VARCHAR(65535)');
  });
});
