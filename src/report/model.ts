import * as path from 'node:path';
import { renderPattern, toSqlScript } from '../core/render/render';
import { MAX_MINUTES } from '../core/inputs/schema';
import { previewOf, type PreviewFigure } from '../core/patterns';
import type {
  ColumnFormat,
  PreviewChange,
  PreviewRelations,
  PreviewSummary,
} from '../core/patterns/pattern';
import { parseColumnList, parseTableName, type IdentifierPart } from '../core/inputs/identifiers';
import type { Row } from '../duckdb/database';
import type { DataSource, PreviewResult } from '../duckdb/preview';

/** What was previewed: enough to run it again (another timeout) or to say where the data came from. */
export interface PreviewRequest {
  readonly pattern: string;
  readonly source: DataSource;
  readonly values: Readonly<Record<string, string>>;
}

/** Rows for a grid: column order kept, values JSON-safe, with the total so the cap can be stated. */
export interface Grid {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly total: number;
}

/** One part's grid as the page shows it. */
export interface PageGrid extends Grid {
  readonly title: string;
  readonly note?: string;
  readonly noun: string;
  readonly label: string;
  /** Columns shown readably with the raw value beside. */
  readonly formats: Readonly<Record<string, ColumnFormat>>;
  /** Consecutive rows sharing these columns' values form a group under a heading. */
  readonly group?: {
    /** Data columns of the key, as they appear in the rows. */
    readonly keys: readonly string[];
    readonly columns: readonly { readonly name: string; readonly label?: string }[];
  };
}

export interface PageTest {
  readonly name: string;
  readonly description: string;
  readonly severity: 'error' | 'warn';
  readonly status: 'passed' | 'failed' | 'warn';
  readonly violations: Grid;
  readonly sql: string;
}

/** The minutes input the page offers to change, and the value this run used. */
export interface PageRerun {
  readonly input: string;
  readonly label: string;
  readonly minutes: number;
  readonly choices: readonly number[];
  readonly max: number;
}

/** Everything the page shows; JSON-serialisable, the same for the webview and the HTML report. */
export interface PageModel {
  /** The pattern's title, and the panel's tab name before the data's. */
  readonly title: string;
  readonly tab: string;
  /** The data's file name (never its folder), or "bundled sample". */
  readonly source: string;
  readonly request: PreviewRequest;
  /** The inputs as the run used them. */
  readonly inputs: Readonly<Record<string, string>>;
  /** What changed since the run before (a re-run). */
  readonly change?: PreviewChange;
  readonly rerun?: PageRerun;
  /** The summary's figures by name, as `preview --json` prints them. */
  readonly summary: PreviewSummary['values'];
  readonly figures: readonly PreviewFigure[];
  readonly charts?: PreviewSummary['charts'];
  readonly tests: readonly PageTest[];
  /** Grids by part, in the order the page shows them. */
  readonly grids: Readonly<Record<string, PageGrid>>;
  /** The relations the executed SQL names. */
  readonly relations: PreviewRelations;
  /**
   * Each query part, in the pattern's order, with the table the user's own SQL stores it in (named as
   * `--format script` names it): what the panel exports, and the tables it saves into a database.
   */
  readonly tables: readonly { readonly part: string; readonly table: string }[];
  /** The SQL that ran, as one script (what "open in editor" opens). */
  readonly sql: string;
  /** The same SQL on the user's own table name (what "Copy SQL" copies). */
  readonly copySql: string;
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

/**
 * The table the user's SQL reads: the name they gave, else one made from the data file's name
 * (sample-clickstream.csv → sample_clickstream), else the input's example.
 */
function userTable(request: PreviewRequest, input: string, example: string): string {
  const given = request.values[input];
  if (given !== undefined && given.trim() !== '') {
    return given;
  }
  const file = request.source.kind === 'file' ? request.source.path : request.source.file;
  const stem = path
    .basename(file)
    .replace(/\.[^.]*$/, '')
    .replace(/\W+/g, '_');
  const name = /^[A-Za-z_]/.test(stem) ? stem : `t_${stem}`;
  return parsedOrEmpty(() => [parseTableName(name)]).length > 0 ? name : example;
}

/** Turns an engine result into what the page shows. */
export function toPageModel(result: PreviewResult, request: PreviewRequest): PageModel {
  const { pattern, preview } = previewOf(request.pattern);
  const grids = Object.fromEntries(
    preview.grids.map(g => {
      const sample = result.parts[g.part];
      const rows = grid(sample?.rows ?? [], sample?.total ?? 0);
      const keys = g.group
        ? parsedOrEmpty(() => parseColumnList(request.values[g.group?.keyInput ?? ''] ?? ''))
            .map(part => columnNamed(rows.columns, part))
            .filter((c): c is string => c !== undefined)
        : [];
      const group = g.group && { keys, columns: g.group.columns };
      return [
        g.part,
        {
          ...rows,
          title: g.title,
          note: g.note,
          noun: g.noun,
          label: g.label,
          formats: result.formats[g.part] ?? {},
          group,
        },
      ];
    }),
  );
  const rerun = preview.rerun;
  const rerunDefault = pattern.inputs.find(i => i.name === rerun?.input)?.default;
  const sqlByName = new Map(result.sql.tests.map(t => [t.name, t.sql]));
  const sourceInput = pattern.inputs.find(i => i.name === preview.source);
  const own = renderPattern({
    pattern: pattern.name,
    dialect: result.sql.dialect,
    values: {
      ...request.values,
      [preview.source]: userTable(request, preview.source, sourceInput?.example ?? 'events'),
    },
  });
  return {
    title: pattern.title,
    tab: preview.tab,
    source: request.source.kind === 'file' ? path.basename(request.source.path) : result.source,
    request,
    inputs: result.inputs,
    change: result.change,
    rerun: rerun && {
      ...rerun,
      minutes: Number(request.values[rerun.input] ?? rerunDefault),
      max: MAX_MINUTES,
    },
    summary: result.summary,
    figures: result.display.figures,
    charts: result.display.charts,
    tests: result.tests.map(t => ({
      name: t.name,
      description: t.description,
      severity: t.severity,
      status: t.passed ? 'passed' : t.severity === 'error' ? 'failed' : 'warn',
      violations: grid(t.violations, t.violationCount),
      sql: sqlByName.get(t.name) ?? '',
    })),
    grids,
    relations: result.relations,
    tables: own.queries.map(q => ({ part: q.part, table: q.table })),
    sql: toSqlScript(result.sql),
    copySql: toSqlScript(own),
    warnings: result.warnings,
    elapsedMs: result.elapsedMs,
    generatedAt: new Date().toISOString(),
  };
}
