import type { Dialect } from '../dialects';
import type { InputProblem } from '../errors';
import type { InputSpec, ResolvedInputs } from '../inputs/schema';

/** How bad a failing data test is: `error` means our output is wrong, `warn` means the input is. */
export type Severity = 'error' | 'warn';

/** A data test: a query that returns no rows when the data is right. */
export interface DataTestDefinition {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  /** Template file under `prompts/<pattern>/tests/`. */
  readonly template: string;
  /** Only rendered when the inputs ask for what it checks (e.g. a maximum session length). */
  readonly appliesTo?: (inputs: ResolvedInputs) => boolean;
}

/** One pattern: its questions, its templates and the context its templates read. */
export interface PatternDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputs: readonly InputSpec[];
  /** Query parts in output order, each a template file under `prompts/<pattern>/`. */
  readonly queries: readonly { readonly part: string; readonly template: string }[];
  /** Partials shared by the templates, registered under their file name without extension. */
  readonly partials: readonly string[];
  readonly tests: readonly DataTestDefinition[];
  /** Rules that involve several inputs (each input alone is already valid). */
  check?(inputs: ResolvedInputs, dialect: Dialect): InputProblem[];
  /** Builds the template context: SQL fragments made from validated inputs for one dialect. */
  context(inputs: ResolvedInputs, dialect: Dialect): Record<string, unknown>;
}
