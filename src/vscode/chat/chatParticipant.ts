import * as vscode from 'vscode';
import {
  answerChoosePattern,
  formatsOf,
  getPattern,
  toSqlScript,
  type ChoosePatternAnswer,
  type RenderRequest,
} from '../../core';
import type { PreviewArgument } from '../../report/protocol';
import { CommandId } from '../commands/commandIds';
import { untitledName } from '../commands/insertSql';
import { previewedSchema } from '../schemaHints';
import { dialectFor, formatOptions, inputDefaults } from '../settings';
import { chatFileUri, chatFolderUri, keepChatFiles } from './chatFiles';
import { proposeMissingInputs } from './proposals';

/** What a finished answer leaves for follow-ups. */
interface AnswerMetadata {
  readonly command?: string;
  readonly request?: RenderRequest;
  readonly prompt?: string;
  /** For a request with inputs missing: a complete message to run as it is. */
  readonly example?: string;
}

/**
 * An answer that fits a side bar: the rule, links to the other parts, the main query, then the
 * buttons. The text is one run of markdown: VS Code folds whatever comes before a response's last
 * run of text into "Completed N steps" (chat.agent.collapseCompletedResponses), and it scrolls a
 * new answer to its end, where the buttons are.
 */
function streamSql(
  stream: vscode.ChatResponseStream,
  answer: Extract<ChoosePatternAnswer, { kind: 'sql' }>,
): void {
  const { rendered, request } = answer;
  const [main, ...others] = rendered.queries;
  const parts = [
    ...others.map(q => ({ path: `${q.part}.sql`, content: `${q.sql};\n` })),
    { path: 'tests.sql', content: toSqlScript(rendered, 'tests') },
  ];
  const id = keepChatFiles(parts);
  const what = main === undefined ? '' : `**${main.part}** below (comments left out); `;
  stream.markdown(`${answer.markdown}\n\n${what}the other parts: `);
  for (const [index, part] of parts.entries()) {
    stream.anchor(chatFileUri(id, part.path));
    stream.markdown(
      index < parts.length - 1 ? ', ' : ` (${rendered.tests.length} data tests).\n\n`,
    );
  }
  if (main !== undefined) {
    // Without its comments (the rule is said above; Open all parts keeps them): a side bar is short.
    const sql = main.sql.replace(/^[ \t]*--.*\n/gm, '');
    stream.markdown(`\`\`\`sql\n${sql};\n\`\`\`\n`);
  }
  const script = toSqlScript(rendered);
  const name = untitledName(rendered.pattern);
  stream.button({
    command: CommandId.OpenSql,
    title: 'Open all parts',
    arguments: [script, 'sql', name],
  });
  stream.button({
    command: CommandId.InsertSql,
    title: 'Insert at cursor',
    arguments: [script, name],
  });
  if (getPattern(request.pattern).preview) {
    const argument: PreviewArgument = { pattern: request.pattern, values: request.values };
    stream.button({
      command: CommandId.Preview,
      title: 'Preview in DuckDB',
      arguments: [argument],
    });
  }
  stream.button({
    command: CommandId.SwitchDialect,
    title: 'Switch dialect…',
    arguments: [request],
  });
}

/** A format's files (dbt models, a script): their tree, and a button that writes them into a folder. */
function streamFiles(
  stream: vscode.ChatResponseStream,
  answer: Extract<ChoosePatternAnswer, { kind: 'files' }>,
): void {
  const id = keepChatFiles(answer.files);
  stream.markdown(answer.markdown + '\n\n');
  stream.button({
    command: CommandId.WriteChatFiles,
    title: `Write ${answer.files.length === 1 ? 'the file' : `the ${answer.files.length} files`} into a folder…`,
    arguments: [id],
  });
  stream.filetree(fileTree(answer.files.map(f => f.path)), chatFolderUri(id));
}

/** The tree of relative paths, folders first, as stream.filetree draws it. */
function fileTree(paths: readonly string[]): vscode.ChatResponseFileTree[] {
  const folders = new Map<string, string[]>();
  const files: vscode.ChatResponseFileTree[] = [];
  for (const file of paths) {
    const [first = '', ...rest] = file.split('/');
    if (rest.length === 0) {
      files.push({ name: first });
    } else {
      folders.set(first, [...(folders.get(first) ?? []), rest.join('/')]);
    }
  }
  return [...[...folders].map(([name, inner]) => ({ name, children: fileTree(inner) })), ...files];
}

type CommandHandler = (
  request: vscode.ChatRequest,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
) => Promise<AnswerMetadata>;

/** `/choose-pattern`: answers from the core alone; a model, if any, only proposes missing inputs. */
const choosePattern: CommandHandler = async (request, stream, token) => {
  const options = {
    defaultDialect: dialectFor(vscode.window.activeTextEditor?.document),
    format: formatOptions(),
    defaults: inputDefaults(),
    known: previewedSchema()?.values,
  };
  let answer = answerChoosePattern(request.prompt, options);
  if (answer.kind === 'missing') {
    stream.progress('Asking the language model to propose the missing inputs…');
    const proposals = await proposeMissingInputs(request, answer, token);
    if (proposals) {
      const completed = answerChoosePattern(request.prompt, { ...options, proposals });
      answer = completed.kind === 'sql' ? completed : answer;
    }
  }
  const metadata = { command: 'choose-pattern', prompt: request.prompt };
  switch (answer.kind) {
    case 'sql':
      streamSql(stream, answer);
      return { ...metadata, request: answer.request };
    case 'files':
      streamFiles(stream, answer);
      return metadata;
    case 'missing':
      stream.markdown(answer.markdown + '\n\n');
      stream.button({ command: CommandId.Generate, title: 'Open the generator' });
      return { ...metadata, example: answer.example };
    default:
      stream.markdown(answer.markdown);
      return metadata;
  }
};

/** Handlers by slash command; a message without one is treated as `/choose-pattern`. */
const commands: Record<string, CommandHandler> = { 'choose-pattern': choosePattern };

export const chatHandler: vscode.ChatRequestHandler = async (request, _context, stream, token) => {
  const handler = commands[request.command ?? 'choose-pattern'] ?? choosePattern;
  const metadata = await handler(request, stream, token);
  return { metadata };
};

/** Next steps offered under an answer: other dialects, and the options and formats its pattern has. */
export function provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const metadata = result.metadata as AnswerMetadata | undefined;
  if (metadata?.example) {
    return [
      {
        prompt: metadata.example.replace(/^\/choose-pattern\s+/, ''),
        label: 'Run the example',
        command: 'choose-pattern',
      },
    ];
  }
  const prompt = metadata?.prompt?.trim();
  if (!metadata?.request || !prompt) {
    return [];
  }
  const words = prompt.replace(/\s*\bdialect=\S+/g, '');
  // Options and formats are offered only to a pattern that has them (a funnel has no bot flags).
  const pattern = getPattern(metadata.request.pattern);
  const offers = (input: string) =>
    pattern.inputs.some(i => i.name === input) && !metadata.request?.values[input];
  const next: vscode.ChatFollowup[] = [];
  for (const dialect of ['snowflake', 'bigquery', 'spark']
    .filter(d => d !== metadata.request?.dialect)
    .slice(0, 2)) {
    next.push({
      prompt: `${words} dialect=${dialect}`,
      label: `Render for ${dialect}`,
      command: 'choose-pattern',
    });
  }
  if (offers('bot_max_events')) {
    next.push({
      prompt: `${words} bot_max_events=500 bot_max_minutes=720`,
      label: 'Add bot flags',
      command: 'choose-pattern',
    });
  }
  if (formatsOf(pattern.name).some(f => f.name === 'dbt')) {
    next.push({
      prompt: `${words} format=dbt`,
      label: 'dbt models (incremental)',
      command: 'choose-pattern',
    });
  }
  if (offers('max_session_minutes')) {
    next.push({
      prompt: `${words} max_session_minutes=240`,
      label: 'Cap sessions at 4 hours',
      command: 'choose-pattern',
    });
  }
  return next;
}
