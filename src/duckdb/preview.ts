import * as fs from 'node:fs';
import * as path from 'node:path';
import { ColumnTypeError, InputFileError } from '../core/errors';
import { parseColumnList, parseColumnName, parseTableName } from '../core/inputs/identifiers';
import { parseRowCap } from '../core/inputs/limits';
import {
  queryOf,
  renderPattern,
  validateRequest,
  type RenderedPattern,
} from '../core/render/render';
import { quoteIdentifier, getDialect } from '../core/dialects';
import {
  DURATION_SECONDS,
  EVENTS_PER_SESSION,
  bucketSql,
  countsFromHistogram,
} from '../core/patterns/sessionization/histogram';
import { findColumn, timestampKind, type ColumnInfo } from './columns';
import { Database, stringLiteral, type DatabaseOptions, type Row } from './database';
import { fromEngineError, type EngineErrorContext, type EnginePhase } from './engineErrors';

/** Where preview data comes from: a CSV / Parquet / JSON / DuckDB file, or the bundled sample. */
export type DataSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'sample' };

/** The answers that fit the bundled sample (epoch seconds, an event id to break ties). */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  user_key: 'user_id',
  event_ts: 'timestamp',
  event_ts_unit: 'epoch_s',
  order_tiebreak: 'event_id',
};

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
const DATABASE_EXTENSIONS = new Set(['.duckdb', '.ddb', '.db']);
/** The in-memory copy of a DuckDB database file. */
const SOURCE_DB = 'source_db';

/**
 * Refuses a database file that is not DuckDB's before DuckDB sees it: a SQLite file would need an
 * extension (never installed here), anything else would fail with a less clear message.
 */
function checkDatabaseFile(file: string): void {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') {
    throw new InputFileError(
      `--data: ${file} is a SQLite database, which the preview does not read (DuckDB would need an extension); export the table to CSV or Parquet first, e.g. sqlite3 -header -csv ${path.basename(file)} "SELECT * FROM events" > events.csv.`,
    );
  }
  // A DuckDB file carries its magic "DUCK" at byte 8.
  if (head.subarray(8, 12).toString('latin1') !== 'DUCK') {
    throw new InputFileError(
      `--data: ${file} is not a DuckDB database; use a .duckdb file, or a .csv, .parquet or .json file.`,
    );
  }
}

/** Columns the pattern adds to every event; data columns of the same name would be ambiguous. */
const ADDED_COLUMNS = ['seconds_since_prev_event', 'is_session_start', 'session_seq', 'session_id'];

/** Finds the bundled sample above this module (the bundle and compiled tests differ in depth). */
export function bundledSamplePath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', 'sample-clickstream.csv');
    if (fs.existsSync(candidate)) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new InputFileError('The bundled sample data/sample-clickstream.csv is missing.');
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

export interface Distribution {
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export interface PreviewSummary {
  /** Rows in the data, including those left out. */
  readonly sourceRows: number;
  /** Rows left out because the user key or the timestamp is NULL. */
  readonly excludedRows: number;
  readonly events: number;
  readonly users: number;
  readonly sessions: number;
  readonly eventsPerSession: Distribution;
  readonly sessionDurationSeconds: Distribution;
  readonly oneEventSessionShare: number | null;
  /** Sessions per bucket of EVENTS_PER_SESSION and DURATION_SECONDS, over every session. */
  readonly histograms: { readonly eventsPerSession: number[]; readonly durationSeconds: number[] };
}

/** Rows shown to people: capped, with the total so the cap can be stated. */
export interface RowSample {
  readonly total: number;
  readonly cap: number;
  readonly rows: Row[];
}

export interface PreviewResult {
  readonly source: string;
  readonly sql: RenderedPattern;
  readonly summary: PreviewSummary;
  readonly tests: readonly TestResult[];
  readonly sessions: RowSample;
  readonly events: RowSample;
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
    /** Set for DuckDB database files, whose tables are copied into memory. */
    private readonly attached: boolean,
    private readonly context: EngineErrorContext,
  ) {}

  static async open(source: DataSource, options: DatabaseOptions = {}): Promise<PreviewSession> {
    const file = source.kind === 'sample' ? bundledSamplePath() : path.resolve(source.path);
    if (file.includes('\0')) {
      throw new InputFileError('The data file path contains a NUL character.');
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw new InputFileError(`--data: no such file: ${file}`);
    }
    const ext = path.extname(file).toLowerCase();
    const reader = READERS[ext];
    const attached = DATABASE_EXTENSIONS.has(ext);
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
      // DuckDB reads a path with * ? [ as a glob: a link with a plain name reads exactly this file.
      const plain = /[*?[\]{}]/.test(file) ? path.join(db.scratch, `data${ext}`) : file;
      if (plain !== file) {
        fs.symlinkSync(file, plain);
      }
      if (attached) {
        // Copied into memory and detached at once: the user's file is not kept locked.
        await db.run(`ATTACH ${stringLiteral(plain)} AS source_file (READ_ONLY)`);
        await db.run(`ATTACH ':memory:' AS ${SOURCE_DB}`);
        await db.run(`COPY FROM DATABASE source_file TO ${SOURCE_DB}`);
        await db.run('DETACH source_file');
      } else {
        await db.run(
          `CREATE TABLE source_data AS SELECT * FROM ${reader}(${stringLiteral(plain)})`,
        );
      }
      // The data is loaded: from here on, queries cannot touch files or the network.
      await db.run('SET enable_external_access = false');
    } catch (error) {
      db.close();
      throw fromEngineError(error, 'load', context);
    }
    return new PreviewSession(
      db,
      source.kind === 'sample' ? 'bundled sample' : file,
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

  /** Columns of the data (of `table` inside a DuckDB database file). */
  async columns(table?: string): Promise<ColumnInfo[]> {
    const relation = await this.sourceRelation(table);
    const rows = await this.engine('load', {}, () => this.db.query(`DESCRIBE ${relation}`));
    return rows.map(r => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /**
   * The relation to read: the loaded file, or the named table of the database file, looked up in
   * its catalog so a missing name lists the tables there are and a name is never read as a path.
   */
  private async sourceRelation(table: string | undefined): Promise<string> {
    if (!this.attached) {
      return 'source_data';
    }
    if (table === undefined || table.trim() === '') {
      throw new ColumnTypeError(
        'events_table: name the table to read inside the DuckDB database, e.g. events_table=main.events.',
      );
    }
    const tables = await this.db.query(
      `SELECT schema_name AS s, table_name AS t FROM duckdb_tables() WHERE database_name = '${SOURCE_DB}'
       UNION ALL
       SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = '${SOURCE_DB}' AND NOT internal
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
        `events_table: no table ${table} in ${path.basename(this.source)}; ${there.length > 0 ? `its tables are ${there.join(', ')}` : 'it has no tables'}.`,
      );
    }
    const duck = getDialect('duckdb');
    return [SOURCE_DB, String(found.s), String(found.t)]
      .map(n => quoteIdentifier(duck, { name: n, quoted: true }))
      .join('.');
  }

  /**
   * Renders the pattern for DuckDB, runs every part and its tests, and summarises the result.
   * Errors the input caused are input errors (exit 2); others are bugs of ours.
   */
  async run(
    values: Readonly<Record<string, string>>,
    options: RunOptions = {},
  ): Promise<PreviewResult> {
    const rowCap = parseRowCap(options.rowCap ?? DEFAULT_ROW_CAP, 'row cap');
    return this.engine('run', values, () => this.runChecked(values, rowCap, options.signal));
  }

  private async runChecked(
    values: Readonly<Record<string, string>>,
    rowCap: number,
    signal: AbortSignal | undefined,
  ): Promise<PreviewResult> {
    const started = Date.now();
    const warnings: string[] = [];
    const given = { ...values };
    if (!this.attached && given.events_table !== undefined) {
      warnings.push('events_table is ignored: the preview reads the data file itself.');
    }
    for (const name of ['sessionized_table', 'sessions_table']) {
      if (given[name] !== undefined) {
        warnings.push(`${name} is ignored: the preview keeps its results in memory.`);
        delete given[name];
      }
    }
    // Every input is validated, with all problems reported at once, before any is used.
    validateRequest({
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: { events_table: 'preview_events', ...given },
    });
    const relation = await this.sourceRelation(given.events_table);
    delete given.events_table;
    const request = {
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: {
        ...given,
        events_table: 'preview_events',
        sessionized_table: 'preview_sessionized',
        sessions_table: 'preview_sessions',
      },
    };
    const sql = renderPattern(request);
    await this.prepareEvents(relation, given, warnings, signal);

    const db = this.db;
    await db.run(
      `CREATE OR REPLACE TABLE preview_sessionized AS ${queryOf(sql, 'events')}`,
      signal,
    );
    await db.run(`CREATE OR REPLACE TABLE preview_sessions AS ${queryOf(sql, 'sessions')}`, signal);

    const tests: TestResult[] = [];
    for (const test of sql.tests) {
      const [count] = await db.query(
        `SELECT count(*) AS n FROM (\n${test.sql}\n) AS violations`,
        signal,
      );
      const violationCount = Number(count?.n ?? 0);
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
    const duck = getDialect('duckdb');
    const keyColumns = parseColumnList(given.user_key ?? '').map(k => quoteIdentifier(duck, k));
    const keys = keyColumns.join(', ');
    const ts = quoteIdentifier(duck, parseColumnName(given.event_ts ?? ''));
    const summary = await this.summarise(keyColumns, ts, signal);
    return {
      source: this.source,
      sql,
      summary,
      tests,
      sessions: {
        total: summary.sessions,
        cap: rowCap,
        rows: await db.query(
          `SELECT * FROM preview_sessions ORDER BY ${keys}, session_seq LIMIT ${rowCap}`,
          signal,
        ),
      },
      events: {
        total: summary.events,
        cap: rowCap,
        rows: await db.query(
          `SELECT * FROM preview_sessionized ORDER BY ${keys}, ${ts}, session_seq LIMIT ${rowCap}`,
          signal,
        ),
      },
      warnings,
      elapsedMs: Date.now() - started,
    };
  }

  /**
   * Checks the key and timestamp columns against the data and exposes it as `preview_events`,
   * casting timestamps stored as text or as narrower timestamp types.
   */
  private async prepareEvents(
    relation: string,
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
    const duck = getDialect('duckdb');
    for (const key of parseColumnList(values.user_key ?? '')) {
      findColumn(columns, 'user_key', key);
    }
    if (values.order_tiebreak) {
      findColumn(columns, 'order_tiebreak', parseColumnName(values.order_tiebreak));
    }
    for (const added of ADDED_COLUMNS) {
      const clash = columns.find(c => c.name.toLowerCase() === added);
      if (clash) {
        throw new ColumnTypeError(
          `The data already has a column ${clash.name}, which the pattern adds to every event; rename it in a view first.`,
        );
      }
    }
    const tsColumn = findColumn(columns, 'event_ts', parseColumnName(values.event_ts ?? ''));
    const ts = quoteIdentifier(duck, { name: tsColumn.name, quoted: true });
    const unit = (values.event_ts_unit ?? 'timestamp').toLowerCase();
    const kind = timestampKind(tsColumn.type);
    let cast: string | undefined;
    if (unit === 'timestamp' || unit === 'timestamptz') {
      if (kind === 'number') {
        throw new ColumnTypeError(
          `event_ts: column ${tsColumn.name} is ${tsColumn.type}, a number; if it holds epoch seconds or milliseconds, add event_ts_unit=epoch_s or event_ts_unit=epoch_ms.`,
        );
      }
      if (kind === 'other') {
        throw new ColumnTypeError(
          `event_ts: column ${tsColumn.name} is ${tsColumn.type}, which is not a timestamp.`,
        );
      }
      if (kind === 'text') {
        cast = await this.textTimestampCast(relation, tsColumn, ts, signal);
      } else if (tsColumn.type !== 'TIMESTAMP' && tsColumn.type !== 'TIMESTAMP WITH TIME ZONE') {
        cast = 'TIMESTAMP';
      }
      checkZone(tsColumn.name, cast ?? tsColumn.type, unit, values.source_time_zone);
    } else {
      if (kind !== 'number') {
        throw new ColumnTypeError(
          `event_ts: column ${tsColumn.name} is ${tsColumn.type}; event_ts_unit=${unit} needs a numeric column of epoch ${unit === 'epoch_s' ? 'seconds' : 'milliseconds'}.`,
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
          `event_ts: column ${tsColumn.name} holds ${outside}, beyond any timestamp as event_ts_unit=${unit} (at most ${limit} either side of 1970); check the unit and the values.`,
        );
      }
      // Epoch seconds of this century are about 1e9 to 4e9; milliseconds about 1e12 to 4e12.
      if (hi !== null && unit === 'epoch_s' && hi > 1e11) {
        warnings.push(
          `event_ts values reach ${hi}: they look like milliseconds, not seconds (event_ts_unit=epoch_ms?).`,
        );
      }
      if (hi !== null && unit === 'epoch_ms' && hi < 1e11) {
        warnings.push(
          `event_ts values stay below ${hi + 1}: they look like seconds, not milliseconds (event_ts_unit=epoch_s?).`,
        );
      }
    }
    const select = cast === undefined ? '*' : `* REPLACE (CAST(${ts} AS ${cast}) AS ${ts})`;
    await this.db.run(
      `CREATE OR REPLACE VIEW preview_events AS SELECT ${select} FROM ${relation}`,
      signal,
    );
  }

  /** The type a text timestamp column can be cast to, or an error naming a value that does not parse. */
  private async textTimestampCast(
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
          `event_ts: column ${column.name} is ${column.type} and ${check?.bad} of its values do not parse as timestamps (for example "${String(check?.example)}"); store ISO 8601 text such as 2024-01-31 13:45:00 or a TIMESTAMP column.`,
        );
      }
    }
    throw new Error('unreachable');
  }

  private async summarise(
    keyColumns: readonly string[],
    ts: string,
    signal?: AbortSignal,
  ): Promise<PreviewSummary> {
    const keys = keyColumns.join(', ');
    const anyNull = [...keyColumns, ts].map(c => `${c} IS NULL`).join(' OR ');
    const [source] = await this.db.query(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE ${anyNull}) AS excluded FROM preview_events`,
      signal,
    );
    const [s] = await this.db.query(
      `SELECT
         count(*) AS sessions,
         coalesce(sum(event_count), 0) AS events,
         (SELECT count(*) FROM (SELECT DISTINCT ${keys} FROM preview_sessions)) AS users,
         avg(event_count) AS e_mean, median(event_count) AS e_median,
         quantile_cont(event_count, 0.9) AS e_p90, quantile_cont(event_count, 0.95) AS e_p95,
         quantile_cont(event_count, 0.99) AS e_p99, max(event_count) AS e_max,
         avg(session_duration_seconds) AS d_mean, median(session_duration_seconds) AS d_median,
         quantile_cont(session_duration_seconds, 0.9) AS d_p90, quantile_cont(session_duration_seconds, 0.95) AS d_p95,
         quantile_cont(session_duration_seconds, 0.99) AS d_p99, max(session_duration_seconds) AS d_max,
         avg(CASE WHEN event_count = 1 THEN 1.0 ELSE 0.0 END) AS one_event_share
       FROM preview_sessions`,
      signal,
    );
    const [h] = await this.db.query(
      `SELECT histogram(${bucketSql(EVENTS_PER_SESSION, 'event_count')}) AS e,
              histogram(${bucketSql(DURATION_SECONDS, 'session_duration_seconds')}) AS d
       FROM preview_sessions`,
      signal,
    );
    const dist = (prefix: string): Distribution => ({
      mean: num(s?.[`${prefix}_mean`]),
      median: num(s?.[`${prefix}_median`]),
      p90: num(s?.[`${prefix}_p90`]),
      p95: num(s?.[`${prefix}_p95`]),
      p99: num(s?.[`${prefix}_p99`]),
      max: num(s?.[`${prefix}_max`]),
    });
    return {
      sourceRows: Number(source?.rows ?? 0),
      excludedRows: Number(source?.excluded ?? 0),
      events: Number(s?.events ?? 0),
      users: Number(s?.users ?? 0),
      sessions: Number(s?.sessions ?? 0),
      eventsPerSession: dist('e'),
      sessionDurationSeconds: dist('d'),
      oneEventSessionShare: num(s?.one_event_share),
      histograms: {
        eventsPerSession: countsFromHistogram(EVENTS_PER_SESSION, h?.e),
        durationSeconds: countsFromHistogram(DURATION_SECONDS, h?.d),
      },
    };
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
  column: string,
  type: string,
  unit: string,
  sourceTimeZone: string | undefined,
): void {
  const zoned = type === 'TIMESTAMP WITH TIME ZONE' || type === 'TIMESTAMPTZ';
  if (zoned && sourceTimeZone !== undefined && sourceTimeZone.trim() !== '') {
    throw new ColumnTypeError(
      `source_time_zone: column ${column} is TIMESTAMP WITH TIME ZONE and carries its own zone; leave source_time_zone out.`,
    );
  }
  if (!zoned && unit === 'timestamptz') {
    throw new ColumnTypeError(
      `event_ts: column ${column} is ${type}, without a zone; event_ts_unit=timestamptz needs TIMESTAMP WITH TIME ZONE (use event_ts_unit=timestamp, with source_time_zone if the times are not UTC).`,
    );
  }
}
