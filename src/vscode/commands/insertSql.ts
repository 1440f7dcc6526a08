import * as vscode from 'vscode';

/**
 * Puts SQL at the cursor (or over the selection) as one undo step, indenting every line after the
 * first like the line the cursor is on.
 */
export async function insertSqlAtCursor(editor: vscode.TextEditor, sql: string): Promise<boolean> {
  const selection = editor.selection;
  const line = editor.document.lineAt(selection.start.line).text;
  const indent = line.slice(0, line.length - line.trimStart().length);
  const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const text = sql
    .trimEnd()
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : indent + l))
    .join(eol);
  return editor.edit(builder => builder.replace(selection, text));
}

/** Chat button: inserts the given SQL into the active editor. */
export async function insertSqlCommand(sql: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(
      'SQL Patterns: open a SQL file and place the cursor where the SQL should go.',
    );
    return false;
  }
  return insertSqlAtCursor(editor, sql);
}

/** Chat button and generator: opens the SQL (or a dbt schema.yml) in a new untitled editor. */
export async function openSqlCommand(sql: string, language = 'sql'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content: sql });
  return vscode.window.showTextDocument(document);
}
