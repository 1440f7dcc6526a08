import * as vscode from 'vscode';
import type { RenderRequest } from '../../core';
import { CommandId } from './commandIds';

/** Registers the generator and chat-button commands; their handlers load on first use. */
export function registerCommands(context: vscode.ExtensionContext): void {
  const commands = () => import('./handlers');
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.Generate, async () =>
      (await commands()).generateSqlCommand(context),
    ),
    vscode.commands.registerCommand(CommandId.InsertPattern, async () =>
      (await commands()).insertPatternCommand(context),
    ),
    vscode.commands.registerCommand(CommandId.InsertSessionization, async () =>
      (await commands()).insertPatternCommand(context, 'sessionization'),
    ),
    // Buttons of answers from before names were passed carry the SQL only.
    vscode.commands.registerCommand(
      CommandId.OpenSql,
      async (sql: string, language?: string, name?: string) =>
        (await commands()).openSqlCommand(sql, language ?? 'sql', name ?? 'sql-patterns.sql'),
    ),
    vscode.commands.registerCommand(CommandId.InsertSql, async (sql: string, name?: string) =>
      (await commands()).insertSqlCommand(sql, name ?? 'sql-patterns.sql'),
    ),
    vscode.commands.registerCommand(
      CommandId.WriteChatFiles,
      async (answer: string, folder?: vscode.Uri) =>
        (await commands()).writeChatFilesCommand(answer, folder),
    ),
    vscode.commands.registerCommand(CommandId.SwitchDialect, async (request: RenderRequest) =>
      (await commands()).switchDialectCommand(request),
    ),
  );
}
