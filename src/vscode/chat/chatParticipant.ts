import * as vscode from 'vscode';
import {
  answerChoosePattern,
  formatsOf,
  getPattern,
  toSqlScript,
  type ChoosePatternAnswer,
  type RenderRequest,
  type RenderedPattern,
} from '../../core';
import type { PreviewArgument } from '../../report/protocol';
import { CommandId } from '../commands/commandIds';
import { dialectFor, formatOptions } from '../settings';
import { proposeMissingInputs } from './proposals';

/** What a finished answer leaves for follow-ups. */
interface AnswerMetadata {
  readonly command?: string;
  readonly request?: RenderRequest;
  readonly prompt?: string;
}

function streamSql(
  stream: vscode.ChatResponseStream,
  answer: Extract<ChoosePatternAnswer, { kind: 'sql' }>,
): void {
  const { rendered, request } = answer;
  stream.markdown(answer.markdown + '\n\n');
  for (const query of rendered.queries) {
    stream.markdown(`**${query.part}**\n\n\`\`\`sql\n${query.sql}\n\`\`\`\n\n`);
  }
  stream.markdown(
    `**tests** (${rendered.tests.map(t => `\`${t.name}\``).join(', ')})\n\n\`\`\`sql\n${testsScript(rendered)}\n\`\`\`\n\n`,
  );
  const script = toSqlScript(rendered);
  stream.button({ command: CommandId.InsertSql, title: 'Insert at cursor', arguments: [script] });
  stream.button({ command: CommandId.OpenSql, title: 'Open in editor', arguments: [script] });
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

function testsScript(rendered: RenderedPattern): string {
  return rendered.tests.map(t => `${t.sql};`).join('\n\n');
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
  if (answer.kind === 'sql') {
    streamSql(stream, answer);
    return { command: 'choose-pattern', request: answer.request, prompt: request.prompt };
  }
  if (answer.kind === 'files') {
    stream.markdown(answer.markdown + '\n\n');
    for (const file of answer.files) {
      const language = file.path.endsWith('.yml') ? 'yaml' : 'sql';
      stream.markdown(
        `**${file.path}**\n\n\`\`\`${language}\n${file.content.trimEnd()}\n\`\`\`\n\n`,
      );
      stream.button({
        command: CommandId.OpenSql,
        title: `Open ${file.path}`,
        arguments: [file.content, language],
      });
    }
    return { command: 'choose-pattern', prompt: request.prompt };
  }
  stream.markdown(answer.markdown);
  return { command: 'choose-pattern', prompt: request.prompt };
};

/** Handlers by slash command; a message without one is treated as `/choose-pattern`. */
const commands: Record<string, CommandHandler> = { 'choose-pattern': choosePattern };

export const chatHandler: vscode.ChatRequestHandler = async (request, _context, stream, token) => {
  const handler = commands[request.command ?? 'choose-pattern'] ?? choosePattern;
  const metadata = await handler(request, stream, token);
  return { metadata };
};

/** Next steps offered under an answer: other dialects, bot flags, a maximum session length. */
export function provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const metadata = result.metadata as AnswerMetadata | undefined;
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
