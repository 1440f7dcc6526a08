import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeOutputFolder } from '../../files/outputFiles';
import { chatFiles } from '../chat/chatFiles';
import { reportError } from '../errors';

/** The folder the user picks, starting in the workspace (the dbt project, say). */
async function askFolder(count: number): Promise<vscode.Uri | undefined> {
  const [folder] =
    (await vscode.window.showOpenDialog({
      title: `SQL Patterns: folder for the ${count === 1 ? 'file' : `${count} files`}`,
      openLabel: 'Write here',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    })) ?? [];
  return folder;
}

/**
 * Chat button "Write the files into a folder…": writes a format's files (dbt models, a script)
 * under the folder the user picks, through the write rule (src/files/outputFiles.ts): all or
 * nothing, and files that exist are replaced only when the user says so. Then opens the first one
 * and shows them in the explorer. Returns the files written (none when cancelled or refused).
 */
export async function writeChatFilesCommand(
  answer: string,
  folder?: vscode.Uri,
): Promise<vscode.Uri[]> {
  const files = chatFiles(answer);
  if (files === undefined) {
    void vscode.window.showWarningMessage(
      'SQL Patterns: this chat answer is no longer kept in memory; ask @sqlpatterns again.',
    );
    return [];
  }
  const target = folder ?? (await askFolder(files.length));
  if (target === undefined) {
    return [];
  }
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `SQL Patterns: cannot write into ${target.toString()}: pick a folder on disk.`,
    );
    return [];
  }
  const root = target.fsPath;
  const existing = files.filter(f => fs.existsSync(path.join(root, f.path))).map(f => f.path);
  if (existing.length > 0) {
    const replace = 'Replace';
    const picked = await vscode.window.showWarningMessage(
      `SQL Patterns: ${existing.length === 1 ? `${existing[0]} exists` : `${existing.length} of the files exist (${existing.join(', ')})`} in ${root}. Replace ${existing.length === 1 ? 'it' : 'them'}?`,
      replace,
    );
    if (picked !== replace) {
      return [];
    }
  }
  try {
    writeOutputFolder({ option: 'folder', path: root }, files, {
      inputs: [],
      force: existing.length > 0,
    });
  } catch (error) {
    reportError(error);
    return [];
  }
  const written = files.map(f => vscode.Uri.joinPath(target, ...f.path.split('/')));
  await vscode.window.showTextDocument(written[0] as vscode.Uri);
  await vscode.commands.executeCommand('revealInExplorer', written[0]);
  void vscode.window.showInformationMessage(
    `SQL Patterns: wrote ${files.map(f => f.path).join(', ')} into ${root}.`,
  );
  return written;
}
