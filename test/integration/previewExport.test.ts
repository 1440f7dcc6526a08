/**
 * PURPOSE: the preview panel's Export… and Save to DuckDB database… in a real VS Code extension host.
 * The native save dialog cannot be clicked here: the commands take the path the dialog would answer
 * as an argument, and the files written are read back with real DuckDB (Parquet types, row counts
 * equal to the preview's, the database's tables), with the refusals a user meets: the data file
 * itself, and a database that already has a table of the same name (left unchanged).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/duckdb/preview';

const EXTENSION_ID = 'sqlpatterns.sql-patterns';
const EXPORT = 'sqlPatterns.exportPreviewPart';
const SAVE = 'sqlPatterns.savePreviewDatabase';
const fixture = (name: string) =>
  path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', name);
const events = fixture('events.csv');
const values = { user_key: 'user_id', event_ts: 'event_time' };

/** Rows of a query on real DuckDB, with the files it names readable. */
async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const { Database } = await import('../../src/duckdb/database');
  const db = await Database.open();
  try {
    return await db.query(sql);
  } finally {
    db.close();
  }
}

describe('Preview panel exports', function () {
  this.timeout(120_000);
  let dir: string;
  let result: PreviewResult;
  const errors: string[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const api = (await extension.activate()) as {
      testing: { onDidReportError: vscode.Event<string> };
    };
    api.testing.onDidReportError(message => errors.push(message));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-export-'));
    const shown = await vscode.commands.executeCommand<PreviewResult | undefined>(
      'sqlPatterns.preview',
      { pattern: 'sessionization', source: { kind: 'file', path: events }, values },
    );
    assert.ok(shown);
    result = shown;
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes each part to Parquet with exact types and every row, and to CSV', async () => {
    for (const part of ['events', 'sessions']) {
      const file = path.join(dir, `${part}.parquet`);
      assert.equal(await vscode.commands.executeCommand(EXPORT, part, file), file);
      const [count] = await duck(`SELECT count(*) AS n FROM read_parquet('${file}')`);
      assert.equal(count?.n, result.parts[part]?.total);
    }
    const schema = await duck(
      `SELECT name, type, logical_type::VARCHAR AS logical FROM parquet_schema('${path.join(dir, 'sessions.parquet')}')`,
    );
    const column = (name: string) => schema.find(c => c.name === name);
    assert.equal(column('session_seq')?.type, 'INT64');
    assert.equal(column('event_count')?.type, 'INT64');
    assert.match(String(column('session_start')?.logical), /^TimestampType/);
    const csv = path.join(dir, 'events.csv');
    assert.equal(await vscode.commands.executeCommand(EXPORT, 'events', csv), csv);
    assert.equal(fs.readFileSync(csv, 'utf8').trim().split('\n').length, 1 + 9);
    // The save dialog asked about replacing: a file picked there is replaced.
    assert.equal(await vscode.commands.executeCommand(EXPORT, 'events', csv), csv);
    assert.deepEqual(
      fs.readdirSync(dir).filter(f => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  });

  it('refuses to export over the data file, which stays byte-identical', async () => {
    const before = fs.readFileSync(events);
    errors.length = 0;
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(events, link);
    assert.equal(await vscode.commands.executeCommand(EXPORT, 'events', link), undefined);
    assert.equal(await vscode.commands.executeCommand(SAVE, events), undefined);
    assert.deepEqual(fs.readFileSync(events), before);
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /is the data file being read/);
    assert.ok(errors.every(e => !/\n\s+at /.test(e)), 'no stack trace');
  });

  it('saves every part as a table of a new DuckDB file, then refuses to replace them', async () => {
    const file = path.join(dir, 'results.duckdb');
    assert.equal(await vscode.commands.executeCommand(SAVE, file), file);
    const tables = async () =>
      duck(
        `ATTACH '${file}' AS r (READ_ONLY);
         SELECT table_name AS t, estimated_size AS n FROM duckdb_tables() WHERE database_name = 'r' ORDER BY 1`,
      );
    const saved = await tables();
    assert.deepEqual(saved.map(r => r.t), ['events_sessionized', 'events_sessions']);
    const rows = await duck(
      `ATTACH '${file}' AS r (READ_ONLY);
       SELECT (SELECT count(*) FROM r.events_sessionized) AS e, (SELECT count(*) FROM r.events_sessions) AS s,
              (SELECT data_type FROM duckdb_columns() WHERE database_name = 'r' AND table_name = 'events_sessions' AND column_name = 'event_count') AS type`,
    );
    assert.deepEqual(rows, [
      { e: result.parts.events?.total, s: result.parts.sessions?.total, type: 'BIGINT' },
    ]);
    const bytes = fs.readFileSync(file);
    errors.length = 0;
    assert.equal(await vscode.commands.executeCommand(SAVE, file), undefined);
    assert.match(errors[0] ?? '', /already has tables named .*events_sessionized.*nothing was written/);
    assert.deepEqual(fs.readFileSync(file), bytes, 'the database file is unchanged');
  });

  it('adds the tables to an existing database that has other tables', async () => {
    const file = path.join(dir, 'existing.duckdb');
    await duck(`ATTACH '${file}' AS x; CREATE TABLE x.mine AS SELECT 42 AS answer; DETACH x`);
    assert.equal(await vscode.commands.executeCommand(SAVE, vscode.Uri.file(file)), file);
    const names = await duck(
      `ATTACH '${file}' AS x (READ_ONLY);
       SELECT table_name AS t FROM duckdb_tables() WHERE database_name = 'x' ORDER BY 1`,
    );
    assert.deepEqual(names.map(r => r.t), ['events_sessionized', 'events_sessions', 'mine']);
  });
});
