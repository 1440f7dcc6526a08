import * as path from 'node:path';
import * as vscode from 'vscode';
import { rememberPreviewedSchema } from '../schemaHints';
import { inputDefaults, previewSettings } from '../settings';
import { CancelledError, SqlPatternsError } from '../../core/errors';
import {
  partTableInput,
  previewOf,
  previewPatterns,
  type PatternDefinition,
  type PatternPreview,
} from '../../core/patterns';
import { isDatabaseFile, type DataSource, type PreviewResult } from '../../duckdb/preview';
import { toPageModel } from '../../report/model';
import type { PreviewArgument } from '../../report/protocol';
import { reportError } from '../errors';
import { askColumns, askDataSource, askPattern, askTable, previewTitle } from './previewInputs';
import { PreviewPanel } from './previewPanel';
import type { PreviewRunner } from './previewRunner';
import { withCancellableProgress } from './progress';

/** Inputs that name tables or columns: for the bundled sample they are the sample's own. */
function dataInputs(pattern: PatternDefinition, preview: PatternPreview): Set<string> {
  const time = preview.timestamp;
  return new Set([
    preview.source,
    ...pattern.queries.map(partTableInput),
    ...preview.columns,
    ...(time ? [time.input, time.unit] : []),
    ...Object.keys(preview.sample.values),
  ]);
}

/**
 * Previews a pattern (asked when several have a preview) on a data source in DuckDB and shows the
 * result in the panel. Returns the result shown, or undefined when the user cancelled, a newer
 * preview replaced this one, or the input was wrong (then said in a notification and in the panel).
 */
export async function previewPattern(
  extensionUri: vscode.Uri,
  runner: PreviewRunner,
  argument: PreviewArgument = {},
): Promise<PreviewResult | undefined> {
  const ticket = runner.begin();
  try {
    // Before any picker: a package without DuckDB's binding for this platform says so at once.
    await (await import('../../duckdb/database')).loadDuckDB();
    const name = argument.pattern ?? (await askPattern(previewPatterns()));
    if (name === undefined) {
      return undefined;
    }
    const { pattern, preview } = previewOf(name);
    const title = previewTitle(pattern);
    // A sample without its file is the pattern's own sample.
    const source: DataSource | undefined =
      argument.source?.kind === 'sample'
        ? { kind: 'sample', file: preview.sample.file }
        : (argument.source ?? (await askDataSource(title, preview.sample)));
    if (source === undefined) {
      return undefined;
    }
    const { rowCap, memoryLimit } = previewSettings();
    const options = { memoryLimit };
    const given = argument.values ?? {};
    let values: Record<string, string>;
    if (source.kind === 'sample') {
      const data = dataInputs(pattern, preview);
      const own = Object.entries(given).filter(([input]) => !data.has(input));
      values = { ...preview.sample.values, ...inputDefaults(pattern), ...Object.fromEntries(own) };
    } else {
      const table = isDatabaseFile(source.path)
        ? (given[preview.source] ?? (await askTable(title, preview.source)))
        : undefined;
      if (isDatabaseFile(source.path) && table === undefined) {
        return undefined;
      }
      const columns = await withCancellableProgress(
        `reading ${path.basename(source.path)}…`,
        () => ticket.cancel(),
        () =>
          runner.run(source, options, ticket.signal, session =>
            session.columns(preview.source, table),
          ),
      );
      const asked = await askColumns(pattern, preview, columns, given);
      if (asked === undefined) {
        return undefined;
      }
      values = {
        ...inputDefaults(pattern),
        ...given,
        ...asked,
        ...(table === undefined ? {} : { [preview.source]: table }),
      };
      rememberPreviewedSchema({ columns: columns.map(c => c.name), values });
    }
    PreviewPanel.current?.status('running', 'Running the preview…');
    const result = await withCancellableProgress(
      `previewing ${pattern.title} in DuckDB…`,
      () => ticket.cancel(),
      () =>
        runner.run(source, options, ticket.signal, session =>
          session.run(pattern.name, values, { rowCap, signal: ticket.signal }),
        ),
    );
    PreviewPanel.createOrShow(extensionUri).show(
      toPageModel(result, { pattern: pattern.name, source, values }),
    );
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
