/**
 * PURPOSE: the universal VSIX (no DuckDB binding) in a real VS Code extension host: the preview, asked for by the
 * command palette's command or by the explorer's menu, answers with one line saying why it is not available here,
 * before asking for anything. The rest of the extension is tested by extension.test.ts in the same run.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sqlpatterns.sql-patterns';
const UNAVAILABLE =
  `SQL Patterns: The DuckDB preview is not available on ${process.platform}-${process.arch}: ` +
  'this package of SQL Patterns has no DuckDB binding for it (install the one for your platform to preview; ' +
  'generating SQL works without it).';

describe('Universal package without DuckDB', function () {
  this.timeout(60_000);
  let onDidReportError: vscode.Event<string>;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.equal(
      vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.dependencies,
      undefined,
      'this is the package without DuckDB',
    );
    ({ onDidReportError } = (
      (await extension.activate()) as {
        testing: { onDidReportError: vscode.Event<string> };
      }
    ).testing);
  });

  /** Runs a command and returns what it resolved to and the notifications it showed meanwhile. */
  async function run(command: string, ...args: unknown[]) {
    const shown: string[] = [];
    const listener = onDidReportError(message => shown.push(message));
    try {
      const result = await vscode.commands.executeCommand(command, ...args);
      return { result, shown };
    } finally {
      listener.dispose();
    }
  }

  it('says in one line why the preview is unavailable, without asking for data', async () => {
    const { result, shown } = await run('sqlPatterns.previewSessionization');
    assert.equal(result, undefined);
    assert.deepEqual(shown, [UNAVAILABLE]);
  });

  it('says the same for a file previewed from the explorer', async () => {
    const events = path.join(
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '',
      'events.csv',
    );
    const { result, shown } = await run('sqlPatterns.previewFile', vscode.Uri.file(events));
    assert.equal(result, undefined);
    assert.deepEqual(shown, [UNAVAILABLE]);
  });
});
