/**
 * PURPOSE: the extension in a real VS Code extension host (no mocked vscode): activation without
 * DuckDB, the generator driven through its real quick inputs, insertion and undo, snippets offered as
 * completions in the file's dialect, the chat participant's handler and the Copilot tool. The core
 * itself is tested in test/unit.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { recordAnswer } from './chatRecorder';

interface Testing {
  currentQuickInput(): vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem> | undefined;
  onDidShowStep: vscode.Event<string>;
  chatHandler: vscode.ChatRequestHandler;
  activationMs: number;
}

const EXTENSION_ID = 'sqlpatterns.sql-patterns';
let testing: Testing;

const workspaceFile = (name: string) =>
  vscode.Uri.file(path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', name));

/** Resolves with the next step name the generator shows. */
function nextStep(): Promise<string> {
  return new Promise(resolve => {
    const listener = testing.onDidShowStep(name => {
      listener.dispose();
      resolve(name);
    });
  });
}

/**
 * Answers the step on screen (checking it is the expected one): types into its input box or picks
 * its item, accepts, and returns the name of the step shown next (none after the last step).
 */
async function answer(
  current: string,
  expected: string,
  value: string,
  last = false,
): Promise<string> {
  assert.equal(current, expected);
  const input = testing.currentQuickInput();
  assert.ok(input, `a quick input is shown for ${expected}`);
  if ('items' in input) {
    const item = input.items.find(i => i.label === value);
    assert.ok(item, `${expected} offers ${value}`);
    input.activeItems = [item];
  } else {
    input.value = value;
  }
  // The extension host sends quick input changes to the workbench on a timer: let them land first.
  await new Promise(resolve => setTimeout(resolve, 100));
  const next = nextStep();
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return last ? '' : next;
}

describe('SQL Patterns extension', function () {
  this.timeout(60_000);

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const wasActive = extension.isActive;
    const started = performance.now();
    testing = ((await extension.activate()) as { testing: Testing }).testing;
    // A figure for BENCHMARKS.md (module load + activate), not an assertion: timing is noisy here.
    const total = wasActive ? 'already active' : `${(performance.now() - started).toFixed(1)} ms`;
    console.log(
      `activation: ${total} in the host, ${testing.activationMs.toFixed(1)} ms in the extension`,
    );
  });

  it('activates without loading DuckDB', () => {
    const loaded = Object.keys(require.cache).filter(m =>
      m.includes(`${path.sep}@duckdb${path.sep}`),
    );
    assert.deepEqual(loaded, []);
  });

  it('generates SQL step by step (with the back button) and opens it in a SQL editor', async () => {
    const steps: [string, string][] = [
      ['pattern', 'sessionization'],
      ['events_table', 'app.events'],
      ['user_key', 'user_id, device_id'],
      ['event_ts', 'event_time'],
      ['event_ts_unit', 'timestamp'],
      ['session_timeout_minutes', '45'],
      ['dialect', 'snowflake'],
      ['part', 'all'],
    ];
    const first = nextStep();
    const done = vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'sqlPatterns.generate',
    );
    let current = await first;
    for (const [name, value] of steps.slice(0, 3)) {
      current = await answer(current, name, value);
    }
    // Back from event_ts to user_key: the answer is kept and the counter says where we are.
    assert.equal(current, 'event_ts');
    let shown = nextStep();
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    assert.equal(await shown, 'user_key');
    const box = testing.currentQuickInput() as vscode.InputBox;
    assert.equal(box.value, 'user_id, device_id');
    assert.match(box.title ?? '', /\(3\/8\)$/, 'step counter');
    shown = nextStep();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    current = await shown;
    for (const [index, [name, value]] of steps.slice(3).entries()) {
      current = await answer(current, name, value, index === steps.length - 4);
    }
    const editor = await done;
    assert.ok(editor);
    assert.equal(editor.document.languageId, 'sql');
    assert.match(editor.document.uri.path, /^sessionization(-\d+)?\.sql$/, 'titled by the pattern');
    const text = editor.document.getText();
    assert.match(text, /^-- ===== events =====/);
    assert.match(
      text,
      /DATEDIFF\(\s*NANOSECOND/,
      `Snowflake exact gap in:\n${text.slice(0, 1500)}`,
    );
    assert.match(text, /seconds_since_prev_event > 2700/, '45 minutes');
    assert.match(text, /PARTITION BY\s+user_id,\s+device_id/);
  });

  it('generates incremental dbt models when asked for them', async () => {
    const answers: [string, string][] = [
      ['pattern', 'sessionization'],
      ['events_table', 'app.events'],
      ['user_key', 'user_id'],
      ['event_ts', 'event_time'],
      ['event_ts_unit', 'timestamp'],
      ['session_timeout_minutes', '30'],
      ['dialect', 'duckdb'],
      ['part', 'dbt models'],
    ];
    const first = nextStep();
    const done = vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'sqlPatterns.generate',
    );
    let current = await first;
    for (const [index, [name, value]] of answers.entries()) {
      current = await answer(current, name, value, index === answers.length - 1);
    }
    const editor = await done;
    assert.ok(editor);
    assert.match(
      editor.document.uri.path,
      /^events_sessionized(-\d+)?\.sql$/,
      'titled by the model',
    );
    assert.match(editor.document.getText(), /^-- models\/events_sessionized\.sql\n/);
    assert.match(editor.document.getText(), /materialized='incremental'/);
  });

  it('generates deduplication SQL through the same steps, its own questions asked', async () => {
    const answers: [string, string][] = [
      ['pattern', 'deduplication'],
      ['source_table', 'raw.customers'],
      ['key', 'customer_id'],
      ['order_by', 'updated_at'],
      ['keep', 'earliest'],
      ['dialect', 'postgres'],
      ['part', 'all'],
    ];
    const first = nextStep();
    const done = vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'sqlPatterns.generate',
    );
    let current = await first;
    for (const [index, [name, value]] of answers.entries()) {
      current = await answer(current, name, value, index === answers.length - 1);
    }
    const editor = await done;
    assert.ok(editor);
    const text = editor.document.getText();
    assert.match(text, /^-- ===== deduplicated =====/);
    assert.match(text, /SELECT DISTINCT ON \(customer_id\)/);
    assert.match(text, /updated_at ASC NULLS LAST/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('generates a funnel, asking for the event name and the steps, through the registry', async () => {
    const answers: [string, string][] = [
      ['pattern', 'funnel'],
      ['events_table', 'shop.events'],
      ['user_key', 'user_id'],
      ['event_ts', 'event_time'],
      ['event_ts_unit', 'timestamp'],
      ['event_name', 'event_name'],
      ['steps', "view,'add to cart',purchase"],
      ['window_minutes', '60'],
      ['dialect', 'bigquery'],
      ['part', 'funnel'],
    ];
    const first = nextStep();
    const done = vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'sqlPatterns.generate',
    );
    let current = await first;
    for (const [index, [name, value]] of answers.entries()) {
      current = await answer(current, name, value, index === answers.length - 1);
    }
    const editor = await done;
    assert.ok(editor);
    const text = editor.document.getText();
    assert.match(text, /^-- ===== funnel =====/);
    assert.match(text, /'add to cart' AS step_name/);
    assert.match(
      text,
      /TIMESTAMP_DIFF\(e\.event_at, u\.entered_at, MICROSECOND\) \/ 1000000 <= 3600/,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("refuses an invalid answer with the core's message", async () => {
    const first = nextStep();
    const done = vscode.commands.executeCommand('sqlPatterns.generate');
    assert.equal(await answer(await first, 'pattern', 'sessionization'), 'events_table');
    const box = testing.currentQuickInput() as vscode.InputBox;
    box.value = 'app.events; drop table x';
    await new Promise(resolve => setTimeout(resolve, 100));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(testing.currentQuickInput(), box, 'the step stays open');
    assert.match(
      box.validationMessage as string,
      /"app\.events; drop table x" is not a valid table name: unexpected ";"/,
    );
    box.hide();
    assert.equal(await done, undefined, 'cancelling opens nothing');
  });

  for (const command of ['sqlPatterns.insertPattern', 'sqlPatterns.insertSessionization']) {
    it(`${command} asks the pattern's questions (the pattern first, unless the command names it) and inserts its SQL`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceFile('queries.sql'));
      const editor = await vscode.window.showTextDocument(document);
      const original = document.getText();
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const answers: [string, string][] = [
        // With several patterns the generic command picks one first; the alias names its own.
        ...(command === 'sqlPatterns.insertPattern'
          ? ([['pattern', 'sessionization']] as [string, string][])
          : []),
        ['events_table', 'analytics.page_views'],
        ['user_key', 'visitor_id'],
        ['event_ts', 'viewed_at'],
        ['event_ts_unit', 'timestamp'],
        ['session_timeout_minutes', '20'],
      ];
      const first = nextStep();
      const done = vscode.commands.executeCommand<boolean>(command);
      let current = await first;
      for (const [index, [name, value]] of answers.entries()) {
        current = await answer(current, name, value, index === answers.length - 1);
      }
      assert.equal(await done, true);
      const text = document.getText();
      assert.match(text, /^-- ===== events =====/);
      assert.match(text, /FROM\s+analytics\.page_views AS src/);
      assert.match(text, /seconds_since_prev_event > 1200 THEN 1/, '20 minutes');
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original);
    });
  }

  it('inserts SQL on lines of its own, indented like the cursor line, as one undo step', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('queries.sql'));
    const editor = await vscode.window.showTextDocument(document);
    const original = document.getText();
    const line = document.lineAt(6); // "  FROM analytics.page_views" inside the CTE
    editor.selection = new vscode.Selection(line.range.end, line.range.end);
    try {
      assert.equal(
        await vscode.commands.executeCommand('sqlPatterns.insertSql', 'SELECT 1;\nSELECT 2;'),
        true,
      );
      assert.deepEqual(
        [6, 7, 8, 9].map(n => document.lineAt(n).text),
        ['  FROM analytics.page_views', '  SELECT 1;', '  SELECT 2;', ')'],
      );
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original);
    } finally {
      // A failure must not leave the fixture edited (the host saves dirty files on shutdown).
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it("never glues the SQL to the user's text before or after the cursor", async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'sql',
      content: '-- my analytics queries',
    });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('sqlPatterns.insertSql', 'SELECT 1\nWHERE x IS NULL;\n');
    assert.equal(document.getText(), 'SELECT 1\nWHERE x IS NULL;\n-- my analytics queries');
    const end = document.lineAt(document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('sqlPatterns.insertSql', 'SELECT 2;');
    assert.equal(
      document.getText(),
      'SELECT 1\nWHERE x IS NULL;\n-- my analytics queries\nSELECT 2;',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('leaves a file that is not SQL alone and opens the SQL in a new SQL editor', async () => {
    const csv = await vscode.workspace.openTextDocument(workspaceFile('events.csv'));
    const editor = await vscode.window.showTextDocument(csv);
    const original = csv.getText();
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    assert.equal(
      await vscode.commands.executeCommand(
        'sqlPatterns.insertSql',
        'SELECT 1;',
        'sessionization.sql',
      ),
      false,
    );
    assert.equal(csv.getText(), original);
    assert.equal(csv.isDirty, false);
    const opened = vscode.window.activeTextEditor?.document;
    assert.equal(opened?.languageId, 'sql');
    assert.match(opened?.uri.path ?? '', /^sessionization(-\d+)?\.sql$/, 'named by the pattern');
    assert.equal(opened?.getText(), 'SELECT 1;');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  describe('snippets', () => {
    const settings = () => vscode.workspace.getConfiguration('sqlPatterns');

    /** Asks VS Code for completions after all but the last letter of `prefix`, in a new document of `language`. */
    async function snippetIn(language: string, prefix: string) {
      const typed = prefix.slice(0, -1);
      const document = await vscode.workspace.openTextDocument({ language, content: typed });
      const editor = await vscode.window.showTextDocument(document);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(0, typed.length),
      );
      const item = list.items.find(
        i =>
          i.kind === vscode.CompletionItemKind.Snippet &&
          (typeof i.label === 'string' ? i.label : i.label.label) === prefix,
      );
      assert.ok(item, `${prefix} is offered in a ${language} document`);
      assert.ok(item.insertText instanceof vscode.SnippetString, 'a snippet with tab stops');
      return { editor, snippet: item.insertText };
    }

    afterEach(async () => {
      await settings().update(
        'defaultTimeoutMinutes',
        undefined,
        vscode.ConfigurationTarget.Global,
      );
      await settings().update('defaultDialect', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it("offers the pattern's snippets in the file's dialect, the timeout from the setting", async () => {
      await settings().update('defaultTimeoutMinutes', 45, vscode.ConfigurationTarget.Global);
      await settings().update('defaultDialect', 'bigquery', vscode.ConfigurationTarget.Global);
      const { editor, snippet } = await snippetIn('postgres', 'sessionize');
      assert.match(snippet.value, /^-- Sessionization of \$\{1:app\.events\} \(PostgreSQL\)/);
      assert.match(snippet.value, /PARTITION BY\s+\$\{2\}/);
      assert.match(snippet.value, /ends after \$\{4:45\} minutes of inactivity/);
      // Accepted as shown, it is PostgreSQL with the setting's timeout.
      await editor.insertSnippet(snippet, editor.document.lineAt(0).range);
      const text = editor.document.getText();
      assert.match(text, /FROM\s+app\.events AS src/);
      assert.match(text, /PARTITION BY\s+user_id\s+ORDER BY\s+event_time/);
      assert.match(text, /EXTRACT\(\s*EPOCH/);
      assert.match(text, /seconds_since_prev_event > \(45 \* 60\) THEN 1/);
    });

    it('offers the funnel snippet, its steps written as literals of the dialect', async () => {
      const { snippet } = await snippetIn('postgres', 'funnel');
      assert.match(snippet.value, /step_users AS/);
      assert.match(snippet.value, /IN \('view', 'add_to_cart', 'purchase'\)/);
      assert.match(snippet.value, /EXTRACT\(EPOCH FROM \(e\.event_at - u\.entered_at\)\)/);
    });

    it('follows the dialect setting in plain SQL files', async () => {
      await settings().update('defaultDialect', 'snowflake', vscode.ConfigurationTarget.Global);
      const { snippet } = await snippetIn('sql', 'sessiontests');
      assert.match(snippet.value, /DATEDIFF\(\s*NANOSECOND/);
      assert.match(snippet.value, /seconds_since_prev_event > \(\$\{4(:30)?\} \* 60\)/);
    });
  });

  describe('chat participant /choose-pattern', () => {
    const ask = (prompt: string) => recordAnswer(testing.chatHandler, prompt);

    it('answers the seed message without a language model', async () => {
      const { markdown, buttons } = await ask(
        'sessionization events_table=app.events user_key=user_id event_ts=event_time session_timeout_minutes=30',
      );
      assert.match(markdown, /more than 30 minutes/);
      assert.match(
        markdown,
        /\*\*events\*\* below \(comments left out\); the other parts: .*\(\d+ data tests\)\.\n\n```sql\n/s,
      );
      assert.doesNotMatch(markdown, /GROUP BY/, 'the sessions query is a link, not in the text');
      assert.deepEqual(
        buttons.map(b => b.title),
        ['Open all parts', 'Insert at cursor', 'Preview in DuckDB', 'Switch dialect…'],
      );
    });

    it('answers the quoted, comma-separated form with name=', async () => {
      const { markdown } = await ask(
        'name=sessionization events_table="app.events", user_key="user_id", event_ts="event_time", session_timeout_minutes=30',
      );
      assert.match(markdown, /Sessions of `app\.events` per `user_id`/);
    });

    it('names the bad input and lists the patterns for a bare command', async () => {
      const bad = await ask(
        'sessionization events_table=app.events user_key="user_id; drop table x" event_ts=event_time',
      );
      assert.match(
        bad.markdown,
        /`user_key`: .*user_id; drop table x.* is not a valid column name: ";" is not allowed in a name/,
      );
      assert.deepEqual(bad.buttons, []);
      const bare = await ask('');
      assert.match(bare.markdown, /\*\*sessionization\*\*/);
      assert.match(bare.markdown, /`event_ts` \(required\)/);
    });

    it('answers /choose-pattern funnel with its rule, both parts and the step names as literals', async () => {
      const { markdown } = await ask(
        "funnel events_table=app.events user_key=user_id event_ts=event_time event_name=event_name steps=view,'add to cart',purchase dialect=mysql",
      );
      assert.match(markdown, /An ordered funnel over `app\.events`/);
      assert.match(markdown, /\*\*user_steps\*\*/);
      assert.match(markdown, /IN \('view', 'add to cart', 'purchase'\)/);
    });

    it('lists what is missing with an example', async () => {
      const { markdown } = await ask('sessionization events_table=app.events');
      assert.match(markdown, /I still need: `user_key`, `event_ts`/);
      assert.match(markdown, /For example: `\/choose-pattern sessionization/);
    });
  });

  it('renders a funnel through the language model tool', async () => {
    const result = await vscode.lm.invokeTool('sqlpatterns_renderPattern', {
      input: {
        pattern: 'funnel',
        dialect: 'spark',
        inputs: {
          events_table: 'shop.events',
          user_key: 'user_id',
          event_ts: 'ts',
          event_name: 'name',
          steps: "view,'it''s',purchase",
        },
      },
      toolInvocationToken: undefined,
    });
    const text = result.content
      .map(part => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(text, /'it\\'s' AS step_name/);
  });

  it('renders through the language model tool', async () => {
    const result = await vscode.lm.invokeTool('sqlpatterns_renderPattern', {
      input: {
        pattern: 'sessionization',
        dialect: 'bigquery',
        inputs: { events_table: 'ds.events', user_key: 'user_id', event_ts: 'ts' },
      },
      toolInvocationToken: undefined,
    });
    const text = result.content
      .map(part => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(text, /TIMESTAMP_DIFF\(/);
    const rejected = await vscode.lm.invokeTool('sqlpatterns_renderPattern', {
      input: { pattern: 'sessionization', inputs: { events_table: 'ds.events' } },
      toolInvocationToken: undefined,
    });
    const message = rejected.content
      .map(part => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(message, /The inputs were rejected: user_key: is required/);
    const deduplicated = await vscode.lm.invokeTool('sqlpatterns_renderPattern', {
      input: {
        pattern: 'deduplication',
        dialect: 'snowflake',
        inputs: { source_table: 'raw.customers', key: 'customer_id', order_by: 'updated_at' },
      },
      toolInvocationToken: undefined,
    });
    const sql = deduplicated.content
      .map(part => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(sql, /QUALIFY\s+ROW_NUMBER\(\) OVER \(/);
  });
});
