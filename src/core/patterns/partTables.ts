import { quoteIdentifier, quoteTableName, type Dialect } from '../dialects';
import type { IdentifierPart } from '../inputs/identifiers';
import { withSuffix, type QualifiedName } from '../inputs/identifiers';
import type { ResolvedInputs } from '../inputs/schema';
import type { PatternDefinition } from './pattern';

/** Where one query part is stored: the `table`-input naming it and the name, quoted for the dialect. */
export interface PartTable {
  readonly part: string;
  /** The input that names the table (`sessionized_table`); the tests read the table under this name. */
  readonly input: string;
  readonly table: string;
  readonly name: QualifiedName;
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
      table: quoteTableName(dialect, name),
      name,
    };
  });
}

/** A `--format script` step's table (see PatternDefinition.script), named for the dialect. */
export interface StepTable {
  readonly step: string;
  readonly template: string;
  /** Quoted for the dialect; `#name` in SQL Server. */
  readonly table: string;
  /** A plain table (the dialect has no temporary one): the script drops it after the parts. */
  readonly plain: boolean;
}

/**
 * Each script step's table: `<first part's table>_<step>`, e.g. `customers_deduplicated_ranking`. A
 * temporary table takes no schema (the engine keeps it apart); a plain one sits beside the part tables.
 */
export function stepTables(
  pattern: PatternDefinition,
  inputs: ResolvedInputs,
  dialect: Dialect,
): StepTable[] {
  const first = partTables(pattern, inputs, dialect)[0];
  const kind = dialect.script?.temporaryTable;
  return (pattern.script?.steps ?? []).map(step => {
    const name = withSuffix(first?.name ?? { parts: [] }, `_${step.name}`);
    const last = name.parts[name.parts.length - 1] as IdentifierPart;
    const bare = quoteIdentifier(dialect, last);
    const table =
      kind === 'none'
        ? quoteTableName(dialect, name)
        : kind !== '#'
          ? bare
          : bare === last.name
            ? `#${bare}`
            : quoteIdentifier(dialect, { name: `#${last.name}`, quoted: true });
    return { step: step.name, template: step.template, table, plain: kind === 'none' };
  });
}
