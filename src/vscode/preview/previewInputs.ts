import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseColumnList, parseColumnName } from '../../core/inputs/identifiers';
import {
  findColumn,
  rankTimestampCandidates,
  timestampKind,
  type ColumnInfo,
} from '../../duckdb/columns';
import type { DataSource } from '../../duckdb/preview';

const EXTENSIONS = ['csv', 'tsv', 'parquet', 'json', 'jsonl', 'ndjson', 'duckdb'];
const TITLE = 'Preview Sessionization in DuckDB';

type SourceItem = vscode.QuickPickItem & { source?: DataSource; browse?: boolean };

/** Asks where the data comes from: the bundled sample (first, the default), a workspace file, or any file. */
export async function askDataSource(): Promise<DataSource | undefined> {
  const files = await vscode.workspace.findFiles(
    `**/*.{${EXTENSIONS.join(',')}}`,
    '**/node_modules/**',
    200,
  );
  const items: SourceItem[] = [
    {
      label: '$(beaker) Bundled sample clickstream',
      description: 'default',
      detail: 'The sample of the README: epoch-second timestamps, ties broken by event_id',
      source: { kind: 'sample' },
    },
    ...(files.length > 0
      ? [{ label: 'Workspace files', kind: vscode.QuickPickItemKind.Separator }]
      : []),
    ...files
      .map(uri => uri.fsPath)
      .sort()
      .map(file => ({
        label: `$(file) ${path.basename(file)}`,
        description: vscode.workspace.asRelativePath(file),
        source: { kind: 'file', path: file } as const,
      })),
    { label: '$(folder-opened) Choose a file…', browse: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: data`,
    placeHolder:
      'The bundled sample, a data file of the workspace, or any CSV / Parquet / JSON / DuckDB file',
  });
  if (!picked?.browse) {
    return picked?.source;
  }
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: `${TITLE}: data file`,
      canSelectMany: false,
      filters: { 'Data files': EXTENSIONS },
    })) ?? [];
  return uri ? { kind: 'file', path: uri.fsPath } : undefined;
}

/** For a DuckDB database file: which table holds the events. */
export async function askTable(): Promise<string | undefined> {
  const table = await vscode.window.showInputBox({
    title: `${TITLE}: table`,
    prompt: 'The table of events inside the DuckDB database',
    placeHolder: 'main.events',
    validateInput: text => (text.trim() === '' ? 'Name a table, e.g. main.events' : undefined),
  });
  return table?.trim();
}

/** A column name as an input value: quoted when a plain name would not denote it. */
const asInput = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;

/** Whether every column the input names is in the data. */
function names(
  columns: readonly ColumnInfo[],
  input: string,
  text: string | undefined,
  single: boolean,
): boolean {
  if (!text) {
    return false;
  }
  try {
    for (const part of single ? [parseColumnName(text)] : parseColumnList(text)) {
      findColumn(columns, input, part);
    }
    return true;
  } catch {
    return false;
  }
}

const LIKELY_USER_KEY =
  /(^|_)(user|visitor|customer|client|account|member|person|device|anonymous)(_?id)?$|^u?id$/i;

function describeKind(column: ColumnInfo): string {
  switch (timestampKind(column.type)) {
    case 'timestamp':
      return 'timestamp';
    case 'text':
      return 'text: used when every value parses as a timestamp (e.g. 2024-01-31 13:45:00)';
    case 'number':
      return 'number: epoch seconds or milliseconds (asked next)';
    default:
      return `$(error) can't be used: ${column.type} is not a timestamp, text or number`;
  }
}

/**
 * The column inputs the data needs, from the given values when they name columns of the data,
 * asked otherwise: user key (one or more columns), timestamp (candidates first), and the epoch
 * unit when the timestamp is a number. Undefined when the user cancels.
 */
export async function askColumns(
  columns: readonly ColumnInfo[],
  given: Readonly<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  if (!names(columns, 'user_key', given.user_key, false)) {
    for (;;) {
      const picked = await vscode.window.showQuickPick(
        columns.map(c => ({
          label: c.name,
          description: c.type,
          picked: LIKELY_USER_KEY.test(c.name),
        })),
        {
          title: `${TITLE}: user key`,
          placeHolder: given.user_key
            ? `${given.user_key} is not in the data; pick the column(s) that identify a user`
            : 'Pick the column(s) that identify a user (several for a composite key)',
          canPickMany: true,
        },
      );
      if (picked === undefined) {
        return undefined;
      }
      if (picked.length > 0) {
        answers.user_key = picked.map(p => asInput(p.label)).join(', ');
        break;
      }
      void vscode.window.showWarningMessage('SQL Patterns: pick at least one user key column.');
    }
  }
  if (!names(columns, 'event_ts', given.event_ts, true)) {
    for (;;) {
      const picked = await vscode.window.showQuickPick(
        rankTimestampCandidates(columns).map(c => ({
          label: c.name,
          description: c.type,
          detail: describeKind(c),
          column: c,
        })),
        {
          title: `${TITLE}: event timestamp`,
          placeHolder: given.event_ts
            ? `${given.event_ts} is not in the data; pick the column with the event time`
            : 'Pick the column with the event time (timestamp columns first)',
        },
      );
      if (picked === undefined) {
        return undefined;
      }
      const kind = timestampKind(picked.column.type);
      if (kind === 'other') {
        void vscode.window.showErrorMessage(
          `SQL Patterns: event_ts: column ${picked.label} is ${picked.column.type}, which can't be used as the event time; pick a TIMESTAMP or DATE column, text timestamps, or epoch seconds / milliseconds.`,
        );
        continue;
      }
      answers.event_ts = asInput(picked.label);
      if (kind !== 'number') {
        answers.event_ts_unit = 'timestamp';
      }
      break;
    }
  }
  const ts = columns.find(c => names([c], 'event_ts', answers.event_ts ?? given.event_ts, true));
  const unit = answers.event_ts_unit ?? given.event_ts_unit;
  if (ts && timestampKind(ts.type) === 'number' && !unit?.startsWith('epoch')) {
    const millis = /ms|milli/i.test(ts.name);
    const units = [
      { label: 'epoch_s', description: 'seconds since 1970-01-01' },
      { label: 'epoch_ms', description: 'milliseconds since 1970-01-01' },
    ];
    const picked = await vscode.window.showQuickPick(millis ? units.reverse() : units, {
      title: `${TITLE}: timestamp unit`,
      placeHolder: `${ts.name} is ${ts.type}: what does it count?`,
    });
    if (picked === undefined) {
      return undefined;
    }
    answers.event_ts_unit = picked.label;
  }
  return answers;
}
