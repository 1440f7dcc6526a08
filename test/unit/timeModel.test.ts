/**
 * The time model (shared README §1): a timestamp without a zone is an instant in source_time_zone (UTC
 * unless given), a zoned one its own instant, and local dates and "now" come from the instant, never
 * from the session's or the operating system's time zone. Each engine here runs under a DST session
 * zone (America/Los_Angeles) on purpose; engines that cannot run here are checked on the SQL text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError, queryOf, renderPattern } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import {
  failingErrorTests,
  labels,
  materialise,
  render,
  runDataTests,
  timestampText,
  EVENTS,
  SESSIONIZED,
  SESSIONS,
} from '../support/engineSessionization';
import { openEngine, type Engine } from '../support/engines';

const DST_ZONE = 'America/Los_Angeles';
const HOUR = 3600_000;

/** 'YYYY-MM-DD HH:MM:SS' (UTC) of a millisecond time. */
const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const base = { user_key: 'user_id', event_ts: 'event_time' };

/** `sqlpatterns preview sessionization` of a file with the base inputs, as a separate process. */
function cliPreview(data: string, extra: string[], env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      'bin/sqlpatterns.js',
      'preview',
      'sessionization',
      '--data',
      data,
      ...Object.entries(base).map(([k, v]) => `${k}=${v}`),
      ...extra,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
}

describe('time model: sessions do not depend on the session time zone', function () {
  this.timeout(60_000);

  describe('PostgreSQL under a DST session zone', () => {
    let engine: Engine;
    before(async () => {
      engine = await openEngine('postgres');
      await engine.exec(`SET TIME ZONE '${DST_ZONE}'`);
    });
    after(() => engine.close());

    async function seqs(type: string, times: string[], values: Record<string, string>) {
      await engine.loadTable(
        EVENTS,
        [
          { name: 'row_id', type: 'BIGINT' },
          { name: 'user_id', type: 'BIGINT' },
          { name: 'event_time', type },
        ],
        times.map((t, i) => [i + 1, 7, t]),
      );
      const sql = render('postgres', { ...base, ...values });
      await materialise(engine, sql);
      const byRow = await labels(engine);
      return { sql, seqs: times.map((_, i) => byRow.get(i + 1)) };
    }

    it('splits at Paris midnight events at 22:50 and 23:10 UTC stored without a zone', async () => {
      const run = await seqs('TIMESTAMP', ['2024-01-01 22:50:00', '2024-01-01 23:10:00'], {
        split_at_midnight_tz: 'Europe/Paris',
      });
      assert.deepEqual(run.seqs, [1, 2]);
      assert.deepEqual(failingErrorTests(run.sql, await runDataTests(engine, run.sql)), []);
    });

    it('splits at Paris midnight the same events stored as TIMESTAMPTZ', async () => {
      const run = await seqs('TIMESTAMPTZ', ['2024-01-01 22:50:00+00', '2024-01-01 23:10:00+00'], {
        split_at_midnight_tz: 'Europe/Paris',
      });
      assert.deepEqual(run.seqs, [1, 2]);
    });

    it('reads wall times in source_time_zone: 01:50 to 03:10 across the Paris spring-forward is 20 minutes', async () => {
      const run = await seqs('TIMESTAMP', ['2024-03-31 01:50:00', '2024-03-31 03:10:00'], {
        source_time_zone: 'Europe/Paris',
      });
      assert.deepEqual(run.seqs, [1, 1]);
      const [session] = await engine.query(`SELECT * FROM ${SESSIONS}`);
      assert.equal(Number(session?.session_duration_seconds), 1200);
      assert.equal(timestampText(session?.session_start), '2024-03-31 00:50:00.000000');
    });

    it('splits at UTC midnight Paris wall times 00:50 and 01:10 on 2 January', async () => {
      const run = await seqs('TIMESTAMP', ['2024-01-02 00:50:00', '2024-01-02 01:10:00'], {
        source_time_zone: 'Europe/Paris',
        split_at_midnight_tz: 'UTC',
      });
      assert.deepEqual(run.seqs, [1, 2]);
    });

    it('reports future-dated events against UTC now, without false alarms', async () => {
      const now = Date.now();
      const run = await seqs('TIMESTAMP', [utcText(now - 3 * HOUR), utcText(now + 3 * HOUR)], {});
      const future = (await runDataTests(engine, run.sql)).future_dated_events ?? [];
      assert.deepEqual(
        future.map(r => Number(r.row_id)),
        [2],
      );
    });
  });

  describe('MariaDB TIMESTAMP columns under a DST session time_zone', () => {
    let engine: Engine;
    before(async () => {
      engine = await openEngine('mysql');
      await engine.exec(`SET time_zone = '${DST_ZONE}'`);
    });
    after(() => engine.close());

    /** Events at UTC instants in a TIMESTAMP(6) column (read back in the session's zone). */
    async function sessionize(instants: string[], unit: string) {
      await engine.loadTable(
        EVENTS,
        [
          { name: 'row_id', type: 'BIGINT' },
          { name: 'user_id', type: 'BIGINT' },
          { name: 'event_time', type: 'TIMESTAMP(6) NULL' },
        ],
        instants.map((t, i) => [i + 1, 7, t]),
      );
      const sql = render('mysql', { ...base, event_ts_unit: unit });
      await materialise(engine, sql);
      return sql;
    }

    it('keeps a real 20-minute gap at spring-forward in one session (timestamptz)', async () => {
      const sql = await sessionize(['2024-03-10 09:50:00', '2024-03-10 10:10:00'], 'timestamptz');
      const rows = await engine.query(
        `SELECT row_id, session_seq, seconds_since_prev_event FROM ${SESSIONIZED} ORDER BY row_id`,
      );
      assert.deepEqual(
        rows.map(r => [Number(r.session_seq), r.seconds_since_prev_event]),
        [
          [1, null],
          [1, 1200],
        ],
      );
      assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
    });

    it('splits a real 40-minute gap at fall-back, with the session times in UTC (timestamptz)', async () => {
      const sql = await sessionize(['2024-11-03 08:40:00', '2024-11-03 09:20:00'], 'timestamptz');
      const sessions = await engine.query(
        `SELECT session_seq, session_start FROM ${SESSIONS} ORDER BY session_seq`,
      );
      assert.deepEqual(
        sessions.map(s => [Number(s.session_seq), timestampText(s.session_start)]),
        [
          [1, '2024-11-03 08:40:00.000000'],
          [2, '2024-11-03 09:20:00.000000'],
        ],
      );
      assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
    });

    it('fails a data test when the column is declared without a zone and the hour repeats', async () => {
      const sql = await sessionize(['2024-11-03 08:40:00', '2024-11-03 09:20:00'], 'timestamp');
      const failing = failingErrorTests(sql, await runDataTests(engine, sql)).map(
        t => t.split(' ')[0],
      );
      assert.ok(
        failing.includes('gaps_not_negative') || failing.includes('sessions_end_after_start'),
        `a time-order test should fail; failing: ${failing.join(', ')}`,
      );
    });
  });

  describe('DuckDB under a DST TimeZone setting (the preview follows the OS zone by default)', () => {
    let db: Database;
    before(async () => {
      db = await Database.open({ threads: 1 });
      await db.run(`SET TimeZone = '${DST_ZONE}'`);
    });
    after(() => db.close());

    async function seqs(times: string[], values: Record<string, string>) {
      await db.run(
        `CREATE OR REPLACE TABLE events (row_id BIGINT, user_id BIGINT, event_time TIMESTAMP)`,
      );
      await db.run(
        `INSERT INTO events VALUES ${times.map((t, i) => `(${i + 1}, 7, TIMESTAMP '${t}')`).join(', ')}`,
      );
      const sql = renderPattern({
        pattern: 'sessionization',
        values: { events_table: 'events', ...base, ...values },
      });
      const rows = await db.query(
        `SELECT row_id, session_seq FROM (${queryOf(sql, 'events')}) ORDER BY row_id`,
      );
      return { sql, seqs: rows.map(r => Number(r.session_seq)) };
    }

    it('splits at Paris midnight events at 22:50 and 23:10 UTC', async () => {
      const run = await seqs(['2024-01-01 22:50:00', '2024-01-01 23:10:00'], {
        split_at_midnight_tz: 'Europe/Paris',
      });
      assert.deepEqual(run.seqs, [1, 2]);
    });

    it('reads wall times in source_time_zone across the Paris spring-forward', async () => {
      const run = await seqs(['2024-03-31 01:50:00', '2024-03-31 03:10:00'], {
        source_time_zone: 'Europe/Paris',
      });
      assert.deepEqual(run.seqs, [1, 1]);
    });

    it('reports future-dated events against UTC now, without false alarms', async () => {
      const now = Date.now();
      const run = await seqs([utcText(now - 3 * HOUR), utcText(now + 3 * HOUR)], {});
      const test = run.sql.tests.find(t => t.name === 'future_dated_events');
      const rows = await db.query(`SELECT row_id FROM (${test?.sql}) ORDER BY row_id`);
      assert.deepEqual(
        rows.map(r => Number(r.row_id)),
        [2],
      );
    });
  });

  it('previews the same sessions, in UTC, whatever the OS time zone (CLI under TZ=America/Los_Angeles)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-tz-'));
    const data = path.join(dir, 'events.csv');
    // One text column mixing offsets and none: DuckDB types it TIMESTAMPTZ and reads the bare times in
    // its TimeZone setting, which follows the OS zone unless the preview pins it.
    fs.writeFileSync(
      data,
      'user_id,event_time\n1,2024-01-01 10:00:00\n1,2024-01-01 10:29:00\n1,2024-01-01 11:10:00+00\n',
    );
    const output = cliPreview(data, ['--json'], { TZ: DST_ZONE }).stdout;
    const result = JSON.parse(output) as {
      summary: { sessions: number };
      events: { rows: { event_time: string }[] };
    };
    assert.equal(result.summary.sessions, 2);
    assert.deepEqual(
      result.events.rows.map(r => r.event_time),
      ['2024-01-01 10:00:00+00', '2024-01-01 10:29:00+00', '2024-01-01 11:10:00+00'],
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('preview refuses source_time_zone on a zoned column and timestamptz on a column without a zone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-tz-'));
    const zoned = path.join(dir, 'zoned.csv');
    fs.writeFileSync(zoned, 'user_id,event_time\n1,2024-01-01 10:00:00+02\n');
    const plain = path.join(dir, 'plain.csv');
    fs.writeFileSync(plain, 'user_id,event_time\n1,2024-01-01 10:00:00\n');
    const preview = (data: string, extra: string) => cliPreview(data, [extra]);
    const onZoned = preview(zoned, 'source_time_zone=Europe/Paris');
    assert.equal(onZoned.status, 2);
    assert.equal(
      onZoned.stderr.trim(),
      'sqlpatterns: source_time_zone: column event_time is TIMESTAMP WITH TIME ZONE and carries its own zone; leave source_time_zone out.',
    );
    const onPlain = preview(plain, 'event_ts_unit=timestamptz');
    assert.equal(onPlain.status, 2);
    assert.match(
      onPlain.stderr.trim(),
      /^sqlpatterns: event_ts: column event_time is TIMESTAMP, without a zone; event_ts_unit=timestamptz needs TIMESTAMP WITH TIME ZONE/,
    );
    assert.equal(preview(plain, 'source_time_zone=Europe/Paris').status, 0);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses source_time_zone where the dialect has no named zones, and for zoned or epoch columns', () => {
    const problem = (dialect: string, values: Record<string, string>) => {
      try {
        renderPattern({
          pattern: 'sessionization',
          dialect,
          values: { events_table: 'e', ...base, ...values },
        });
      } catch (error) {
        if (error instanceof InvalidInputError) {
          return error.message;
        }
        throw error;
      }
      return 'accepted';
    };
    for (const dialect of ['sqlite', 'mysql', 'tsql']) {
      assert.match(
        problem(dialect, { source_time_zone: 'Europe/Paris' }),
        /^source_time_zone: is not available for .*: it has no named time zones to convert with/,
        dialect,
      );
    }
    assert.equal(
      problem('duckdb', { source_time_zone: 'Europe/Paris', event_ts_unit: 'epoch_s' }),
      'source_time_zone: applies to event_ts_unit=timestamp only: epochs count from UTC and zoned timestamps carry their own zone',
    );
  });
});

describe('time model in the SQL of engines that cannot run here', () => {
  const sqlOf = (dialect: string, values: Record<string, string>) => {
    const sql = renderPattern({
      pattern: 'sessionization',
      dialect,
      values: { events_table: 'app.events', ...base, ...values },
    });
    return [queryOf(sql, 'events'), ...sql.tests.map(t => t.sql)]
      .join('\n')
      .replace(/\s+/g, ' ')
      .replace(/\( /g, '(')
      .replace(/ \)/g, ')');
  };
  const midnight = { split_at_midnight_tz: 'Europe/Paris' };

  const cases: [string, Record<string, string>, string[], string[]][] = [
    // [dialect, inputs, expected fragments, fragments that must not appear]
    [
      'snowflake',
      midnight,
      ["CONVERT_TIMEZONE('UTC', 'Europe/Paris', event_time)", 'SYSDATE()'],
      ["CONVERT_TIMEZONE('Europe/Paris', event_time)", 'CURRENT_TIMESTAMP'],
    ],
    [
      'snowflake',
      { source_time_zone: 'Europe/Paris' },
      ["CONVERT_TIMEZONE('Europe/Paris', 'UTC', event_time)"],
      [],
    ],
    [
      'snowflake',
      { event_ts_unit: 'timestamptz' },
      ["TO_TIMESTAMP_NTZ(CONVERT_TIMEZONE('UTC', event_time))"],
      [],
    ],
    [
      'trino',
      midnight,
      ["CAST(WITH_TIMEZONE(event_time, 'UTC') AT TIME ZONE 'Europe/Paris' AS DATE)"],
      ['CAST(event_time AT TIME ZONE'],
    ],
    [
      'spark',
      midnight,
      [
        "DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_MICROS(FROM_UTC_TIMESTAMP(event_time, 'Europe/Paris'))",
      ],
      ['TO_DATE('],
    ],
    [
      'redshift',
      midnight,
      [
        "CONVERT_TIMEZONE('UTC', 'Europe/Paris', event_time)",
        "CAST(GETDATE() AS TIMESTAMPTZ) AT TIME ZONE 'UTC'",
      ],
      ["CONVERT_TIMEZONE('Europe/Paris', event_time)"],
    ],
    [
      'bigquery',
      { source_time_zone: 'Europe/Paris' },
      ["TIMESTAMP(event_time, 'Europe/Paris')"],
      [],
    ],
    [
      'tsql',
      { event_ts_unit: 'timestamptz' },
      ["CAST(SWITCHOFFSET(event_time, '+00:00') AS DATETIME2(7))"],
      [],
    ],
  ];
  for (const [dialect, values, present, absent] of cases) {
    it(`${dialect} with ${JSON.stringify(values)}`, () => {
      const text = sqlOf(dialect, values);
      for (const fragment of present) {
        assert.ok(text.includes(fragment), `${dialect} SQL lacks ${fragment}`);
      }
      for (const fragment of absent) {
        assert.ok(!text.includes(fragment), `${dialect} SQL has ${fragment}`);
      }
    });
  }
});
