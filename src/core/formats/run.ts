import { InvalidInputError } from '../errors';
import { getPattern } from '../patterns';
import type { FormatDefinition, RenderedFormat } from '../patterns/pattern';
import type { FormatOptions, RenderRequest } from '../render/request';
import { scriptFormat } from './script';

/** Formats every pattern has, in every dialect. */
const everyPattern: readonly FormatDefinition[] = [scriptFormat];

/** The formats a pattern offers besides plain SQL: the script, then its own (`PatternDefinition.formats`). */
export function formatsOf(pattern: string): readonly FormatDefinition[] {
  return [...everyPattern, ...(getPattern(pattern).formats ?? [])];
}

/**
 * Renders `request` in one of its pattern's formats: the one runner behind the CLI's `--format`,
 * the chat's `format=` and the generator's format parts.
 */
export function renderFormat(
  request: RenderRequest,
  format: string,
  options?: FormatOptions,
): RenderedFormat {
  const pattern = getPattern(request.pattern);
  const offered = formatsOf(pattern.name);
  const found = offered.find(f => f.name === format.trim().toLowerCase());
  if (found === undefined) {
    const accepted = offered.map(f => `format=${f.name}`).join(' or ');
    throw new InvalidInputError([
      {
        input: 'format',
        message: `"${format}" is not a format of ${pattern.name}; ${accepted === '' ? 'it has plain SQL only (leave format out)' : `use ${accepted} (or leave it out for plain SQL)`}`,
      },
    ]);
  }
  return found.render(pattern, request, options);
}
