import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MEMORY_LIMIT,
  SqlPatternsError,
  parseMemoryLimit,
  parseRowCap,
  getPattern,
  listPatterns,
  parseWords,
  previewOf,
  previewPatterns,
  renderPattern,
  requestFromWords,
  supportedDialects,
  toContractJson,
  toSqlScript,
  formatsOf,
  renderFormat,
} from '../core';
import {
  PreviewSession,
  bundledSamplePath,
  sampleOf,
  type DataSource,
  type PreviewResult,
} from '../duckdb/preview';
import type { DatabaseOptions } from '../duckdb/database';
import {
  checkOutputs,
  writeOutputFile,
  writeOutputFolder,
  type WriteRules,
} from '../files/outputFiles';
import { toPageModel } from '../report/model';
import { buildStandaloneHtml, readPageAssets } from '../report/html';
import { formatPreview, previewJson } from './formatPreview';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage:
  sqlpatterns list [--json]
  sqlpatterns render <pattern> [--dialect D] [--part PART|tests|all] [--json] key=value ...
  sqlpatterns render <pattern> --format dbt|incremental [--dialect D] [--out DIR] [--force] [--json] key=value ...
  sqlpatterns preview <pattern> --data FILE [--json] [--html REPORT.html] [--force] [--row-cap N]
                      [--memory-limit SIZE] key=value ...
  sqlpatterns demo [<pattern>] [--json] [--html REPORT.html] [--force] [key=value ...]
Dialects: ${supportedDialects.join(', ')}.
Files are never overwritten without --force. The preview's DuckDB memory limit is ${DEFAULT_MEMORY_LIMIT}
unless --memory-limit says otherwise; it spills to a private temporary folder and never uses the network.
Exit status: 0 done, 1 an error data test failed, 2 bad input, 3 a bug of ours.`;

/** Bad command-line usage: reported like bad input (exit 2, one stderr line). */
class UsageError extends Error {}

function listText(): string {
  const describe = listPatterns().map(p =>
    [
      `${p.name}: ${p.description}`,
      ...p.inputs.map(
        i =>
          `  ${i.name}${i.required ? ' (required)' : ''}: ${i.description}` +
          `${i.default ? ` [default ${i.default}]` : ''}; e.g. ${i.name}=${i.example}`,
      ),
    ].join('\n'),
  );
  return describe.join('\n\n') + '\n';
}

function listJson(): string {
  const patterns = listPatterns().map(p => ({
    name: p.name,
    title: p.title,
    description: p.description,
    inputs: p.inputs,
  }));
  return JSON.stringify({ patterns, dialects: supportedDialects }, null, 2) + '\n';
}

async function runPreview(
  pattern: string,
  source: DataSource,
  values: Readonly<Record<string, string>>,
  rowCap: number | undefined,
  options: DatabaseOptions,
): Promise<PreviewResult> {
  const session = await PreviewSession.open(source, options);
  try {
    return await session.run(pattern, values, { rowCap });
  } finally {
    session.close();
  }
}

/**
 * Runs one CLI invocation. Exit status: 0 done, 1 an error-severity data test failed,
 * 2 bad input (one line on stderr, nothing on stdout), 3 a bug of ours (one line; the stack
 * only with SQLPATTERNS_DEBUG=1).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values: flags, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dialect: { type: 'string' },
        part: { type: 'string' },
        json: { type: 'boolean' },
        data: { type: 'string' },
        'row-cap': { type: 'string' },
        html: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        'memory-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...words] = positionals;
    if (flags.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    switch (command) {
      case 'list':
        io.stdout(flags.json ? listJson() : listText());
        return 0;
      case 'render': {
        const part = flags.part ?? 'all';
        const request = requestFromWords(parseWords(words), flags.dialect);
        const parts = [...getPattern(request.pattern).queries.map(q => q.part), 'tests', 'all'];
        if (!parts.includes(part)) {
          throw new UsageError(`--part must be one of ${parts.join(', ')}, got "${part}"`);
        }
        const format = flags.format ?? 'sql';
        if (format === 'sql') {
          const rendered = renderPattern(request);
          io.stdout(
            flags.json
              ? JSON.stringify(toContractJson(rendered), null, 2) + '\n'
              : toSqlScript(rendered, part),
          );
          return 0;
        }
        const formats = ['sql', ...formatsOf(request.pattern).map(f => f.name)];
        if (!formats.includes(format)) {
          throw new UsageError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
        }
        const { files } = renderFormat(request, format);
        if (flags.out !== undefined) {
          const rules: WriteRules = { inputs: [], force: flags.force ?? false };
          writeOutputFolder({ option: '--out', path: flags.out }, files, rules);
          io.stdout(files.map(f => `wrote ${path.join(flags.out as string, f.path)}\n`).join(''));
        } else {
          io.stdout(
            flags.json
              ? JSON.stringify({ pattern: request.pattern, format, files }, null, 2) + '\n'
              : files.map(f => `-- ===== ${f.path} =====\n${f.content.trimEnd()}\n`).join('\n'),
          );
        }
        return 0;
      }
      case 'preview':
      case 'demo': {
        const demo = command === 'demo';
        const parsed = parseWords(words);
        // The demo previews the first pattern that has a preview unless one is named.
        const unnamed = demo && parsed.pattern === undefined;
        const request = requestFromWords(
          unnamed ? { ...parsed, pattern: previewPatterns()[0]?.name } : parsed,
          flags.dialect,
        );
        previewOf(request.pattern);
        if (request.dialect !== undefined && request.dialect.toLowerCase() !== 'duckdb') {
          throw new UsageError(
            `${command} runs on DuckDB; choose a dialect with render, not ${command}`,
          );
        }
        if (!demo && flags.data === undefined) {
          throw new UsageError(
            'preview needs --data FILE (.csv, .parquet, .json or .duckdb); "sqlpatterns demo" previews the bundled sample',
          );
        }
        const sample = demo ? sampleOf(request.pattern) : undefined;
        const source: DataSource = sample?.source ?? { kind: 'file', path: flags.data as string };
        const values = { ...sample?.values, ...request.values };
        const rules: WriteRules = {
          inputs: [source.kind === 'file' ? source.path : bundledSamplePath(source.file)],
          force: flags.force ?? false,
        };
        const html = flags.html === undefined ? undefined : { option: '--html', path: flags.html };
        // Refused paths cost nothing: checked before the preview runs.
        checkOutputs(html === undefined ? [] : [html], rules);
        const rowCap =
          flags['row-cap'] === undefined ? undefined : parseRowCap(flags['row-cap'], '--row-cap');
        const memoryLimit =
          flags['memory-limit'] === undefined
            ? undefined
            : parseMemoryLimit(flags['memory-limit'], '--memory-limit');
        const result = await runPreview(request.pattern, source, values, rowCap, { memoryLimit });
        if (html !== undefined) {
          const page = buildStandaloneHtml(
            toPageModel(result, { pattern: request.pattern, source, values }),
            readPageAssets(),
          );
          await writeOutputFile(html, page, rules);
        }
        io.stdout(flags.json ? previewJson(result) : formatPreview(result));
        if (html !== undefined && !flags.json) {
          io.stdout(`HTML report: ${path.resolve(html.path)}\n`);
        }
        return result.tests.some(t => t.severity === 'error' && !t.passed) ? 1 : 0;
      }
      case undefined:
        throw new UsageError(
          `name a command: list, render, preview or demo (see sqlpatterns --help)`,
        );
      default:
        throw new UsageError(`unknown command "${command}"; use list, render, preview or demo`);
    }
  } catch (error) {
    if (
      error instanceof SqlPatternsError ||
      error instanceof UsageError ||
      isParseArgsError(error)
    ) {
      io.stderr(`sqlpatterns: ${oneLine((error as Error).message)}\n`);
      return 2;
    }
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr(
      `sqlpatterns: internal error (a bug of ours, not your input): ${oneLine(detail)}; please report it with the command you ran${process.env.SQLPATTERNS_DEBUG === '1' ? '' : ' (SQLPATTERNS_DEBUG=1 shows the stack)'}\n`,
    );
    if (process.env.SQLPATTERNS_DEBUG === '1' && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return 3;
  }
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A message as one terminal-safe line: line breaks become spaces, other control characters
 * (escape sequences from column names or values) are shown escaped, never sent raw.
 */
export function oneLine(message: string): string {
  return message
    .replace(/\s*\n\s*/g, ' ')
    .replace(CONTROL_CHARACTERS, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** node:util parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS code. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
  );
}
