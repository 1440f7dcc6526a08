import * as vscode from 'vscode';

/** Runs `work` under a cancellable progress notification; its Cancel button calls `onCancel`. */
export function withCancellableProgress<T>(
  title: string,
  onCancel: () => void,
  work: () => Thenable<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `SQL Patterns: ${title}`,
      cancellable: true,
    },
    (_progress, token) => {
      token.onCancellationRequested(onCancel);
      return work();
    },
  );
}
