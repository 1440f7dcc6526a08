import * as vscode from 'vscode';
import { chatHandler, registerChatParticipant } from './chat/chatParticipant';
import { registerCommands } from './commands/registerCommands';
import { currentQuickInput, onDidShowStep } from './commands/multiStepInput';
import { registerRenderTool } from './tools/renderTool';

/** Activation is a table of contents; DuckDB is loaded only when a preview runs. */
export function activate(context: vscode.ExtensionContext) {
  registerCommands(context);
  registerChatParticipant(context);
  registerRenderTool(context);
  // Handles for the integration tests, which drive the real quick inputs through the API.
  return { testing: { currentQuickInput, onDidShowStep, chatHandler } };
}

export function deactivate(): void {}
