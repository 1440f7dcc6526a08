/**
 * The funnel's data tests test something: on correct output every error test returns no rows, and each
 * deliberate corruption of the output makes the test that guards it return rows (DuckDB).
 */
import assert from 'node:assert/strict';
import type { RenderedPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import {
  duckRunner,
  failingFunnelTests,
  FUNNEL,
  loadFunnelEvents,
  materialiseFunnel,
  renderFunnel,
  runFunnelTests,
  USER_STEPS,
  type Runner,
} from '../support/funnelHarness';
import { generateFunnelEvents } from '../support/funnelReference';

const STEPS = ['view', 'add to cart', 'purchase'];

describe('funnel data tests', function () {
  this.timeout(60_000);
  let db: Database;
  let runner: Runner;
  let sql: RenderedPattern;

  before(async () => {
    db = await Database.open({ threads: 2 });
    runner = duckRunner(db);
  });
  after(() => db.close());

  beforeEach(async () => {
    await loadFunnelEvents(
      runner,
      generateFunnelEvents(7, {
        users: 300,
        steps: STEPS,
        windowSeconds: 3600,
        tickMicros: 1,
        keyParts: 1,
      }),
      'timestamp',
    );
    sql = renderFunnel('duckdb', {
      user_key: 'user_id',
      steps: "view,'add to cart',purchase",
      window_minutes: '60',
    });
    await materialiseFunnel(runner, sql);
  });

  it('return no rows on correct output, all eight of them', async () => {
    const rows = await runFunnelTests(runner, sql);
    assert.deepEqual(failingFunnelTests(sql, rows), []);
    assert.equal(Object.keys(rows).length, 8);
  });

  // The first user (by key) with something to corrupt.
  const firstUser = (where: string) => `(SELECT MIN(user_id) FROM ${USER_STEPS} WHERE ${where})`;
  // Step-2 events of a user that would also qualify, later than the recorded (earliest) one.
  const laterStep2 = `(
    SELECT MIN(e.event_time) FROM events AS e
    WHERE e.user_id = ${USER_STEPS}.user_id AND e.event_name = 'add to cart'
      AND e.event_time > ${USER_STEPS}.step_2_at AND e.event_time <= ${USER_STEPS}.entered_at + INTERVAL 60 MINUTE)`;

  const corruptions: [string, string, string][] = [
    [
      'a step with more users than the step before',
      'users_never_increase',
      `UPDATE ${FUNNEL} SET users = (SELECT MAX(users) FROM ${FUNNEL}) + 1 WHERE step = 3`,
    ],
    [
      'a miscounted step',
      'funnel_matches_user_steps',
      `UPDATE ${FUNNEL} SET users = users - 1 WHERE step = 2`,
    ],
    [
      'a wrong conversion',
      'funnel_matches_user_steps',
      `UPDATE ${FUNNEL} SET conversion_from_first = conversion_from_previous / 2 WHERE step = 3`,
    ],
    ['a lost step row', 'funnel_matches_user_steps', `DELETE FROM ${FUNNEL} WHERE step = 3`],
    [
      'a wrong entered_at (a later step-1 event)',
      'entered_at_is_earliest_step_1_event',
      `UPDATE ${USER_STEPS} SET entered_at = (
         SELECT MAX(event_time) FROM events AS e
         WHERE e.user_id = ${USER_STEPS}.user_id AND e.event_name = 'view')
       WHERE user_id = (SELECT MIN(user_id) FROM events WHERE event_name = 'view'
                        GROUP BY user_id HAVING COUNT(DISTINCT event_time) > 1 ORDER BY 1 LIMIT 1)`,
    ],
    [
      'a reached step set to NULL',
      'step_times_are_earliest_qualifying',
      `UPDATE ${USER_STEPS} SET step_3_at = NULL, furthest_step = 2 WHERE user_id = ${firstUser('step_3_at IS NOT NULL')}`,
    ],
    [
      'a later-than-earliest step time',
      'step_times_are_earliest_qualifying',
      `UPDATE ${USER_STEPS} SET step_2_at = ${laterStep2}
       WHERE user_id = (SELECT MIN(user_id) FROM ${USER_STEPS} WHERE ${laterStep2} IS NOT NULL)`,
    ],
    [
      'a step time before the previous step',
      'reached_times_in_order_within_window',
      `UPDATE ${USER_STEPS} SET step_3_at = step_2_at - INTERVAL 1 SECOND WHERE user_id = ${firstUser('step_3_at IS NOT NULL')}`,
    ],
    [
      'a step time past the window',
      'reached_times_in_order_within_window',
      `UPDATE ${USER_STEPS} SET step_2_at = entered_at + INTERVAL 3601 SECOND, step_3_at = NULL, furthest_step = 2
       WHERE user_id = ${firstUser('step_2_at IS NOT NULL')}`,
    ],
    [
      'a step reached after an unreached one',
      'reached_times_in_order_within_window',
      `UPDATE ${USER_STEPS} SET step_2_at = NULL WHERE user_id = ${firstUser('step_3_at IS NOT NULL')}`,
    ],
    [
      'a wrong furthest_step',
      'furthest_step_agrees',
      `UPDATE ${USER_STEPS} SET furthest_step = furthest_step + 1 WHERE user_id = ${firstUser('furthest_step = 1')}`,
    ],
    [
      'a user lost from both outputs',
      'step_1_users_match_source',
      `DELETE FROM ${USER_STEPS} WHERE user_id = ${firstUser('furthest_step = 1')};
       UPDATE ${FUNNEL} SET users = users - 1 WHERE step = 1`,
    ],
  ];

  for (const [what, guard, corruption] of corruptions) {
    it(`catch ${what} (${guard})`, async () => {
      await db.run(corruption);
      const failing = failingFunnelTests(sql, await runFunnelTests(runner, sql));
      assert.ok(
        failing.some(f => f.startsWith(`${guard} `)),
        `${guard} should fail; failing: ${failing.join(', ') || 'none'}`,
      );
    });
  }

  it('report source rows with a NULL user key, timestamp or event name as a warning', async () => {
    await db.run(
      `INSERT INTO events VALUES (900001, NULL, TIMESTAMP '2024-01-01', 'view'),
         (900002, 5, NULL, 'view'), (900003, 5, TIMESTAMP '2024-01-01', NULL)`,
    );
    const rows = await runFunnelTests(runner, sql);
    assert.equal(rows.rows_with_null_user_key_timestamp_or_event_name?.length, 3);
    assert.equal(
      sql.tests.find(t => t.name === 'rows_with_null_user_key_timestamp_or_event_name')?.severity,
      'warn',
    );
    assert.deepEqual(failingFunnelTests(sql, rows), [], 'left-out rows are no error of ours');
  });
});
