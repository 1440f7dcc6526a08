import * as path from 'node:path';
import type Handlebars from 'handlebars';
import type { InputProblem } from '../../../errors';
import { defineInputs } from '../../../inputs/schema';
import {
  defaultPromptsRoot,
  patternTemplates,
  type PatternTemplates,
} from '../../../render/templates';
import type { PatternDefinition } from '../../pattern';
import type { SessionizationInputs } from '../inputs';

/** A format's view of its pattern's template environment (see `src/core/render/templates.ts`). */
export interface FormatTemplates {
  /** Renders a template file, named relative to `prompts/<pattern>/`. */
  render(file: string, context: Record<string, unknown>): string;
}

/** Stand-ins for `_labelled_events` by `labelled_input` value, added per environment. */
const standIns = new WeakMap<PatternTemplates, Map<string, HandlebarsTemplateDelegate>>();

/**
 * The pattern's own template environment, with a format's stand-ins for `_labelled_events`.
 * Formats never copy the labelling SQL: they render the pattern's templates with a different
 * `_labelled_events` input, picked per context by `labelled_input` (none: the pattern's own chain).
 *
 * @param inputs partials (file names under `prompts/<pattern>/<folder>/`) that can stand in for the
 *   pattern's `_labelled_events`, keyed by the `labelled_input` value that selects them.
 */
export function formatTemplates(
  pattern: PatternDefinition,
  folder: string,
  inputs: Readonly<Record<string, string>>,
  promptsRoot = defaultPromptsRoot(),
): FormatTemplates {
  const templates = patternTemplates(pattern, promptsRoot);
  let replacements = standIns.get(templates);
  if (replacements === undefined) {
    const known = new Map<string, HandlebarsTemplateDelegate>();
    replacements = known;
    standIns.set(templates, known);
    const chain = templates.compile('_labelled_events.sql.hbs');
    templates.env.registerPartial('labelled_events_chain', chain);
    const standIn = (
      context: { readonly labelled_input?: string },
      options?: Handlebars.RuntimeOptions,
    ) => {
      const choice = context.labelled_input;
      const template = choice === undefined ? chain : known.get(choice);
      if (template === undefined) {
        throw new Error(`No labelled-events input "${choice}"`);
      }
      return template(context, options);
    };
    templates.env.registerPartial('_labelled_events', standIn);
    registerKeyHelpers(templates.env);
  }
  for (const [name, file] of Object.entries(inputs)) {
    const template = templates.compile(path.join(folder, file));
    if ((replacements.get(name) ?? template) !== template) {
      throw new Error(`labelled-events input "${name}" already stands for another file`);
    }
    replacements.set(name, template);
  }
  return templates;
}

/**
 * Helpers over the user key columns of the root context (`user_key_columns`, already quoted):
 * `{{match "a" "b"}}` → `a.k1 = b.k1 AND a.k2 = b.k2`; `{{match_prior "a" "b"}}` compares with
 * `b.prior_key_<n>`; `{{keys "a"}}` → `a.k1, a.k2`; `{{prior_keys "a"}}` → `a.k1 AS prior_key_1, …`.
 */
function registerKeyHelpers(env: typeof Handlebars): void {
  // Handlebars types the root context `any`: it is the format's context, with the pattern's keys.
  const columns = (options: Handlebars.HelperOptions): readonly string[] =>
    options.data.root.user_key_columns;
  env.registerHelper('match', (a: string, b: string, options: Handlebars.HelperOptions) =>
    columns(options)
      .map(k => `${a}.${k} = ${b}.${k}`)
      .join(' AND '),
  );
  env.registerHelper('match_prior', (a: string, b: string, options: Handlebars.HelperOptions) =>
    columns(options)
      .map((k, i) => `${a}.${k} = ${b}.prior_key_${i + 1}`)
      .join(' AND '),
  );
  env.registerHelper('keys', (a: string, options: Handlebars.HelperOptions) =>
    columns(options)
      .map(k => `${a}.${k}`)
      .join(', '),
  );
  env.registerHelper('prior_keys', (a: string, options: Handlebars.HelperOptions) =>
    columns(options)
      .map((k, i) => `${a}.${k} AS prior_key_${i + 1}`)
      .join(', '),
  );
}

/**
 * The dbt models and the incremental script compare stored event times with watermarks directly;
 * a converted event time (another zone, or a zoned type read as UTC) is not wired through them yet.
 */
export function watermarkProblems(inputs: SessionizationInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  if (inputs.source_time_zone !== undefined) {
    problems.push({
      input: 'source_time_zone',
      message:
        'is not supported by this format yet; render the queries instead, or store event_ts in UTC',
    });
  }
  if (inputs.event_ts_unit === 'timestamptz') {
    problems.push({
      input: 'event_ts_unit',
      message: 'timestamptz is not supported by this format yet; render the queries instead',
    });
  }
  return problems;
}

/** The input both formats take: how far back from the latest labelled event each run looks. */
export const [lookbackInput] = defineInputs([
  {
    name: 'lookback_minutes',
    type: 'minutes',
    required: false,
    default: '60',
    example: '180',
    description:
      "each run relabels users with source events this close to the latest labelled event (in dbt the default of var('sessionization_lookback_minutes')); older late events need a wider lookback or a reprocess",
  },
]);
