import { InvalidInputError, UnknownPatternError } from '../errors';
import { deduplication } from './deduplication/deduplication.pattern';
import type { PatternDefinition, PatternPreview } from './pattern';
import { funnel } from './funnel/funnel.pattern';
import { sessionization } from './sessionization/sessionization.pattern';

export type {
  DataTestDefinition,
  PatternDefinition,
  PatternPreview,
  PreviewBarChart,
  PreviewChart,
  PreviewCurveChart,
  PreviewFigure,
  PreviewGrid,
  PreviewSummary,
  Severity,
  SnippetDefinition,
} from './pattern';
export { partTableInput, partTables, sourceTableInput, type PartTable } from './partTables';

const patterns: readonly PatternDefinition[] = [sessionization, deduplication, funnel];

/** Every pattern, in the order menus list them. */
export function listPatterns(): readonly PatternDefinition[] {
  return patterns;
}

/** A pattern by its name or one of its aliases (other spellings: `sessionisation`), case ignored. */
export function getPattern(name: string): PatternDefinition {
  const key = name.trim().toLowerCase();
  const pattern = patterns.find(p => p.name === key || p.aliases?.includes(key));
  if (pattern === undefined) {
    throw new UnknownPatternError(
      name,
      patterns.map(p => p.name),
      Object.fromEntries(patterns.flatMap(p => (p.aliases ?? []).map(a => [a, p.name]))),
    );
  }
  return pattern;
}

/** The patterns that can be previewed in DuckDB, in menu order. */
export function previewPatterns(): readonly (PatternDefinition & { preview: PatternPreview })[] {
  return patterns.filter((p): p is PatternDefinition & { preview: PatternPreview } => !!p.preview);
}

/** A pattern and how to preview it; a pattern without a preview is refused by name. */
export function previewOf(name: string): { pattern: PatternDefinition; preview: PatternPreview } {
  const pattern = getPattern(name);
  if (pattern.preview === undefined) {
    throw new InvalidInputError([
      {
        input: 'pattern',
        message: `${pattern.name} has no DuckDB preview; patterns with one: ${previewPatterns()
          .map(p => p.name)
          .join(', ')}`,
      },
    ]);
  }
  return { pattern, preview: pattern.preview };
}
