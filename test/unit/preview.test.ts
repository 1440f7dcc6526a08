/** The DuckDB preview engine on real files of every supported kind, including awkward data. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancelledError, ColumnTypeError, InputFileError, queryOf } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { PreviewSession, sampleOf } from '../../src/duckdb/preview';

const SAMPLE = sampleOf('sessionization');

describe('DuckDB preview', function () {
  this.timeout(60_000);
  let dir: string;
  let maker: Database;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-preview-'));
    maker = await Database.open();
  });
  after(() => {
    maker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the result of a DuckDB query to a file in the given format. */
  async function write(name: string, select: string, format: string): Promise<string> {
    const file = path.join(dir, name);
    await maker.run(`COPY (${select}) TO '${file}' (FORMAT ${format})`);
    return file;
  }

  async function preview(file: string, values: Record<string, string>) {
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      return await session.run('sessionization', values);
    } finally {
      session.close();
    }
  }

  const errorTestsPassed = (tests: readonly { severity: string; passed: boolean }[]) =>
    tests.filter(t => t.severity === 'error').every(t => t.passed);

  it('previews the bundled sample with every error test passing', async () => {
    const session = await PreviewSession.open(SAMPLE.source);
    const result = await session.run('sessionization', SAMPLE.values, { rowCap: 10 });
    session.close();
    assert.equal(result.summary.sourceRows, 5295);
    assert.equal(result.summary.excludedRows, 3);
    assert.equal(result.summary.events, 5292);
    assert.ok(errorTestsPassed(result.tests));
    // Each part stays in an in-memory table of its own until the next run.
    assert.deepEqual(result.relations, {
      source: 'preview_events',
      parts: { events: 'preview_sessionized', sessions: 'preview_sessions' },
    });
    assert.equal(result.parts.sessions?.rows.length, 10);
    assert.equal(result.parts.sessions?.cap, 10);
    // Events are grouped by user and time, with their session labels.
    const first = result.parts.events?.rows[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).slice(-4), [
      'seconds_since_prev_event',
      'is_session_start',
      'session_seq',
      'session_id',
    ]);
  });

  it('reads a Parquet file with a TIMESTAMPTZ column', async () => {
    const file = await write(
      'tz.parquet',
      `SELECT i % 50 AS user_id, TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i * 97) AS ts FROM range(5000) t(i)`,
      'parquet',
    );
    const result = await preview(file, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(result.summary.events, 5000);
    assert.equal(result.summary.users, 50);
    assert.ok(errorTestsPassed(result.tests));
  });

  it('reads JSON lines and an attached DuckDB database read-only', async () => {
    const jsonl = await write(
      'events.jsonl',
      `SELECT 'u' || (i % 3) AS visitor, TIMESTAMP '2024-01-01' + to_minutes(i * 20) AS at FROM range(30) t(i)`,
      'json',
    );
    const fromJson = await preview(jsonl, { user_key: 'visitor', event_ts: 'at' });
    // Per visitor, events are 60 minutes apart: every event is its own session.
    assert.equal(fromJson.summary.sessions, 30);

    const dbFile = path.join(dir, 'warehouse.duckdb');
    await maker.run(`ATTACH '${dbFile}' AS w`);
    await maker.run(`CREATE SCHEMA w.app`);
    await maker.run(
      `CREATE TABLE w.app.events AS SELECT 1 AS user_id, TIMESTAMP '2024-01-01 10:00:00' + to_minutes(i * 10) AS ts FROM range(6) t(i)`,
    );
    await maker.run(`DETACH w`);
    const fromDb = await preview(dbFile, {
      events_table: 'app.events',
      user_key: 'user_id',
      event_ts: 'ts',
    });
    assert.equal(fromDb.summary.sessions, 1);
    assert.equal(fromDb.summary.events, 6);
  });

  it('casts text timestamps that parse, and names the column and type of text that does not', async () => {
    const good = path.join(dir, 'text-good.csv');
    fs.writeFileSync(
      good,
      'user_id,ts\n1,2024-01-01 10:00:00\n1,2024-01-01T10:29:00\n1,2024-01-01 11:00:00.5\n',
    );
    const parsed = await preview(good, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(parsed.summary.sessions, 2, '10:29 → 11:00:00.5 is more than 30 minutes');

    const bad = path.join(dir, 'text-bad.csv');
    fs.writeFileSync(bad, 'user_id,ts\n1,2024-01-01 10:00:00\n1,yesterday\n');
    await assert.rejects(
      preview(bad, { user_key: 'user_id', event_ts: 'ts' }),
      (e: unknown) =>
        e instanceof ColumnTypeError &&
        /^event_ts: column ts is VARCHAR and 1 of its values do not parse as timestamps \(for example "yesterday"\)/.test(
          e.message,
        ),
    );
  });

  it('handles an empty file and a file whose timestamps are all NULL', async () => {
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, 'user_id,ts\n');
    const fromEmptyCsv = await preview(empty, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(fromEmptyCsv.summary.sourceRows, 0);
    assert.equal(fromEmptyCsv.summary.sessions, 0);
    const typedEmpty = await write(
      'empty.parquet',
      `SELECT 1 AS user_id, TIMESTAMP '2024-01-01' AS ts WHERE false`,
      'parquet',
    );
    const none = await preview(typedEmpty, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(none.summary.sessions, 0);
    assert.ok(errorTestsPassed(none.tests));

    const nulls = await write(
      'nulls.parquet',
      `SELECT i AS user_id, CAST(NULL AS TIMESTAMP) AS ts FROM range(10) t(i)`,
      'parquet',
    );
    const result = await preview(nulls, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(result.summary.excludedRows, 10);
    assert.equal(result.summary.events, 0);
    assert.equal(
      result.tests.find(t => t.name === 'rows_with_null_user_key_or_timestamp')?.violationCount,
      10,
    );
  });

  it('sessionizes one user with 100k events', async () => {
    // An event every 10 minutes, with a 31-minute pause after every 1000th: 100 sessions.
    const file = await write(
      'one-user.parquet',
      `SELECT 42 AS user_id, TIMESTAMP '2024-01-01' + to_seconds(i * 600 + (i // 1000) * 1260) AS ts FROM range(100000) t(i)`,
      'parquet',
    );
    const result = await preview(file, { user_key: 'user_id', event_ts: 'ts' });
    assert.equal(result.summary.sessions, 100);
    assert.deepEqual(result.summary.eventsPerSession, {
      ...(result.summary.eventsPerSession as object),
      max: 1000,
    });
  });

  it("keeps the rendered sessions query's rows and column types, building them from the labelled events", async () => {
    // Ties, exact-timeout gaps, long runs, midnights and NULL keys, two key columns.
    const file = await write(
      'options.parquet',
      `SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE i % 7 END AS user_id, i % 2 AS device,
         TIMESTAMP '2024-03-30 20:00:00' + to_seconds((i // 3) * (CASE i % 5 WHEN 0 THEN 1800 WHEN 1 THEN 1801 ELSE 600 END)) AS ts,
         i AS event_id, 'page-' || (i % 11) AS page
       FROM range(3000) t(i)`,
      'parquet',
    );
    const optionSets: Record<string, string>[] = [
      { user_key: 'user_id' },
      { user_key: 'user_id,device', order_tiebreak: 'event_id', session_attributes: 'page' },
      {
        user_key: 'user_id',
        max_session_minutes: '240',
        bot_max_events: '20',
        bot_max_minutes: '60',
      },
      { user_key: 'user_id', order_tiebreak: 'event_id', split_at_midnight_tz: 'Europe/Paris' },
    ];
    await maker.run(`CREATE OR REPLACE VIEW preview_events AS SELECT * FROM '${file}'`);
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      for (const options of optionSets) {
        const result = await session.run('sessionization', { event_ts: 'ts', ...options });
        const stored = path.join(dir, 'stored-sessions.parquet');
        fs.rmSync(stored, { force: true });
        await session.exportPart('sessions', '.parquet', stored);
        await maker.run(`CREATE OR REPLACE TABLE rendered AS ${queryOf(result.sql, 'sessions')}`);
        // Exports write DuckDB's SUM of integers (HUGEINT) as BIGINT: compare the types a user gets.
        const describe = (relation: string) =>
          maker.query(
            `SELECT column_name, replace(column_type, 'HUGEINT', 'BIGINT') AS column_type FROM (DESCRIBE ${relation})`,
          );
        assert.deepEqual(
          await describe(`'${stored}'`),
          await describe('rendered'),
          JSON.stringify(options),
        );
        const [diff] = await maker.query(
          `SELECT (SELECT count(*) FROM (FROM rendered EXCEPT ALL FROM '${stored}'))
                + (SELECT count(*) FROM (FROM '${stored}' EXCEPT ALL FROM rendered)) AS n,
                  (SELECT count(*) FROM rendered) AS sessions`,
        );
        assert.equal(diff?.n, 0, JSON.stringify(options));
        assert.ok(Number(diff?.sessions) > 100, JSON.stringify(options));
      }
    } finally {
      session.close();
    }
  });

  it('handles a quoted key column whose name holds a comma', async () => {
    const file = path.join(dir, 'comma-key.csv');
    fs.writeFileSync(file, '"Last, First",ts\nAda,2024-01-01 10:00:00\n,2024-01-01 11:00:00\n');
    const result = await preview(file, { user_key: '"Last, First"', event_ts: 'ts' });
    assert.equal(result.summary.excludedRows, 1);
    assert.equal(result.summary.sessions, 1);
  });

  it('warns when epoch seconds look like milliseconds', async () => {
    const file = await write(
      'ms.parquet',
      `SELECT 1 AS user_id, 1700000000000 + i * 1000 AS ts FROM range(5) t(i)`,
      'parquet',
    );
    const result = await preview(file, {
      user_key: 'user_id',
      event_ts: 'ts',
      event_ts_unit: 'epoch_s',
    });
    assert.match(result.warnings.join('\n'), /look like milliseconds/);
  });

  it('opens only the bundled samples the patterns name, never a path given as a sample', async () => {
    for (const file of ['../package.json', 'nosuch.csv']) {
      await assert.rejects(
        PreviewSession.open({ kind: 'sample', file }),
        (e: unknown) =>
          e instanceof InputFileError &&
          e.message.startsWith(`No bundled sample is named "${file}"; the samples are `),
      );
    }
  });

  it('refuses unknown file kinds and cannot read other files once loaded', async () => {
    const odd = path.join(dir, 'events.xlsx');
    fs.writeFileSync(odd, 'x');
    await assert.rejects(
      PreviewSession.open({ kind: 'file', path: odd }),
      (e: unknown) => e instanceof InputFileError && /use a \.csv/.test(e.message),
    );
    const session = await PreviewSession.open(SAMPLE.source);
    try {
      await assert.rejects(
        session
          .columns('events_table')
          .then(() =>
            (session as unknown as { db: Database }).db.query(`SELECT * FROM read_csv('${odd}')`),
          ),
        /disabled|Permission/,
      );
    } finally {
      session.close();
    }
  });

  it('cancels a running preview', async () => {
    const file = await write(
      'big.parquet',
      `SELECT i % 20000 AS user_id, TIMESTAMP '2024-01-01' + to_seconds(hash(i) % 5000000) AS ts FROM range(3000000) t(i)`,
      'parquet',
    );
    const session = await PreviewSession.open({ kind: 'file', path: file });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      session.run(
        'sessionization',
        { user_key: 'user_id', event_ts: 'ts' },
        { signal: controller.signal },
      ),
      CancelledError,
    );
    session.close();
  });
});
