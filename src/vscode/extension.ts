import * as vscode from 'vscode';
import type { RenderRequest } from '../core';
import { CommandId } from './commands/commandIds';
import { currentQuickInput, onDidShowStep } from './commands/multiStepInput';
import { onDidReportError } from './errors';
import { registerPreview } from './preview/registerPreview';

/**
 * Activation is a table of contents and stays cheap: every feature module (and with it the core's
 * Handlebars and sql-formatter, and DuckDB) is loaded on first use, through dynamic imports that the
 * bundler keeps lazy.
 */
/** When this bundle started evaluating: activation cost is measured from here (BENCHMARKS.md). */
const loadStarted = performance.now();

export function activate(context: vscode.ExtensionContext) {
  const commands = () => import('./commands/handlers');
  const chat = () => import('./chat/chatParticipant');
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.Generate, async () =>
      (await commands()).generateSqlCommand(context),
    ),
    vscode.commands.registerCommand(CommandId.InsertSessionization, async () =>
      (await commands()).insertPatternCommand(context, 'sessionization'),
    ),
    vscode.commands.registerCommand(CommandId.OpenSql, async (sql: string, language?: string) =>
      (await commands()).openSqlCommand(sql, language),
    ),
    vscode.commands.registerCommand(CommandId.InsertSql, async (sql: string) =>
      (await commands()).insertSqlCommand(sql),
    ),
    vscode.commands.registerCommand(CommandId.SwitchDialect, async (request: RenderRequest) =>
      (await commands()).switchDialectCommand(request),
    ),
  );
  const chatHandler: vscode.ChatRequestHandler = async (...args) =>
    (await chat()).chatHandler(...args);
  const participant = vscode.chat.createChatParticipant('sqlpatterns.chat', chatHandler);
  participant.followupProvider = {
    provideFollowups: async result => (await chat()).provideFollowups(result),
  };
  context.subscriptions.push(
    participant,
    vscode.lm.registerTool<{
      pattern: string;
      dialect?: string;
      inputs: Record<string, string | number>;
    }>('sqlpatterns_renderPattern', {
      invoke: async options =>
        (await import('./tools/renderTool')).renderPatternTool.invoke(options),
      prepareInvocation: options => ({
        invocationMessage: `Rendering ${options.input.pattern} SQL${options.input.dialect ? ` for ${options.input.dialect}` : ''}`,
      }),
    }),
  );
  registerPreview(context);
  // Handles for the integration tests, which drive the real quick inputs through the API.
  const activationMs = performance.now() - loadStarted;
  return {
    testing: { currentQuickInput, onDidShowStep, onDidReportError, chatHandler, activationMs },
  };
}

export function deactivate(): void {}
