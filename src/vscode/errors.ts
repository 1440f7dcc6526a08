import * as vscode from 'vscode';
import { SqlPatternsError } from '../core/errors';

const reported = new vscode.EventEmitter<string>();
/** Fires with the text of each notification reportError shows (the integration tests read it). */
export const onDidReportError = reported.event;

/** Shows our errors as a notification; anything else is a bug and is re-thrown to the host. */
export function reportError(error: unknown): void {
  if (error instanceof SqlPatternsError) {
    const message = `SQL Patterns: ${error.message}`;
    reported.fire(message);
    void vscode.window.showErrorMessage(message);
    return;
  }
  throw error;
}
