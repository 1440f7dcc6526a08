import { toSqlScript } from '../core/render/render';
import { getPattern } from '../core/patterns';
import { parseColumnList, parseColumnName, type IdentifierPart } from '../core/inputs/identifiers';
import type { Row } from '../duckdb/database';
import type { DataSource, PreviewResult, PreviewSummary } from '../duckdb/preview';

/** What was previewed: enough to run it again (another timeout) or to say where the data came from. */
export interface PreviewRequest {
  readonly source: DataSource;
  readonly values: Readonly<Record<string, string>>;
}

/** Rows for a grid: column order kept, values JSON-safe, with the total so the cap can be stated. */
export interface Grid {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly total: number;
}

export interface PageTest {
  readonly name: string;
  readonly description: string;
  readonly severity: 'error' | 'warn';
  readonly status: 'passed' | 'failed' | 'warn';
  readonly violations: Grid;
  readonly sql: string;
}

export interface Histograms {
  /** Sessions per bucket of EVENTS_PER_SESSION and DURATION_SECONDS. */
  readonly eventsPerSession: readonly number[];
  readonly durationSeconds: readonly number[];
  /** How many sessions were counted: all of them, or only the capped rows the page received. */
  readonly sessionsCounted: number;
}

/** Everything the page shows; JSON-serialisable, the same for the webview and the HTML report. */
export interface PageModel {
  readonly source: string;
  readonly request: PreviewRequest;
  readonly timeoutMinutes: number;
  /** Data column names of the user key and the timestamp, as they appear in the rows. */
  readonly keyColumns: readonly string[];
  readonly timestampColumn: string | null;
  readonly summary: PreviewSummary;
  readonly histograms: Histograms;
  readonly tests: readonly PageTest[];
  readonly sessions: Grid;
  readonly events: Grid;
  /** The SQL that ran, as one script (what "open in editor" opens). */
  readonly sql: string;
  readonly warnings: readonly string[];
  readonly elapsedMs: number;
  readonly generatedAt: string;
}

function grid(rows: readonly Row[], total: number): Grid {
  const columns = rows.length === 0 ? [] : Object.keys(rows[0] as Row);
  return { columns, rows: rows.map(r => columns.map(c => r[c] ?? null)), total };
}

/** The data column a parsed name denotes, matched as DuckDB matches (unquoted: any case). */
function columnNamed(columns: readonly string[], part: IdentifierPart): string | undefined {
  return (
    columns.find(c => c === part.name) ??
    (part.quoted ? undefined : columns.find(c => c.toLowerCase() === part.name.toLowerCase()))
  );
}

function parsedOrEmpty<T>(parse: () => T[]): T[] {
  try {
    return parse();
  } catch {
    return [];
  }
}

/** Turns an engine result into what the page shows. */
export function toPageModel(result: PreviewResult, request: PreviewRequest): PageModel {
  const timeoutDefault = getPattern('sessionization').inputs.find(
    i => i.name === 'session_timeout_minutes',
  )?.default;
  const events = grid(result.events.rows, result.events.total);
  const sessions = grid(result.sessions.rows, result.sessions.total);
  const columns = events.columns.length > 0 ? events.columns : sessions.columns;
  const keyColumns = parsedOrEmpty(() => parseColumnList(request.values.user_key ?? ''))
    .map(part => columnNamed(columns, part))
    .filter((c): c is string => c !== undefined);
  const [tsPart] = parsedOrEmpty(() => [parseColumnName(request.values.event_ts ?? '')]);
  const sqlByName = new Map(result.sql.tests.map(t => [t.name, t.sql]));
  return {
    source: result.source,
    request,
    timeoutMinutes: Number(request.values.session_timeout_minutes ?? timeoutDefault ?? 30),
    keyColumns,
    timestampColumn: tsPart ? (columnNamed(columns, tsPart) ?? null) : null,
    summary: result.summary,
    histograms: { ...result.summary.histograms, sessionsCounted: result.summary.sessions },
    tests: result.tests.map(t => ({
      name: t.name,
      description: t.description,
      severity: t.severity,
      status: t.passed ? 'passed' : t.severity === 'error' ? 'failed' : 'warn',
      violations: grid(t.violations, t.violationCount),
      sql: sqlByName.get(t.name) ?? '',
    })),
    sessions,
    events,
    sql: toSqlScript(result.sql),
    warnings: result.warnings,
    elapsedMs: result.elapsedMs,
    generatedAt: new Date().toISOString(),
  };
}
