/**
 * Snippets are the pattern's own SQL in the file's dialect: expanded with what their tab stops
 * show, every snippet of every pattern is the SQL the generator writes for those answers.
 */
import assert from 'node:assert/strict';
import {
  listPatterns,
  queryOf,
  renderPattern,
  renderSnippets,
  supportedDialects,
} from '../../src/core';

/** What VS Code inserts when each stop is left as shown: `${n:x}` and its mirrors `${n}` become x. */
function expand(body: string): string {
  const shown = new Map<string, string>();
  for (const [, n, text] of body.matchAll(/(?<!\\)\$\{(\d+):((?:\\.|[^\\}])*)\}/g)) {
    shown.set(n, text);
  }
  return body
    .replace(/(?<!\\)\$\{(\d+)(?::(?:\\.|[^\\}])*)?\}/g, (_m, n: string) => shown.get(n) ?? '')
    .replace(/\\([\\$}])/g, '$1');
}

/** SQL compared without its layout (folding follows name lengths), a `(m * 60)` read as its value. */
const comparable = (sql: string) =>
  sql
    .replace(/\((\d+(?:\.\d+)?) \* 60\)/g, (_m, minutes: string) => String(Number(minutes) * 60))
    .replace(/\s+/g, '');

describe('snippets', () => {
  for (const pattern of listPatterns()) {
    for (const dialect of supportedDialects) {
      it(`${pattern.name} in ${dialect}: each is the SQL its shown stops render`, () => {
        const snippets = renderSnippets(pattern, dialect);
        const shownValues = Object.fromEntries(
          pattern.snippets.stops.map(name => {
            const spec = pattern.inputs.find(i => i.name === name);
            return [name, spec?.default ?? spec?.example ?? ''];
          }),
        );
        const rendered = renderPattern({
          pattern: pattern.name,
          dialect,
          values: { ...pattern.snippets.given, ...shownValues },
        });
        for (const snippet of snippets) {
          const item = pattern.snippets.items.find(i => i.name === snippet.name);
          assert.ok(item, snippet.name);
          const sql =
            item.part === 'tests'
              ? rendered.tests.map(t => `${t.sql};`).join('\n\n')
              : queryOf(rendered, item.part);
          assert.equal(comparable(expand(snippet.body)), comparable(sql), snippet.name);
          // Every stop is there, in the pattern's order, with what it shows once.
          pattern.snippets.stops.forEach((_stop, index) => {
            const defaults = [...snippet.body.matchAll(new RegExp(`\\$\\{${index + 1}:`, 'g'))];
            assert.equal(defaults.length, 1, `${snippet.name}: stop ${index + 1}`);
          });
        }
      });
    }
  }

  it('shows the setting-given timeout in its tab stop, and writes the gap test from it', () => {
    const [events] = renderSnippets(listPatterns()[0], 'postgres', {
      session_timeout_minutes: '45',
    });
    assert.match(events.body, /^-- Sessionization of \$\{1:app\.events\} \(PostgreSQL\)/);
    assert.match(events.body, /FROM\s+\$\{1\} AS src/);
    assert.match(events.body, /PARTITION BY\s+\$\{2\}/);
    assert.match(events.body, /ends after \$\{4:45\} minutes of inactivity/);
    assert.match(events.body, /seconds_since_prev_event > \(\$\{4\} \* 60\) THEN 1/);
    assert.doesNotMatch(events.body, /sp_tabstop|8001/);
  });

  it('falls back to the input default when the setting is not a valid answer', () => {
    for (const bad of ['-5', 'thirty', '20000']) {
      const [events] = renderSnippets(listPatterns()[0], 'duckdb', {
        session_timeout_minutes: bad,
      });
      assert.match(events.body, /ends after \$\{4:30\} minutes/, bad);
    }
  });
});
