import type { Dialect } from '../dialects';
import type { InputProblem } from '../errors';
import type { InputSpec, InputsOf, ResolvedInputs } from '../inputs/schema';
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

/** A row a preview query returned, by column name. */
export type PreviewRow = Readonly<Record<string, unknown>>;

/** The relations of a preview run, named by the engine: the pattern's queries read only these. */
export interface PreviewRelations {
  /** The data as the pattern reads it (timestamps prepared). */
  readonly source: string;
  /** The table holding each query part's rows. */
  readonly parts: Readonly<Record<string, string>>;
}

/** One labelled figure of the page's summary: a value, and a smaller line under it. */
export interface PreviewFigure {
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
}

/** A bar chart: one bar per bucket, each counting `noun` (e.g. sessions) per bucket of `unit`. */
export interface PreviewBarChart {
  readonly kind?: 'bars';
  readonly title: string;
  readonly unit: string;
  readonly noun: string;
  readonly labels: readonly string[];
  readonly counts: readonly number[];
  /**
   * A note between each bar and the next, under the labels (a funnel's conversion into the next step);
   * the bars are then steps rather than buckets of a whole, so a bar's title shows no share.
   */
  readonly between?: readonly string[];
  /** A chosen value marked on the chart (the timeout among the gaps), `at` bars from the left edge. */
  readonly marker?: { readonly at: number; readonly label: string };
}

/**
 * A curve of `noun` against x on a logarithmic x axis, one point per x. When `reruns` is set, x is
 * a value of the preview's re-run input and choosing a point runs the preview again at it.
 */
export interface PreviewCurveChart {
  readonly kind: 'curve';
  readonly title: string;
  readonly unit: string;
  readonly noun: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  /** The x of this run, marked. */
  readonly marker?: number;
  readonly reruns?: boolean;
}

export type PreviewChart = PreviewBarChart | PreviewCurveChart;

/** Charts under one heading with a note. */
export interface PreviewChartGroup {
  readonly title: string;
  readonly note: string;
  readonly items: readonly PreviewChart[];
}

/** A small table of text for the CLI summary: the first row is the header. */
export interface PreviewTable {
  readonly title: string;
  readonly rows: readonly (readonly string[])[];
}

/** How a re-run changed the result, from the previous run's tables and this run's. */
export interface PreviewChange {
  /** JSON-serialisable figures. */
  readonly values: Readonly<Record<string, unknown>>;
  /** One sentence: "Sessions 964 → 1,012; 12.3% of events changed session." */
  readonly text: string;
}

/** What a preview's summary queries returned, read for every surface. */
export interface PreviewSummary {
  /** The figures by name, JSON-serialisable: `preview --json` prints them as "summary". */
  readonly values: Readonly<Record<string, unknown>>;
  /** Fields `preview --json` prints beside "summary", by their contract names. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** The CLI's summary: label and value per line. */
  readonly lines: readonly (readonly [label: string, value: string])[];
  /** The CLI's tables after its lines. */
  readonly tables?: readonly PreviewTable[];
  /** The page's summary figures. */
  readonly figures: readonly PreviewFigure[];
  /** The page's charts, in groups, in order. */
  readonly charts?: readonly PreviewChartGroup[];
}

/** A readable form of a column's raw values. */
export type ColumnFormat = 'epoch_s' | 'epoch_ms' | 'seconds';

/** A grid of one part's rows on the page (and the rows `preview --json` carries). */
export interface PreviewGrid<Inputs = ResolvedInputs> {
  readonly part: string;
  readonly title: string;
  readonly note?: string;
  /** Plural noun of a row, for notes and copies: "sessions". */
  readonly noun: string;
  /** Accessible name of the table. */
  readonly label: string;
  /** DuckDB ORDER BY list of the rows shown. */
  orderBy(inputs: Inputs, dialect: Dialect): string;
  /** Columns the page shows readably, the raw value beside: epoch numbers as times, seconds as durations. */
  formats?(inputs: Inputs): Readonly<Record<string, ColumnFormat>>;
  /**
   * Groups consecutive rows under a heading: the columns `keyInput` names ("user_id 7"), then each
   * of `columns` ("session 2", or the bare value without a label). Rows group when all are present.
   */
  readonly group?: {
    readonly keyInput: string;
    readonly columns: readonly { readonly name: string; readonly label?: string }[];
  };
}

/**
 * How a pattern is previewed on local data in DuckDB: the engine runs what this describes. `Inputs`
 * is the validated answers the queries and orderings read.
 */
export interface PatternPreview<Inputs = ResolvedInputs> {
  /** The panel's tab name before the data's name: "Sessions". */
  readonly tab: string;
  /** The bundled sample: a file under data/, the answers that fit it, and how pickers show it. */
  readonly sample: {
    readonly file: string;
    readonly label: string;
    readonly detail: string;
    readonly values: Readonly<Record<string, string>>;
  };
  /** The input naming the source table: read inside a DuckDB database file, ignored for other files. */
  readonly source: string;
  /** Inputs naming columns that must be in the data (the timestamp aside). */
  readonly columns: readonly string[];
  /** The event timestamp: the engine checks and casts it (text, narrow types, epochs, zones). */
  readonly timestamp?: {
    readonly input: string;
    /** The choice input saying how it is stored: timestamp, timestamptz, epoch_s or epoch_ms. */
    readonly unit: string;
    /** The input naming the zone of a timestamp without one. */
    readonly zone: string;
  };
  /** Columns the pattern adds to the data's rows: a data column of the same name is refused. */
  readonly addedColumns: readonly string[];
  /** A minutes input the page offers to change and run again, with its quick choices. */
  readonly rerun?: {
    readonly input: string;
    readonly label: string;
    readonly choices: readonly number[];
  };
  /** The summary's queries (DuckDB SQL on the relations given), by name. */
  summaryQueries(
    relations: PreviewRelations,
    inputs: Inputs,
    dialect: Dialect,
  ): Readonly<Record<string, string>>;
  /**
   * DuckDB SQL the preview runs for some parts instead of their rendered queries, by part: each reads
   * parts stored before it (in part order) and gives exactly the rendered query's rows, at less cost
   * (sessions grouped from the labelled events rather than the source sorted again). What the user
   * sees and copies stays the rendered SQL.
   */
  partQueries?(
    relations: PreviewRelations,
    inputs: Inputs,
    dialect: Dialect,
    pattern: PatternDefinition,
  ): Readonly<Record<string, string>>;
  /** Reads the rows of each summary query (by the same names) into the summary. */
  summarise(rows: Readonly<Record<string, readonly PreviewRow[]>>, inputs: Inputs): PreviewSummary;
  /**
   * DuckDB SQL of one row comparing a re-run with the run before it (same inputs but the re-run
   * one), and how that row reads; the engine keeps the previous run's tables as `previous`.
   */
  readonly change?: {
    sql(
      previous: PreviewRelations,
      current: PreviewRelations,
      inputs: Inputs,
      dialect: Dialect,
    ): string;
    read(row: PreviewRow): PreviewChange;
  };
  /** The grids the page shows, in order; each names a query part. */
  readonly grids: readonly PreviewGrid<Inputs>[];
}

/**
 * One pattern: its questions, its templates and the context its templates read. `Specs` types the
 * answers its members read (`InputsOf<Specs>`); the registry holds every pattern untyped, which
 * its members' method form allows: a caller passes only answers resolved from this pattern's own
 * `inputs`.
 */
export interface PatternDefinition<Specs extends readonly InputSpec[] = readonly InputSpec[]> {
  readonly name: string;
  /** Other names it answers to, lower case: other spellings (`sessionisation`) and verbs. */
  readonly aliases?: readonly string[];
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
    /**
     * The `table` input naming where the part is stored (default `<part>_table`); the tests read it
     * and `--format script` creates it. Unset, it defaults to `<source table>_<input without _table>`.
     */
    readonly table?: string;
  }[];
  /** Partials shared by the templates, registered under their file name without extension. */
  readonly partials: readonly string[];
  readonly tests: readonly DataTestDefinition<InputsOf<Specs>>[];
  /** Inputs that become snippet tab stops, in tab order (each shows its example), and the snippets. */
  readonly snippets: {
    readonly stops: readonly string[];
    /** Values for required inputs that are no tab stop (a list of step names), as typed. */
    readonly given?: Readonly<Record<string, string>>;
    readonly items: readonly SnippetDefinition[];
  };
  /**
   * What `--format script` shares between the parts, where they would otherwise repeat work: each step
   * is a query (a template under `prompts/<pattern>/`) the script stores once, in a temporary table, before
   * the parts. The script's parts and tests then render with `script.<step name>` in their context, the
   * step table's name (deduplication ranks once and both part tables read that ranking).
   */
  readonly script?: {
    readonly steps: readonly { readonly name: string; readonly template: string }[];
  };
  /** Outputs besides plain SQL that only this pattern has (`src/core/formats/run.ts` runs them). */
  readonly formats?: readonly FormatDefinition<Specs>[];
  /** The rule in one or two sentences, for a language model that explains the SQL (the prompt file). */
  readonly rule: string;
  /**
   * The chat's explanation above the SQL: the rule in two sentences and what the options add, as
   * paragraphs (the chat lists the parts itself).
   */
  explain(values: Readonly<Record<string, string>>, dialect: Dialect, testCount: number): string[];
  /** Rules that involve several inputs (each input alone is already valid). */
  check?(inputs: InputsOf<Specs>, dialect: Dialect): InputProblem[];
  /** How to preview the pattern on local data; patterns without one are not previewed. */
  readonly preview?: PatternPreview<InputsOf<Specs>>;
  /** Builds the template context: SQL fragments made from validated inputs for one dialect. */
  context(inputs: InputsOf<Specs>, dialect: Dialect): Record<string, unknown>;
}
