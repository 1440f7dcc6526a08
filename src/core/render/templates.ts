import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { PatternDefinition } from '../patterns/pattern';

/**
 * A pattern's templates in one Handlebars environment, shared by the plain queries and every
 * format of the pattern: its partials by file name (without `.sql.hbs`), each query part as
 * `<part>_query`, and what its formats add (helpers, stand-ins for a partial).
 */
export interface PatternTemplates {
  readonly env: typeof Handlebars;
  /** A template file named relative to `prompts/<pattern>/`, compiled once. */
  compile(file: string): HandlebarsTemplateDelegate;
  render(file: string, context: Record<string, unknown>): string;
}

const environments = new Map<string, PatternTemplates>();

export function patternTemplates(
  pattern: PatternDefinition,
  promptsRoot: string,
): PatternTemplates {
  const key = `${promptsRoot}\0${pattern.name}`;
  const cached = environments.get(key);
  if (cached) {
    return cached;
  }
  const dir = path.join(promptsRoot, pattern.name);
  const env = Handlebars.create();
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  // strict: a field missing from the context is a bug, not an empty string; noEscape: output is SQL.
  const compile = (file: string) => {
    let template = compiled.get(file);
    if (template === undefined) {
      template = env.compile(fs.readFileSync(path.join(dir, file), 'utf8'), {
        strict: true,
        noEscape: true,
      });
      compiled.set(file, template);
    }
    return template;
  };
  for (const partial of pattern.partials) {
    env.registerPartial(partial.replace(/\.sql\.hbs$/, ''), compile(partial));
  }
  for (const query of pattern.queries) {
    env.registerPartial(`${query.part}_query`, compile(query.template));
  }
  const templates: PatternTemplates = {
    env,
    compile,
    render: (file, context) => compile(file)(context),
  };
  environments.set(key, templates);
  return templates;
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
