import * as fs from 'node:fs';
import * as path from 'node:path';
import { ColumnTypeError, InputFileError } from '../core/errors';
import { parseColumnList, parseColumnName, parseTableName } from '../core/inputs/identifiers';
import { partTableInput, previewOf, previewPatterns, type PatternPreview } from '../core/patterns';
import type {
  ColumnFormat,
  PreviewChange,
  PreviewRelations,
  PreviewSummary,
} from '../core/patterns/pattern';
import { parseRowCap } from '../core/inputs/limits';
import {
  queryOf,
  renderPattern,
  validateRequest,
  type RenderedPattern,
} from '../core/render/render';
import { quoteIdentifier, getDialect } from '../core/dialects';
import { findColumn, timestampKind, type ColumnInfo } from './columns';
import { Database, stringLiteral, type DatabaseOptions, type Row } from './database';
import { fromEngineError, type EngineErrorContext, type EnginePhase } from './engineErrors';
import { databaseFileKind, exportTable, saveTables, type SavedTable } from './exports';
import { sharedCounts } from './sharedScans';
import type { OutputTarget } from '../files/outputFiles';

/**
 * Where preview data comes from: a CSV / Parquet / JSON / DuckDB file, or a bundled sample (a file
 * under data/ that a pattern's preview names).
 */
export type DataSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'sample'; readonly file: string };

/** A pattern's bundled sample and the answers that fit it. */
export function sampleOf(pattern: string): {
  readonly source: DataSource;
  readonly values: Readonly<Record<string, string>>;
} {
  const { sample } = previewOf(pattern).preview;
  return { source: { kind: 'sample', file: sample.file }, values: sample.values };
}

export const DEFAULT_ROW_CAP = 500;

/** DuckDB's timestamps count microseconds in 64 bits: about ±9.2e12 seconds from 1970. */
const MAX_EPOCH_SECONDS = 9.2e12;

const READERS: Record<string, string> = {
  '.csv': 'read_csv',
  '.tsv': 'read_csv',
  '.txt': 'read_csv',
  '.parquet': 'read_parquet',
  '.json': 'read_json',
  '.jsonl': 'read_json',
  '.ndjson': 'read_json',
};
/** The extensions the preview opens as a DuckDB database rather than as a data file. */
export const DATABASE_FILE_EXTENSIONS = ['duckdb', 'ddb', 'db'];
export const isDatabaseFile = (file: string): boolean =>
  DATABASE_FILE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
/** The in-memory copy of a DuckDB database file. */
const SOURCE_DB = 'source_db';
/** The in-memory catalog of the loaded data and each run's tables. */
const STORE = 'preview_store';

/**
 * Refuses a database file that is not DuckDB's before DuckDB sees it: a SQLite file would need an
 * extension (never installed here), anything else would fail with a less clear message.
 */
function checkDatabaseFile(file: string): void {
  const kind = databaseFileKind(file);
  if (kind === 'sqlite') {
    throw new InputFileError(
      `--data: ${file} is a SQLite database, which the preview does not read (DuckDB would need an extension); export the table to CSV or Parquet first, e.g. sqlite3 -header -csv ${path.basename(file)} "SELECT * FROM events" > events.csv.`,
    );
  }
  if (kind !== 'duckdb') {
    throw new InputFileError(
      `--data: ${file} is not a DuckDB database; use a .duckdb file, or a .csv, .parquet or .json file.`,
    );
  }
}

/**
 * Finds a bundled sample above this module (the bundle and compiled tests differ in depth). Only
 * the files the patterns' previews name are samples: a caller's name never becomes a path.
 */
export function bundledSamplePath(file: string): string {
  const known = previewPatterns().map(p => p.preview.sample.file);
  if (!known.includes(file)) {
    throw new InputFileError(
      `No bundled sample is named ${JSON.stringify(file)}; the samples are ${known.join(', ')}.`,
    );
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', file);
    if (fs.existsSync(candidate)) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new InputFileError(`The bundled sample data/${file} is missing.`);
    }
  }
}

export interface TestResult {
  readonly name: string;
  readonly description: string;
  readonly severity: 'error' | 'warn';
  readonly passed: boolean;
  readonly violationCount: number;
  /** The first violating rows, at most the row cap. */
  readonly violations: Row[];
}

/** Rows shown to people: capped, with the total so the cap can be stated. */
export interface RowSample {
  readonly total: number;
  readonly cap: number;
  readonly rows: Row[];
}

export interface PreviewResult {
  readonly source: string;
  /** The inputs as the run used them: given or defaulted, without the ones the preview ignores. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly sql: RenderedPattern;
  /** The summary's figures by name, as the pattern reads them (what `--json` prints). */
  readonly summary: PreviewSummary['values'];
  /** Fields `--json` prints beside the summary (`timeout_sensitivity`). */
  readonly fields: NonNullable<PreviewSummary['fields']>;
  /** The same summary as the CLI lines, page figures and charts show it. */
  readonly display: Omit<PreviewSummary, 'values' | 'fields'>;
  /** What changed since the run before, when only the re-run input differs from it. */
  readonly change?: PreviewChange;
  readonly tests: readonly TestResult[];
  /** Rows of each grid's part, in the pattern's grid order. */
  readonly parts: Readonly<Record<string, RowSample>>;
  /** Per grid part, the columns shown readably (epoch times, durations). */
  readonly formats: Readonly<Record<string, Readonly<Record<string, ColumnFormat>>>>;
  /** The in-memory tables of this run (the data and each part), until the session's next run. */
  readonly relations: PreviewRelations;
  /** Things worth knowing that are not errors (ignored inputs, suspicious epoch units). */
  readonly warnings: readonly string[];
  readonly elapsedMs: number;
}

export interface RunOptions {
  readonly rowCap?: number;
  readonly signal?: AbortSignal;
}

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * Data loaded into a private in-memory DuckDB, ready to preview a pattern on it any number of
 * times (another timeout, another key) without reading the file again.
 */
export class PreviewSession {
  private constructor(
    private readonly db: Database,
    readonly source: string,
    /** The data file read (a bundled sample's too): what no export may write over. */
    readonly file: string,
    /** Set for DuckDB database files, whose tables are copied into memory. */
    private readonly attached: boolean,
    private readonly context: EngineErrorContext,
  ) {}

  /** The tables of the last run that finished, and each grid part's row order; none mid-run. */
  private finished?: {
    readonly relations: PreviewRelations;
    readonly order: Readonly<Record<string, string>>;
  };

  /** The last run's pattern and inputs but the re-run one: a run that matches it is compared with it. */
  private last?: string;

  static async open(source: DataSource, options: DatabaseOptions = {}): Promise<PreviewSession> {
    const file =
      source.kind === 'sample' ? bundledSamplePath(source.file) : path.resolve(source.path);
    if (file.includes('\0')) {
      throw new InputFileError('The data file path contains a NUL character.');
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw new InputFileError(`--data: no such file: ${file}`);
    }
    const ext = path.extname(file).toLowerCase();
    const reader = READERS[ext];
    const attached = isDatabaseFile(file);
    if (reader === undefined && !attached) {
      throw new InputFileError(
        `--data: cannot read ${path.basename(file)}; use a .csv, .tsv, .parquet, .json, .jsonl or .duckdb file.`,
      );
    }
    if (attached) {
      checkDatabaseFile(file);
    }
    const db = await Database.open(options);
    const context = { data: `--data ${file}`, memoryLimit: options.memoryLimit };
    try {
      // The data lives in a compressing in-memory catalog (the parts too, in this one): checkpointed
      // once loaded, it takes a fraction of its plain size (10M events: 436 MB to 69 MB), which keeps
      // the preview's peak memory below the bare job's although it holds more tables.
      await db.run(`ATTACH ':memory:' AS ${STORE} (COMPRESS)`);
      await db.run(`USE ${STORE}`);
      // DuckDB reads a path with * ? [ as a glob: a link with a plain name reads exactly this file.
      const plain = /[*?[\]{}]/.test(file) ? path.join(db.scratch, `data${ext}`) : file;
      if (plain !== file) {
        fs.symlinkSync(file, plain);
      }
      if (attached) {
        // Copied into memory and detached at once: the user's file is not kept locked.
        await db.run(`ATTACH ${stringLiteral(plain)} AS source_file (READ_ONLY)`);
        await db.run(`ATTACH ':memory:' AS ${SOURCE_DB} (COMPRESS)`);
        await db.run(`COPY FROM DATABASE source_file TO ${SOURCE_DB}`);
        await db.run('DETACH source_file');
      } else {
        await db.run(
          `CREATE TABLE source_data AS SELECT * FROM ${reader}(${stringLiteral(plain)})`,
        );
      }
      await db.run(`CHECKPOINT ${attached ? SOURCE_DB : STORE}`);
      // The data is loaded: from here on, queries cannot touch files or the network.
      await db.run('SET enable_external_access = false');
    } catch (error) {
      db.close();
      throw fromEngineError(error, 'load', context);
    }
    return new PreviewSession(
      db,
      source.kind === 'sample' ? 'bundled sample' : file,
      file,
      attached,
      context,
    );
  }

  /** Runs DuckDB work, turning the errors the input caused into input errors (exit 2). */
  private async engine<T>(
    phase: EnginePhase,
    values: Readonly<Record<string, string>>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw fromEngineError(error, phase, { ...this.context, values });
    }
  }

  /** Columns of the data (of `table`, named by the input `input`, inside a DuckDB database file). */
  async columns(input: string, table?: string): Promise<ColumnInfo[]> {
    const { relation } = await this.sourceRelation(input, table);
    const rows = await this.engine('load', {}, () => this.db.query(`DESCRIBE ${relation}`));
    return rows.map(r => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /**
   * The relation to read: the loaded file, or the named table of the database file, looked up in
   * its catalog so a missing name lists the tables there are and a name is never read as a path.
   * `view`: a view of the database file, which may give each query other rows (random(), now()).
   */
  private async sourceRelation(
    input: string,
    table: string | undefined,
  ): Promise<{ readonly relation: string; readonly view: boolean }> {
    if (!this.attached) {
      return { relation: 'source_data', view: false };
    }
    if (table === undefined || table.trim() === '') {
      throw new ColumnTypeError(
        `${input}: name the table to read inside the DuckDB database, e.g. ${input}=main.events.`,
      );
    }
    const tables = await this.db.query(
      `SELECT schema_name AS s, table_name AS t, false AS view FROM duckdb_tables() WHERE database_name = '${SOURCE_DB}'
       UNION ALL
       SELECT schema_name, view_name, true FROM duckdb_views() WHERE database_name = '${SOURCE_DB}' AND NOT internal
       ORDER BY 1, 2`,
    );
    // The name was validated with the other inputs; a catalog part stands for the file itself.
    const parts = parseTableName(table).parts.slice(-2);
    const [name, schema] = [...parts].reverse();
    const same = (a: unknown, b: string | undefined) =>
      String(a).toLowerCase() === String(b).toLowerCase();
    const found = tables.find(
      r =>
        same(r.t, name?.name) &&
        (schema === undefined ? same(r.s, 'main') : same(r.s, schema.name)),
    );
    if (found === undefined) {
      const there = tables.map(r => `${String(r.s)}.${String(r.t)}`);
      throw new ColumnTypeError(
        `${input}: no table ${table} in ${path.basename(this.source)}; ${there.length > 0 ? `its tables are ${there.join(', ')}` : 'it has no tables'}.`,
      );
    }
    const duck = getDialect('duckdb');
    const relation = [SOURCE_DB, String(found.s), String(found.t)]
      .map(n => quoteIdentifier(duck, { name: n, quoted: true }))
      .join('.');
    return { relation, view: found.view === true };
  }

  /**
   * Renders the pattern for DuckDB, keeps each part's rows in an in-memory table, runs the tests
   * and the pattern's summary queries. Errors the input caused are input errors (exit 2); others
   * are bugs of ours.
   */
  async run(
    pattern: string,
    values: Readonly<Record<string, string>>,
    options: RunOptions = {},
  ): Promise<PreviewResult> {
    const rowCap = parseRowCap(options.rowCap ?? DEFAULT_ROW_CAP, 'row cap');
    return this.engine('run', values, () =>
      this.runChecked(pattern, values, rowCap, options.signal),
    );
  }

  private async runChecked(
    name: string,
    values: Readonly<Record<string, string>>,
    rowCap: number,
    signal: AbortSignal | undefined,
  ): Promise<PreviewResult> {
    const started = Date.now();
    // A run replaces the part tables: until it finishes there are none to export.
    this.finished = undefined;
    const { pattern, preview } = previewOf(name);
    const warnings: string[] = [];
    const given = { ...values };
    if (!this.attached && given[preview.source] !== undefined) {
      warnings.push(`${preview.source} is ignored: the preview reads the data file itself.`);
    }
    // Each part's table input (sessionized_table): the engine names the tables instead.
    const outputInputs = pattern.queries.map(query => [query.part, partTableInput(query)]);
    const relations: PreviewRelations = {
      source: tableFor(preview.source),
      parts: Object.fromEntries(outputInputs.map(([part, input]) => [part, tableFor(input)])),
    };
    for (const [, output] of outputInputs) {
      if (given[output] !== undefined) {
        warnings.push(`${output} is ignored: the preview keeps its results in memory.`);
        delete given[output];
      }
    }
    // Every input is validated, with all problems reported at once, before any is used.
    const { inputs } = validateRequest({
      pattern: pattern.name,
      dialect: 'duckdb',
      values: { [preview.source]: relations.source, ...given },
    });
    const { relation, view } = await this.sourceRelation(preview.source, given[preview.source]);
    delete given[preview.source];
    const outputs = outputInputs.map(([part, input]) => [input, relations.parts[part] as string]);
    const sql = renderPattern({
      pattern: pattern.name,
      dialect: 'duckdb',
      values: { ...given, [preview.source]: relations.source, ...Object.fromEntries(outputs) },
    });
    await this.prepareSource(preview, relation, relations.source, given, warnings, signal);

    const db = this.db;
    // The run before, with only the re-run input different, is kept to say what changed.
    const rerunInput = preview.rerun?.input;
    const sameButRerun = JSON.stringify([
      name,
      Object.entries(given)
        .filter(([input]) => input !== rerunInput)
        .sort(),
    ]);
    const previous: PreviewRelations | undefined =
      preview.change && this.last === sameButRerun
        ? {
            source: relations.source,
            parts: Object.fromEntries(
              Object.entries(relations.parts).map(([part, table]) => [
                part,
                table.replace(/^preview_/, 'previous_'),
              ]),
            ),
          }
        : undefined;
    this.last = undefined;
    for (const { part } of pattern.queries) {
      const kept = previous?.parts[part];
      if (kept !== undefined) {
        // A cancelled comparison may have left it.
        await db.run(`DROP TABLE IF EXISTS ${kept}`, signal);
        await db.run(`ALTER TABLE ${relations.parts[part]} RENAME TO ${kept}`, signal);
      }
    }
    const duck = getDialect('duckdb');
    // Over a view each query may see other rows: then every part runs its own query, as the user's would.
    const cheaper = view ? {} : (preview.partQueries?.(relations, inputs, duck, pattern) ?? {});
    for (const { part } of pattern.queries) {
      await db.run(
        `CREATE OR REPLACE TABLE ${relations.parts[part]} AS ${cheaper[part] ?? queryOf(sql, part)}`,
        signal,
      );
    }

    const tests: TestResult[] = [];
    // Tests that open with the same scan are counted together, one pass for them all.
    const counted = new Map<string, number>();
    for (const shared of sharedCounts(sql.tests)) {
      const [row] = await db.query(shared.sql, signal);
      shared.tests.forEach((test, i) => counted.set(test, Number(row?.[`n_${i}`] ?? 0)));
    }
    for (const test of sql.tests) {
      const violationCount =
        counted.get(test.name) ??
        Number(
          (await db.query(`SELECT count(*) AS n FROM (\n${test.sql}\n) AS violations`, signal))[0]
            ?.n ?? 0,
        );
      tests.push({
        name: test.name,
        description: test.description,
        severity: test.severity,
        passed: violationCount === 0,
        violationCount,
        violations:
          violationCount === 0
            ? []
            : await db.query(
                `SELECT * FROM (\n${test.sql}\n) AS violations LIMIT ${rowCap}`,
                signal,
              ),
      });
    }
    const rows: Record<string, Row[]> = {};
    for (const [query, text] of Object.entries(preview.summaryQueries(relations, inputs, duck))) {
      rows[query] = await db.query(text, signal);
    }
    const { values: summary, fields = {}, ...display } = preview.summarise(rows, inputs);
    let change: PreviewChange | undefined;
    if (previous !== undefined && preview.change) {
      const [row] = await db.query(preview.change.sql(previous, relations, inputs, duck), signal);
      change = preview.change.read(row ?? {});
      // Compared: the previous run's tables would only hold memory until the next run.
      for (const kept of Object.values(previous.parts)) {
        await db.run(`DROP TABLE IF EXISTS ${kept}`, signal);
      }
    }
    this.last = sameButRerun;
    const parts: Record<string, RowSample> = {};
    const order: Record<string, string> = {};
    const formats = Object.fromEntries(preview.grids.map(g => [g.part, g.formats?.(inputs) ?? {}]));
    for (const grid of preview.grids) {
      const table = relations.parts[grid.part] as string;
      const [count] = await db.query(`SELECT count(*) AS n FROM ${table}`, signal);
      order[grid.part] = grid.orderBy(inputs, duck);
      parts[grid.part] = {
        total: Number(count?.n ?? 0),
        cap: rowCap,
        rows: await db.query(
          `SELECT * FROM ${table} ORDER BY ${order[grid.part]} LIMIT ${rowCap}`,
          signal,
        ),
      };
    }
    this.finished = { relations, order };
    return {
      source: this.source,
      inputs: usedInputs(pattern.inputs, values, [
        ...outputInputs.map(([, input]) => input as string),
        ...(this.attached ? [] : [preview.source]),
      ]),
      sql,
      summary,
      fields,
      display,
      change,
      tests,
      parts,
      formats,
      relations,
      warnings,
      elapsedMs: Date.now() - started,
    };
  }

  /**
   * Checks the pattern's columns against the data and exposes it as the view `view`, casting an
   * event timestamp stored as text or as a narrower timestamp type.
   */
  private async prepareSource(
    preview: PatternPreview,
    relation: string,
    view: string,
    values: Readonly<Record<string, string>>,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<void> {
    const described = await this.engine('load', values, () =>
      this.db.query(`DESCRIBE ${relation}`, signal),
    );
    const columns = described.map(r => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
    for (const input of preview.columns) {
      const named = values[input];
      for (const column of named ? parseColumnList(named) : []) {
        findColumn(columns, input, column);
      }
    }
    for (const added of preview.addedColumns) {
      const clash = columns.find(c => c.name.toLowerCase() === added);
      if (clash) {
        throw new ColumnTypeError(
          `The data already has a column ${clash.name}, which the pattern adds to every event; rename it in a view first.`,
        );
      }
    }
    const time = preview.timestamp;
    const cast =
      time === undefined
        ? undefined
        : await this.timestampCast(time, relation, columns, values, warnings, signal);
    const select =
      cast === undefined
        ? '*'
        : `* REPLACE (CAST(${cast.column} AS ${cast.type}) AS ${cast.column})`;
    await this.db.run(
      `CREATE OR REPLACE VIEW ${view} AS SELECT ${select} FROM ${relation}`,
      signal,
    );
  }

  /**
   * Checks the event timestamp column against its unit (and zone) and returns the cast it needs,
   * if any: text that parses, narrower timestamp types; epochs are checked for their range.
   */
  private async timestampCast(
    time: NonNullable<PatternPreview['timestamp']>,
    relation: string,
    columns: readonly ColumnInfo[],
    values: Readonly<Record<string, string>>,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<{ column: string; type: string } | undefined> {
    const tsColumn = findColumn(columns, time.input, parseColumnName(values[time.input] ?? ''));
    const ts = quoteIdentifier(getDialect('duckdb'), { name: tsColumn.name, quoted: true });
    const unit = (values[time.unit] ?? 'timestamp').toLowerCase();
    const kind = timestampKind(tsColumn.type);
    let cast: string | undefined;
    if (unit === 'timestamp' || unit === 'timestamptz') {
      if (kind === 'number') {
        throw new ColumnTypeError(
          `${time.input}: column ${tsColumn.name} is ${tsColumn.type}, a number; if it holds epoch seconds or milliseconds, add ${time.unit}=epoch_s or ${time.unit}=epoch_ms.`,
        );
      }
      if (kind === 'other') {
        throw new ColumnTypeError(
          `${time.input}: column ${tsColumn.name} is ${tsColumn.type}, which is not a timestamp.`,
        );
      }
      if (kind === 'text') {
        cast = await this.textTimestampCast(time.input, relation, tsColumn, ts, signal);
      } else if (tsColumn.type !== 'TIMESTAMP' && tsColumn.type !== 'TIMESTAMP WITH TIME ZONE') {
        cast = 'TIMESTAMP';
      }
      checkZone(time, tsColumn.name, cast ?? tsColumn.type, unit, values[time.zone]);
    } else {
      if (kind !== 'number') {
        throw new ColumnTypeError(
          `${time.input}: column ${tsColumn.name} is ${tsColumn.type}; ${time.unit}=${unit} needs a numeric column of epoch ${unit === 'epoch_s' ? 'seconds' : 'milliseconds'}.`,
        );
      }
      const [range] = await this.db.query(
        `SELECT min(${ts}) AS lo, max(${ts}) AS hi FROM ${relation}`,
        signal,
      );
      const hi = num(range?.hi);
      const lo = num(range?.lo);
      const limit = unit === 'epoch_s' ? MAX_EPOCH_SECONDS : MAX_EPOCH_SECONDS * 1000;
      const outside = [lo, hi].find(v => v !== null && Math.abs(v) > limit);
      if (outside !== undefined) {
        throw new ColumnTypeError(
          `${time.input}: column ${tsColumn.name} holds ${outside}, beyond any timestamp as ${time.unit}=${unit} (at most ${limit} either side of 1970); check the unit and the values.`,
        );
      }
      // Epoch seconds of this century are about 1e9 to 4e9; milliseconds about 1e12 to 4e12.
      if (hi !== null && unit === 'epoch_s' && hi > 1e11) {
        warnings.push(
          `${time.input} values reach ${hi}: they look like milliseconds, not seconds (${time.unit}=epoch_ms?).`,
        );
      }
      if (hi !== null && unit === 'epoch_ms' && hi < 1e11) {
        warnings.push(
          `${time.input} values stay below ${hi + 1}: they look like seconds, not milliseconds (${time.unit}=epoch_s?).`,
        );
      }
    }
    return cast === undefined ? undefined : { column: ts, type: cast };
  }

  /** The type a text timestamp column can be cast to, or an error naming a value that does not parse. */
  private async textTimestampCast(
    input: string,
    relation: string,
    column: ColumnInfo,
    ts: string,
    signal?: AbortSignal,
  ): Promise<string> {
    for (const type of ['TIMESTAMP', 'TIMESTAMPTZ']) {
      const [check] = await this.db.query(
        `SELECT count(*) AS bad, any_value(${ts}) AS example FROM ${relation} WHERE ${ts} IS NOT NULL AND TRY_CAST(${ts} AS ${type}) IS NULL`,
        signal,
      );
      if (Number(check?.bad) === 0) {
        return type;
      }
      if (type === 'TIMESTAMPTZ') {
        throw new ColumnTypeError(
          `${input}: column ${column.name} is ${column.type} and ${check?.bad} of its values do not parse as timestamps (for example "${String(check?.example)}"); store ISO 8601 text such as 2024-01-31 13:45:00 or a TIMESTAMP column.`,
        );
      }
    }
    throw new Error('unreachable');
  }

  /** The query parts the last finished run computed (none mid-run or after a failed run). */
  get computedParts(): readonly string[] {
    return Object.keys(this.finished?.relations.parts ?? {});
  }

  /**
   * Writes every row of a query part of the last finished run to `destination`, from the run's own
   * in-memory table (not a second run), in the format of `extension` (see exports.ts); a part with a
   * grid comes in the grid's order.
   */
  async exportPart(
    part: string,
    extension: string,
    destination: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const table = this.finished?.relations.parts[part];
    if (table === undefined) {
      throw new Error(`no finished preview run with a part ${part}`);
    }
    const order = this.finished?.order[part];
    await this.engine('run', {}, () =>
      exportTable(this.db, table, order, extension, destination, signal),
    );
  }

  /**
   * Saves every query part of the last finished run as a table of the DuckDB database file `target`
   * (`names`: each part's table name there), all or nothing, never over the data file or an existing
   * table (see saveTables in exports.ts).
   */
  async saveToDatabase(
    target: OutputTarget,
    names: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<void> {
    const finished = this.finished;
    if (finished === undefined) {
      throw new Error('no finished preview run to save');
    }
    const tables: SavedTable[] = Object.entries(finished.relations.parts).map(([part, table]) => {
      const name = names[part];
      if (name === undefined) {
        throw new Error(`no table name for the part ${part}`);
      }
      return { table, order: finished.order[part], name };
    });
    await saveTables(this.db, tables, target, { inputs: [this.file] }, signal);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The time model needs to know whether event times carry a zone: a zoned column is its own instant
 * (no source_time_zone), and event_ts_unit=timestamptz converts only a zoned column.
 */
function checkZone(
  time: NonNullable<PatternPreview['timestamp']>,
  column: string,
  type: string,
  unit: string,
  sourceTimeZone: string | undefined,
): void {
  const zoned = type === 'TIMESTAMP WITH TIME ZONE' || type === 'TIMESTAMPTZ';
  if (zoned && sourceTimeZone !== undefined && sourceTimeZone.trim() !== '') {
    throw new ColumnTypeError(
      `${time.zone}: column ${column} is TIMESTAMP WITH TIME ZONE and carries its own zone; leave ${time.zone} out.`,
    );
  }
  if (!zoned && unit === 'timestamptz') {
    throw new ColumnTypeError(
      `${time.input}: column ${column} is ${type}, without a zone; ${time.unit}=timestamptz needs TIMESTAMP WITH TIME ZONE (use ${time.unit}=timestamp, with ${time.zone} if the times are not UTC).`,
    );
  }
}

/** Each input's text as a run used it (given, else its default); the ignored ones left out. */
function usedInputs(
  specs: readonly { readonly name: string; readonly default?: string }[],
  given: Readonly<Record<string, string>>,
  ignored: readonly string[],
): Record<string, string> {
  const used: Record<string, string> = {};
  for (const spec of specs) {
    const text = given[spec.name]?.trim() || spec.default;
    if (text !== undefined && !ignored.includes(spec.name)) {
      used[spec.name] = text;
    }
  }
  return used;
}

/** The in-memory table standing for an input that names a table: events_table → preview_events. */
function tableFor(input: string): string {
  return `preview_${input.replace(/_table$/, '')}`;
}
