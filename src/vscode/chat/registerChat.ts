import * as vscode from 'vscode';
import { CHAT_FILES_SCHEME, chatFilesProvider } from './chatFiles';

/**
 * Registers the @sqlpatterns participant (its handler module loads on the first message) and the
 * read-only documents its answers link to.
 */
export function registerChat(context: vscode.ExtensionContext): vscode.ChatRequestHandler {
  const chat = () => import('./chatParticipant');
  const chatHandler: vscode.ChatRequestHandler = async (...args) =>
    (await chat()).chatHandler(...args);
  const participant = vscode.chat.createChatParticipant('sqlpatterns.chat', chatHandler);
  participant.followupProvider = {
    provideFollowups: async result => (await chat()).provideFollowups(result),
  };
  context.subscriptions.push(
    participant,
    vscode.workspace.registerTextDocumentContentProvider(CHAT_FILES_SCHEME, chatFilesProvider),
  );
  return chatHandler;
}
