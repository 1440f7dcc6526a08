import { quoteIdentifier, type Dialect } from '../dialects';
import { withSuffix, type QualifiedName } from '../inputs/identifiers';
import type { ResolvedInputs } from '../inputs/schema';
import type { PatternDefinition } from './pattern';

/** Where one query part is stored: the `table`-input naming it and the name, quoted for the dialect. */
export interface PartTable {
  readonly part: string;
  /** The input that names the table (`sessionized_table`); the tests read the table under this name. */
  readonly input: string;
  readonly table: string;
}

/** The input naming a part's table: the part's own `table`, else `<part>_table`. */
export function partTableInput(query: PatternDefinition['queries'][number]): string {
  return query.table ?? `${query.part}_table`;
}

/**
 * The pattern's source table: its first required `table` input (`events_table`, `source_table`),
 * which the part tables are named after by default.
 */
export function sourceTableInput(pattern: PatternDefinition): string {
  const source = pattern.inputs.find(i => i.type === 'table' && i.required);
  if (source === undefined) {
    throw new Error(`Pattern ${pattern.name} has no required table input to read from`);
  }
  return source.name;
}

/**
 * The table each query part is stored in, in part order: the one its table input names, else
 * `<source table>_<input name without _table>` (sessionization's `sessionized_table` defaults to
 * `app.events_sessionized`). One rule for every pattern: the tests read these names, the script
 * creates them.
 */
export function partTables(
  pattern: PatternDefinition,
  inputs: ResolvedInputs,
  dialect: Dialect,
): PartTable[] {
  const source = inputs[sourceTableInput(pattern)] as QualifiedName;
  return pattern.queries.map(query => {
    const input = partTableInput(query);
    const name =
      (inputs[input] as QualifiedName | undefined) ??
      withSuffix(source, `_${input.replace(/_table$/, '')}`);
    return {
      part: query.part,
      input,
      table: name.parts.map(p => quoteIdentifier(dialect, p)).join('.'),
    };
  });
}
