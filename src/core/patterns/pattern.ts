import type { Dialect } from '../dialects';
import type { InputProblem } from '../errors';
import type { InputSpec, InputsOf } from '../inputs/schema';
import type { FormatOptions, RenderRequest } from '../render/request';

/** How bad a failing data test is: `error` means our output is wrong, `warn` means the input is. */
export type Severity = 'error' | 'warn';

/** A data test: a query that returns no rows when the data is right. */
export interface DataTestDefinition<Inputs = InputsOf<readonly InputSpec[]>> {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  /** Template file under `prompts/<pattern>/tests/`. */
  readonly template: string;
  /** Only rendered when the inputs ask for what it checks (e.g. a maximum session length). */
  appliesTo?(inputs: Inputs): boolean;
}

/** A snippet of one part, rendered in DuckDB with the pattern's tab stops. */
export interface SnippetDefinition {
  /** The snippet's name in VS Code's list; unique across patterns. */
  readonly name: string;
  readonly prefix: string;
  readonly description: string;
  /** A query part, or `tests` for every data test. */
  readonly part: string;
}

/** One file of a format's output, its path relative to where the user puts the files. */
export interface FormatFile {
  readonly path: string;
  readonly content: string;
}

/** A format's output: the files, and a sentence for the chat on what they are and how to run them. */
export interface RenderedFormat {
  readonly files: readonly FormatFile[];
  readonly summary: string;
}

/** An output besides plain SQL, named as `format=<name>` / `--format <name>` asks for it. */
export interface FormatDefinition<Specs extends readonly InputSpec[] = readonly InputSpec[]> {
  readonly name: string;
  /** How the generator offers it among the parts. */
  readonly label: string;
  readonly description: string;
  /** Renders `request` (whose values may hold the format's own inputs) for `pattern`. */
  render(
    pattern: PatternDefinition<Specs>,
    request: RenderRequest,
    options?: FormatOptions,
  ): RenderedFormat;
}

/**
 * One pattern: its questions, its templates and the context its templates read. `Specs` types the
 * answers its members read (`InputsOf<Specs>`); the registry holds every pattern untyped, which
 * its members' method form allows: a caller passes only answers resolved from this pattern's own
 * `inputs`.
 */
export interface PatternDefinition<Specs extends readonly InputSpec[] = readonly InputSpec[]> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputs: Specs;
  /** The generator's questions after the pattern, in order: input names. */
  readonly ask: readonly string[];
  /** Query parts in output order, each a template file under `prompts/<pattern>/`. */
  readonly queries: readonly {
    readonly part: string;
    readonly template: string;
    /** What the part's rows are, for the generator's pick of parts. */
    readonly description: string;
  }[];
  /** Partials shared by the templates, registered under their file name without extension. */
  readonly partials: readonly string[];
  readonly tests: readonly DataTestDefinition<InputsOf<Specs>>[];
  /** Inputs that become snippet tab stops, in tab order (each shows its example), and the snippets. */
  readonly snippets: {
    readonly stops: readonly string[];
    readonly items: readonly SnippetDefinition[];
  };
  /** Outputs besides plain SQL that only this pattern has (`src/core/formats/run.ts` runs them). */
  readonly formats?: readonly FormatDefinition<Specs>[];
  /** The rule in one or two sentences, for a language model that explains the SQL (the prompt file). */
  readonly rule: string;
  /** The chat's explanation above the SQL: the rule and the choices the values made, as paragraphs. */
  explain(values: Readonly<Record<string, string>>, dialect: Dialect, testCount: number): string[];
  /** Rules that involve several inputs (each input alone is already valid). */
  check?(inputs: InputsOf<Specs>, dialect: Dialect): InputProblem[];
  /** Builds the template context: SQL fragments made from validated inputs for one dialect. */
  context(inputs: InputsOf<Specs>, dialect: Dialect): Record<string, unknown>;
}
