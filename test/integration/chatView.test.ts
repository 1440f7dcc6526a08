/**
 * PURPOSE: @sqlpatterns in the real Chat view, as a user meets it: VS Code dispatches the message
 * (with the test-only language model of test/fixtures/workspace/.test-extensions selected, since
 * it dispatches to no participant without a model), renders the answer in the side bar, and the
 * test reads that rendering in the workbench page: its height at the default width, its buttons,
 * its file tree and its follow-ups. Writing an answer's files goes through the real command.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { recordAnswer } from './chatRecorder';
import { evaluate, resizeWindow, screenshot, waitFor } from './workbenchPage';

const EXTENSION_ID = 'sqlpatterns.sql-patterns';
const MODEL = { vendor: 'sqlpatterns-test', id: 'sqlpatterns-test-model' };
const BASIC =
  'sessionization events_table=app.events user_key=user_id event_ts=event_time session_timeout_minutes=30';
/** "About 1,500 px" (issue 20): the basic answer must fit a side bar. */
const MAX_ANSWER_HEIGHT = 1500;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}
interface RenderedAnswer {
  text: string;
  box: Box;
  /** The chat list's visible area. */
  view: Box;
  buttons: (Box & { text: string })[];
  followups: string[];
}

/** The last answer of the Chat view as rendered: its text, size, buttons and follow-ups. */
const LAST_ANSWER = `(() => {
  const box = e => { const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
  const rows = [...document.querySelectorAll('.interactive-item-container.interactive-response')];
  const row = rows[rows.length - 1];
  if (!row) return null;
  const list = row.closest('.monaco-scrollable-element') ?? row.closest('.monaco-list');
  const session = row.closest('.interactive-session');
  return {
    text: row.innerText,
    box: box(row),
    view: box(list),
    buttons: [...row.querySelectorAll('.monaco-button')]
      .filter(b => b.textContent.trim() !== '')
      .map(b => ({ text: b.textContent.trim(), ...box(b) })),
    followups: [...(session?.querySelectorAll('.interactive-session-followups .monaco-button, .chat-followups .monaco-button, .interactive-session-followups a') ?? [])]
      .map(f => f.textContent.trim()),
  };
})()`;

/** Sends a message through the Chat view and waits until its answer shows `done` and stops growing. */
async function ask(message: string, done: string): Promise<RenderedAnswer> {
  await vscode.commands.executeCommand('workbench.action.chat.newChat');
  await vscode.commands.executeCommand('workbench.action.chat.open', {
    query: `@sqlpatterns ${message}`,
    isPartialQuery: false,
    mode: 'ask',
    modelSelector: MODEL,
  });
  let last = await waitFor<RenderedAnswer>(
    `(() => { const a = ${LAST_ANSWER}; return a && a.text.includes(${JSON.stringify(done)}) ? a : null; })()`,
    `an answer showing ${JSON.stringify(done)}`,
  ).catch(async (error: Error) => {
    const shown = await evaluate<RenderedAnswer | null>(LAST_ANSWER);
    throw new Error(`${error.message}; the Chat view shows: ${shown?.text.slice(0, 2000)}`);
  });
  // Code blocks, buttons and then the follow-ups (which shrink the list, which scrolls again) lay
  // out after the text arrives: measure once the whole layout has stood still for a second.
  const layout = (a: RenderedAnswer) =>
    JSON.stringify([a.box, a.view, a.buttons, a.followups.length]);
  let still = 0;
  for (let i = 0; i < 60 && still < 4; i++) {
    await new Promise(resolve => setTimeout(resolve, 250));
    const now = await evaluate<RenderedAnswer>(LAST_ANSWER);
    still = layout(now) === layout(last) ? still + 1 : 0;
    last = now;
  }
  return last;
}

/** A button is seen without scrolling when it lies inside the chat list's visible area. */
function visible(button: Box, view: Box): boolean {
  return (
    button.top >= view.top &&
    button.bottom <= view.bottom &&
    button.left >= view.left &&
    button.right <= view.right
  );
}

describe('@sqlpatterns in the Chat view', function () {
  this.timeout(120_000);

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    // The fixture's provider registers when VS Code first asks for its vendor's models.
    for (let i = 0; (await vscode.lm.selectChatModels(MODEL)).length === 0; i++) {
      assert.ok(i < 100, 'the test language model of the workspace fixture is available');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('answers the basic example within a side bar, its buttons visible without scrolling', async () => {
    const answer = await ask(`/choose-pattern ${BASIC}`, 'Switch dialect');
    console.log(
      `basic answer: ${Math.round(answer.box.height)} px tall, ${Math.round(answer.box.width)} px wide; ` +
        `chat list ${Math.round(answer.view.height)} px visible`,
    );
    await screenshot('chat-basic-answer', '.interactive-session');
    assert.match(answer.text, /more than 30 minutes/);
    assert.ok(
      answer.box.height <= MAX_ANSWER_HEIGHT,
      `the answer is ${answer.box.height} px tall (at most ${MAX_ANSWER_HEIGHT})`,
    );
    const titles = answer.buttons.map(b => b.text);
    for (const title of ['Open all parts', 'Insert at cursor', 'Preview in DuckDB']) {
      const button = answer.buttons.find(b => b.text === title);
      assert.ok(button, `a "${title}" button among ${JSON.stringify(titles)}`);
      assert.ok(
        visible(button, answer.view),
        `"${title}" at ${JSON.stringify(button)} lies inside the visible chat ${JSON.stringify(answer.view)}`,
      );
    }
    // The other parts are links, not more walls of SQL, and nothing is folded away.
    assert.match(
      answer.text,
      /events below \(comments left out\); the other parts: sessions\.sql, tests\.sql \(\d+ data tests\)/,
    );
    assert.doesNotMatch(answer.text, /Completed \d+ steps/);
    // For the note, the whole answer: a window tall enough, the side bar as wide as before.
    await resizeWindow(1280, 2000);
    await new Promise(resolve => setTimeout(resolve, 1000));
    await screenshot('chat-basic-answer-whole', '.interactive-session');
    await resizeWindow(1280, 800);

    assert.doesNotMatch(
      answer.text,
      /no_gap_above_timeout_within_session AS|sessions_match_events/,
    );
  });

  it('takes the command typed again after the sticky participant, and British spelling', async () => {
    const answer = await ask(
      `/choose-pattern /choose-pattern ${BASIC.replace('sessionization', 'sessionisation')}`,
      'Switch dialect',
    );
    assert.match(answer.text, /more than 30 minutes/);
  });

  it('offers an example built on the given columns, and the generator, when inputs are missing', async () => {
    const answer = await ask(
      '/choose-pattern sessionization events_table=app.page_views event_ts=viewed_at',
      'For example',
    );
    assert.match(answer.text, /I still need: user_key/);
    assert.match(
      answer.text,
      /\/choose-pattern sessionization events_table=app\.page_views user_key=user_id event_ts=viewed_at/,
    );
    assert.doesNotMatch(answer.text, /epoch_s/, 'no unit the user did not ask for');
    assert.ok(answer.buttons.some(b => b.text === 'Open the generator'));
    const followups = await waitFor<string[]>(
      `(() => { const a = ${LAST_ANSWER}; return a && a.followups.length ? a.followups : null; })()`,
      'the follow-ups',
    );
    assert.ok(followups.includes('Run the example'), `follow-ups ${JSON.stringify(followups)}`);
  });

  it('shows dbt models as a file tree and writes them into the folder the user picks', async () => {
    const answer = await ask(`/choose-pattern ${BASIC} format=dbt`, 'schema.yml');
    await screenshot('chat-dbt-file-tree', '.interactive-session');
    assert.match(answer.text, /models/);
    const write = answer.buttons.find(b => b.text.startsWith('Write the'));
    assert.ok(write && visible(write, answer.view), 'the write button is visible');
    assert.ok(answer.box.height <= MAX_ANSWER_HEIGHT, `${answer.box.height} px`);
    // A file of the tree opens (read-only) before anything is written.
    await evaluate(`(() => {
      const rows = [...document.querySelectorAll('.interactive-item-container.interactive-response')];
      const item = [...rows[rows.length - 1].querySelectorAll('.monaco-list-row')]
        .find(r => r.textContent.trim() === 'events_sessionized.sql');
      for (const type of ['mousedown', 'mouseup', 'click']) {
        item.dispatchEvent(new MouseEvent(type, { bubbles: true, button: 0 }));
      }
      return true;
    })()`);
    for (
      let i = 0;
      vscode.window.activeTextEditor?.document.uri.scheme !== 'sqlpatterns-chat';
      i++
    ) {
      assert.ok(i < 100, 'clicking events_sessionized.sql in the tree opens it');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.match(vscode.window.activeTextEditor.document.getText(), /materialized='incremental'/);

    // The same answer through the handler, to press its button with the real command.
    const testing = (
      (await vscode.extensions.getExtension(EXTENSION_ID)?.activate()) as {
        testing: { chatHandler: vscode.ChatRequestHandler };
      }
    ).testing;
    const { buttons } = await recordAnswer(testing.chatHandler, `${BASIC} format=dbt`);
    const button = buttons.find(b => b.title.startsWith('Write the'));
    assert.ok(button);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-dbt-'));
    const written = await vscode.commands.executeCommand<vscode.Uri[]>(
      button.command,
      ...(button.arguments ?? []),
      vscode.Uri.file(folder),
    );
    const model = path.join(folder, 'models', 'events_sessionized.sql');
    assert.ok(
      written.some(uri => uri.fsPath === model),
      'the model is among the files written',
    );
    assert.match(fs.readFileSync(model, 'utf8'), /materialized='incremental'/);
    assert.ok(fs.existsSync(path.join(folder, 'models', 'schema.yml')));

    // A second write asks first; dismissed, it leaves the files as they were.
    fs.writeFileSync(model, '-- mine\n');
    const again = vscode.commands.executeCommand<vscode.Uri[]>(
      button.command,
      ...(button.arguments ?? []),
      vscode.Uri.file(folder),
    );
    await new Promise(resolve => setTimeout(resolve, 1000));
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.deepEqual(await again, []);
    assert.equal(fs.readFileSync(model, 'utf8'), '-- mine\n');
  });
});
