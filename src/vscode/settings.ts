import * as vscode from 'vscode';
import {
  DEFAULT_MEMORY_LIMIT,
  InvalidInputError,
  defaultDialect,
  dialectForLanguageId,
  parseMemoryLimit,
  parseRowCap,
  type FormatOptions,
  type PatternDefinition,
} from '../core';

const section = () => vscode.workspace.getConfiguration('sqlPatterns');

/**
 * sql-formatter options from the user's settings. A settings file can hold any JSON value, so each
 * setting is validated like any input; a wrong one is named in the error.
 */
export function formatOptions(): FormatOptions {
  const config = section();
  const keywordCase = config.get<unknown>('format.keywordCase', 'upper');
  const tabWidth = config.get<unknown>('format.tabWidth', 2);
  if (keywordCase !== 'preserve' && keywordCase !== 'upper' && keywordCase !== 'lower') {
    throw settingError('format.keywordCase', 'must be preserve, upper or lower', keywordCase);
  }
  if (typeof tabWidth !== 'number' || !Number.isInteger(tabWidth) || tabWidth < 1 || tabWidth > 8) {
    throw settingError('format.tabWidth', 'must be a whole number from 1 to 8', tabWidth);
  }
  return { keywordCase, tabWidth };
}

function settingError(name: string, rule: string, value: unknown): InvalidInputError {
  return new InvalidInputError([
    { input: `setting sqlPatterns.${name}`, message: `${rule}, got ${JSON.stringify(value)}` },
  ]);
}

/** The preview's row cap and DuckDB memory limit, validated (a string once reached SQL). */
export function previewSettings(): { rowCap: number; memoryLimit: string } {
  const config = section();
  return {
    rowCap: parseRowCap(
      config.get<unknown>('preview.rowCap', 500),
      'setting sqlPatterns.preview.rowCap',
    ),
    memoryLimit: parseMemoryLimit(
      config.get<unknown>('preview.memoryLimit', DEFAULT_MEMORY_LIMIT),
      'setting sqlPatterns.preview.memoryLimit',
    ),
  };
}

/** The dialect for a document: its language id when that names one, else the setting. */
export function dialectFor(document?: vscode.TextDocument): string {
  return (
    (document && dialectForLanguageId(document.languageId)) ??
    section().get<string>('defaultDialect', defaultDialect)
  );
}

/**
 * Input values the settings suggest, by input name, for the inputs `pattern` has (the timeout setting is
 * sessionization's); all of them when no pattern is given.
 */
export function inputDefaults(pattern?: PatternDefinition): Readonly<Record<string, string>> {
  const suggested = {
    session_timeout_minutes: String(section().get<number>('defaultTimeoutMinutes', 30)),
  };
  return pattern === undefined
    ? suggested
    : Object.fromEntries(
        Object.entries(suggested).filter(([name]) => pattern.inputs.some(i => i.name === name)),
      );
}
