import * as vscode from 'vscode';
import { getDialect, listPatterns, renderSnippets, SqlPatternsError } from '../../core';
import { dialectFor, formatOptions, inputDefaults } from '../settings';

/**
 * Completion items for every pattern's snippets in the document's dialect, each tab stop showing
 * the settings' default (the timeout) or the input's example. A setting the core refuses (a
 * dialect or format it does not know) leaves the list empty rather than interrupt typing: the
 * generator names it.
 */
export function snippetItems(document: vscode.TextDocument): vscode.CompletionItem[] {
  try {
    const dialect = getDialect(dialectFor(document));
    const options = formatOptions();
    return listPatterns().flatMap(pattern =>
      renderSnippets(pattern, dialect.name, inputDefaults(), options).map(snippet => {
        const item = new vscode.CompletionItem(
          { label: snippet.prefix, description: `${snippet.name} (${dialect.title})` },
          vscode.CompletionItemKind.Snippet,
        );
        item.insertText = new vscode.SnippetString(snippet.body);
        item.detail = snippet.description;
        return item;
      }),
    );
  } catch (error) {
    if (error instanceof SqlPatternsError) {
      return [];
    }
    throw error;
  }
}
