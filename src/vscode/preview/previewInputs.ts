import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PatternDefinition, PatternPreview } from '../../core/patterns';
import { parseColumnList, parseColumnName } from '../../core/inputs/identifiers';
import {
  findColumn,
  rankTimestampCandidates,
  timestampKind,
  type ColumnInfo,
} from '../../duckdb/columns';
import type { DataSource } from '../../duckdb/preview';

const EXTENSIONS = ['csv', 'tsv', 'parquet', 'json', 'jsonl', 'ndjson', 'duckdb'];

/** The pickers' title: "Preview Sessionization in DuckDB". */
export const previewTitle = (pattern: PatternDefinition) => `Preview ${pattern.title} in DuckDB`;

type PatternItem = vscode.QuickPickItem & { name: string };

/** Which pattern to preview, asked only when more than one pattern has a preview. */
export async function askPattern(
  patterns: readonly PatternDefinition[],
): Promise<string | undefined> {
  if (patterns.length < 2) {
    return patterns[0]?.name;
  }
  const picked = await vscode.window.showQuickPick<PatternItem>(
    patterns.map(p => ({
      label: p.title,
      description: p.name,
      detail: p.description,
      name: p.name,
    })),
    { title: 'Preview in DuckDB: pattern', placeHolder: 'The pattern to preview on local data' },
  );
  return picked?.name;
}

type SourceItem = vscode.QuickPickItem & { source?: DataSource; browse?: boolean };

/** Asks where the data comes from: the bundled sample (first, the default), a workspace file, or any file. */
export async function askDataSource(
  title: string,
  sample: PatternPreview['sample'],
): Promise<DataSource | undefined> {
  const files = await vscode.workspace.findFiles(
    `**/*.{${EXTENSIONS.join(',')}}`,
    '**/node_modules/**',
    200,
  );
  const items: SourceItem[] = [
    {
      label: `$(beaker) ${sample.label}`,
      description: 'default',
      detail: sample.detail,
      source: { kind: 'sample', file: sample.file },
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
    title: `${title}: data`,
    placeHolder:
      'The bundled sample, a data file of the workspace, or any CSV / Parquet / JSON / DuckDB file',
  });
  if (!picked?.browse) {
    return picked?.source;
  }
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: `${title}: data file`,
      canSelectMany: false,
      filters: { 'Data files': EXTENSIONS },
    })) ?? [];
  return uri ? { kind: 'file', path: uri.fsPath } : undefined;
}

/** For a DuckDB database file: which table the input `input` names. */
export async function askTable(title: string, input: string): Promise<string | undefined> {
  const table = await vscode.window.showInputBox({
    title: `${title}: table`,
    prompt: `The table to read inside the DuckDB database (${input})`,
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
 * asked otherwise: each required column input of the preview (a list picks one or more columns),
 * the event timestamp (candidates first), and its epoch unit when it is a number. Undefined when
 * the user cancels.
 */
export async function askColumns(
  pattern: PatternDefinition,
  preview: PatternPreview,
  columns: readonly ColumnInfo[],
  given: Readonly<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  const title = previewTitle(pattern);
  const answers: Record<string, string> = {};
  const asked = preview.columns
    .map(name => pattern.inputs.find(i => i.name === name))
    .filter(spec => spec?.required);
  for (const spec of asked) {
    if (spec === undefined || names(columns, spec.name, given[spec.name], spec.type === 'column')) {
      continue;
    }
    const many = spec.type === 'columns';
    const what = `the column${many ? '(s)' : ''} of ${spec.name}: ${spec.description}`;
    for (;;) {
      const items = columns.map(c => ({
        label: c.name,
        description: c.type,
        picked: many && LIKELY_USER_KEY.test(c.name),
      }));
      const options = {
        title: `${title}: ${spec.name.replaceAll('_', ' ')}`,
        placeHolder: given[spec.name]
          ? `${given[spec.name]} is not in the data; pick ${what}`
          : `Pick ${what}`,
      };
      const picked = many
        ? await vscode.window.showQuickPick(items, { ...options, canPickMany: true })
        : await vscode.window.showQuickPick(items, options).then(p => (p ? [p] : undefined));
      if (picked === undefined) {
        return undefined;
      }
      if (picked.length > 0) {
        answers[spec.name] = picked.map(p => asInput(p.label)).join(', ');
        break;
      }
      void vscode.window.showWarningMessage(`SQL Patterns: pick at least one ${spec.name} column.`);
    }
  }
  const time = preview.timestamp;
  if (time === undefined) {
    return answers;
  }
  if (!names(columns, time.input, given[time.input], true)) {
    for (;;) {
      const picked = await vscode.window.showQuickPick(
        rankTimestampCandidates(columns).map(c => ({
          label: c.name,
          description: c.type,
          detail: describeKind(c),
          column: c,
        })),
        {
          title: `${title}: event timestamp`,
          placeHolder: given[time.input]
            ? `${given[time.input]} is not in the data; pick the column with the event time`
            : 'Pick the column with the event time (timestamp columns first)',
        },
      );
      if (picked === undefined) {
        return undefined;
      }
      const kind = timestampKind(picked.column.type);
      if (kind === 'other') {
        void vscode.window.showErrorMessage(
          `SQL Patterns: ${time.input}: column ${picked.label} is ${picked.column.type}, which can't be used as the event time; pick a TIMESTAMP or DATE column, text timestamps, or epoch seconds / milliseconds.`,
        );
        continue;
      }
      answers[time.input] = asInput(picked.label);
      if (kind !== 'number') {
        answers[time.unit] = 'timestamp';
      }
      break;
    }
  }
  const ts = columns.find(c =>
    names([c], time.input, answers[time.input] ?? given[time.input], true),
  );
  const unit = answers[time.unit] ?? given[time.unit];
  if (ts && timestampKind(ts.type) === 'number' && !unit?.startsWith('epoch')) {
    const millis = /ms|milli/i.test(ts.name);
    const units = [
      { label: 'epoch_s', description: 'seconds since 1970-01-01' },
      { label: 'epoch_ms', description: 'milliseconds since 1970-01-01' },
    ];
    const picked = await vscode.window.showQuickPick(millis ? units.reverse() : units, {
      title: `${title}: timestamp unit`,
      placeHolder: `${ts.name} is ${ts.type}: what does it count?`,
    });
    if (picked === undefined) {
      return undefined;
    }
    answers[time.unit] = picked.label;
  }
  return answers;
}
