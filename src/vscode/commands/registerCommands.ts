import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { generateSqlCommand, switchDialectCommand } from './generateSql';
import { insertSessionizationCommand } from './insertSessionization';
import { insertSqlCommand, openSqlCommand } from './insertSql';

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.Generate, () => generateSqlCommand(context)),
    vscode.commands.registerCommand(CommandId.InsertSessionization, () =>
      insertSessionizationCommand(context),
    ),
    vscode.commands.registerCommand(CommandId.OpenSql, openSqlCommand),
    vscode.commands.registerCommand(CommandId.InsertSql, insertSqlCommand),
    vscode.commands.registerCommand(CommandId.SwitchDialect, switchDialectCommand),
  );
}
