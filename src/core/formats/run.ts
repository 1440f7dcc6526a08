import { getDialect } from '../dialects';
import { InvalidInputError } from '../errors';
import { getPattern } from '../patterns';
import type { FormatOptions, RenderRequest } from '../render/render';
import { renderDbtProject } from './dbt';
import { renderIncremental } from './incremental';

/** One file of a format's output, its path relative to where the user puts the files. */
export interface FormatFile {
  readonly path: string;
  readonly content: string;
}

/** A format's output: the files, and a sentence for the chat on what they are and how to run them. */
export interface RenderedFormat {
  readonly files: readonly FormatFile[];
  readonly summary: string;
}

/** An output besides plain SQL, named as `format=<name>` / `--format <name>` asks for it. */
export interface FormatDefinition {
  readonly name: string;
  /** How the generator offers it among the parts. */
  readonly label: string;
  readonly description: string;
  render(request: RenderRequest, options?: FormatOptions): RenderedFormat;
}

const sessionizationFormats: readonly FormatDefinition[] = [
  {
    name: 'dbt',
    label: 'dbt models',
    description: 'incremental dbt models, schema.yml and the data tests as singular tests',
    render: (request, options) => {
      const project = renderDbtProject(request, options);
      return {
        files: project.files,
        summary: `dbt models \`${project.models.sessionized}\` (every event with its session) and \`${project.models.sessions}\` (one row per session), incremental: each run relabels the whole history of every user with events inside the lookback, so sessions crossing a run's edge stay whole and their ids stable. Run both together: \`dbt run -s ${project.models.sessionized}+\`, then \`dbt test\`.`,
      };
    },
  },
  {
    name: 'incremental',
    label: 'incremental script',
    description: "a scheduled script that continues each user's sessions from a state table",
    render: (request, options) => {
      const script = renderIncremental(request, options);
      return {
        files: [{ path: 'sessionize_incremental.sql', content: script.script }],
        summary: `An incremental script for ${getDialect(script.dialect).title}: run it on a schedule; it keeps a state table of each user's last event and session and continues or starts sessions for new events.`,
      };
    },
  },
];

/** The formats of each pattern that has any, by pattern name. */
const formats: Readonly<Record<string, readonly FormatDefinition[]>> = {
  sessionization: sessionizationFormats,
};

/** The formats a pattern offers besides plain SQL (none for most). */
export function formatsOf(pattern: string): readonly FormatDefinition[] {
  return formats[getPattern(pattern).name] ?? [];
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
  const offered = formatsOf(request.pattern);
  const found = offered.find(f => f.name === format.trim().toLowerCase());
  if (found === undefined) {
    const accepted = offered.map(f => `format=${f.name}`).join(' or ');
    throw new InvalidInputError([
      {
        input: 'format',
        message: `"${format}" is not a format of ${getPattern(request.pattern).name}; ${accepted === '' ? 'it has plain SQL only (leave format out)' : `use ${accepted} (or leave it out for plain SQL)`}`,
      },
    ]);
  }
  return found.render(request, options);
}
