/**
 * Messages between the preview panel (extension host) and its page (webview). Both sides import
 * these types; neither imports `vscode`, so the page bundle stays browser-only.
 */
import type { DataSource } from '../duckdb/preview';
import type { PageModel, PreviewRequest } from './model';

/**
 * Argument of `sqlPatterns.preview` (and its alias `sqlPatterns.previewSessionization`) for callers
 * without UI (the panel's rerun, the chat's "Preview in DuckDB" button, tests). What is missing is
 * asked; a sample source may leave out its file (the pattern's own sample is meant).
 */
export type PreviewArgument = Partial<Omit<PreviewRequest, 'source'>> & {
  readonly source?: DataSource | { readonly kind: 'sample' };
};

/** Sent by the page once its script listens, so the panel can (re)send the current result. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Sent by the page: open the executed SQL in an editor beside the panel. */
export interface OpenSqlMessage {
  readonly type: 'openSql';
}

/** Sent by the page: run the same preview again with another value of its minutes input (the timeout). */
export interface RerunMessage {
  readonly type: 'rerun';
  readonly minutes: number;
}

/** Sent by the page: put CSV on the clipboard (through the extension: webview clipboard access varies by host). */
export interface CopyCsvMessage {
  readonly type: 'copyCsv';
  readonly csv: string;
  /** What was copied, for the confirmation, e.g. "500 sessions". */
  readonly what: string;
}

/** Sent by the page: put the SQL on the user's own table name on the clipboard. */
export interface CopySqlMessage {
  readonly type: 'copySql';
}

/** Sent by the page: write every row of one part to a file the user picks (Parquet, CSV, JSON lines). */
export interface ExportPartMessage {
  readonly type: 'exportPart';
  readonly part: string;
}

/** Sent by the page: save every part as a table of a DuckDB database file the user picks. */
export interface SaveDatabaseMessage {
  readonly type: 'saveDatabase';
}

export type PageToPanel =
  | ReadyMessage
  | OpenSqlMessage
  | RerunMessage
  | CopyCsvMessage
  | CopySqlMessage
  | ExportPartMessage
  | SaveDatabaseMessage;

/** Sent by the panel: show this result (replaces the one shown). */
export interface ShowMessage {
  readonly type: 'show';
  readonly model: PageModel;
}

/** Sent by the panel: a run started (`running`), ended without a new result (`idle`) or failed (`error`). */
export interface StatusMessage {
  readonly type: 'status';
  readonly state: 'running' | 'idle' | 'error';
  readonly message?: string;
}

export type PanelToPage = ShowMessage | StatusMessage;

/** What the page saves with `setState`, so a restored panel shows its last result. */
export interface PageState {
  readonly model?: PageModel;
}

/** Checks a message from the page before the panel acts on it. */
export function isPageToPanel(message: unknown): message is PageToPanel {
  const m = message as Partial<Record<string, unknown>> | null;
  switch (m?.type) {
    case 'ready':
    case 'openSql':
    case 'copySql':
    case 'saveDatabase':
      return true;
    case 'exportPart':
      return typeof m.part === 'string';
    case 'rerun':
      return typeof m.minutes === 'number' && Number.isFinite(m.minutes);
    case 'copyCsv':
      return typeof m.csv === 'string' && typeof m.what === 'string';
    default:
      return false;
  }
}
