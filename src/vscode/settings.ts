import * as vscode from 'vscode';
import { defaultDialect, dialectForLanguageId, type FormatOptions } from '../core';

const section = () => vscode.workspace.getConfiguration('sqlPatterns');

/** sql-formatter options from the user's settings. */
export function formatOptions(): FormatOptions {
  const config = section();
  return {
    keywordCase: config.get<'preserve' | 'upper' | 'lower'>('format.keywordCase', 'upper'),
    tabWidth: config.get<number>('format.tabWidth', 2),
  };
}

/** The dialect for a document: its language id when that names one, else the setting. */
export function dialectFor(document?: vscode.TextDocument): string {
  return (
    (document && dialectForLanguageId(document.languageId)) ??
    section().get<string>('defaultDialect', defaultDialect)
  );
}

export function defaultTimeoutMinutes(): string {
  return String(section().get<number>('defaultTimeoutMinutes', 30));
}
