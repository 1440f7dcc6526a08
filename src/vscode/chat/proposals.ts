import * as vscode from 'vscode';
import type { ChoosePatternAnswer } from '../../core';

const MAX_FILE_CHARS = 4000;

/**
 * Asks the chat's language model to propose values for the inputs the user left out, from the
 * question and the open file. Returns only string values for those inputs; the caller validates
 * them like typed ones. Undefined when there is no usable answer (no model, an error, no JSON).
 */
export async function proposeMissingInputs(
  request: vscode.ChatRequest,
  answer: Extract<ChoosePatternAnswer, { kind: 'missing' }>,
  token: vscode.CancellationToken,
): Promise<Record<string, string> | undefined> {
  if (!request.model) {
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const file = editor
    ? `\n\nThe open file (${editor.document.fileName}):\n${editor.document.getText().slice(0, MAX_FILE_CHARS)}`
    : '';
  const text =
    `Propose values for these inputs of the "${answer.pattern.name}" SQL pattern: ` +
    answer.missing.map(i => `${i.name} (${i.description}, e.g. ${i.example})`).join('; ') +
    `. Answer with one JSON object mapping input name to a string value and nothing else.` +
    `\n\nThe user's message: ${request.prompt}${file}`;
  try {
    const response = await request.model.sendRequest(
      [vscode.LanguageModelChatMessage.User(text)],
      {},
      token,
    );
    let reply = '';
    for await (const fragment of response.text) {
      reply += fragment;
    }
    const json = reply.match(/\{[\s\S]*\}/)?.[0];
    if (!json) {
      return undefined;
    }
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const proposals: Record<string, string> = {};
    for (const input of answer.missing) {
      const value = parsed[input.name];
      if (typeof value === 'string' && value.trim() !== '') {
        proposals[input.name] = value;
      }
    }
    return Object.keys(proposals).length > 0 ? proposals : undefined;
  } catch (error) {
    // No model access, a refusal or malformed JSON: answer without proposals.
    if (error instanceof vscode.LanguageModelError || error instanceof SyntaxError) {
      return undefined;
    }
    throw error;
  }
}
