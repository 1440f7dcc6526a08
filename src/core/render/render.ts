import { defaultDialect, getDialect, supportedDialects, type Dialect } from '../dialects';
import { InvalidInputError } from '../errors';
import type { ResolvedInputs } from '../inputs/schema';
import type { ParsedWords } from '../inputs/words';
import { formatForReaders } from './formatter';
import { COMMENT_WIDTH } from './layout';
import type { FormatOptions, RenderRequest } from './request';
import { defaultPromptsRoot, patternTemplates } from './templates';
import { validateInputs } from './validate';
import { getPattern, listPatterns, type PatternDefinition, type Severity } from '../patterns';
import { partTables, stepTables } from '../patterns/partTables';

export type { FormatOptions, RenderRequest } from './request';
export { formatForReaders, mendFormatterQuirks } from './formatter';
export { defaultPromptsRoot } from './templates';

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
  /** The table the part is stored in and the tests read, quoted for the dialect (see partTables). */
  readonly table: string;
}

/** Formatted SQL for every part of a pattern in one dialect. */
export interface RenderedPattern {
  readonly pattern: string;
  readonly dialect: string;
  /** Runnable queries, in output order. */
  readonly queries: readonly RenderedQuery[];
  readonly tests: readonly RenderedTest[];
  /** Rendered for `--format script` only: the pattern's script steps, each stored before the parts. */
  readonly steps?: readonly {
    readonly step: string;
    readonly table: string;
    readonly plain: boolean;
    readonly sql: string;
  }[];
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

/**
 * The JSON shape of shared README §3: `{pattern, dialect, parts: {events, sessions, tests}}`; for one
 * part (a query part or `tests`), the same shape with only that part under `parts`.
 */
export function toContractJson(rendered: RenderedPattern, part = 'all'): object {
  const parts: Record<string, unknown> = {};
  for (const query of rendered.queries.filter(q => part === 'all' || part === q.part)) {
    parts[query.part] = query.sql;
  }
  if (part === 'all' || part === 'tests') {
    parts.tests = rendered.tests;
  }
  return { pattern: rendered.pattern, dialect: rendered.dialect, parts };
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

/** Text as `--` comment lines that wrap at the layout width. */
export function commentLines(text: string): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= COMMENT_WIDTH) {
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
export function validateRequest(request: RenderRequest): {
  pattern: PatternDefinition;
  dialect: Dialect;
  inputs: ResolvedInputs;
} {
  const pattern = getPattern(request.pattern);
  const dialect = getDialect(request.dialect ?? defaultDialect);
  return { pattern, dialect, inputs: validateInputs(pattern, dialect, request.values) };
}

/**
 * What every template of a pattern reads: the pattern's own context plus each part's table under its
 * table input's name (`sessionized_table`), so the tests read the tables the script creates.
 */
function templateContext(
  pattern: PatternDefinition,
  inputs: ResolvedInputs,
  dialect: Dialect,
): Record<string, unknown> {
  const tables = partTables(pattern, inputs, dialect).map(t => [t.input, t.table]);
  return { ...pattern.context(inputs, dialect), ...Object.fromEntries(tables) };
}

/**
 * Renders and formats every part of a pattern for one dialect. Throws InvalidInputError,
 * UnknownPatternError or UnknownDialectError on bad answers; never emits unvalidated text.
 */
export function renderPattern(
  request: RenderRequest,
  options: FormatOptions & { promptsRoot?: string; script?: boolean } = {},
): RenderedPattern {
  const { pattern, dialect, inputs } = validateRequest(request);
  const templates = patternTemplates(pattern, options.promptsRoot ?? defaultPromptsRoot());
  // For the script, `script.<step>` names each step's table; elsewhere `script` is unset.
  const steps = options.script ? stepTables(pattern, inputs, dialect) : [];
  const context = {
    ...templateContext(pattern, inputs, dialect),
    script: options.script ? Object.fromEntries(steps.map(s => [s.step, s.table])) : undefined,
  };
  const tables = partTables(pattern, inputs, dialect);
  const queries = pattern.queries.map(({ part, template }, i) => ({
    part,
    sql: formatSql(templates.render(template, context), dialect, options),
    table: (tables[i] as { table: string }).table,
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
  return {
    pattern: pattern.name,
    dialect: dialect.name,
    queries,
    tests,
    ...(options.script
      ? {
          steps: steps.map(({ step, table, plain, template }) => ({
            step,
            table,
            plain,
            sql: formatSql(templates.render(template, context), dialect, options),
          })),
        }
      : {}),
  };
}

export { supportedDialects };
