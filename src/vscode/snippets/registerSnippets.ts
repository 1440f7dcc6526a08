import * as vscode from 'vscode';
import { dialectLanguageIds } from '../../core/dialects';

/** Plain SQL files and every language id that names a dialect (those of common SQL extensions). */
export const SNIPPET_LANGUAGES: readonly string[] = ['sql', ...dialectLanguageIds];

/**
 * Offers every pattern's snippets in SQL files, rendered in the file's dialect (the setting's for
 * plain `sql`) with the settings' defaults; the rendering loads on the first completion request.
 */
export function registerSnippets(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      SNIPPET_LANGUAGES.map(language => ({ language })),
      {
        provideCompletionItems: async document =>
          (await import('./snippetItems')).snippetItems(document),
      },
    ),
  );
}
