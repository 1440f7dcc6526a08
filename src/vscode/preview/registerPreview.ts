import * as vscode from 'vscode';
import type { PageState, PreviewArgument } from '../../report/protocol';
import { CommandId } from '../commands/commandIds';
import { PreviewPanel } from './previewPanel';
import { PreviewRunner } from './previewRunner';
import type { ExportTarget } from './previewExport';

/**
 * Registers the preview commands and the panel's restorer. The command module (and with it the
 * renderer and DuckDB) is loaded on the first preview, not at activation.
 */
export function registerPreview(context: vscode.ExtensionContext): void {
  const runner = new PreviewRunner();
  const preview = async (argument?: PreviewArgument) =>
    (await import('./previewCommand')).previewPattern(context.extensionUri, runner, argument);
  context.subscriptions.push(
    runner,
    vscode.commands.registerCommand(CommandId.Preview, preview),
    // The pattern-named command of the first release, kept for keybindings and scripts.
    vscode.commands.registerCommand(CommandId.PreviewSessionization, (argument?: PreviewArgument) =>
      preview({ ...argument, pattern: 'sessionization' }),
    ),
    vscode.commands.registerCommand(CommandId.PreviewFile, (uri?: vscode.Uri) =>
      preview(uri ? { source: { kind: 'file', path: uri.fsPath } } : undefined),
    ),
    // The panel's export buttons; a target path in the arguments stands for the save dialog's answer.
    vscode.commands.registerCommand(
      CommandId.ExportPreviewPart,
      async (part?: string, target?: ExportTarget) =>
        (await import('./previewExport')).exportPreviewPart(runner, part, target),
    ),
    vscode.commands.registerCommand(CommandId.SavePreviewDatabase, async (target?: ExportTarget) =>
      (await import('./previewExport')).savePreviewDatabase(runner, target),
    ),
    vscode.window.registerWebviewPanelSerializer(PreviewPanel.viewType, {
      deserializeWebviewPanel: async (panel, state: PageState | undefined) =>
        PreviewPanel.revive(panel, context.extensionUri, state),
    }),
  );
}
