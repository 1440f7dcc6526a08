import { defineInputs, type InputsOf } from '../../inputs/schema';

/** Deduplication's questions, each with its kind, default and example. */
export const deduplicationInputs = defineInputs([
  {
    name: 'source_table',
    type: 'table',
    required: true,
    example: 'crm.customers',
    description:
      'table or view holding several rows per key, optionally qualified as catalog.schema.table',
  },
  {
    name: 'key',
    type: 'columns',
    required: true,
    example: 'customer_id',
    description:
      'column(s) whose values identify one entity: one row is kept per key, comma-separated',
  },
  {
    name: 'order_by',
    type: 'columns',
    required: true,
    example: 'updated_at',
    description:
      'column(s) that rank the rows of one key, compared in order; the greatest wins (keep=latest)',
  },
  {
    name: 'keep',
    type: 'choice',
    required: false,
    default: 'latest',
    example: 'earliest',
    choices: ['latest', 'earliest'],
    description:
      'which row of a key is kept: the greatest order_by values (latest) or the smallest (earliest)',
  },
  {
    name: 'order_tiebreak',
    type: 'column',
    required: false,
    example: 'ingested_at',
    description: 'column that decides between rows tied on order_by, in the same direction as keep',
  },
  {
    name: 'deduplicated_table',
    type: 'table',
    required: false,
    example: 'crm.customers_deduplicated',
    description:
      'where the kept rows are stored, read by the tests (default <source_table>_deduplicated)',
  },
  {
    name: 'duplicates_table',
    type: 'table',
    required: false,
    example: 'crm.customers_duplicates',
    description:
      'where the other rows are stored, read by the tests (default <source_table>_duplicates)',
  },
]);

export type DeduplicationSpecs = typeof deduplicationInputs;

/** Deduplication's validated answers, typed by each input's kind. */
export type DeduplicationInputs = InputsOf<DeduplicationSpecs>;
