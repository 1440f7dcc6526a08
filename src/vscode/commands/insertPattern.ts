import * as vscode from 'vscode';
import { listPatterns, renderPattern, toSqlScript } from '../../core';
import { reportError } from '../errors';
import { dialectFor, formatOptions } from '../settings';
import { insertSqlAtCursor } from './insertSql';
import { askGenerator, inputValues, patternOf, tablesInSql } from './generatorSteps';

/**
 * "SQL Patterns: Insert SQL from a Pattern…": asks which pattern when there is more than one (not
 * when the command names it, as "Insert Sessionization SQL" does), then its questions (remembered
 * answers prefilled), and inserts all parts at the cursor of the open SQL file, in the file's
 * dialect.
 */
export async function insertPatternCommand(
  context: vscode.ExtensionContext,
  pattern?: string,
): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(
      'SQL Patterns: open a SQL file and place the cursor where the SQL should go.',
    );
    return false;
  }
  const dialect = dialectFor(editor.document);
  const patterns = listPatterns();
  const answers = await askGenerator(context, `Insert SQL (${dialect})`, {
    pattern: pattern ?? (patterns.length === 1 ? patterns[0].name : undefined),
    suggestedTables: tablesInSql(editor.document.getText()),
    dialect,
    askDialectAndParts: false,
  });
  if (!answers) {
    return false;
  }
  try {
    const rendered = renderPattern(
      { pattern: patternOf(answers), dialect, values: inputValues(answers) },
      formatOptions(),
    );
    return await insertSqlAtCursor(editor, toSqlScript(rendered));
  } catch (error) {
    reportError(error);
    return false;
  }
}
