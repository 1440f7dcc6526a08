import * as vscode from 'vscode';
import {
  formatsOf,
  getDialect,
  renderFormat,
  renderPattern,
  supportedDialects,
  toSqlScript,
  type FormatFile,
  type RenderRequest,
} from '../../core';
import { dialectFor, formatOptions } from '../settings';
import { reportError } from '../errors';
import { openSqlCommand, untitledName } from './insertSql';
import { askGenerator, inputValues, patternOf, tablesInSql } from './generatorSteps';

/**
 * "SQL Patterns: Generate SQL from a Pattern…": asks the pattern's questions step by step and opens
 * the formatted SQL in a new editor. Returns that editor, or undefined when cancelled.
 */
export async function generateSqlCommand(
  context: vscode.ExtensionContext,
): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const answers = await askGenerator(context, 'Generate SQL', {
    suggestedTables: active?.languageId.includes('sql') ? tablesInSql(active.getText()) : [],
    dialect: dialectFor(active),
    askDialectAndParts: true,
  });
  if (!answers) {
    return undefined;
  }
  const request: RenderRequest = {
    pattern: patternOf(answers),
    dialect: answers.dialect,
    values: inputValues(answers),
  };
  try {
    const format = formatsOf(request.pattern).find(f => f.label === answers.part);
    if (format !== undefined) {
      return await openFiles(renderFormat(request, format.name, formatOptions()).files);
    }
    const rendered = renderPattern(request, formatOptions());
    return await openSqlCommand(
      toSqlScript(rendered, answers.part),
      'sql',
      untitledName(rendered.pattern, answers.part),
    );
  } catch (error) {
    reportError(error);
    return undefined;
  }
}

/** Opens a format's files (dbt models, schema.yml, scripts) in untitled editors, each headed by its path. */
async function openFiles(files: readonly FormatFile[]): Promise<vscode.TextEditor | undefined> {
  let first: vscode.TextEditor | undefined;
  for (const file of files) {
    const yaml = file.path.endsWith('.yml');
    const editor = await openSqlCommand(
      `${yaml ? '#' : '--'} ${file.path}\n${file.content}`,
      yaml ? 'yaml' : 'sql',
      file.path.split('/').pop() ?? file.path,
    );
    first ??= editor;
  }
  return first;
}

/** Chat button "Switch dialect": the same request in another dialect, opened in an editor. */
export async function switchDialectCommand(
  request: RenderRequest,
): Promise<vscode.TextEditor | undefined> {
  const picked = await vscode.window.showQuickPick(
    supportedDialects
      .filter(d => d !== request.dialect)
      .map(d => ({ label: d, description: getDialect(d).title })),
    { title: 'SQL Patterns: render for which dialect?' },
  );
  if (!picked) {
    return undefined;
  }
  try {
    const rendered = renderPattern({ ...request, dialect: picked.label }, formatOptions());
    return await openSqlCommand(
      toSqlScript(rendered),
      'sql',
      untitledName(`${rendered.pattern}-${rendered.dialect}`),
    );
  } catch (error) {
    reportError(error);
    return undefined;
  }
}
