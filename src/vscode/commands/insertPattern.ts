import * as vscode from 'vscode';
import { listPatterns, renderPattern, toSqlScript } from '../../core';
import { reportError } from '../errors';
import { dialectFor, formatOptions } from '../settings';
import { insertSqlCommand, untitledName } from './insertSql';
import { askGenerator, inputValues, patternOf, tablesInSql } from './generatorSteps';

/**
 * "SQL Patterns: Insert SQL from a Pattern…": asks which pattern when there is more than one (not
 * when the command names it, as "Insert Sessionization SQL" does), then its questions (remembered
 * answers prefilled), and inserts all parts at the cursor of the open SQL file, in the file's
 * dialect; with no SQL file active they open in a new SQL editor.
 */
export async function insertPatternCommand(
  context: vscode.ExtensionContext,
  pattern?: string,
): Promise<boolean> {
  const document = vscode.window.activeTextEditor?.document;
  const dialect = dialectFor(document);
  const patterns = listPatterns();
  const answers = await askGenerator(context, `Insert SQL (${dialect})`, {
    pattern: pattern ?? (patterns.length === 1 ? patterns[0].name : undefined),
    suggestedTables: document?.languageId.includes('sql') ? tablesInSql(document.getText()) : [],
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
    return await insertSqlCommand(toSqlScript(rendered), untitledName(rendered.pattern));
  } catch (error) {
    reportError(error);
    return false;
  }
}
