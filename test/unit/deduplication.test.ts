/**
 * Deduplication as a user meets it without an engine: its shapes per dialect, the inputs it refuses, and
 * every surface that reaches it through the registry (CLI, chat, snippets, prompt file).
 */
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import { answerChoosePattern, getPattern, renderPattern, supportedDialects } from '../../src/core';
import { choosePatternPromptFile } from '../../src/core/chat/promptFile';
import { renderSnippets } from '../../src/core/render/snippets';

const VALUES = { source_table: 'raw.customers', key: 'customer_id', order_by: 'updated_at' };
const WORDS = Object.entries(VALUES).map(([k, v]) => `${k}=${v}`);

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const render = (dialect: string, values: Record<string, string> = VALUES) =>
  renderPattern({ pattern: 'deduplication', dialect, values });

/** The SQL on one line, as the formatter's line breaks and indentation do not matter here. */
const flat = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');

const part = (dialect: string, name: string, values?: Record<string, string>) =>
  render(dialect, values).queries.find(q => q.part === name)?.sql ?? '';

describe('deduplication', () => {
  describe('writes the idiomatic shape of each dialect', () => {
    const shapes: Record<string, 'QUALIFY' | 'DISTINCT ON' | 'numbered'> = {
      duckdb: 'QUALIFY',
      snowflake: 'QUALIFY',
      bigquery: 'QUALIFY',
      redshift: 'QUALIFY',
      postgres: 'DISTINCT ON',
      spark: 'numbered',
      trino: 'numbered',
      mysql: 'numbered',
      tsql: 'numbered',
      sqlite: 'numbered',
    };
    for (const dialect of supportedDialects) {
      const shape = shapes[dialect];
      it(`${dialect}: ${shape}`, () => {
        const sql = part(dialect, 'deduplicated');
        assert.equal(/\bQUALIFY\b/.test(sql), shape === 'QUALIFY', 'QUALIFY');
        assert.equal(/\bDISTINCT ON\b/.test(sql), shape === 'DISTINCT ON', 'DISTINCT ON');
        // Only the numbered subquery adds the helper column, and then it says it stays.
        assert.equal(/duplicate_rank/i.test(sql), shape === 'numbered', 'helper column');
        if (shape === 'numbered') {
          assert.match(sql, /-- duplicate_rank stays in the output, always 1/);
        }
      });
    }

    it('never writes Databricks-only syntax for spark (Apache Spark has no QUALIFY or * EXCEPT)', () => {
      const all = [...render('spark').queries, ...render('spark').tests].map(p => p.sql).join('\n');
      assert.doesNotMatch(all, /\bQUALIFY\b|\*\s*EXCEPT\b/);
    });

    it('writes where NULLs sort in every ordering of every dialect, for both keep directions', () => {
      for (const dialect of supportedDialects) {
        for (const keep of ['latest', 'earliest']) {
          const rendered = render(dialect, { ...VALUES, keep, order_tiebreak: 'ingested_at' });
          const sql = [...rendered.queries, ...rendered.tests].map(p => p.sql).join('\n');
          const direction = keep === 'latest' ? 'DESC' : 'ASC';
          for (const column of ['updated_at', 'ingested_at']) {
            // Every sort on the column: NULLS LAST after it, or an IS NULL key right before it.
            const sorts = [...flat(sql).matchAll(new RegExp(`${column} ${direction}`, 'g'))];
            assert.ok(sorts.length >= 2, `${dialect}: ${column} is sorted`);
            for (const sort of sorts) {
              const before = flat(sql).slice(0, sort.index);
              const after = flat(sql).slice(sort.index + sort[0].length);
              assert.ok(
                after.startsWith(' NULLS LAST') ||
                  new RegExp(`${column} IS NULL(, 1, 0\\))?, $`).test(before),
                `${dialect} keep=${keep}: ${column} sorted without its NULL ordering`,
              );
            }
          }
        }
      }
    });

    it('ranks the duplicates with the ordering that picks the kept row', () => {
      const values = { ...VALUES, keep: 'earliest', order_tiebreak: 'load_id' };
      for (const dialect of supportedDialects) {
        const duplicates = flat(part(dialect, 'duplicates', values));
        const items = /ORDER BY (.*?)\) AS duplicate_rank/.exec(duplicates)?.[1];
        assert.ok(items?.includes('load_id'), `${dialect}: ${duplicates}`);
        assert.ok(flat(part(dialect, 'deduplicated', values)).includes(items ?? '-'), dialect);
        assert.match(duplicates, /duplicate_rank > 1/);
      }
    });
  });

  describe('refuses bad input with one line and exit status 2', () => {
    const refusals: [string, string[], RegExp][] = [
      [
        'an order_by column that is a key column',
        ['order_by=customer_id,updated_at'],
        /^sqlpatterns: order_by: customer_id is a key column/,
      ],
      [
        'an unknown keep',
        ['keep=newest'],
        /^sqlpatterns: keep: "newest" is not accepted; use one of latest, earliest/,
      ],
      [
        'a tie-break that is an order_by column',
        ['order_tiebreak=updated_at'],
        /^sqlpatterns: order_tiebreak: must be a column other than the key and order_by columns/,
      ],
      [
        'a column named like the helper column',
        ['order_by=duplicate_rank'],
        /^sqlpatterns: order_by: duplicate_rank is the column the pattern adds/,
      ],
      [
        'an output table that is the source',
        ['deduplicated_table=RAW.customers'],
        /^sqlpatterns: deduplicated_table: must name a table other than source_table/,
      ],
      [
        'both outputs in one table',
        ['deduplicated_table=a.t', 'duplicates_table=a.t'],
        /^sqlpatterns: duplicates_table: must name a table other than deduplicated_table/,
      ],
      [
        'an injection attempt in the key',
        ['key=customer_id; DROP TABLE x'],
        /^sqlpatterns: key: "customer_id; DROP TABLE x" is not a valid column name/,
      ],
      ['a missing order_by', [], /^sqlpatterns: order_by: is required/],
    ];
    for (const [what, words, message] of refusals) {
      it(what, async () => {
        const base = words.length === 0 ? WORDS.filter(w => !w.startsWith('order_by=')) : WORDS;
        const overridden = base.filter(w => !words.some(o => o.split('=')[0] === w.split('=')[0]));
        const { code, stdout, stderr } = await cli(
          'render',
          'deduplication',
          ...overridden,
          ...words,
        );
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, message);
        assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
      });
    }

    it('a --part the pattern does not have, naming the parts it has', async () => {
      const { code, stderr } = await cli('render', 'deduplication', '--part', 'events', ...WORDS);
      assert.equal(code, 2);
      assert.match(
        stderr,
        /--part must be one of deduplicated, duplicates, tests, all, got "events"/,
      );
    });
  });

  describe('reaches every surface through the registry', () => {
    it('sqlpatterns list shows it with its inputs', async () => {
      const { stdout } = await cli('list');
      assert.match(stdout, /^deduplication: Keeps one row per key/m);
      assert.match(stdout, /^ {2}keep: .*\[default latest\]/m);
      const json = JSON.parse((await cli('list', '--json')).stdout) as {
        patterns: { name: string }[];
      };
      assert.ok(json.patterns.some(p => p.name === 'deduplication'));
    });

    it('render prints its parts, one with --part, and the contract JSON', async () => {
      const all = await cli('render', 'deduplication', '--dialect', 'postgres', ...WORDS);
      assert.equal(all.code, 0);
      assert.deepEqual(all.stdout.match(/^-- ===== \w+ =====$/gm), [
        '-- ===== deduplicated =====',
        '-- ===== duplicates =====',
        '-- ===== tests =====',
      ]);
      const one = await cli('render', 'deduplication', '--part', 'duplicates', ...WORDS);
      assert.deepEqual(one.stdout.match(/^-- ===== \w+ =====$/gm), ['-- ===== duplicates =====']);
      const json = JSON.parse((await cli('render', 'deduplication', '--json', ...WORDS)).stdout);
      assert.deepEqual(Object.keys(json.parts), ['deduplicated', 'duplicates', 'tests']);
      assert.deepEqual(
        json.parts.tests.map((t: { name: string; severity: string }) => `${t.name}:${t.severity}`),
        [
          'key_unique_in_deduplicated:error',
          'every_key_kept_once:error',
          'no_row_beats_kept_row:error',
          'outputs_match_source:error',
          'rows_with_null_key:warn',
          'tied_best_rows:warn',
        ],
      );
    });

    it('the tests read the default output tables, or the ones named', () => {
      const tests = (values: Record<string, string>) =>
        render('duckdb', values)
          .tests.map(t => t.sql)
          .join('\n');
      assert.match(tests(VALUES), /FROM raw\.customers_deduplicated\b/);
      assert.match(tests(VALUES), /FROM raw\.customers_duplicates\b/);
      const named = tests({
        ...VALUES,
        deduplicated_table: 'marts.customers',
        duplicates_table: 'audit.dupes',
      });
      assert.match(named, /FROM marts\.customers\b/);
      assert.match(named, /FROM audit\.dupes\b/);
      assert.doesNotMatch(named, /raw\.customers_(deduplicated|duplicates)/);
    });

    it("/choose-pattern deduplication answers with the SQL and the rule in the user's names", () => {
      const answer = answerChoosePattern(
        'deduplication source_table=raw.customers key=customer_id order_by=updated_at keep=earliest order_tiebreak=load_id',
      );
      assert.equal(answer.kind, 'sql');
      assert.match(answer.markdown, /the earliest by `updated_at`/);
      assert.match(answer.markdown, /decided by `load_id`/);
      const missing = answerChoosePattern('deduplication source_table=raw.customers');
      assert.equal(missing.kind, 'missing');
      assert.match(missing.markdown, /`key`, `order_by`/);
    });

    it('snippets and the prompt file offer it', () => {
      const snippets = renderSnippets(getPattern('deduplication'), 'duckdb');
      assert.deepEqual(
        snippets.map(s => [s.name, s.prefix]),
        [
          ['Deduplicate rows', 'dedup'],
          ['Duplicate rows', 'duplicates'],
          ['Deduplication data tests', 'deduptests'],
        ],
      );
      assert.match(
        snippets[0]?.body ?? '',
        /PARTITION BY \$\{2\} ORDER BY \$\{3\} DESC NULLS LAST/,
      );
      assert.match(choosePatternPromptFile(), /\*\*deduplication\*\*: Keeps one row per key/);
    });
  });
});
