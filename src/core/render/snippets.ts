import { checkInput, type InputSpec } from '../inputs/schema';
import type { PatternDefinition } from '../patterns/pattern';
import { renderPattern, type RenderedPattern } from './render';
import type { FormatOptions } from './request';

/** A snippet of one part of a pattern, in one dialect: VS Code snippet syntax with tab stops. */
export interface Snippet {
  readonly name: string;
  readonly prefix: string;
  readonly description: string;
  readonly body: string;
}

/**
 * What a stop's input is rendered as, and the texts of it to turn into the stop: a name is found
 * as itself (also inside a name made from it, such as `<table>_sessions`), a number of minutes as
 * itself and as its seconds, written `(<minutes> * 60)` so that one stop sets both.
 */
interface Stop {
  readonly input: string;
  readonly sentinel: string;
  readonly forms: readonly { readonly text: string; readonly stop: (place: string) => string }[];
}

function stopOf(spec: InputSpec, index: number): Stop {
  switch (spec.type) {
    case 'table':
    case 'column':
    case 'columns': {
      const sentinel = `sp_tabstop_${spec.name}`;
      return { input: spec.name, sentinel, forms: [{ text: sentinel, stop: place => place }] };
    }
    case 'minutes': {
      // A value no template writes by itself: a quarter minute past 8000 and the stop's number.
      const minutes = 8001.25 + index;
      return {
        input: spec.name,
        sentinel: String(minutes),
        forms: [
          { text: String(minutes * 60), stop: place => `(${place} * 60)` },
          { text: String(minutes), stop: place => place },
        ],
      };
    }
    default:
      throw new Error(`${spec.name}: a ${spec.type} input cannot be a snippet tab stop`);
  }
}

/** Text as VS Code snippet syntax reads it literally. */
const escapeSnippet = (text: string) => text.replace(/[\\$}]/g, ch => `\\${ch}`);

/** Where a form stands: a number only where no digit goes on, a name anywhere. */
function formPattern(text: string): string {
  const literal = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return /^\d/.test(text) ? `(?<!\\d)${literal}(?!\\.?\\d)` : literal;
}

/**
 * Escapes snippet syntax, then turns each stop's forms into `${n:shown}` at the first and `${n}`
 * (mirrored) after. Throws when a form is left over: the pattern wrote the input in another way.
 */
function toSnippetBody(sql: string, stops: readonly Stop[], shown: readonly string[]): string {
  let body = escapeSnippet(sql);
  // Longer sentinels first, so that one never takes the start of another.
  const order = stops
    .map((_, i) => i)
    .sort((a, b) => stops[b].sentinel.length - stops[a].sentinel.length);
  for (const index of order) {
    const stop = stops[index];
    const found = new RegExp(stop.forms.map(form => formPattern(form.text)).join('|'), 'g');
    let first = true;
    body = body.replace(found, text => {
      const place = first ? `\${${index + 1}:${escapeSnippet(shown[index])}}` : `\${${index + 1}}`;
      first = false;
      return (stop.forms.find(form => form.text === text)?.stop ?? String)(place);
    });
    if (stop.forms.some(form => body.includes(form.text))) {
      throw new Error(`${stop.input}: its snippet stop stands in a form the snippet cannot follow`);
    }
  }
  return body;
}

function partSql(rendered: RenderedPattern, part: string): string {
  return part === 'tests'
    ? rendered.tests.map(t => `${t.sql};`).join('\n\n')
    : (rendered.queries.find(q => q.part === part)?.sql ?? '');
}

/**
 * A pattern's snippets in one dialect, rendered from the same templates as everything else with a
 * sentinel in place of each tab-stop input. A stop first shows `shown[input]` when that is a valid
 * answer (a setting's default timeout), else the input's default or example; the other inputs keep
 * their defaults.
 */
export function renderSnippets(
  pattern: PatternDefinition,
  dialect: string,
  shown: Readonly<Record<string, string>> = {},
  options: FormatOptions = {},
): Snippet[] {
  const specs = pattern.snippets.stops.map(name => {
    const spec = pattern.inputs.find(i => i.name === name);
    if (spec === undefined) {
      throw new Error(`${pattern.name}: snippet stop ${name} is not one of its inputs`);
    }
    return spec;
  });
  const stops = specs.map(stopOf);
  const shownTexts = specs.map(spec => {
    const given = shown[spec.name];
    return given !== undefined && checkInput(spec, given) === undefined
      ? given
      : (spec.default ?? spec.example);
  });
  const values = {
    ...pattern.snippets.given,
    ...Object.fromEntries(stops.map(s => [s.input, s.sentinel])),
  };
  const rendered = renderPattern({ pattern: pattern.name, dialect, values }, options);
  return pattern.snippets.items.map(({ name, prefix, description, part }) => ({
    name,
    prefix,
    description,
    body: toSnippetBody(partSql(rendered, part), stops, shownTexts),
  }));
}
