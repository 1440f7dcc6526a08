import { orderItem, quoteIdentifier, quoteTableName, type Dialect } from '../../dialects';
import type { InputProblem } from '../../errors';
import {
  sameColumn,
  withSuffix,
  type IdentifierPart,
  type QualifiedName,
} from '../../inputs/identifiers';
import type { PatternDefinition } from '../pattern';
import { explainDeduplication } from './explain';
import { deduplicationInputs, type DeduplicationInputs, type DeduplicationSpecs } from './inputs';
import { deduplicationPreview } from './preview';

/** The column the ranking adds: 1 for the kept row, 2, 3 … for the duplicates. */
const RANK = 'duplicate_rank';

const sameTable = (a: QualifiedName, b: QualifiedName) =>
  a.parts.length === b.parts.length && a.parts.every((part, i) => sameColumn(part, b.parts[i]));

function checkInputs(values: DeduplicationInputs): InputProblem[] {
  const { key, order_by: orderBy, order_tiebreak: tiebreak } = values;
  const problems: InputProblem[] = [];
  const keyInOrder = orderBy.find(column => key.some(k => sameColumn(k, column)));
  if (keyInOrder) {
    problems.push({
      input: 'order_by',
      message: `${keyInOrder.name} is a key column, equal on every row of a key; order by other columns`,
    });
  }
  if (tiebreak && [...key, ...orderBy].some(column => sameColumn(column, tiebreak))) {
    problems.push({
      input: 'order_tiebreak',
      message: 'must be a column other than the key and order_by columns',
    });
  }
  const named: [string, readonly IdentifierPart[]][] = [
    ['key', key],
    ['order_by', orderBy],
    ['order_tiebreak', tiebreak ? [tiebreak] : []],
  ];
  for (const [input, columns] of named) {
    if (columns.some(column => sameColumn(column, { name: RANK, quoted: false }))) {
      problems.push({
        input,
        message: `${RANK} is the column the pattern adds; rename the source column in a view`,
      });
    }
  }
  const {
    source_table: source,
    deduplicated_table: deduplicated,
    duplicates_table: duplicates,
  } = values;
  for (const [input, table] of [
    ['deduplicated_table', deduplicated],
    ['duplicates_table', duplicates],
  ] as const) {
    if (table && sameTable(table, source)) {
      problems.push({ input, message: 'must name a table other than source_table' });
    }
  }
  if (deduplicated && duplicates && sameTable(deduplicated, duplicates)) {
    problems.push({
      input: 'duplicates_table',
      message: 'must name a table other than deduplicated_table',
    });
  }
  return problems;
}

/**
 * "a beats b" over the ranking columns, compared in order, for rows of one key: a greater value wins
 * (a smaller one with keep=earliest), a value beats a NULL, and equal values or two NULLs pass the
 * comparison to the next column.
 */
function beats(columns: readonly string[], a: string, b: string, greater: '>' | '<'): string {
  const [first, ...rest] = columns;
  if (first === undefined) {
    return 'FALSE';
  }
  const [x, y] = [`${a}.${first}`, `${b}.${first}`];
  const wins = `${x} IS NOT NULL AND (${y} IS NULL OR ${x} ${greater} ${y})`;
  if (rest.length === 0) {
    return wins;
  }
  const ties = `(${x} = ${y} OR (${x} IS NULL AND ${y} IS NULL))`;
  return `${wins} OR ${ties} AND (${beats(rest, a, b, greater)})`;
}

function context(values: DeduplicationInputs, dialect: Dialect): Record<string, unknown> {
  const ident = (part: IdentifierPart) => quoteIdentifier(dialect, part);
  const source = values.source_table;
  const key = values.key.map(ident);
  const orderBy = values.order_by.map(ident);
  const tiebreak = values.order_tiebreak;
  const latest = values.keep === 'latest';
  const direction = latest ? 'DESC' : 'ASC';
  const word = latest ? 'greatest' : 'smallest';
  const ranking = [...orderBy, ...(tiebreak ? [ident(tiebreak)] : [])];
  const orderItems = ranking.map(column => orderItem(dialect, column, direction)).join(', ');
  const window = `PARTITION BY ${key.join(', ')} ORDER BY ${orderItems}`;
  // QUALIFY first (no helper column at all), then DISTINCT ON, then a numbered subquery.
  const shape = dialect.supports.qualify
    ? 'qualify'
    : dialect.supports.distinctOn
      ? 'distinct_on'
      : 'numbered';
  const comparable = dialect.comparableRow;
  const rankColumn = ident({ name: RANK, quoted: false });
  return {
    dialect_title: dialect.title,
    source_table: quoteTableName(dialect, source),
    deduplicated_table: quoteTableName(
      dialect,
      values.deduplicated_table ?? withSuffix(source, '_deduplicated'),
    ),
    duplicates_table: quoteTableName(
      dialect,
      values.duplicates_table ?? withSuffix(source, '_duplicates'),
    ),
    key: key.join(', '),
    order_by: orderBy.join(', '),
    tiebreak: tiebreak ? ident(tiebreak) : undefined,
    keep_text: latest ? 'latest' : 'earliest',
    winner_text:
      `the ${word} ${orderBy.join(', ')}${orderBy.length > 1 ? ' (compared in order)' : ''}` +
      (tiebreak ? `, then the ${word} ${ident(tiebreak)}` : ''),
    not_null: key.map(k => `${k} IS NOT NULL`).join(' AND '),
    any_null: key.map(k => `${k} IS NULL`).join(' OR '),
    window,
    order_items: orderItems,
    rank_column: rankColumn,
    // The script's deduplicated table reads the ranking: the star drops the rank where it can.
    star_except: dialect.supports.starExcept,
    qualify: shape === 'qualify',
    qualify_alias: shape === 'qualify' && dialect.supports.qualifyAliases,
    distinct_on: shape === 'distinct_on',
    numbered: shape === 'numbered',
    // The key and the ranking values identify a group of rows that both parts must account for.
    value_columns: [...key, ...ranking].join(', '),
    key_join: key.map(k => `source_row.${k} = kept_row.${k}`).join(' AND '),
    source_beats_kept: beats(ranking, 'source_row', 'kept_row', latest ? '>' : '<'),
    full_rows:
      comparable === undefined
        ? undefined
        : {
            source: comparable('source_row'),
            kept: comparable('kept_row', shape === 'numbered' ? RANK : undefined),
            kept_in_script: comparable(
              'kept_row',
              dialect.supports.starExcept === undefined ? RANK : undefined,
            ),
            duplicate: comparable('duplicate_row', RANK),
          },
  };
}

export const deduplication: PatternDefinition<DeduplicationSpecs> = {
  name: 'deduplication',
  title: 'Deduplication',
  description:
    'Keeps one row per key (the latest or earliest by the ordering columns), lists every other row ' +
    'as a ranked duplicate and ships data tests.',
  inputs: deduplicationInputs,
  ask: ['source_table', 'key', 'order_by', 'keep'],
  queries: [
    {
      part: 'deduplicated',
      template: 'deduplicated.sql.hbs',
      description: "each key's winning row",
    },
    {
      part: 'duplicates',
      template: 'duplicates.sql.hbs',
      description: 'every other row of a key, ranked 2, 3, …',
    },
  ],
  partials: [],
  // Two rankings may break ties differently: the script ranks once and both tables read that ranking.
  script: { steps: [{ name: 'ranking', template: 'script/ranking.sql.hbs' }] },
  tests: [
    {
      name: 'key_unique_in_deduplicated',
      severity: 'error',
      template: 'key_unique_in_deduplicated.sql.hbs',
      description: 'Each key appears at most once in the deduplicated table.',
    },
    {
      name: 'every_key_kept_once',
      severity: 'error',
      template: 'every_key_kept_once.sql.hbs',
      description:
        'Every key of the source (without NULLs) has exactly one deduplicated row, and no deduplicated row has a key the source lacks.',
    },
    {
      name: 'no_row_beats_kept_row',
      severity: 'error',
      template: 'no_row_beats_kept_row.sql.hbs',
      description:
        "No source row of a key beats the key's kept row on the ordering columns (a NULL never beats a value).",
    },
    {
      name: 'outputs_match_source',
      severity: 'error',
      template: 'outputs_match_source.sql.hbs',
      description:
        "The deduplicated and duplicates rows together are the source rows with a key: as many rows for every key and ordering values, and row for row where the dialect can compare whole rows (rows tied for a key's best only by count: without a tie-break each part chooses among them).",
    },
    {
      name: 'rows_with_null_key',
      severity: 'warn',
      template: 'rows_with_null_key.sql.hbs',
      description:
        'Source rows with a NULL in a key column: they belong to no key and are left out of both parts.',
    },
    {
      name: 'tied_best_rows',
      severity: 'warn',
      template: 'tied_best_rows.sql.hbs',
      description:
        "Keys whose best rows tie on the ordering columns: which one is kept is the engine's choice and may change between runs; add order_tiebreak.",
    },
  ],
  snippets: {
    stops: ['source_table', 'key', 'order_by'],
    items: [
      {
        name: 'Deduplicate rows',
        prefix: 'dedup',
        description: 'SQL Patterns: keep the latest row per key',
        part: 'deduplicated',
      },
      {
        name: 'Duplicate rows',
        prefix: 'duplicates',
        description: 'SQL Patterns: every row per key but the latest, ranked 2, 3, …',
        part: 'duplicates',
      },
      {
        name: 'Deduplication data tests',
        prefix: 'deduptests',
        description: 'SQL Patterns: data tests that return no rows when the deduplication is right',
        part: 'tests',
      },
    ],
  },
  rule:
    'per key the row with the greatest order_by values, compared column by column, is kept (the smallest with keep=earliest); ' +
    "a NULL never beats a value, and rows tied without order_tiebreak are the engine's choice. " +
    'Keep the explicit NULL ordering (NULLS LAST, or an IS NULL sort key where the dialect has none): ' +
    'a descending sort puts NULLs first in PostgreSQL, Snowflake and Redshift.',
  check: checkInputs,
  preview: deduplicationPreview,
  context,
  explain: explainDeduplication,
};
