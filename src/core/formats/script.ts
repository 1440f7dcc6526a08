import { getDialect, type Dialect } from '../dialects';
import { getPattern } from '../patterns';
import type { FormatDefinition } from '../patterns/pattern';
import {
  commentLines,
  renderPattern,
  type FormatOptions,
  type RenderRequest,
  type RenderedPattern,
  type RenderedTest,
} from '../render/render';

/** One statement of the script, named for tests and tools (`create <part>`, `failing tests`). */
export interface ScriptStatement {
  readonly name: string;
  readonly sql: string;
}

export interface PatternScript {
  readonly dialect: string;
  /** Each query part's table, in the order the script creates them. */
  readonly tables: readonly { readonly part: string; readonly table: string }[];
  /** In order; the last one is the query listing the failing error tests. */
  readonly statements: readonly ScriptStatement[];
  /** The statements as one text, each ended by a semicolon, under a header comment. */
  readonly script: string;
}

/** Test names become string literals; they are the pattern's own constants, never user text. */
const TEST_NAME = /^[a-z][a-z0-9_]*$/;

function indent(sql: string, by: string): string {
  return sql
    .split('\n')
    .map(line => (line === '' ? line : by + line))
    .join('\n');
}

/**
 * A query's leading WITH list and its main statement (`WITH a AS (…), b AS (…)` / `SELECT …`), or
 * undefined when it opens with no WITH. The main statement starts at the first SELECT outside every
 * parenthesis after the WITH; comments, string literals and quoted names are skipped while looking.
 */
export function splitWith(
  sql: string,
): { readonly with: string; readonly main: string } | undefined {
  let depth = 0;
  let sawWith = false;
  for (let i = 0; i < sql.length;) {
    const rest = sql.slice(i);
    const skip =
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^`(?:[^`]|``)*`/.exec(rest) ??
      /^\[[^\]]*\]/.exec(rest) ??
      /^\s+/.exec(rest);
    if (skip) {
      i += skip[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest);
    if (word) {
      const upper = word[0].toUpperCase();
      if (!sawWith) {
        if (upper !== 'WITH') {
          return undefined;
        }
        sawWith = true;
      } else if (depth === 0 && upper === 'SELECT') {
        return { with: sql.slice(0, i).trimEnd(), main: sql.slice(i) };
      }
      i += word[0].length;
      continue;
    }
    if (!sawWith) {
      return undefined;
    }
    depth += rest[0] === '(' ? 1 : rest[0] === ')' ? -1 : 0;
    i += 1;
  }
  return undefined;
}

/**
 * The statement that stores one part's query as a new table (no DROP: a second run fails), with the
 * query's opening comment above it.
 */
function createTable(dialect: Dialect, table: string, sql: string, temporary = false): string {
  const comment = /^(?:--[^\n]*\n)*/.exec(sql)?.[0] ?? '';
  const query = sql.slice(comment.length);
  if (!dialect.script?.selectInto) {
    return `${comment}CREATE ${temporary ? 'TEMPORARY ' : ''}TABLE ${table} AS\n${query};`;
  }
  const split = splitWith(query);
  const into = (select: string) =>
    `SELECT *\nINTO ${table}\nFROM (\n${indent(select, '  ')}\n) AS part_rows;`;
  return comment + (split === undefined ? into(query) : `${split.with}\n${into(split.main)}`);
}

/** The statements that end the script: the last returns one row per failing error test. */
function failingTests(dialect: Dialect, tests: readonly RenderedTest[]): ScriptStatement[] {
  const count = dialect.script?.countRows ?? 'COUNT(*)';
  const literal = (test: RenderedTest) => {
    if (!TEST_NAME.test(test.name)) {
      throw new Error(`test name ${test.name} cannot be written as a plain string literal`);
    }
    return `'${test.name}'`;
  };
  const intro = `-- Each error test that fails, with the number of rows it returns: no rows means every test passed.`;
  const store = dialect.script?.testsTable;
  if (store === undefined) {
    const counts = tests.map(
      test =>
        `  SELECT\n    ${literal(test)} AS test_name,\n    ${count} AS failing_rows\n  FROM (\n${indent(test.sql, '    ')}\n  ) AS test_rows`,
    );
    return [
      {
        name: 'failing tests',
        sql: `${intro}\nSELECT\n  test_name,\n  failing_rows\nFROM (\n${counts.join('\n  UNION ALL\n')}\n) AS test_results\nWHERE failing_rows > 0;`,
      },
    ];
  }
  const insert = `INSERT INTO ${store.name} (test_name, failing_rows)`;
  return [
    {
      name: 'create failing tests',
      sql: `CREATE TABLE ${store.name} (\n  test_name ${store.textType} NOT NULL,\n  failing_rows BIGINT NOT NULL\n);`,
    },
    ...tests.map(test => {
      const split = splitWith(test.sql);
      const counted = `SELECT\n  ${literal(test)},\n  ${count}\nFROM`;
      return {
        name: `count ${test.name}`,
        sql:
          split === undefined
            ? `${insert}\n${counted} (\n${indent(test.sql, '  ')}\n) AS test_rows;`
            : `${split.with},\nfailing_test_rows AS (\n${indent(split.main, '  ')}\n)\n${insert}\n${counted} failing_test_rows;`,
      };
    }),
    {
      name: 'failing tests',
      sql: `${intro}\nSELECT\n  test_name,\n  failing_rows\nFROM ${store.name}\nWHERE failing_rows > 0;`,
    },
  ];
}

/**
 * The script's statements and text for a pattern rendered for it (`renderPattern` with `script`):
 * its steps first, each stored once (a temporary table, or a plain one dropped after the parts).
 */
export function scriptOf(rendered: RenderedPattern): PatternScript {
  const pattern = getPattern(rendered.pattern);
  const dialect = getDialect(rendered.dialect);
  const errors = rendered.tests.filter(t => t.severity === 'error');
  if (errors.length === 0) {
    throw new Error(`Pattern ${pattern.name} has no error test for the script to run`);
  }
  const warnings = rendered.tests.filter(t => t.severity === 'warn').map(t => t.name);
  const steps = rendered.steps ?? [];
  const statements = [
    ...steps.map(s => ({
      name: `create ${s.step}`,
      sql: createTable(dialect, s.table, s.sql, !s.plain && dialect.script?.temporaryTable !== '#'),
    })),
    ...rendered.queries.map(q => ({
      name: `create ${q.part}`,
      sql: `-- ===== ${q.part}: ${q.table} =====\n${createTable(dialect, q.table, q.sql)}`,
    })),
    ...steps
      .filter(s => s.plain)
      .map(s => ({ name: `drop ${s.step}`, sql: `DROP TABLE ${s.table};` })),
    ...failingTests(dialect, errors),
  ];
  const tables = rendered.queries.map(q => q.table);
  const kept = steps.map(s =>
    s.plain
      ? `${s.table} (a plain table: ${dialect.title} has no temporary ones; dropped once the parts are created)`
      : `${s.table} (a temporary table)`,
  );
  const header = [
    `${pattern.title} for ${dialect.title}: run top to bottom where the source table is. It creates ${tables.join(' and ')} (no DROP: a second run stops at the first table that exists), then lists the error tests that fail; no rows means every test passed.`,
    ...(kept.length === 0
      ? []
      : [`Before them it stores what both read, computed once: ${kept.join(', ')}.`]),
    ...(warnings.length === 0
      ? []
      : [
          `Not run here: the warn tests (${warnings.join(', ')}), which report input data the rule cannot use; they are in the tests part.`,
        ]),
  ].map(commentLines);
  return {
    dialect: dialect.name,
    tables: rendered.queries.map(q => ({ part: q.part, table: q.table })),
    statements,
    script: `${header.join('\n')}\n\n${statements.map(s => s.sql).join('\n\n')}\n`,
  };
}

/**
 * `--format script` for any pattern and dialect (shared README §3): one plain CREATE TABLE per query
 * part in part order, later parts reading earlier tables, then one query returning a row per failing
 * error test (`test_name`, `failing_rows`).
 */
export function renderScript(
  request: RenderRequest,
  options: FormatOptions & { promptsRoot?: string } = {},
): PatternScript {
  return scriptOf(renderPattern(request, { ...options, script: true }));
}

/** The script as a format of every pattern (`--format script`, chat `format=script`, the generator). */
export const scriptFormat: FormatDefinition = {
  name: 'script',
  label: 'runnable script',
  description: 'creates a table per part, then lists the failing data tests (no rows: all passed)',
  render: (pattern, request, options) => {
    const script = renderScript(request, options);
    const tables = script.tables.map(t => `\`${t.table}\``).join(' and ');
    return {
      files: [{ path: `${pattern.name}.sql`, content: script.script }],
      summary: `A script for ${getDialect(script.dialect).title}: run it top to bottom where the source table is. It creates ${tables}, then its last query returns one row per failing error test (\`test_name\`, \`failing_rows\`): no rows means every test passed.`,
    };
  },
};
