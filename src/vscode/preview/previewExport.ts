import * as path from 'node:path';
import * as vscode from 'vscode';
import { OutputFileError } from '../../core/errors';
import { exportExtension } from '../../duckdb/exports';
import { DATABASE_FILE_EXTENSIONS, type PreviewSession } from '../../duckdb/preview';
import { writeOutputFile } from '../../files/outputFiles';
import type { PageModel } from '../../report/model';
import { reportError } from '../errors';
import { PreviewPanel } from './previewPanel';
import { withCancellableProgress } from './progress';
import type { PreviewRunner } from './previewRunner';

/** A target given by a caller without UI (the host tests): a path or a file Uri. */
export type ExportTarget = string | vscode.Uri;

/** The folder of the data file (the sample's: the workspace), where the save dialog starts. */
function startFolder(model: PageModel): vscode.Uri | undefined {
  const source = model.request.source;
  return source.kind === 'file'
    ? vscode.Uri.file(path.dirname(source.path))
    : vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** The path to write: the caller's, else the save dialog's (which asked about replacing a file). */
async function targetPath(
  given: ExportTarget | undefined,
  model: PageModel,
  options: { title: string; name: string; filters: Record<string, string[]> },
): Promise<string | undefined> {
  const folder = startFolder(model);
  const picked =
    given ??
    (await vscode.window.showSaveDialog({
      title: `SQL Patterns: ${options.title}`,
      defaultUri: folder && vscode.Uri.joinPath(folder, options.name),
      filters: options.filters,
      saveLabel: 'Write',
    }));
  if (picked === undefined) {
    return undefined;
  }
  if (typeof picked === 'string') {
    return picked;
  }
  if (picked.scheme !== 'file') {
    throw new OutputFileError(`cannot write ${picked.toString()}: pick a file on disk.`);
  }
  return picked.fsPath;
}

/**
 * Runs `job` on the session that computed the result the panel shows, with a cancellable
 * progress notification; says so when those results are gone (a later run failed or was cancelled).
 */
async function onShown<T>(
  runner: PreviewRunner,
  model: PageModel,
  title: string,
  job: (session: PreviewSession, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const done = await withCancellableProgress(
    title,
    () => controller.abort(),
    () =>
      runner.onCurrent(async session => {
        const parts = session.computedParts;
        if (model.tables.some(t => !parts.includes(t.part))) {
          return { gone: true as const };
        }
        return { gone: false as const, value: await job(session, controller.signal) };
      }),
  );
  if (done === undefined || done.gone) {
    throw new OutputFileError(
      'the results shown are no longer in memory (a later run failed or was cancelled); run the preview again, then export.',
    );
  }
  return done.value;
}

/** "Wrote …" with a button that shows the file in the system's file manager. */
function confirmWritten(text: string, file: string): void {
  const reveal = 'Reveal in File Explorer';
  void vscode.window
    .showInformationMessage(`SQL Patterns: ${text}`, reveal)
    .then(choice =>
      choice === reveal
        ? vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file))
        : undefined,
    );
}

/**
 * The panel's "Export <part>…": writes every row of one part of the result shown, from the preview's
 * own tables, to a Parquet, CSV or JSON lines file (by its extension) through the write rule: never
 * the data file, a temporary file renamed into place. A file chosen in the save dialog may be
 * replaced: the dialog asked. Returns the path written (undefined when cancelled or refused).
 */
export async function exportPreviewPart(
  runner: PreviewRunner,
  part?: string,
  given?: ExportTarget,
): Promise<string | undefined> {
  try {
    const model = PreviewPanel.current?.shown;
    const table = model?.tables.find(t => t.part === part) ?? model?.tables[0];
    if (model === undefined || table === undefined) {
      throw new OutputFileError('there is no preview to export; run a preview first.');
    }
    if (part !== undefined && table.part !== part) {
      throw new OutputFileError(
        `${model.title} has no part ${part}; it has ${model.tables.map(t => t.part).join(', ')}.`,
      );
    }
    const file = await targetPath(given, model, {
      title: `export ${table.part}`,
      name: `${table.part}.parquet`,
      filters: { Parquet: ['parquet'], CSV: ['csv'], 'JSON lines': ['jsonl'] },
    });
    if (file === undefined) {
      return undefined;
    }
    const option = `Export ${table.part}`;
    const extension = exportExtension(option, file);
    await onShown(runner, model, `writing ${path.basename(file)}…`, (session, signal) =>
      writeOutputFile(
        { option, path: file },
        temporary => session.exportPart(table.part, extension, temporary, signal),
        { inputs: [session.file], force: true },
      ),
    );
    confirmWritten(`wrote every row of ${table.part} to ${file}.`, file);
    return file;
  } catch (error) {
    reportError(error);
    return undefined;
  }
}

/**
 * The panel's "Save to DuckDB database…": every part of the result shown as a table of a DuckDB
 * file (new or existing) under the name the pattern gives it, all or nothing; refused when the file
 * is the data file or already has a table of one of those names. Returns the path written.
 */
export async function savePreviewDatabase(
  runner: PreviewRunner,
  given?: ExportTarget,
): Promise<string | undefined> {
  try {
    const model = PreviewPanel.current?.shown;
    if (model === undefined) {
      throw new OutputFileError('there is no preview to save; run a preview first.');
    }
    const file = await targetPath(given, model, {
      title: 'save the results as tables of a DuckDB database',
      name: 'results.duckdb',
      filters: { 'DuckDB database': DATABASE_FILE_EXTENSIONS },
    });
    if (file === undefined) {
      return undefined;
    }
    const names = Object.fromEntries(model.tables.map(t => [t.part, t.table]));
    await onShown(runner, model, `saving to ${path.basename(file)}…`, (session, signal) =>
      session.saveToDatabase({ option: 'Save to DuckDB database', path: file }, names, signal),
    );
    confirmWritten(`saved ${model.tables.map(t => t.table).join(', ')} into ${file}.`, file);
    return file;
  } catch (error) {
    reportError(error);
    return undefined;
  }
}
