import * as path from 'node:path';
import * as vscode from 'vscode';
import { rememberPreviewedSchema } from '../schemaHints';
import { previewSettings } from '../settings';
import { CancelledError, SqlPatternsError } from '../../core/errors';
import type { PreviewResult } from '../../duckdb/preview';
import { toPageModel } from '../../report/model';
import type { PreviewArgument } from '../../report/protocol';
import { reportError } from '../errors';
import { askColumns, askDataSource, askTable } from './previewInputs';
import { PreviewPanel } from './previewPanel';
import type { PreviewRunner, PreviewTicket } from './previewRunner';

/** Inputs that name tables or columns: for the bundled sample they are the sample's own. */
const DATA_INPUTS = new Set([
  'events_table',
  'user_key',
  'event_ts',
  'event_ts_unit',
  'order_tiebreak',
  'sessionized_table',
  'sessions_table',
]);
const DATABASE_FILE = /\.(duckdb|ddb|db)$/i;

function withProgress<T>(
  title: string,
  ticket: PreviewTicket,
  work: () => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `SQL Patterns: ${title}`,
      cancellable: true,
    },
    (_progress, token) => {
      token.onCancellationRequested(() => ticket.cancel());
      return work();
    },
  );
}

/**
 * Previews sessionization of a data source in DuckDB and shows the result in the panel. Returns
 * the result shown, or undefined when the user cancelled, a newer preview replaced this one, or
 * the input was wrong (then said in a notification and in the panel).
 */
export async function previewSessionization(
  extensionUri: vscode.Uri,
  runner: PreviewRunner,
  argument: PreviewArgument = {},
): Promise<PreviewResult | undefined> {
  const ticket = runner.begin();
  try {
    // Before any picker: a package without DuckDB's binding for this platform says so at once.
    await (await import('../../duckdb/database')).loadDuckDB();
    const source = argument.source ?? (await askDataSource());
    if (source === undefined) {
      return undefined;
    }
    const { rowCap, memoryLimit } = previewSettings();
    const options = { memoryLimit };
    const given = argument.values ?? {};
    let values: Record<string, string>;
    if (source.kind === 'sample') {
      const { SAMPLE_VALUES } = await import('../../duckdb/preview');
      const own = Object.entries(given).filter(([name]) => !DATA_INPUTS.has(name));
      values = { ...SAMPLE_VALUES, ...Object.fromEntries(own) };
    } else {
      const table = DATABASE_FILE.test(source.path)
        ? (given.events_table ?? (await askTable()))
        : undefined;
      if (DATABASE_FILE.test(source.path) && table === undefined) {
        return undefined;
      }
      const columns = await withProgress(`reading ${path.basename(source.path)}…`, ticket, () =>
        runner.run(source, options, ticket.signal, session => session.columns(table)),
      );
      const asked = await askColumns(columns, given);
      if (asked === undefined) {
        return undefined;
      }
      values = { ...given, ...asked, ...(table === undefined ? {} : { events_table: table }) };
      rememberPreviewedSchema({ columns: columns.map(c => c.name), values });
    }
    PreviewPanel.current?.status('running', 'Running the preview…');
    const result = await withProgress('sessionizing in DuckDB…', ticket, () =>
      runner.run(source, options, ticket.signal, session =>
        session.run(values, { rowCap, signal: ticket.signal }),
      ),
    );
    PreviewPanel.createOrShow(extensionUri).show(toPageModel(result, { source, values }));
    return result;
  } catch (error) {
    if (error instanceof CancelledError) {
      if (!runner.superseded(ticket)) {
        PreviewPanel.current?.status('idle', 'Cancelled.');
      }
      return undefined;
    }
    // The panel says what went wrong, whatever it was, instead of staying on "running".
    PreviewPanel.current?.status(
      'error',
      error instanceof SqlPatternsError
        ? error.message
        : `Internal error (a bug of SQL Patterns): ${error instanceof Error ? error.message : String(error)}`,
    );
    reportError(error);
    return undefined;
  }
}
