import type { Dialect } from '../dialects';
import { InvalidInputError, type InputProblem } from '../errors';
import type { IdentifierPart } from '../inputs/identifiers';
import {
  resolveInputs,
  type InputSpec,
  type InputsOf,
  type ResolvedInputs,
} from '../inputs/schema';
import type { PatternDefinition } from '../patterns/pattern';

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
        typeof p.name === 'string' &&
        refused.pattern.test(p.name),
    );
    return bad === undefined
      ? []
      : [{ input, message: `${JSON.stringify(bad.name)} ${refused.reason}` }];
  });
}

/**
 * Validates answers against a pattern for one dialect, including its rules across inputs, and
 * throws one InvalidInputError naming every problem.
 */
export function validateInputs<Specs extends readonly InputSpec[]>(
  pattern: PatternDefinition<Specs>,
  dialect: Dialect,
  values: Readonly<Record<string, string>>,
): InputsOf<Specs> {
  const inputs = resolveInputs(pattern.inputs, values);
  const problems = [
    ...unquotableNames(inputs, dialect),
    ...(pattern.check?.(inputs, dialect) ?? []),
  ];
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return inputs;
}
