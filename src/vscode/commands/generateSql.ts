import * as vscode from 'vscode';
import {
  getDialect,
  renderDbtProject,
  renderPattern,
  supportedDialects,
  toSqlScript,
  type RenderRequest,
} from '../../core';
import { dialectFor, formatOptions } from '../settings';
import { reportError } from '../errors';
import { openSqlCommand } from './insertSql';
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
    if (answers.part === 'dbt models') {
      return await openDbtModels(request);
    }
    return await openSqlCommand(toSqlScript(renderPattern(request, formatOptions()), answers.part));
  } catch (error) {
    reportError(error);
    return undefined;
  }
}

/** Opens the dbt project's files (models, schema.yml, singular tests) in untitled editors. */
async function openDbtModels(request: RenderRequest): Promise<vscode.TextEditor | undefined> {
  let first: vscode.TextEditor | undefined;
  for (const file of renderDbtProject(request, formatOptions()).files) {
    const editor = await openSqlCommand(
      `-- ${file.path}\n${file.content}`.replace(/^-- (.*\.yml)\n/, '# $1\n'),
      file.path.endsWith('.yml') ? 'yaml' : 'sql',
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
    return await openSqlCommand(
      toSqlScript(renderPattern({ ...request, dialect: picked.label }, formatOptions())),
    );
  } catch (error) {
    reportError(error);
    return undefined;
  }
}
