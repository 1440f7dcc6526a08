import { quoteIdentifier, type Dialect } from '../../dialects';
import { formatCount } from '../../display';
import type { IdentifierPart } from '../../inputs/identifiers';
import type { PatternPreview, PreviewRow } from '../pattern';
import type { DeduplicationInputs } from './inputs';

/** The quoted key columns, as the summary and the grids group and order by them. */
function keysOf(inputs: DeduplicationInputs, dialect: Dialect): string[] {
  return inputs.key.map((part: IdentifierPart) => quoteIdentifier(dialect, part));
}

const count = (row: PreviewRow, name: string) => Number(row[name] ?? 0);

/** The preview's summary: how many rows and keys, how many rows were dropped, the worst key. */
export const deduplicationPreview: PatternPreview<DeduplicationInputs> = {
  tab: 'Deduplication',
  sample: {
    file: 'sample-customers.csv',
    label: 'Bundled sample customer changes',
    detail: 'A change feed: several rows per customer, same-second changes ordered by change_seq',
    values: { key: 'customer_id', order_by: 'updated_at', order_tiebreak: 'change_seq' },
  },
  source: 'source_table',
  columns: ['key', 'order_by', 'order_tiebreak'],
  addedColumns: ['duplicate_rank'],

  summaryQueries({ source, parts }, inputs, dialect) {
    const keys = keysOf(inputs, dialect);
    const anyNull = keys.map(k => `${k} IS NULL`).join(' OR ');
    return {
      source: `SELECT count(*) AS source_rows, count(*) FILTER (WHERE ${anyNull}) AS null_key_rows FROM ${source}`,
      keys: `SELECT count(*) AS keys FROM ${parts.deduplicated}`,
      copies: `SELECT count(*) AS dropped_rows, count(DISTINCT (${keys.join(', ')})) AS keys_with_duplicates,
         coalesce(max(duplicate_rank), 1) AS most_copies
       FROM ${parts.duplicates}`,
    };
  },

  summarise(rows) {
    const first = (name: string): PreviewRow => rows[name]?.[0] ?? {};
    const sourceRows = count(first('source'), 'source_rows');
    const nullKeyRows = count(first('source'), 'null_key_rows');
    const keys = count(first('keys'), 'keys');
    const droppedRows = count(first('copies'), 'dropped_rows');
    const keysWithDuplicates = count(first('copies'), 'keys_with_duplicates');
    const mostCopies = keys === 0 ? 0 : count(first('copies'), 'most_copies');
    return {
      values: { sourceRows, nullKeyRows, keys, droppedRows, keysWithDuplicates, mostCopies },
      lines: [
        ['source rows', formatCount(sourceRows)],
        ['left out (NULL key)', formatCount(nullKeyRows)],
        ['keys (one row kept each)', formatCount(keys)],
        ['rows dropped (duplicates)', formatCount(droppedRows)],
        ['keys with duplicates', formatCount(keysWithDuplicates)],
        ['most copies of one key', formatCount(mostCopies)],
      ],
      figures: [
        {
          label: 'Source rows',
          value: formatCount(sourceRows),
          detail: `${formatCount(nullKeyRows)} with a NULL key, left out`,
        },
        { label: 'Keys', value: formatCount(keys), detail: 'one row kept each' },
        {
          label: 'Rows dropped',
          value: formatCount(droppedRows),
          detail: 'the duplicates of the kept rows',
        },
        { label: 'Keys with duplicates', value: formatCount(keysWithDuplicates) },
        { label: 'Most copies of one key', value: formatCount(mostCopies) },
      ],
    };
  },

  grids: [
    {
      part: 'deduplicated',
      title: 'Kept rows',
      noun: 'rows',
      label: 'Kept rows',
      orderBy(inputs, dialect) {
        return keysOf(inputs, dialect).join(', ');
      },
    },
    {
      part: 'duplicates',
      title: 'Duplicates',
      note: "Each key's other rows, in the order they lost to the kept row.",
      noun: 'rows',
      label: 'Duplicates by key',
      orderBy(inputs, dialect) {
        return `${keysOf(inputs, dialect).join(', ')}, duplicate_rank`;
      },
      group: { keyInput: 'key', columns: [] },
    },
  ],
};
