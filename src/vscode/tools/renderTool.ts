import * as vscode from 'vscode';
import { SqlPatternsError, renderPattern, toSqlScript } from '../../core';
import { formatOptions } from '../settings';

/** What Copilot's agent passes to the tool (see `languageModelTools` in package.json). */
export interface RenderToolInput {
  readonly pattern: string;
  readonly dialect?: string;
  readonly inputs: Record<string, string | number>;
}

/**
 * Lets Copilot's agent call our templates instead of improvising SQL. Bad inputs come back as text
 * naming each problem, so the model can correct them and call again.
 */
class RenderPatternTool implements vscode.LanguageModelTool<RenderToolInput> {
  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<RenderToolInput>,
  ): Promise<vscode.LanguageModelToolResult> {
    const { pattern, dialect, inputs } = options.input;
    const values = Object.fromEntries(Object.entries(inputs ?? {}).map(([k, v]) => [k, String(v)]));
    let text: string;
    try {
      const rendered = renderPattern({ pattern, dialect, values }, formatOptions());
      text = `SQL Patterns rendered ${rendered.pattern} for ${rendered.dialect}. Use it as is.\n\n${toSqlScript(rendered)}`;
    } catch (error) {
      if (!(error instanceof SqlPatternsError)) {
        throw error;
      }
      text = `The inputs were rejected: ${error.message}`;
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }
}

export const renderPatternTool = new RenderPatternTool();
