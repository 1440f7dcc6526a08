import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  SqlPatternsError,
  listPatterns,
  parseWords,
  renderPattern,
  requestFromWords,
  supportedDialects,
  toContractJson,
  toSqlScript,
  renderDbtProject,
  renderIncremental,
  type RenderRequest,
} from '../core';
import {
  PreviewSession,
  SAMPLE_VALUES,
  type DataSource,
  type PreviewResult,
} from '../duckdb/preview';
import { toPageModel } from '../report/model';
import { writeHtmlReport } from '../report/html';
import { formatPreview } from './formatPreview';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage:
  sqlpatterns list [--json]
  sqlpatterns render <pattern> [--dialect D] [--part events|sessions|tests|all] [--json] key=value ...
  sqlpatterns render <pattern> --format dbt|incremental [--dialect D] [--out DIR] [--json] key=value ...
  sqlpatterns preview <pattern> --data FILE [--json] [--html REPORT.html] [--row-cap N] key=value ...
  sqlpatterns demo [--json] [--html REPORT.html] [key=value ...]
Dialects: ${supportedDialects.join(', ')}.`;

/** Bad command-line usage: reported like bad input (exit 2, one stderr line). */
class UsageError extends Error {}

const FORMATS = ['sql', 'dbt', 'incremental'];

/** The files of a non-SQL format: a dbt project, or the incremental script as one file. */
function renderFormat(format: string, request: RenderRequest): { path: string; content: string }[] {
  switch (format) {
    case 'dbt':
      return [...renderDbtProject(request).files];
    case 'incremental':
      return [{ path: 'sessionize_incremental.sql', content: renderIncremental(request).script }];
    default:
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
}

/** Writes the files under `dir` (created if needed) and lists them; refuses paths leaving it. */
function writeFiles(dir: string, files: readonly { path: string; content: string }[]): string {
  const root = path.resolve(dir);
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    throw new UsageError(`--out: ${dir} is a file; give a folder`);
  }
  const written = files.map(file => {
    const target = path.resolve(root, file.path);
    if (!target.startsWith(root + path.sep)) {
      throw new Error(`refusing to write outside ${root}: ${file.path}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    const relative = path.relative(process.cwd(), target);
    return `wrote ${relative.startsWith('..') ? target : relative}`;
  });
  return written.join('\n') + '\n';
}

const PARTS = ['events', 'sessions', 'tests', 'all'];

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
  source: DataSource,
  values: Readonly<Record<string, string>>,
  rowCap: number | undefined,
): Promise<PreviewResult> {
  const session = await PreviewSession.open(source);
  try {
    return await session.run(values, { rowCap });
  } finally {
    session.close();
  }
}

function parseRowCap(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const cap = Number(text);
  if (!/^\d+$/.test(text) || cap > 100_000) {
    throw new UsageError(`--row-cap must be a whole number from 0 to 100000, got "${text}"`);
  }
  return cap;
}

/** The report's path, checked before the preview runs so a typo does not waste the run. */
function checkReportPath(file: string): string {
  const full = path.resolve(file);
  if (
    !fs.existsSync(path.dirname(full)) ||
    fs.statSync(full, { throwIfNoEntry: false })?.isDirectory()
  ) {
    throw new UsageError(`--html: cannot write ${file}; give a file path in an existing folder`);
  }
  return full;
}

/**
 * Runs one CLI invocation. Exit status: 0 done, 1 an error-severity data test failed,
 * 2 bad input (one line on stderr, nothing on stdout). Other errors are bugs and propagate.
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
        if (!PARTS.includes(part)) {
          throw new UsageError(`--part must be one of ${PARTS.join(', ')}, got "${part}"`);
        }
        const request = requestFromWords(parseWords(words), flags.dialect);
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
        const files = renderFormat(format, request);
        if (flags.out !== undefined) {
          io.stdout(writeFiles(flags.out, files));
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
        const request = requestFromWords(
          parseWords(demo ? ['sessionization', ...words] : words),
          flags.dialect,
        );
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
        const source: DataSource = demo
          ? { kind: 'sample' }
          : { kind: 'file', path: flags.data as string };
        const values = demo ? { ...SAMPLE_VALUES, ...request.values } : request.values;
        const html = flags.html === undefined ? undefined : checkReportPath(flags.html);
        const result = await runPreview(source, values, parseRowCap(flags['row-cap']));
        if (html !== undefined) {
          try {
            writeHtmlReport(html, toPageModel(result, { source, values }));
          } catch (error) {
            const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
            throw new UsageError(`--html: cannot write ${flags.html}: ${reason}`);
          }
        }
        io.stdout(flags.json ? JSON.stringify(result, null, 2) + '\n' : formatPreview(result));
        if (html !== undefined && !flags.json) {
          io.stdout(`HTML report: ${html}\n`);
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
      io.stderr(`sqlpatterns: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw error;
  }
}

/** node:util parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS code. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
  );
}
