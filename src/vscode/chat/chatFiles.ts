import * as vscode from 'vscode';

/**
 * The files of recent chat answers (query parts, dbt models), kept in memory so that the answer
 * can link to them, show them in a file tree and write them later without pasting all their text
 * into the chat. Their documents are read-only: `sqlpatterns-chat:/<answer>/<path>`.
 */
export const CHAT_FILES_SCHEME = 'sqlpatterns-chat';

export interface ChatFile {
  readonly path: string;
  readonly content: string;
}

/** Enough for the answers of a long chat; older links then say to ask again. */
const KEPT_ANSWERS = 50;
const answers = new Map<string, readonly ChatFile[]>();
let counter = 0;

/** Keeps an answer's files and returns the id its links and buttons carry. */
export function keepChatFiles(files: readonly ChatFile[]): string {
  const id = `a${++counter}`;
  answers.set(id, files);
  for (const old of answers.keys()) {
    if (answers.size <= KEPT_ANSWERS) {
      break;
    }
    answers.delete(old);
  }
  return id;
}

/** The files of an answer; undefined when it is older than the answers kept. */
export function chatFiles(id: string): readonly ChatFile[] | undefined {
  return answers.get(id);
}

/** The folder of an answer's files: the file tree's base. */
export function chatFolderUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHAT_FILES_SCHEME, path: `/${id}/` });
}

export function chatFileUri(id: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(chatFolderUri(id), file);
}

export const chatFilesProvider: vscode.TextDocumentContentProvider = {
  provideTextDocumentContent(uri) {
    const [, id = '', ...rest] = uri.path.split('/');
    const file = chatFiles(id)?.find(f => f.path === rest.join('/'));
    return (
      file?.content ??
      '-- This chat answer is no longer kept in memory: ask @sqlpatterns again to see its files.\n'
    );
  },
};
