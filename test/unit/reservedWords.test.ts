/**
 * Every word a dialect reserves (the vendors' lists, as sql-formatter carries them, plus the dialect's own
 * additions) comes out quoted, in the engine's case, and formatting never fails on it. On DuckDB,
 * PostgreSQL, MariaDB and SQLite the words the engine itself reserves are used as real columns and run.
 */
import assert from 'node:assert/strict';
import { getDialect, queryOf, renderPattern, supportedDialects } from '../../src/core';
import { reservedWords } from '../../src/core/dialects/dialect';
import { Database } from '../../src/duckdb/database';
import { openEngine, type EngineName } from '../support/engines';

const base = { events_table: 'app.events', user_key: 'user_id', event_ts: 'event_time' };

/** The word as the dialect must print it: quoted, folded the way the engine folds unquoted names. */
function quoted(dialect: string, word: string): string {
  const d = getDialect(dialect);
  const name = d.unquotedCase === 'upper' ? word.toUpperCase() : word;
  return `${d.quote[0]}${name}${d.quote[1]}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );
}

const renderWith = (dialect: string, words: readonly string[]) =>
  renderPattern({
    pattern: 'sessionization',
    dialect,
    values: { ...base, session_attributes: words.join(',') },
  });

describe('reserved words', function () {
  this.timeout(300_000);

  it('quotes the reserved words that made the CLI fail with "Parse error at token"', () => {
    const pairs: [string, string][] = [
      ['tsql', 'plan'],
      ['tsql', 'file'],
      ['tsql', 'index'],
      ['tsql', 'schema'],
      ['bigquery', 'hash'],
      ['bigquery', 'merge'],
      ['redshift', 'tag'],
      ['mysql', 'rank'],
      ['mysql', 'groups'],
    ];
    for (const [dialect, word] of pairs) {
      const sql = queryOf(renderWith(dialect, [word]), 'sessions');
      assert.ok(sql.includes(quoted(dialect, word)), `${dialect} quotes ${word}`);
    }
  });

  for (const dialect of supportedDialects) {
    it(`${dialect}: every reserved word comes out quoted, and formatting never fails`, () => {
      const unquotable = getDialect(dialect).unquotable?.pattern;
      const words = [...reservedWords(getDialect(dialect))].filter(
        w => !['user_id', 'event_time'].includes(w) && !unquotable?.test(w),
      );
      assert.ok(words.length > 150, `${dialect} lists ${words.length} words`);
      for (const batch of chunks(words, 8)) {
        const sql = queryOf(renderWith(dialect, batch), 'sessions').replace(/\s+/g, ' ');
        // The exit attribute: the session's last event's value, from the next boundary event.
        const bare = batch.filter(
          w => !sql.includes(`THEN ${quoted(dialect, w)} ELSE LEAD(${quoted(dialect, w)}) OVER`),
        );
        assert.deepEqual(bare, [], `${dialect} leaves these unquoted`);
      }
    });
  }

  /** Runs the events and sessions queries over a table whose columns are the words. */
  async function runWithColumns(
    dialect: string,
    words: readonly string[],
    exec: (sql: string) => Promise<unknown>,
    q: (name: string) => string,
  ): Promise<void> {
    for (const batch of chunks(words, 8)) {
      await exec(`DROP TABLE IF EXISTS events`);
      await exec(
        `CREATE TABLE events (user_id INTEGER, event_time ${dialect === 'sqlite' ? 'TEXT' : 'TIMESTAMP'}, ${batch.map(w => `${q(w)} INTEGER`).join(', ')})`,
      );
      await exec(
        `INSERT INTO events VALUES (1, '2024-01-01 10:00:00', ${batch.map(() => '1').join(', ')})`,
      );
      const sql = renderPattern({
        pattern: 'sessionization',
        dialect,
        values: { ...base, events_table: 'events', session_attributes: batch.join(',') },
      });
      await exec(queryOf(sql, 'events'));
      await exec(queryOf(sql, 'sessions'));
    }
  }

  it('duckdb: runs with every word duckdb_keywords() reserves as a column', async () => {
    const db = await Database.open();
    try {
      const words = (
        await db.query(
          `SELECT lower(keyword_name) AS w FROM duckdb_keywords() WHERE keyword_category = 'reserved'`,
        )
      ).map(r => String(r.w));
      assert.ok(words.length > 50);
      await runWithColumns(
        'duckdb',
        words,
        s => db.run(s),
        w => `"${w}"`,
      );
    } finally {
      db.close();
    }
  });

  const engines: [EngineName, string, string][] = [
    ['postgres', `SELECT word AS w FROM pg_get_keywords() WHERE catcode IN ('R', 'T')`, '"'],
    ['mysql', `SELECT lower(WORD) AS w FROM information_schema.KEYWORDS`, '`'],
  ];
  for (const [engineName, listQuery, quote] of engines) {
    it(`${engineName}: runs with every keyword the engine lists as a column`, async () => {
      const engine = await openEngine(engineName);
      try {
        const words = (await engine.query(listQuery)).map(r => String(r.w));
        assert.ok(words.length > 50);
        await runWithColumns(
          engineName,
          words.filter(w => /^[a-z_][a-z0-9_]*$/.test(w)),
          s => engine.exec(s),
          w => `${quote}${w}${quote}`,
        );
      } finally {
        await engine.close();
      }
    });
  }

  it('sqlite: runs with every keyword of its list as a column', async () => {
    const engine = await openEngine('sqlite');
    try {
      // true and false are refused for SQLite (its SELECT * renames them), as asserted below.
      const words = [...reservedWords(getDialect('sqlite'))].filter(
        w => w !== 'true' && w !== 'false',
      );
      await runWithColumns(
        'sqlite',
        words,
        s => engine.exec(s),
        w => `"${w}"`,
      );
    } finally {
      await engine.close();
    }
  });
});

describe("quoting follows each dialect's lexical rules", () => {
  it('bigquery escapes a backslash in a quoted name instead of letting it escape the closing backtick', () => {
    const sql = queryOf(
      renderPattern({
        pattern: 'sessionization',
        dialect: 'bigquery',
        values: { ...base, user_key: '"u\\"' },
      }),
      'sessions',
    );
    assert.ok(sql.includes('PARTITION BY\n          `u\\\\`') || sql.includes('`u\\\\`,'), sql);
    assert.ok(!/`u\\`/.test(sql), 'no backslash before a closing backtick');
  });

  it('bigquery refuses a backtick inside a name, which GoogleSQL would read as two names', () => {
    assert.throws(
      () =>
        renderPattern({
          pattern: 'sessionization',
          dialect: 'bigquery',
          values: { ...base, event_ts: '"event`time"' },
        }),
      {
        message:
          'event_ts: "event`time" holds a backtick, which a BigQuery name cannot carry here; rename the column in a view',
      },
    );
  });

  it('sqlite refuses columns named true or false, which its SELECT * renames', () => {
    assert.throws(
      () =>
        renderPattern({
          pattern: 'sessionization',
          dialect: 'sqlite',
          values: { ...base, session_attributes: 'page, false' },
        }),
      {
        message:
          'session_attributes: "false" is renamed by SQLite\'s SELECT * in a subquery; rename the column in a view',
      },
    );
  });

  it('sqlite fails on a quoted name that matches no column instead of reading it as a string', async () => {
    const engine = await openEngine('sqlite');
    try {
      await engine.exec(`CREATE TABLE events (user_id INTEGER, event_time TEXT)`);
      await engine.exec(`INSERT INTO events VALUES (1, '2024-01-01 10:00:00')`);
      const sql = renderPattern({
        pattern: 'sessionization',
        dialect: 'sqlite',
        values: { ...base, events_table: 'events', order_tiebreak: '"No Such Column"' },
      });
      await assert.rejects(engine.query(queryOf(sql, 'events')), /no such column: No Such Column/);
    } finally {
      await engine.close();
    }
  });
});
