/**
 * PURPOSE: the DuckDB preview in a real VS Code extension host: the command run with an argument
 * (as the chat button and scripts call it) and from the explorer's Uri through its real pickers,
 * the panel it opens, re-runs reusing that panel, a newer request cancelling an older one, and an
 * unusable column reported instead of a result. The page itself is tested in a browser
 * (test/unit/previewPage.test.ts), the engine in test/unit/preview.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/duckdb/preview';

const EXTENSION_ID = 'sqlpatterns.sql-patterns';
/** The pattern-named alias, as keybindings and the first release call it. */
const PREVIEW = 'sqlPatterns.previewSessionization';
const GENERIC = 'sqlPatterns.preview';
const fixture = (name: string) =>
  path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', name);
const events = fixture('events.csv');
const values = { user_key: 'user_id', event_ts: 'event_time' };

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap(group => group.tabs)
    .filter(
      tab =>
        tab.input instanceof vscode.TabInputWebview &&
        tab.input.viewType.endsWith('sqlPatterns.preview'),
    );
}

/** The workbench reports tabs to the extension host asynchronously: wait for the expected labels. */
async function previewTabLabels(expected: string[]): Promise<string[]> {
  let labels: string[] = [];
  for (let i = 0; i < 50; i++) {
    labels = previewTabs().map(t => t.label);
    if (JSON.stringify(labels) === JSON.stringify(expected)) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return labels;
}

const errorTestsPassed = (result: PreviewResult) =>
  result.tests.filter(t => t.severity === 'error').every(t => t.passed);

describe('DuckDB preview panel', function () {
  this.timeout(120_000);

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('previews a workspace CSV given as an argument and shows the result in the panel', async () => {
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'file', path: events },
      values,
    });
    assert.ok(result, 'the command returns the result it showed');
    assert.equal(result.source, events);
    assert.equal(result.summary.sourceRows, 10);
    assert.equal(result.summary.excludedRows, 1);
    assert.equal(result.summary.events, 9);
    assert.equal(result.summary.users, 3);
    // a: a gap of exactly 30 minutes stays, 40 minutes splits; b: 30 min 1 s splits.
    assert.equal(result.summary.sessions, 5);
    assert.ok(errorTestsPassed(result));
    assert.deepEqual(
      result.tests.filter(t => !t.passed).map(t => [t.name, t.violationCount]),
      [['rows_with_null_user_key_or_timestamp', 1]],
    );
    assert.deepEqual(await previewTabLabels(['Sessions: events.csv']), ['Sessions: events.csv']);
  });

  it("loaded DuckDB's binding for this platform from the extension's own folder", () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    const own = path.join(extensionPath, 'node_modules', '@duckdb') + path.sep;
    const loaded = Object.keys(require.cache).filter(m =>
      m.includes(`${path.sep}@duckdb${path.sep}`),
    );
    assert.ok(
      loaded.some(m =>
        m.endsWith(`node-bindings-${process.platform}-${process.arch}${path.sep}duckdb.node`),
      ),
      `the native addon is loaded: ${loaded.join(', ')}`,
    );
    assert.deepEqual(
      loaded.filter(m => !m.startsWith(own)),
      [],
    );
  });

  it('re-runs with another timeout in the same panel, through the generic command', async () => {
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(GENERIC, {
      pattern: 'sessionization',
      source: { kind: 'file', path: events },
      values: { ...values, session_timeout_minutes: '45' },
    });
    assert.equal(result?.summary.sessions, 3);
    assert.deepEqual(
      await previewTabLabels(['Sessions: events.csv']),
      ['Sessions: events.csv'],
      'the same panel',
    );
  });

  it('previews the bundled sample with its own columns, keeping the options given', async () => {
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'sample' },
      // As the chat button passes them: columns of the user's table, which the sample does not have.
      values: {
        events_table: 'app.events',
        user_key: 'visitor',
        event_ts: 'at',
        session_timeout_minutes: '15',
      },
    });
    assert.ok(result);
    assert.equal(result.source, 'bundled sample');
    assert.equal(result.summary.events, 5292);
    assert.deepEqual(result.warnings, []);
    assert.ok(errorTestsPassed(result));
    assert.deepEqual(await previewTabLabels(['Sessions: sample']), ['Sessions: sample']);
  });

  it('lets a newer preview cancel the one still running', async () => {
    const older = vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'sample' },
    });
    const newer = vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'file', path: events },
      values,
    });
    assert.equal(await older, undefined, 'the older request ends without a result');
    assert.equal((await newer)?.summary.sessions, 5);
    assert.deepEqual(await previewTabLabels(['Sessions: events.csv']), ['Sessions: events.csv']);
  });

  it('reports a column that cannot be used instead of showing a result', async () => {
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'file', path: events },
      values: { user_key: 'user_id', event_ts: 'page' },
    });
    assert.equal(result, undefined);
  });

  it('reports a DuckDB error the input caused instead of failing (issue 12 F3)', async () => {
    const { Database } = await import('../../src/duckdb/database');
    const file = path.join(os.tmpdir(), `sqlp-host-${process.pid}.duckdb`);
    const maker = await Database.open();
    try {
      await maker.run(`ATTACH '${file}' AS f`);
      await maker.run(`CREATE OR REPLACE TABLE f.events AS SELECT 1 AS u, now() AS ts`);
      await maker.run('DETACH f');
    } finally {
      maker.close();
    }
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
      source: { kind: 'file', path: file },
      values: { events_table: 'evnts', user_key: 'u', event_ts: 'ts' },
    });
    assert.equal(result, undefined);
    fs.rmSync(file, { force: true });
  });

  it('refuses a row cap setting that is not a whole number before running (issue 12 F9)', async () => {
    const config = vscode.workspace.getConfiguration('sqlPatterns.preview');
    await config.update('rowCap', '10; DROP TABLE x', vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<PreviewResult | undefined>(PREVIEW, {
        source: { kind: 'file', path: events },
        values,
      });
      assert.equal(result, undefined);
    } finally {
      await config.update('rowCap', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('previews a file from the explorer, asking for its columns with timestamp candidates first', async () => {
    const running = vscode.commands.executeCommand<PreviewResult | undefined>(
      'sqlPatterns.previewFile',
      vscode.Uri.file(events),
    );
    let result: PreviewResult | undefined;
    let settled = false;
    void running.then(r => {
      result = r;
      settled = true;
    });
    // Accept each picker as offered: the user key picker preselects user_id, the timestamp picker
    // lists event_time (a TIMESTAMP) first.
    for (let i = 0; !settled && i < 100; i++) {
      await new Promise(resolve => setTimeout(resolve, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.ok(settled, 'the preview finished');
    assert.equal(result?.summary.sessions, 5);
  });
});
