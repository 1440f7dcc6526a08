import { UnknownPatternError } from '../errors';
import type { PatternDefinition } from './pattern';
import { sessionization } from './sessionization/sessionization.pattern';

export type { DataTestDefinition, PatternDefinition, Severity, SnippetDefinition } from './pattern';

const patterns: readonly PatternDefinition[] = [sessionization];

/** Every pattern, in the order menus list them. */
export function listPatterns(): readonly PatternDefinition[] {
  return patterns;
}

export function getPattern(name: string): PatternDefinition {
  const pattern = patterns.find(p => p.name === name.trim().toLowerCase());
  if (pattern === undefined) {
    throw new UnknownPatternError(
      name,
      patterns.map(p => p.name),
    );
  }
  return pattern;
}
