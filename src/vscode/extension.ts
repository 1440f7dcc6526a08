import * as vscode from 'vscode';
import { currentQuickInput, onDidShowStep } from './commands/multiStepInput';
import { registerCommands } from './commands/registerCommands';
import { onDidReportError } from './errors';
import { registerChat } from './chat/registerChat';
import { registerPreview } from './preview/registerPreview';
import { registerSnippets } from './snippets/registerSnippets';
import { registerTools } from './tools/registerTools';

/**
 * Activation is a table of contents and stays cheap: every feature module (and with it the core's
 * Handlebars and sql-formatter, and DuckDB) is loaded on first use, through dynamic imports that the
 * bundler keeps lazy.
 */
/** When this bundle started evaluating: activation cost is measured from here (BENCHMARKS.md). */
const loadStarted = performance.now();

export function activate(context: vscode.ExtensionContext) {
  registerCommands(context);
  const chatHandler = registerChat(context);
  registerTools(context);
  registerPreview(context);
  registerSnippets(context);
  // Handles for the integration tests, which drive the real quick inputs through the API.
  const activationMs = performance.now() - loadStarted;
  return {
    testing: { currentQuickInput, onDidShowStep, onDidReportError, chatHandler, activationMs },
  };
}

export function deactivate(): void {}
