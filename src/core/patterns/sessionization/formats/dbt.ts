import { timeArithmetic } from '../../../dialects/dialect';
import { getDialect, quoteIdentifier, supportedDialects, type Dialect } from '../../../dialects';
import { InvalidInputError, type InputProblem } from '../../../errors';
import {
  formatSqlText,
  unsupportedDialect,
  validateFormatRequest,
} from '../../../formats/formatKit';
import type { IdentifierPart, QualifiedName } from '../../../inputs/identifiers';
import { defineInputs, type InputsOf } from '../../../inputs/schema';
import type { FormatOptions, RenderRequest } from '../../../render/request';
import type { FormatDefinition, PatternDefinition, RenderedFormat } from '../../pattern';
import { sessionizationContext, type SessionizationContext } from '../context';
import type { SessionizationInputs, SessionizationSpecs } from '../inputs';
import { formatTemplates, lookbackInput, watermarkProblems } from './templates';

/** The inputs of the dbt format, beside the pattern's own. */
export const dbtInputs = defineInputs([
  {
    name: 'dbt_source',
    type: 'table',
    required: false,
    example: 'app.events',
    description:
      "the events as a dbt source, <source name>.<table name>: the models read {{ source('app', 'events') }}",
  },
  {
    name: 'dbt_ref',
    type: 'table',
    required: false,
    example: 'stg_events',
    description:
      "the events as a dbt model (or package.model): the models read {{ ref('stg_events') }}",
  },
  {
    name: 'dbt_model',
    type: 'column',
    required: false,
    example: 'web_events',
    description:
      'prefix of the model names: <prefix>_sessionized and <prefix>_sessions (default: the table or model name)',
  },
  lookbackInput,
]);

/** Adapters whose `delete+insert` strategy deletes every row of a listed key before inserting. */
export const dbtDialects: readonly string[] = supportedDialects.filter(
  d => getDialect(d).supports.dbtDeleteInsert,
);

type DbtInputs = InputsOf<typeof dbtInputs>;

/** The format's output (`files` relative to the dbt project root), and the names it chose. */
export interface DbtProject extends RenderedFormat {
  readonly dialect: string;
  /** Model names: labelled events and sessions. */
  readonly models: { readonly sessionized: string; readonly sessions: string };
}

const DBT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dbtNameProblem(
  input: string,
  name: QualifiedName,
  parts: string,
): InputProblem | undefined {
  const bad = name.parts.find(p => p.quoted || !DBT_NAME.test(p.name));
  return bad === undefined
    ? undefined
    : { input, message: `must be ${parts} made of letters, digits and _, got "${bad.name}"` };
}

/** dbt name parts of the source or ref, after the format's own checks. */
interface Upstream {
  readonly kind: 'source' | 'ref';
  readonly parts: readonly string[];
}

function checkDbtInputs(
  formatInputs: DbtInputs,
  values: Readonly<Record<string, string>>,
): { problems: InputProblem[]; fill: Record<string, string> } {
  const problems: InputProblem[] = [];
  const source = formatInputs.dbt_source;
  const ref = formatInputs.dbt_ref;
  for (const input of ['sessionized_table', 'sessions_table']) {
    if (values[input] !== undefined) {
      problems.push({
        input,
        message: 'is not used by dbt models: name them with dbt_model=<prefix> instead',
      });
    }
  }
  // Model files are Jinja templates: a name holding Jinja delimiters would be evaluated by dbt.
  for (const [input, value] of Object.entries(values)) {
    if (/[{}]/.test(value)) {
      problems.push({ input, message: 'must not contain { or } in dbt models (Jinja delimiters)' });
    }
  }
  if (source !== undefined && ref !== undefined) {
    problems.push({ input: 'dbt_ref', message: 'give dbt_source or dbt_ref, not both' });
  } else if (source !== undefined && source.parts.length !== 2) {
    problems.push({
      input: 'dbt_source',
      message: 'must be <source name>.<table name> as declared in a sources .yml, e.g. app.events',
    });
  } else if (ref !== undefined && ref.parts.length > 2) {
    problems.push({ input: 'dbt_ref', message: 'must be a model name or package.model' });
  } else if (source === undefined && ref === undefined && values.events_table === undefined) {
    problems.push({
      input: 'dbt_source',
      message:
        'dbt models need the events as dbt_source=<source>.<table> (e.g. app.events) or dbt_ref=<model> (e.g. stg_events)',
    });
  }
  const named = source ?? ref;
  const nameProblem =
    named === undefined
      ? undefined
      : dbtNameProblem(source ? 'dbt_source' : 'dbt_ref', named, 'dbt names');
  const model = formatInputs.dbt_model;
  const modelProblem =
    model === undefined
      ? undefined
      : dbtNameProblem('dbt_model', { parts: [model] }, 'a model name prefix');
  problems.push(...[nameProblem, modelProblem].filter(p => p !== undefined));
  // The pattern requires events_table; in dbt its place is taken by the source or ref.
  const fill: Record<string, string> =
    named === undefined ? {} : { events_table: named.parts.map(p => p.name).join('.') };
  return { problems, fill };
}

function upstreamOf(formatInputs: DbtInputs, inputs: SessionizationInputs): Upstream {
  const source = formatInputs.dbt_source;
  const ref = formatInputs.dbt_ref;
  if (ref !== undefined) {
    return { kind: 'ref', parts: ref.parts.map(p => p.name) };
  }
  const table = source ?? inputs.events_table;
  return { kind: 'source', parts: table.parts.map(p => p.name) };
}

/** A Jinja (Python) single-quoted string literal. */
const jinjaString = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const call = (fn: string, args: readonly string[]) =>
  `{{ ${fn}(${args.map(jinjaString).join(', ')}) }}`;

/**
 * Renders an incremental dbt project for sessionization: `models/<prefix>_sessionized.sql` (every
 * event labelled), `models/<prefix>_sessions.sql` (one row per session), `models/schema.yml` (column
 * docs and generic tests) and one singular test per data test under `tests/`. Both models are
 * `incremental` with `delete+insert` on the user key: an incremental run relabels the whole history
 * of every user with events within `var('sessionization_lookback_minutes')` of the watermark.
 *
 * Accepts the pattern's inputs plus {@link dbtInputs}. Throws InvalidInputError (naming every bad
 * input), UnknownDialectError, or InvalidInputError on `dialect` for engines whose dbt adapter lacks
 * `delete+insert` (see {@link dbtDialects}).
 */
export function renderDbtProject(
  pattern: PatternDefinition<SessionizationSpecs>,
  request: RenderRequest,
  options: FormatOptions & { promptsRoot?: string } = {},
): DbtProject {
  const validated = validateFormatRequest(pattern, request, dbtInputs, {
    values: checkDbtInputs,
    inputs: watermarkProblems,
  });
  const { inputs, formatInputs } = validated;
  if (!dbtDialects.includes(validated.dialect.name)) {
    unsupportedDialect(
      validated.dialect,
      dbtDialects,
      'its dbt adapter has no delete+insert strategy',
    );
  }
  const upstream = upstreamOf(formatInputs, inputs);
  // dbt's source() takes exactly a source name and a table name.
  if (upstream.kind === 'source' && upstream.parts.length !== 2) {
    throw new InvalidInputError([
      {
        input: 'events_table',
        message: `"${upstream.parts.join('.')}" has ${upstream.parts.length} part${upstream.parts.length === 1 ? '' : 's'}; dbt reads a source as source('<source>', '<table>'): give events_table=<source>.<table> (e.g. app.events), dbt_source=<source>.<table> or dbt_ref=<model>`,
      },
    ]);
  }
  const prefix = formatInputs.dbt_model?.name ?? upstream.parts[upstream.parts.length - 1];
  const models = { sessionized: `${prefix}_sessionized`, sessions: `${prefix}_sessions` };

  // One clock for the whole dbt invocation: both models and the tests compare with the run start.
  // BIGINT: DuckDB types a bare 10-digit literal INTEGER, which overflows when scaled to microseconds.
  const runStart = validated.dialect.epochToTimestamp(
    'CAST({{ run_started_at.timestamp() | int }} AS BIGINT)',
    'epoch_s',
  );
  const dialect: Dialect = { ...validated.dialect, now: runStart };
  const base = sessionizationContext(inputs, dialect);
  const unit = inputs.event_ts_unit;
  const time = timeArithmetic(dialect, unit);
  const keys = base.user_key_columns;
  const ts = base.ts;
  const futureSeconds = Math.round(inputs.future_tolerance_minutes * 60);
  const lookbackMinutes = formatInputs.lookback_minutes;
  const context: Record<string, unknown> = {
    ...base,
    events_table: call(upstream.kind, upstream.parts),
    sessionized_table: call('ref', [models.sessionized]),
    sessions_table: call('ref', [models.sessions]),
    unique_key: `[${keys.map(jinjaString).join(', ')}]`,
    lookback_seconds: `{{ var('sessionization_lookback_minutes', ${lookbackMinutes}) }} * 60`,
    source_not_null: base.not_null,
    not_null: `${base.not_null}{% if is_incremental() %}
    AND EXISTS (
      SELECT 1 FROM users_to_relabel AS relabel WHERE ${keys.map(k => `relabel.${k} = src.${k}`).join(' AND ')}
    ){% endif %}`,
    seconds_to_watermark: time.secondsBetween(`src.${ts}`, 'labelled_watermark.watermark_ts'),
    session_end_future: `${dialect.secondsBetween(runStart, time.instantOf('session_end'))} > ${futureSeconds}`,
    seconds_to_session_watermark: dialect.secondsBetween(
      time.asTimestamp(`labelled.${ts}`),
      'sessions_watermark.watermark_end',
    ),
  };
  const templates = formatTemplates(
    pattern,
    'dbt',
    { sessionized: '_sessionized_input.sql.hbs', sessions: '_sessions_input.sql.hbs' },
    options.promptsRoot,
  );
  const config = templates.render('dbt/config.sql.hbs', context);
  const model = (query: string, input: string) =>
    `${config}${formatSqlText(templates.render(query, { ...context, labelled_input: input }), dialect, options)}\n`;
  const tests = pattern.tests
    .filter(test => test.appliesTo?.(inputs) ?? true)
    .map(test => ({
      path: `tests/${prefix}_${test.name}.sql`,
      content:
        (test.severity === 'warn' ? "{{ config(severity='warn') }}\n" : '') +
        formatSqlText(
          `-- ${test.name} (${test.severity}): returns no rows when the data is right.\n-- ${test.description}\n` +
            templates.render(`tests/${test.template}`, context),
          dialect,
          options,
        ) +
        '\n',
    }));
  return {
    dialect: dialect.name,
    models,
    summary: `dbt models \`${models.sessionized}\` (every event with its session) and \`${models.sessions}\` (one row per session), incremental: each run relabels the whole history of every user with events inside the lookback, so sessions crossing a run's edge stay whole and their ids stable. Run both together: \`dbt run -s ${models.sessionized}+\`, then \`dbt test\`.`,
    files: [
      { path: `models/${models.sessionized}.sql`, content: model('events.sql.hbs', 'sessionized') },
      { path: `models/${models.sessions}.sql`, content: model('sessions.sql.hbs', 'sessions') },
      {
        path: 'models/schema.yml',
        content: schemaYaml(models, upstream, inputs, base, lookbackMinutes, dialect),
      },
      ...tests,
    ],
  };
}

export const dbtFormat: FormatDefinition<SessionizationSpecs> = {
  name: 'dbt',
  label: 'dbt models',
  description: 'incremental dbt models, schema.yml and the data tests as singular tests',
  render: renderDbtProject,
};

interface YamlColumn {
  readonly name: string;
  readonly quoted?: boolean;
  readonly description: string;
  readonly tests?: readonly string[];
}

function yamlColumns(columns: readonly YamlColumn[]): string {
  return columns
    .map(
      c =>
        `      - name: ${JSON.stringify(c.name)}\n` +
        (c.quoted ? '        quote: true\n' : '') +
        `        description: ${JSON.stringify(c.description)}\n` +
        (c.tests?.length
          ? `        data_tests:\n${c.tests.map(t => `          - ${t}\n`).join('')}`
          : ''),
    )
    .join('');
}

function schemaYaml(
  models: DbtProject['models'],
  upstream: Upstream,
  inputs: SessionizationInputs,
  context: SessionizationContext,
  lookbackMinutes: number,
  dialect: Dialect,
): string {
  // dbt must quote a column wherever the SQL does (a reserved word such as order or user, or a name
  // the user quoted), or its tests name a different column.
  const quoted = (part: IdentifierPart) => quoteIdentifier(dialect, part) !== part.name;
  const keyColumns = inputs.user_key.map(k => ({
    name: k.name,
    quoted: quoted(k),
    description: 'User key: whose events form one stream.',
    tests: ['not_null'],
  }));
  const ts = inputs.event_ts;
  const attributes = inputs.session_attributes ?? [];
  const declare =
    upstream.kind === 'source'
      ? `# The models read source('${upstream.parts[0]}', '${upstream.parts[1]}'). If no .yml of your project declares that
# source yet, add:
# sources:
#   - name: ${upstream.parts[0]}
#     tables:
#       - name: ${upstream.parts[1]}

`
      : `# The models read ref('${upstream.parts.join("', '")}').

`;
  const sessionized: YamlColumn[] = [
    ...keyColumns,
    {
      name: ts.name,
      quoted: quoted(ts),
      description: 'When the event happened.',
      tests: ['not_null'],
    },
    {
      name: 'seconds_since_prev_event',
      description: "Exact seconds since the user's previous event; NULL for their first.",
    },
    { name: 'is_session_start', description: '1 for the first event of a session, else 0.' },
    {
      name: 'session_seq',
      description: "The session's number for this user: 1, 2, 3 … in time order.",
      tests: ['not_null'],
    },
    {
      name: 'session_id',
      description:
        'Deterministic id of the session, unique across users: user key and session_seq.',
      tests: ['not_null'],
    },
  ];
  const sessions: YamlColumn[] = [
    ...keyColumns,
    {
      name: 'session_seq',
      description: "The session's number for this user.",
      tests: ['not_null'],
    },
    {
      name: 'session_id',
      description: 'Unique, deterministic session id.',
      tests: ['unique', 'not_null'],
    },
    { name: 'session_start', description: 'Time of the first event.' },
    { name: 'session_end', description: 'Time of the last event.' },
    { name: 'event_count', description: 'Number of events in the session.' },
    { name: 'session_duration_seconds', description: 'Exact seconds from first to last event.' },
    ...(context.bot_flag === undefined
      ? []
      : [
          {
            name: 'is_bot',
            description: 'Over bot_max_events or bot_max_minutes: flagged, not dropped.',
          },
        ]),
    ...attributes.flatMap(a => [
      {
        name: `first_${a.name}`,
        quoted: quoted({ name: `first_${a.name}`, quoted: a.quoted }),
        description: `${a.name} of the first event (landing).`,
      },
      {
        name: `last_${a.name}`,
        quoted: quoted({ name: `last_${a.name}`, quoted: a.quoted }),
        description: `${a.name} of the last event (exit).`,
      },
    ]),
  ];
  const timeout = context.timeout_text;
  const rule = `a session ends after ${timeout} of inactivity: a gap strictly longer than ${timeout} starts a new one`;
  return `version: 2

${declare}# Incremental runs relabel users with events within var('sessionization_lookback_minutes')
# (default ${String(lookbackMinutes)}) of the latest labelled event; older late events need a wider lookback
# for one run (--vars '{sessionization_lookback_minutes: 10080}') or --full-refresh of both models.

models:
  - name: ${models.sessionized}
    description: ${JSON.stringify(`Every event with its session (${rule}). Incremental, delete+insert on the user key.`)}
    columns:
${yamlColumns(sessionized)}  - name: ${models.sessions}
    description: ${JSON.stringify(`One row per session of ${models.sessionized}. Incremental, delete+insert on the user key.`)}
    columns:
${yamlColumns(sessions)}`;
}
