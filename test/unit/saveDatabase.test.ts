/**
 * The panel's "Save to DuckDB database…" (PreviewSession.saveToDatabase) on real DuckDB: every part
 * of the run lands as a table named as `--format script` names it, with exact types, all or nothing,
 * never over the data file or a table the user already has.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputFileError } from '../../src/core/errors';
import { Database, stringLiteral } from '../../src/duckdb/database';
import { PreviewSession, sampleOf, type DataSource } from '../../src/duckdb/preview';
import { toPageModel } from '../../src/report/model';

const SAMPLE = sampleOf('sessionization');

describe('Save to DuckDB database', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-save-db-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs a preview and saves it into `target`; returns the run and the table names used. */
  async function saveRun(
    target: string,
    source: DataSource = SAMPLE.source,
    values: Readonly<Record<string, string>> = SAMPLE.values,
    pattern = 'sessionization',
  ) {
    const session = await PreviewSession.open(source);
    try {
      const result = await session.run(pattern, values, { rowCap: 5 });
      const { tables } = toPageModel(result, { pattern, source, values });
      const names = Object.fromEntries(tables.map(t => [t.part, t.table]));
      await session.saveToDatabase({ option: 'Save to DuckDB database', path: target }, names);
      return { result, names };
    } finally {
      session.close();
    }
  }

  /** Opens a database file read-only and runs one query on it. */
  async function read(file: string, sql: string) {
    const db = await Database.open();
    try {
      await db.run(`ATTACH ${stringLiteral(file)} AS saved (READ_ONLY)`);
      return await db.query(sql);
    } finally {
      db.close();
    }
  }

  const tablesOf = async (file: string) =>
    (
      await read(
        file,
        "SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE database_name = 'saved' ORDER BY 1",
      )
    ).map(r => r.t);

  it('writes every part of the run as a table of a new file, every row, exact types', async () => {
    const target = path.join(dir, 'results.duckdb');
    const { result, names } = await saveRun(target);
    // Named as the script names them: after the data's table (the sample file's name).
    assert.deepEqual(names, {
      events: 'sample_clickstream_sessionized',
      sessions: 'sample_clickstream_sessions',
    });
    assert.deepEqual(await tablesOf(target), [
      'main.sample_clickstream_sessionized',
      'main.sample_clickstream_sessions',
    ]);
    const [counts] = await read(
      target,
      'SELECT (SELECT count(*) FROM saved.sample_clickstream_sessionized) AS events, (SELECT count(*) FROM saved.sample_clickstream_sessions) AS sessions',
    );
    assert.equal(Number(counts?.events), result.summary.events);
    assert.equal(Number(counts?.sessions), result.parts.sessions?.total);
    const types = await read(
      target,
      "SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE database_name = 'saved' AND table_name = 'sample_clickstream_sessionized'",
    );
    const typeOf = Object.fromEntries(types.map(r => [r.c, r.t]));
    assert.equal(typeOf.session_seq, 'BIGINT');
    assert.equal(typeOf.timestamp, 'BIGINT');
    // No temporary file or write-ahead log is left beside it.
    assert.deepEqual(fs.readdirSync(dir), ['results.duckdb']);
  });

  it('adds the tables to an existing database, keeping what it had, under the schema asked', async () => {
    const target = path.join(dir, 'warehouse.duckdb');
    const db = await Database.open();
    await db.run(`ATTACH ${stringLiteral(target)} AS w`);
    await db.run('CREATE TABLE w.main.keep AS SELECT 42 AS answer');
    await db.run('DETACH w');
    db.close();
    await saveRun(target, SAMPLE.source, {
      ...SAMPLE.values,
      sessionized_table: 'app.labelled',
      sessions_table: 'app.sizes',
    });
    assert.deepEqual(await tablesOf(target), ['app.labelled', 'app.sizes', 'main.keep']);
    const [kept] = await read(target, 'SELECT answer FROM saved.main.keep');
    assert.equal(Number(kept?.answer), 42);
  });

  it('refuses a file with a table of the same name, writing none of the tables', async () => {
    const target = path.join(dir, 'warehouse.duckdb');
    const db = await Database.open();
    await db.run(`ATTACH ${stringLiteral(target)} AS w`);
    // Only the second part's name is taken: the first must not land either.
    await db.run('CREATE TABLE w.main.Sample_Clickstream_Sessions AS SELECT 1 AS mine');
    await db.run('DETACH w');
    db.close();
    const before = fs.readFileSync(target);
    await assert.rejects(
      saveRun(target),
      (error: unknown) =>
        error instanceof OutputFileError &&
        error.message ===
          'Save to DuckDB database: warehouse.duckdb already has a table named main.sample_clickstream_sessions; nothing was written (tables are never replaced: drop or rename it, or pick another file).',
    );
    assert.deepEqual(fs.readFileSync(target), before);
    assert.deepEqual(await tablesOf(target), ['main.Sample_Clickstream_Sessions']);
  });

  it('refuses the data file, also through a symlink, leaving it byte-identical', async () => {
    const data = path.join(dir, 'events.duckdb');
    const db = await Database.open();
    await db.run(`ATTACH ${stringLiteral(data)} AS d`);
    await db.run(
      `CREATE TABLE d.main.clicks AS SELECT * FROM read_csv(${stringLiteral(path.resolve('data/sample-clickstream.csv'))})`,
    );
    await db.run('DETACH d');
    db.close();
    const link = path.join(dir, 'link.duckdb');
    fs.symlinkSync(data, link);
    const before = fs.readFileSync(data);
    for (const target of [data, link, `${dir}/./events.duckdb`]) {
      await assert.rejects(
        saveRun(target, { kind: 'file', path: data }, { ...SAMPLE.values, events_table: 'clicks' }),
        (error: unknown) =>
          error instanceof OutputFileError &&
          error.message ===
            `Save to DuckDB database: ${target} is the data file being read; choose another path.`,
      );
    }
    assert.deepEqual(fs.readFileSync(data), before);
  });

  it('refuses an existing file that is not a DuckDB database, leaving it as it was', async () => {
    const target = path.join(dir, 'notes.duckdb');
    fs.writeFileSync(target, 'my notes, not a database\n');
    await assert.rejects(
      saveRun(target),
      (error: unknown) =>
        error instanceof OutputFileError &&
        error.message ===
          `Save to DuckDB database: ${target} is not a DuckDB database; pick a .duckdb file or a new name.`,
    );
    assert.equal(fs.readFileSync(target, 'utf8'), 'my notes, not a database\n');
  });

  it("saves another pattern's parts under its own names (deduplication)", async () => {
    const target = path.join(dir, 'dedup.duckdb');
    const sample = sampleOf('deduplication');
    const { names } = await saveRun(target, sample.source, sample.values, 'deduplication');
    assert.deepEqual(
      await tablesOf(target),
      Object.values(names)
        .map(n => `main.${n}`)
        .sort(),
    );
  });
});
