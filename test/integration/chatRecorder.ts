import * as vscode from 'vscode';

export interface RecordedAnswer {
  readonly markdown: string;
  readonly buttons: vscode.Command[];
}

/**
 * Sends `prompt` as `/choose-pattern` to the registered chat handler with a stream that records
 * the markdown and buttons (other parts are ignored): for what the Chat view cannot hand back,
 * such as a button's arguments.
 */
export async function recordAnswer(
  handler: vscode.ChatRequestHandler,
  prompt: string,
): Promise<RecordedAnswer> {
  let markdown = '';
  const buttons: vscode.Command[] = [];
  const recorder: Record<string, unknown> = {
    markdown: (value: string | vscode.MarkdownString) => {
      markdown += typeof value === 'string' ? value : value.value;
    },
    button: (command: vscode.Command) => buttons.push(command),
  };
  const stream = new Proxy(recorder, {
    get: (target, name: string) => target[name] ?? (() => undefined),
  }) as unknown as vscode.ChatResponseStream;
  const request = {
    prompt,
    command: 'choose-pattern',
    references: [],
    toolReferences: [],
  } as unknown as vscode.ChatRequest;
  await handler(
    request,
    { history: [] } as unknown as vscode.ChatContext,
    stream,
    new vscode.CancellationTokenSource().token,
  );
  return { markdown, buttons };
}
