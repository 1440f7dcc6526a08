/**
 * The data tests test something: on correct output every error test returns no rows, and each
 * deliberate corruption of the output (or of the source) makes the test that guards it return rows.
 */
import assert from 'node:assert/strict';
import { Database } from '../../src/duckdb/database';
import { loadEvents, runDataTests, sessionize } from '../support/duckdbHarness';
import { generateEvents } from '../support/reference';

describe('data tests', function () {
  this.timeout(60_000);
  let db: Database;
  const values = { user_key: 'user_id', event_ts: 'event_time', max_session_minutes: '90' };

  before(async () => {
    db = await Database.open({ threads: 2 });
  });
  after(() => db.close());

  beforeEach(async () => {
    await loadEvents(
      db,
      generateEvents(42, { users: 300, maxEventsPerUser: 15, timeoutSeconds: 1800 }),
      'timestamp',
    );
  });

  async function failingAfter(corruption: string): Promise<string[]> {
    const run = await sessionize(db, values);
    await db.run(corruption);
    const counts = await runDataTests(db, run.sql);
    return Object.entries(counts)
      .filter(([, rows]) => rows > 0)
      .map(([name]) => name);
  }

  it('return no rows on correct output', async () => {
    const run = await sessionize(db, values);
    const counts = await runDataTests(db, run.sql);
    assert.deepEqual(
      Object.entries(counts).filter(([, rows]) => rows > 0),
      [],
    );
    assert.equal(
      Object.keys(counts).length,
      12,
      'all twelve tests ran, the max-length one included',
    );
  });

  // A user with at least two sessions, and the first event of their second session.
  const secondSessionStart = `(SELECT user_id, event_time FROM events_sessionized WHERE session_seq = 2 AND is_session_start = 1 ORDER BY user_id LIMIT 1)`;

  const corruptions: [string, string, string][] = [
    [
      'a session boundary shifted onto a short gap',
      'session_starts_follow_gap',
      `UPDATE events_sessionized SET session_seq = session_seq + 1
       WHERE (user_id, event_time) IN (SELECT user_id, max(event_time) FROM events_sessionized WHERE session_seq = 1 GROUP BY user_id HAVING count(*) > 1 ORDER BY user_id LIMIT 1)`,
    ],
    [
      'two sessions merged across a long gap',
      'no_gap_above_timeout_within_session',
      `UPDATE events_sessionized SET session_seq = 1 WHERE (user_id, session_seq) IN (SELECT user_id, 2 FROM ${secondSessionStart})`,
    ],
    [
      'a duplicated session id',
      'session_id_unique',
      `UPDATE events_sessions SET session_id = (SELECT min(session_id) FROM events_sessions) WHERE session_id = (SELECT max(session_id) FROM events_sessions)`,
    ],
    [
      'a duplicated (user, session_seq) row',
      'session_key_unique',
      `INSERT INTO events_sessions SELECT * REPLACE (session_id || '-copy' AS session_id) FROM events_sessions LIMIT 1`,
    ],
    [
      'a lost event',
      'no_events_lost',
      `DELETE FROM events_sessionized WHERE row_id = (SELECT min(row_id) FROM events_sessionized)`,
    ],
    [
      'a wrong event count',
      'sessions_match_events',
      `UPDATE events_sessions SET event_count = event_count + 1 WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    ],
    [
      'a wrong session end',
      'sessions_match_events',
      `UPDATE events_sessions SET session_end = session_end + INTERVAL 1 SECOND WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    ],
    [
      'overlapping sessions',
      'sessions_do_not_overlap',
      `UPDATE events_sessions SET session_start = session_start - INTERVAL 7 DAY WHERE session_seq = 2`,
    ],
    [
      'a session ending before it starts',
      'sessions_end_after_start',
      `UPDATE events_sessions SET session_end = session_start - INTERVAL 1 MINUTE WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    ],
    [
      'an event dated before its predecessor',
      'gaps_not_negative',
      `UPDATE events_sessionized SET seconds_since_prev_event = -1 WHERE row_id = (SELECT max(row_id) FROM events_sessionized WHERE seconds_since_prev_event IS NOT NULL)`,
    ],
    [
      'a negative session duration',
      'sessions_end_after_start',
      `UPDATE events_sessions SET session_duration_seconds = -1200 WHERE session_id = (SELECT max(session_id) FROM events_sessions)`,
    ],
    [
      'a session longer than max_session_minutes',
      'session_within_max_length',
      `UPDATE events_sessions SET session_duration_seconds = 5400 WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    ],
  ];

  for (const [what, guard, corruption] of corruptions) {
    it(`catch ${what} (${guard})`, async () => {
      const failing = await failingAfter(corruption);
      assert.ok(
        failing.includes(guard),
        `${guard} should fail, failing: ${failing.join(', ') || 'none'}`,
      );
    });
  }

  it('catch a session lost from both outputs by comparing with the source (no_events_lost)', async () => {
    const run = await sessionize(db, values);
    await db.run(
      `DELETE FROM events_sessionized WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    );
    await db.run(
      `DELETE FROM events_sessions WHERE session_id = (SELECT min(session_id) FROM events_sessions)`,
    );
    const counts = await runDataTests(db, run.sql);
    assert.ok((counts.no_events_lost ?? 0) > 0);
  });

  it('report events dated in the future as a warning', async () => {
    await db.run(`INSERT INTO events VALUES (999999, 5, TIMESTAMP '2099-01-01', 1)`);
    const run = await sessionize(db, values);
    const counts = await runDataTests(db, run.sql);
    assert.equal(counts.future_dated_events, 1);
    assert.equal(run.sql.tests.find(t => t.name === 'future_dated_events')?.severity, 'warn');
  });

  it('report source rows with a NULL user key or timestamp as a warning, not an error', async () => {
    await db.run(
      `INSERT INTO events VALUES (999999, NULL, TIMESTAMP '2024-01-01', 1), (1000000, 5, NULL, 1)`,
    );
    const run = await sessionize(db, values);
    const counts = await runDataTests(db, run.sql);
    assert.equal(counts.rows_with_null_user_key_or_timestamp, 2);
    assert.equal(
      run.sql.tests.find(t => t.name === 'rows_with_null_user_key_or_timestamp')?.severity,
      'warn',
    );
    assert.deepEqual(
      Object.entries(counts).filter(
        ([name, rows]) => rows > 0 && name !== 'rows_with_null_user_key_or_timestamp',
      ),
      [],
    );
  });
});
