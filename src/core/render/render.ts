import * as fs from 'node:fs';
import * as path from 'node:path';
import { format, type ParamTypes } from 'sql-formatter';
import { defaultDialect, getDialect, supportedDialects, type Dialect } from '../dialects';
import { InvalidInputError, type InputProblem } from '../errors';
import type { IdentifierPart } from '../inputs/identifiers';
import { resolveInputs, type ResolvedInputs } from '../inputs/schema';
import type { ParsedWords } from '../inputs/words';
import { foldShortLines, LAYOUT_WIDTH } from './layout';
import { patternTemplates } from './templates';
import { getPattern, listPatterns, type PatternDefinition, type Severity } from '../patterns';

/** What every surface (chat message, quick-pick flow, CLI words) turns the user's answers into. */
export interface RenderRequest {
  readonly pattern: string;
  /** Dialect name or alias; duckdb when absent. */
  readonly dialect?: string;
  /** Answers as typed, keyed by input name; validated here. */
  readonly values: Readonly<Record<string, string>>;
}

export interface FormatOptions {
  readonly keywordCase?: 'preserve' | 'upper' | 'lower';
  readonly tabWidth?: number;
}

export interface RenderedTest {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly sql: string;
}

export interface RenderedQuery {
  /** `events` or `sessions` for sessionization. */
  readonly part: string;
  readonly sql: string;
}

/** Formatted SQL for every part of a pattern in one dialect. */
export interface RenderedPattern {
  readonly pattern: string;
  readonly dialect: string;
  /** Runnable queries, in output order. */
  readonly queries: readonly RenderedQuery[];
  readonly tests: readonly RenderedTest[];
}

/** The SQL of one query part; throws when the pattern has no such part. */
export function queryOf(rendered: RenderedPattern, part: string): string {
  const query = rendered.queries.find(q => q.part === part);
  if (query === undefined) {
    throw new Error(`Pattern ${rendered.pattern} has no part "${part}"`);
  }
  return query.sql;
}

/**
 * All parts (or one: a query part or `tests`) as one SQL script, each part headed by a comment and
 * every statement ended by a semicolon, ready to paste or run.
 */
export function toSqlScript(rendered: RenderedPattern, part = 'all'): string {
  const blocks = rendered.queries
    .filter(query => part === 'all' || part === query.part)
    .map(query => `-- ===== ${query.part} =====\n${query.sql};`);
  if (part === 'all' || part === 'tests') {
    blocks.push(`-- ===== tests =====\n${rendered.tests.map(t => `${t.sql};`).join('\n\n')}`);
  }
  return blocks.join('\n\n') + '\n';
}

/** The JSON shape of shared README §3: `{pattern, dialect, parts: {events, sessions, tests}}`. */
export function toContractJson(rendered: RenderedPattern): object {
  const parts: Record<string, unknown> = {};
  for (const query of rendered.queries) {
    parts[query.part] = query.sql;
  }
  parts.tests = rendered.tests;
  return { pattern: rendered.pattern, dialect: rendered.dialect, parts };
}

/** Finds `prompts/` above this module: the layout differs between the bundle and compiled tests. */
export function defaultPromptsRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prompts');
    if (fs.existsSync(path.join(candidate, 'sessionization'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`No prompts/ folder found above ${__dirname}`);
    }
  }
}

/** Formats one query; results are cached because the formatter is the slow step of rendering. */
const formatted = new Map<string, string>();
const FORMAT_CACHE_LIMIT = 256;

function formatSql(sql: string, dialect: Dialect, options: FormatOptions): string {
  const key = `${dialect.formatterLanguage}\0${options.keywordCase}\0${options.tabWidth}\0${sql}`;
  const hit = formatted.get(key);
  if (hit !== undefined) {
    return hit;
  }
  const result = formatForReaders(sql, dialect, options);
  if (formatted.size >= FORMAT_CACHE_LIMIT) {
    formatted.delete(formatted.keys().next().value as string);
  }
  formatted.set(key, result);
  return result;
}

/**
 * sql-formatter with our options (keywords and functions upper case unless the setting says otherwise),
 * its quirks mended, then folded where a line reads better than a staircase (layout.ts).
 */
export function formatForReaders(
  sql: string,
  dialect: Dialect,
  options: FormatOptions,
  formatterOptions: { paramTypes?: ParamTypes } = {},
): string {
  const tabWidth = options.tabWidth ?? 2;
  const keywordCase = options.keywordCase ?? 'upper';
  const text = format(sql, {
    language: dialect.formatterLanguage,
    keywordCase,
    functionCase: keywordCase,
    dataTypeCase: keywordCase,
    tabWidth,
    ...formatterOptions,
  });
  return foldShortLines(mendFormatterQuirks(text, tabWidth));
}

/** Words after which a parenthesis is not a call's: `AS (`, `OVER (`, `IN (` keep their space. */
const WORDS_BEFORE_SPACED_PARENTHESIS = new Set(
  'AS OVER OR AND NOT IN EXISTS WHEN THEN ELSE FROM JOIN ON USING VALUES SELECT BY ALL ANY SOME WITH INTO TABLE FILTER WITHIN'.split(
    ' ',
  ),
);

/**
 * Mends sql-formatter quirks: it breaks a window frame inside its BETWEEN (issue #892:
 * `ts DESC ROWS BETWEEN UNBOUNDED PRECEDING` / `AND CURRENT ROW`), so the frame gets a line of its
 * own, level with ORDER BY; and it writes a function its language does not list with a space before the
 * parenthesis (`LAG (ts)` in duckdb, `timestampdiff (` in spark). Comments are left as written.
 */
export function mendFormatterQuirks(sql: string, tabWidth: number): string {
  return sql
    .split('\n')
    .map(line => {
      const comment = line.indexOf('--');
      const code = comment < 0 ? line : line.slice(0, comment);
      const mended = code.replace(/\b([A-Za-z_][A-Za-z0-9_]*) \(/g, (call, name: string) =>
        WORDS_BEFORE_SPACED_PARENTHESIS.has(name.toUpperCase()) ? call : `${name}(`,
      );
      return mended + (comment < 0 ? '' : line.slice(comment));
    })
    .join('\n')
    .replace(
      /^( *)(.*\S) (ROWS BETWEEN UNBOUNDED PRECEDING)\n *(AND CURRENT ROW)$/gm,
      (_match, indent: string, orderItem: string, frameStart: string, frameEnd: string) =>
        `${indent}${orderItem}\n${indent.slice(tabWidth)}${frameStart} ${frameEnd}`,
    );
}

/** Text as `--` comment lines that wrap at the layout width. */
function commentLines(text: string): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= LAYOUT_WIDTH) {
      lines[last] += ` ${word}`;
    } else {
      lines.push(`-- ${word}`);
    }
  }
  return lines.join('\n');
}

/**
 * Turns parsed `key=value` words into a request. `dialect=` may be one of the words; an explicit
 * `dialect` argument (a CLI flag, a setting) takes precedence.
 */
export function requestFromWords(words: ParsedWords, dialect?: string): RenderRequest {
  if (words.problems.length > 0) {
    throw new InvalidInputError(words.problems);
  }
  if (words.pattern === undefined) {
    throw new InvalidInputError([
      {
        input: 'pattern',
        message: `name a pattern first, e.g. "sessionization events_table=…"; known patterns: ${listPatterns()
          .map(p => p.name)
          .join(', ')}`,
      },
    ]);
  }
  const { dialect: dialectWord, ...values } = words.values;
  return { pattern: words.pattern, dialect: dialect ?? dialectWord, values };
}

/** Validates the answers of a request against its pattern, including rules across inputs. */
/** Names holding a character the dialect cannot write inside a quoted identifier. */
function unquotableNames(inputs: ResolvedInputs, dialect: Dialect): InputProblem[] {
  const refused = dialect.unquotable;
  if (refused === undefined) {
    return [];
  }
  return Object.entries(inputs).flatMap(([input, value]) => {
    const parts: unknown[] = Array.isArray(value)
      ? value
      : typeof value === 'object' && 'parts' in value
        ? [...value.parts]
        : [value];
    const bad = parts.find(
      (p): p is IdentifierPart =>
        typeof p === 'object' &&
        p !== null &&
        'name' in p &&
        refused.pattern.test((p as IdentifierPart).name),
    );
    return bad === undefined
      ? []
      : [{ input, message: `${JSON.stringify(bad.name)} ${refused.reason}` }];
  });
}

export function validateRequest(request: RenderRequest): {
  pattern: PatternDefinition;
  dialect: Dialect;
  inputs: ResolvedInputs;
} {
  const pattern = getPattern(request.pattern);
  const dialect = getDialect(request.dialect ?? defaultDialect);
  const inputs = resolveInputs(pattern.inputs, request.values);
  const problems = [
    ...unquotableNames(inputs, dialect),
    ...(pattern.check?.(inputs, dialect) ?? []),
  ];
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return { pattern, dialect, inputs };
}

/**
 * Renders and formats every part of a pattern for one dialect. Throws InvalidInputError,
 * UnknownPatternError or UnknownDialectError on bad answers; never emits unvalidated text.
 */
export function renderPattern(
  request: RenderRequest,
  options: FormatOptions & { promptsRoot?: string } = {},
): RenderedPattern {
  const { pattern, dialect, inputs } = validateRequest(request);
  const templates = patternTemplates(pattern, options.promptsRoot ?? defaultPromptsRoot());
  const context = pattern.context(inputs, dialect);
  const queries = pattern.queries.map(({ part, template }) => ({
    part,
    sql: formatSql(templates.render(template, context), dialect, options),
  }));
  const tests = pattern.tests
    .filter(test => test.appliesTo?.(inputs) ?? true)
    .map(test => ({
      name: test.name,
      description: test.description,
      severity: test.severity,
      sql: formatSql(
        `-- ${test.name} (${test.severity}): returns no rows when the data is right.\n${commentLines(test.description)}\n` +
          templates.render(`tests/${test.template}`, context),
        dialect,
        options,
      ),
    }));
  return { pattern: pattern.name, dialect: dialect.name, queries, tests };
}

export { supportedDialects };
