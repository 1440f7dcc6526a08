import { getDialect } from '../dialects';
import { renderFormat } from '../formats';
import { InvalidInputError, SqlPatternsError } from '../errors';
import type { InputSpec } from '../inputs/schema';
import { parseWords } from '../inputs/words';
import { getPattern, listPatterns, type PatternDefinition } from '../patterns';
import {
  renderPattern,
  requestFromWords,
  type FormatOptions,
  type RenderRequest,
  type RenderedPattern,
} from '../render/render';

/** What `/choose-pattern …` answers, before any chat UI turns it into markdown and buttons. */
export type ChoosePatternAnswer =
  | { readonly kind: 'patterns'; readonly markdown: string }
  | {
      readonly kind: 'missing';
      readonly markdown: string;
      readonly pattern: PatternDefinition;
      readonly missing: readonly InputSpec[];
      /** What the user did give, for a model to complete. */
      readonly request: RenderRequest;
      /** A complete message built on the user's own answers, to run as it is or edit. */
      readonly example: string;
    }
  | { readonly kind: 'invalid'; readonly markdown: string }
  | {
      readonly kind: 'sql';
      readonly markdown: string;
      readonly request: RenderRequest;
      readonly rendered: RenderedPattern;
    }
  | {
      /** `format=dbt` or `format=incremental`: files to create rather than queries to run. */
      readonly kind: 'files';
      readonly markdown: string;
      readonly request: RenderRequest;
      readonly files: readonly { readonly path: string; readonly content: string }[];
    };

export interface ChoosePatternOptions {
  /** Dialect when the message names none (a setting, the active editor's language). */
  readonly defaultDialect?: string;
  readonly format?: FormatOptions;
  /** Values a language model proposed for inputs the user left out; validated like typed ones. */
  readonly proposals?: Readonly<Record<string, string>>;
  /** Values the user's settings give inputs they leave out (a timeout); below typed and proposed ones. */
  readonly defaults?: Readonly<Record<string, string>>;
  /**
   * Values known to fit the user's data (the answers that worked on the last previewed file), used
   * in examples instead of the pattern's generic ones.
   */
  readonly known?: Readonly<Record<string, string>>;
}

/** `name=value`, quoted when the value holds a space, so that it reads back as one word. */
function word(name: string, value: string): string {
  return /\s/.test(value) && !value.includes("'") ? `${name}='${value}'` : `${name}=${value}`;
}

/**
 * A message that runs: the user's own answers, and for each required input still missing a value
 * known to fit their data or else the pattern's example. Optional inputs stay out (an example
 * unit would contradict the user's column type).
 */
function exampleCommand(
  pattern: PatternDefinition,
  given: Partial<RenderRequest> = {},
  known: Readonly<Record<string, string>> = {},
): string {
  const values = given.values ?? {};
  const words = pattern.inputs
    .filter(i => i.required || values[i.name] !== undefined)
    .map(i => word(i.name, values[i.name]?.trim() || known[i.name] || i.example));
  const dialect = given.dialect === undefined ? [] : [word('dialect', given.dialect)];
  return [`/choose-pattern ${pattern.name}`, ...words, ...dialect].join(' ');
}

/** `@sqlpatterns` and `/choose-pattern` typed again at the start, as a sticky participant invites. */
const REPEATED_PREFIX = /^(?:\s*(?:@sqlpatterns|\/choose-pattern)(?=\s|$))+/i;

function inputLine(input: InputSpec): string {
  const extra = input.required
    ? ' (required)'
    : input.default !== undefined
      ? ` (default ${input.default})`
      : '';
  return `- \`${input.name}\`${extra}: ${input.description}; e.g. \`${input.name}=${input.example}\``;
}

/** Markdown listing every pattern and its inputs: the answer to a bare `/choose-pattern`. */
export function describePatterns(): string {
  return listPatterns()
    .map(p =>
      [
        `**${p.name}**: ${p.description}`,
        '',
        ...p.inputs.map(inputLine),
        '',
        `Example: \`${exampleCommand(p)}\``,
      ].join('\n'),
    )
    .join('\n\n');
}

/** The pattern's explanation of the rule and the choices made, shown above the SQL. */
function explain(
  pattern: PatternDefinition,
  request: RenderRequest,
  rendered: RenderedPattern,
  proposed: readonly string[],
): string {
  const v = request.values;
  const lines = pattern.explain(v, getDialect(rendered.dialect), rendered.tests.length);
  if (proposed.length > 0) {
    lines.push(
      `_Proposed by the language model, please check:_ ${proposed.map(name => `\`${name}=${v[name]}\``).join(', ')}.`,
    );
  }
  return lines.join('\n\n');
}

/** The files of a format (`format=dbt`, …), with what they are and how to run them. */
function answerWithFiles(
  format: string,
  request: RenderRequest,
  options: ChoosePatternOptions,
): ChoosePatternAnswer {
  const { files, summary } = renderFormat(request, format, options.format);
  return {
    kind: 'files',
    markdown: summary,
    request: { ...request, values: { ...request.values, format } },
    files,
  };
}

/**
 * Answers a `/choose-pattern` message without any language model: the patterns for a bare command,
 * what is missing (with an example), a clear message for bad input, or the explained SQL.
 */
export function answerChoosePattern(
  message: string,
  options: ChoosePatternOptions = {},
): ChoosePatternAnswer {
  const prompt = message.replace(REPEATED_PREFIX, '');
  const words = parseWords(prompt);
  if (
    prompt.trim() === '' ||
    (words.pattern === undefined && Object.keys(words.values).length === 0)
  ) {
    return { kind: 'patterns', markdown: describePatterns() };
  }
  try {
    const given = requestFromWords(words);
    const pattern = getPattern(given.pattern);
    // Only the defaults this pattern has inputs for: a timeout setting means nothing to others.
    const defaults = Object.fromEntries(
      pattern.inputs.flatMap(i => {
        const value = options.defaults?.[i.name];
        return value === undefined ? [] : [[i.name, value]];
      }),
    );
    const request: RenderRequest = {
      ...given,
      dialect: given.dialect ?? options.defaultDialect,
      values: { ...defaults, ...options.proposals, ...given.values },
    };
    const missing = pattern.inputs.filter(i => i.required && !request.values[i.name]?.trim());
    try {
      const { format, ...values } = request.values;
      if (format !== undefined) {
        return answerWithFiles(format, { ...request, values }, options);
      }
      const rendered = renderPattern(request, options.format);
      const proposed = Object.keys(options.proposals ?? {}).filter(
        name => given.values[name] === undefined,
      );
      return {
        kind: 'sql',
        markdown: explain(pattern, request, rendered, proposed),
        request,
        rendered,
      };
    } catch (error) {
      // Only missing answers (nothing malformed): say what is needed, which a model may propose.
      const onlyMissing =
        error instanceof InvalidInputError &&
        error.problems.every(p => missing.some(i => i.name === p.input));
      if (!onlyMissing) {
        throw error;
      }
      const example = exampleCommand(pattern, given, options.known);
      const markdown = [
        `To write **${pattern.name}** SQL I still need: ${missing.map(i => `\`${i.name}\``).join(', ')}.`,
        '',
        ...missing.map(inputLine),
        '',
        `For example: \`${example}\``,
      ].join('\n');
      return { kind: 'missing', markdown, pattern, missing, request, example };
    }
  } catch (error) {
    if (!(error instanceof SqlPatternsError)) {
      throw error;
    }
    const problems =
      error instanceof InvalidInputError
        ? error.problems.map(p => `- \`${p.input}\`: ${p.message}`).join('\n')
        : `- ${error.message}`;
    return { kind: 'invalid', markdown: `I can't write that SQL yet:\n\n${problems}` };
  }
}
