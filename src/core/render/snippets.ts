import { renderPattern } from './render';

/** A VS Code snippet: prefix, body lines and description. */
export interface Snippet {
  readonly prefix: string;
  readonly description: string;
  readonly body: string[];
}

/** Inputs that become tab stops, with the sentinel rendered in their place and the default shown. */
const TAB_STOPS = [
  { input: 'events_table', sentinel: 'sp_tabstop_events_table', shown: 'app.events' },
  { input: 'user_key', sentinel: 'sp_tabstop_user_key', shown: 'user_id' },
  { input: 'event_ts', sentinel: 'sp_tabstop_event_ts', shown: 'event_time' },
];

/** Escapes snippet syntax, then turns each sentinel into a tab stop (mirrored after its first use). */
function toSnippetBody(sql: string): string[] {
  let body = sql.replace(/[\\$}]/g, ch => `\\${ch}`);
  TAB_STOPS.forEach(({ sentinel, shown }, index) => {
    let first = true;
    body = body.replaceAll(sentinel, () => {
      const stop = first ? `\${${index + 1}:${shown}}` : `\${${index + 1}}`;
      first = false;
      return stop;
    });
  });
  return body.split('\n');
}

/**
 * Snippets for SQL files, rendered from the same templates as everything else (DuckDB dialect,
 * 30-minute timeout), so they can never drift from the generator's output.
 */
export function buildSnippets(): Record<string, Snippet> {
  const values = Object.fromEntries(TAB_STOPS.map(t => [t.input, t.sentinel]));
  const rendered = renderPattern({ pattern: 'sessionization', dialect: 'duckdb', values });
  const part = (name: string) => rendered.queries.find(q => q.part === name)?.sql ?? '';
  return {
    'Sessionize events': {
      prefix: 'sessionize',
      description:
        'SQL Patterns: label every event with its session (30-minute inactivity timeout)',
      body: toSnippetBody(part('events')),
    },
    'Sessions table': {
      prefix: 'sessions',
      description: 'SQL Patterns: one row per session (30-minute inactivity timeout)',
      body: toSnippetBody(part('sessions')),
    },
    'Sessionization data tests': {
      prefix: 'sessiontests',
      description: 'SQL Patterns: data tests that return no rows when the sessions are right',
      body: toSnippetBody(rendered.tests.map(t => `${t.sql};`).join('\n\n')),
    },
  };
}
