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
}
