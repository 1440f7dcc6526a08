/**
 * What the formats of every pattern share: validating a request that holds a format's own inputs,
 * refusing a dialect, formatting SQL that holds Jinja.
 */
import { defaultDialect, getDialect, type Dialect } from '../dialects';
import { InvalidInputError, type InputProblem } from '../errors';
import { resolveInputs, type InputSpec, type InputsOf } from '../inputs/schema';
import type { PatternDefinition } from '../patterns/pattern';
import { formatForReaders } from '../render/formatter';
import type { FormatOptions, RenderRequest } from '../render/request';
import { validateInputs } from '../render/validate';

/** A request validated for a format: the pattern's answers and the format's own. */
export interface FormatRequest<
  Specs extends readonly InputSpec[],
  FormatSpecs extends readonly InputSpec[],
> {
  readonly dialect: Dialect;
  readonly inputs: InputsOf<Specs>;
  readonly formatInputs: InputsOf<FormatSpecs>;
}

/** A format's rules across inputs, beside each input's own. */
export interface FormatRules<
  Specs extends readonly InputSpec[],
  FormatSpecs extends readonly InputSpec[],
> {
  /**
   * Rules over the format's inputs and the values as given; may return pattern values to fill in
   * (e.g. an events_table derived from a dbt source).
   */
  values?(
    formatInputs: InputsOf<FormatSpecs>,
    values: Readonly<Record<string, string>>,
  ): { problems: InputProblem[]; fill?: Record<string, string> };
  /** Rules over the pattern's validated inputs that only this format has. */
  inputs?(inputs: InputsOf<Specs>): InputProblem[];
}

/**
 * Validates a request whose values mix the pattern's inputs with a format's (`formatSpecs`), and
 * reports every problem of both in one InvalidInputError.
 */
export function validateFormatRequest<
  Specs extends readonly InputSpec[],
  FormatSpecs extends readonly InputSpec[],
>(
  pattern: PatternDefinition<Specs>,
  request: RenderRequest,
  formatSpecs: FormatSpecs,
  rules: FormatRules<Specs, FormatSpecs> = {},
): FormatRequest<Specs, FormatSpecs> {
  const own = new Set(formatSpecs.map(s => s.name));
  const patternValues: Record<string, string> = {};
  const formatValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.values)) {
    (own.has(name) ? formatValues : patternValues)[name] = value;
  }
  const problems: InputProblem[] = [];
  let formatInputs: InputsOf<FormatSpecs> | undefined;
  try {
    formatInputs = resolveInputs(formatSpecs, formatValues);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) {
      throw error;
    }
    problems.push(...error.problems);
  }
  const checked =
    formatInputs !== undefined && rules.values !== undefined
      ? rules.values(formatInputs, request.values)
      : { problems: [], fill: {} };
  problems.push(...checked.problems);
  const dialect = getDialect(request.dialect ?? defaultDialect);
  let inputs: InputsOf<Specs> | undefined;
  try {
    inputs = validateInputs(pattern, dialect, { ...checked.fill, ...patternValues });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) {
      throw error;
    }
    problems.push(...error.problems);
  }
  if (inputs !== undefined) {
    problems.push(...(rules.inputs?.(inputs) ?? []));
  }
  if (inputs === undefined || formatInputs === undefined || problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return { dialect, inputs, formatInputs };
}

/** Refuses a dialect a format does not support, naming the ones it does. */
export function unsupportedDialect(
  dialect: Dialect,
  supported: readonly string[],
  why: string,
): never {
  throw new InvalidInputError([
    {
      input: 'dialect',
      message: `${dialect.name} is not supported for this format (${why}); supported: ${supported.join(', ')}`,
    },
  ]);
}

/**
 * Formats SQL that may hold Jinja: `{{ … }}` is formatted as a parameter, `{% … %}` is kept as a
 * marker comment, and both are put back verbatim; then the quirks render.ts mends are mended.
 */
export function formatSqlText(sql: string, dialect: Dialect, options: FormatOptions = {}): string {
  const statements: string[] = [];
  const masked = sql.replace(/\{%[\s\S]*?%\}/g, statement => {
    statements.push(statement);
    return `/* jinja:${statements.length - 1} */`;
  });
  const formatted = formatForReaders(masked, dialect, options, {
    paramTypes: { custom: [{ regex: String.raw`\{\{[\s\S]*?\}\}` }] },
  });
  return formatted.replace(/\/\* jinja:(\d+) \*\//g, (_m, i: string) => statements[Number(i)]);
}
