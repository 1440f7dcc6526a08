import * as vscode from 'vscode';

/** A SQL editor: any language whose id says sql (sql, snowflake-sql, …), where SQL may be inserted. */
function isSqlEditor(editor: vscode.TextEditor): boolean {
  return /sql/i.test(editor.document.languageId);
}

/**
 * Puts SQL at the cursor (or over the selection) as one undo step, on lines of its own indented
 * like the cursor's line: a line break is added before it when text precedes the cursor on its
 * line, and after it when text follows (the user's next line is never glued to the last statement).
 */
export async function insertSqlAtCursor(editor: vscode.TextEditor, sql: string): Promise<boolean> {
  const { document, selection } = editor;
  const line = document.lineAt(selection.start.line).text;
  const indent = line.slice(0, line.length - line.trimStart().length);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const before = line.slice(0, selection.start.character);
  const after = document.lineAt(selection.end.line).text.slice(selection.end.character);
  const startsLine = before.trim() === '';
  const lines = sql.trimEnd().split('\n');
  const text =
    (startsLine ? '' : eol) +
    lines.map((l, i) => (l === '' || (i === 0 && startsLine) ? l : indent + l)).join(eol) +
    (after.trim() === '' ? '' : eol + indent);
  // Text after the cursor keeps its place on the next line; only spaces before it are dropped.
  const range = new vscode.Range(
    selection.start,
    after.trim() === ''
      ? selection.end
      : selection.end.translate(0, after.length - after.trimStart().length),
  );
  return editor.edit(builder => builder.replace(range, text));
}

/**
 * Chat button: inserts the SQL at the cursor of the active SQL editor. Any other file (a CSV, a
 * README) is left alone: the SQL opens in a new SQL editor instead, and a message says why.
 */
export async function insertSqlCommand(sql: string, name: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (editor !== undefined && isSqlEditor(editor)) {
    return insertSqlAtCursor(editor, sql);
  }
  await openSqlCommand(sql, 'sql', name);
  void vscode.window.showInformationMessage(
    editor === undefined
      ? 'SQL Patterns: no editor was open, so the SQL is in a new SQL editor.'
      : `SQL Patterns: ${editor.document.fileName.split(/[\\/]/).pop()} is not a SQL file, so the SQL is in a new SQL editor.`,
  );
  return false;
}

/** The untitled editor's name: the pattern and the part (`sessionization-events.sql`). */
export function untitledName(pattern: string, part = 'all', extension = 'sql'): string {
  return `${pattern}${part === 'all' ? '' : `-${part}`}.${extension}`;
}

/** `name`, or `name-2`, `name-3` … when an open untitled editor has it already. */
function freeUntitledUri(name: string): vscode.Uri {
  const taken = new Set(
    vscode.workspace.textDocuments.filter(d => d.uri.scheme === 'untitled').map(d => d.uri.path),
  );
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) {
    candidate = `${stem}-${n}${extension}`;
  }
  return vscode.Uri.from({ scheme: 'untitled', path: candidate });
}

/**
 * Chat button and generator: opens the SQL (or a dbt schema.yml) in a new untitled editor named
 * `name` (pattern and part), not after its first line (`-- ===== events =====` for every one).
 */
export async function openSqlCommand(
  sql: string,
  language: string,
  name: string,
): Promise<vscode.TextEditor> {
  const opened = await vscode.workspace.openTextDocument(freeUntitledUri(name));
  const document =
    opened.languageId === language
      ? opened
      : await vscode.languages.setTextDocumentLanguage(opened, language);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit(builder => builder.insert(new vscode.Position(0, 0), sql));
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  return editor;
}
