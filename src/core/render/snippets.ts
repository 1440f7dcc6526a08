import { listPatterns, type PatternDefinition } from '../patterns';
import { renderPattern } from './render';

/** A VS Code snippet: prefix, body lines and description. */
export interface Snippet {
  readonly prefix: string;
  readonly description: string;
  readonly body: string[];
}

/** The placeholder rendered for a tab-stop input, replaced by the stop afterwards. */
const sentinel = (input: string) => `sp_tabstop_${input}`;

/** Escapes snippet syntax, then turns each sentinel into a tab stop (mirrored after its first use). */
function toSnippetBody(sql: string, stops: readonly { input: string; shown: string }[]): string[] {
  let body = sql.replace(/[\\$}]/g, ch => `\\${ch}`);
  stops.forEach(({ input, shown }, index) => {
    let first = true;
    body = body.replaceAll(sentinel(input), () => {
      const stop = first ? `\${${index + 1}:${shown}}` : `\${${index + 1}}`;
      first = false;
      return stop;
    });
  });
  return body.split('\n');
}

/** One pattern's snippets: each part rendered once with a sentinel in place of every stop. */
function patternSnippets(pattern: PatternDefinition): [string, Snippet][] {
  const stops = pattern.snippets.stops.map(input => ({
    input,
    shown: pattern.inputs.find(i => i.name === input)?.example ?? input,
  }));
  const values = Object.fromEntries(stops.map(s => [s.input, sentinel(s.input)]));
  const rendered = renderPattern({ pattern: pattern.name, dialect: 'duckdb', values });
  const sql = (part: string) =>
    part === 'tests'
      ? rendered.tests.map(t => `${t.sql};`).join('\n\n')
      : (rendered.queries.find(q => q.part === part)?.sql ?? '');
  return pattern.snippets.items.map(({ name, prefix, description, part }) => [
    name,
    { prefix, description, body: toSnippetBody(sql(part), stops) },
  ]);
}

/**
 * Snippets for SQL files, rendered from the same templates as everything else (DuckDB dialect,
 * default inputs), so they can never drift from the generator's output.
 */
export function buildSnippets(): Record<string, Snippet> {
  return Object.fromEntries(listPatterns().flatMap(patternSnippets));
}
