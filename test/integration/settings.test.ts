/**
 * PURPOSE: the one timeout setting (sqlPatterns.defaultTimeoutMinutes) in a real extension host:
 * a message or a preview that gives no timeout takes it, one that gives a timeout keeps its own.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/duckdb/preview';
import { recordAnswer } from './chatRecorder';

const EXTENSION_ID = 'sqlpatterns.sql-patterns';

describe('the default timeout setting', function () {
  this.timeout(120_000);
  let chatHandler: vscode.ChatRequestHandler;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    ({ chatHandler } = (
      (await extension.activate()) as {
        testing: { chatHandler: vscode.ChatRequestHandler };
      }
    ).testing);
    await vscode.workspace
      .getConfiguration('sqlPatterns')
      .update('defaultTimeoutMinutes', 5, vscode.ConfigurationTarget.Global);
  });

  after(() =>
    vscode.workspace
      .getConfiguration('sqlPatterns')
      .update('defaultTimeoutMinutes', undefined, vscode.ConfigurationTarget.Global),
  );

  const chatMarkdown = async (prompt: string) => (await recordAnswer(chatHandler, prompt)).markdown;

  it('is the chat answer’s timeout when the message gives none', async () => {
    const markdown = await chatMarkdown(
      'sessionization events_table=app.events user_key=u event_ts=t',
    );
    assert.match(markdown, /more than 5 minutes/);
    assert.match(markdown, /seconds_since_prev_event > 300/);
    assert.match(
      await chatMarkdown(
        'sessionization events_table=e user_key=u event_ts=t session_timeout_minutes=30',
      ),
      /more than 30 minutes/,
    );
  });

  it('is the preview’s timeout when the request gives none', async () => {
    const events = path.join(
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '',
      'events.csv',
    );
    const result = await vscode.commands.executeCommand<PreviewResult | undefined>(
      'sqlPatterns.previewSessionization',
      {
        source: { kind: 'file', path: events },
        values: { user_key: 'user_id', event_ts: 'event_time' },
      },
    );
    assert.ok(result);
    const sql = result.sql.queries.find(q => q.part === 'events')?.sql ?? '';
    assert.match(sql, /seconds_since_prev_event > 300/);
    // 5 at 30 minutes; at 5: a splits at 10, 30 and 40 minutes (not at exactly 5), b at 30 min 1 s.
    assert.equal(result.summary.sessions, 7);
  });
});
