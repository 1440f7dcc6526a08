/**
 * `timeout_sensitivity` (shared README §3) counted in one scan of the labelled events equals, at every
 * listed timeout, the session count of the independent reference run at that timeout.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { previewJson } from '../../src/cli/formatPreview';
import { PreviewSession } from '../../src/duckdb/preview';
import {
  sensitivityFromRows,
  sensitivityMinutes,
  timeoutsBelowSql,
} from '../../src/core/patterns/sessionization/timeoutSensitivity';
import { Database } from '../../src/duckdb/database';
import { loadEvents, sessionize } from '../support/duckdbHarness';
import { generateEvents, referenceSessions, type ReferenceEvent } from '../support/reference';

/** MovieLens-shaped events: whole epoch seconds, many ties, gaps placed at and around several timeouts. */
function eventsAroundTimeouts(seed: number): ReferenceEvent[] {
  let rowId = 0;
  return [60, 600, 1800, 3600, 86_400].flatMap((timeoutSeconds, batch) =>
    generateEvents(seed * 10 + batch, {
      users: 40,
      maxEventsPerUser: 60,
      timeoutSeconds,
      nulls: true,
      granularityMicros: 1e6,
    }).map(e => ({
      ...e,
      rowId: ++rowId,
      key: e.key.map(k => (k === null ? null : `b${batch}-${k}`)),
    })),
  );
}

function referenceSessionCount(events: readonly ReferenceEvent[], minutes: number): number {
  const labels = referenceSessions(events, { timeoutSeconds: Math.round(minutes * 60) });
  const byRow = new Map(events.map(e => [e.rowId, e]));
  return new Set([...labels].map(([row, seq]) => `${JSON.stringify(byRow.get(row)?.key)}#${seq}`))
    .size;
}

describe('timeout_sensitivity', function () {
  this.timeout(120_000);
  let db: Database;
  before(async () => {
    db = await Database.open({ threads: 2 });
  });
  after(() => db.close());

  it('lists every standard timeout and the chosen one, sorted, once each', () => {
    assert.deepEqual(
      sensitivityMinutes(22.5),
      [1, 5, 10, 15, 20, 22.5, 30, 45, 60, 90, 120, 240, 480, 1440],
    );
    assert.equal(sensitivityMinutes(30).filter(m => m === 30).length, 1);
  });

  for (const seed of [1, 2]) {
    it(`equals the reference session count at every timeout (seed ${seed})`, async () => {
      const events = eventsAroundTimeouts(seed);
      await loadEvents(db, events, 'epoch_s');
      // The labelled rows of a run at the chosen timeout answer every other timeout.
      await sessionize(db, {
        user_key: 'user_id',
        event_ts: 'event_time',
        event_ts_unit: 'epoch_s',
        session_timeout_minutes: '22.5',
      });
      const minutes = sensitivityMinutes(22.5);
      const rows = await db.query(
        `SELECT ${timeoutsBelowSql(minutes)} AS k, count(*) AS n FROM events_sessionized GROUP BY ALL`,
      );
      const points = sensitivityFromRows(minutes, rows, 'k', 'n');
      assert.deepEqual(
        points,
        minutes.map(m => ({ minutes: m, sessions: referenceSessionCount(events, m) })),
      );
      // The chosen timeout's point is the run's own session count.
      const [own] = await db.query('SELECT count(*) AS n FROM events_sessions');
      assert.equal(points.find(p => p.minutes === 22.5)?.sessions, Number(own?.n));
    });
  }

  it("is the preview result's timeout_sensitivity, printed by preview --json, at every listed timeout", async () => {
    const events = eventsAroundTimeouts(3);
    await loadEvents(db, events, 'epoch_s');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-sensitivity-'));
    const file = path.join(dir, 'ratings.parquet');
    await db.run(`COPY events TO '${file}' (FORMAT parquet)`);
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      const result = await session.run('sessionization', {
        user_key: 'user_id',
        event_ts: 'event_time',
        event_ts_unit: 'epoch_s',
        order_tiebreak: 'tiebreak',
        session_timeout_minutes: '22.5',
      });
      const expected = sensitivityMinutes(22.5).map(m => ({
        minutes: m,
        sessions: referenceSessionCount(events, m),
      }));
      assert.deepEqual(result.fields.timeout_sensitivity, expected);
      const json = JSON.parse(previewJson(result)) as Record<string, unknown>;
      assert.deepEqual(json.timeout_sensitivity, expected);
      assert.equal(
        json.inputs && (json.inputs as Record<string, string>).session_timeout_minutes,
        '22.5',
      );
    } finally {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
