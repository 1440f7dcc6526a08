import * as vscode from 'vscode';
import { SqlPatternsError } from '../core';

/** Shows our errors as a notification; anything else is a bug and is re-thrown to the host. */
export function reportError(error: unknown): void {
  if (error instanceof SqlPatternsError) {
    void vscode.window.showErrorMessage(`SQL Patterns: ${error.message}`);
    return;
  }
  throw error;
}
