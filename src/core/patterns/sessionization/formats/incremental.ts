import { timeArithmetic } from '../../../dialects/dialect';
import { getDialect, quoteIdentifier, supportedDialects, type Dialect } from '../../../dialects';
import {
  formatSqlText,
  unsupportedDialect,
  validateFormatRequest,
} from '../../../formats/formatKit';
import { withSuffix, type IdentifierPart, type QualifiedName } from '../../../inputs/identifiers';
import { defineInputs } from '../../../inputs/schema';
import type { FormatOptions, RenderRequest } from '../../../render/request';
import type { FormatDefinition, PatternDefinition, RenderedFormat } from '../../pattern';
import { sessionizationContext } from '../context';
import type { SessionizationSpecs } from '../inputs';
import { formatTemplates, lookbackInput, watermarkProblems } from './templates';

/** The inputs of the plain incremental script, beside the pattern's own. */
export const incrementalInputs = defineInputs([
  lookbackInput,
  {
    name: 'state_table',
    type: 'table',
    required: false,
    example: 'app.events_sessionization_state',
    description:
      'one row per user: where their labelled history ends (default <sessionized_table>_state)',
  },
  {
    name: 'reprocess_table',
    type: 'table',
    required: false,
    example: 'app.events_sessionization_reprocess',
    description:
      'user keys to relabel from scratch on the next run (default <sessionized_table>_reprocess)',
  },
]);

/** Engines the script is written and tested for: it needs CREATE TABLE IF NOT EXISTS … AS and DELETE with an alias. */
export const incrementalDialects: readonly string[] = supportedDialects.filter(
  d => getDialect(d).supports.incrementalScript,
);

const intervalSeconds: Readonly<Record<string, (seconds: number) => string>> = {
  duckdb: seconds => `INTERVAL '${seconds} seconds'`,
  postgres: seconds => `INTERVAL '${seconds} seconds'`,
};

export interface IncrementalStatement {
  /** What the statement does, e.g. `label_batch`; stable for scripts and tests. */
  readonly name: string;
  readonly sql: string;
}

/** The format's output (the script as one file), and its parts. */
export interface IncrementalScript extends RenderedFormat {
  readonly dialect: string;
  /** The tables the script maintains, as quoted in the SQL. */
  readonly tables: {
    readonly sessionized: string;
    readonly sessions: string;
    readonly state: string;
    readonly reprocess: string;
  };
  /** One run, in order; run them in one transaction. */
  readonly statements: readonly IncrementalStatement[];
  /** The statements as one script wrapped in BEGIN / COMMIT. */
  readonly script: string;
}

/**
 * Renders the incremental sessionization script for engines without dbt: the labelled events and
 * sessions tables, a state table (each user's last event time, last session number and start, and
 * start of their run of activity) and a queue of users to reprocess. Each run labels the users with
 * source events within `lookback_minutes` of the watermark: new events continue the user's last
 * session or start new ones from the state; users that are new, queued or have late events inside
 * the window are relabelled from scratch. Late events older than the window are not seen: queue
 * their users in the reprocess table (docs/dbt-and-incremental.md).
 *
 * Accepts the pattern's inputs plus {@link incrementalInputs}. Throws InvalidInputError for bad
 * inputs and for dialects outside {@link incrementalDialects}.
 */
export function renderIncremental(
  pattern: PatternDefinition<SessionizationSpecs>,
  request: RenderRequest,
  options: FormatOptions & { promptsRoot?: string } = {},
): IncrementalScript {
  const { dialect, inputs, formatInputs } = validateFormatRequest(
    pattern,
    request,
    incrementalInputs,
    { inputs: watermarkProblems },
  );
  const interval = intervalSeconds[dialect.name];
  if (interval === undefined) {
    unsupportedDialect(
      dialect,
      incrementalDialects,
      'the script is written and tested for these engines',
    );
  }
  const base = sessionizationContext(inputs, dialect);
  const ident = (part: IdentifierPart) => quoteIdentifier(dialect, part);
  const table = (name: QualifiedName) => name.parts.map(ident).join('.');
  const sessionized = inputs.sessionized_table ?? withSuffix(inputs.events_table, '_sessionized');
  const state = formatInputs.state_table ?? withSuffix(sessionized, '_state');
  const reprocess = formatInputs.reprocess_table ?? withSuffix(sessionized, '_reprocess');
  // Work tables are temporary, so unqualified; named after the state table to keep two scripts apart.
  const work = (suffix: string) =>
    ident({
      name: `${state.parts[state.parts.length - 1].name}_${suffix}`,
      quoted: false,
    });

  const unit = inputs.event_ts_unit;
  const time = timeArithmetic(dialect, unit);
  const ts = base.ts;
  const keys = base.user_key_columns;
  const lookbackMinutes = formatInputs.lookback_minutes;
  const lookbackSeconds = Math.round(lookbackMinutes * 60);
  const futureSeconds = Math.round(inputs.future_tolerance_minutes * 60);
  const timeline = base.timeline;
  const gapStartsActivity = base.gap_starts_activity;
  const prevTs = `COALESCE(LAG(${ts}) OVER (${timeline}), bu.prior_last_event_ts)`;
  // As in the labelling CTEs: the event that starts a run of activity sorts first among ties.
  const activityFirst = `${timeline}, CASE WHEN ${gapStartsActivity} THEN 0 ELSE 1 END`;
  const activityStart = `COALESCE(MAX(CASE WHEN ${gapStartsActivity} THEN ${ts} END) OVER (${activityFirst} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), bu.prior_activity_start)`;
  const maxSeconds = base.max_session?.seconds;
  const piece = (at: string) =>
    dialect.floor(`${time.secondsBetween(activityStart, at)} / ${maxSeconds}`);
  const midnightTz = inputs.split_at_midnight_tz;

  const context: Record<string, unknown> = {
    ...base,
    state_table: table(state),
    reprocess_table: table(reprocess),
    batch_users_table: work('batch_users'),
    batch_table: work('batch'),
    changed_table: work('changed_sessions'),
    lookback_text: lookbackMinutes === 1 ? '1 minute' : `${lookbackMinutes} minutes`,
    window_start:
      unit === 'timestamp'
        ? `watermark.watermark_ts - ${interval(lookbackSeconds)}`
        : `watermark.watermark_ts - ${unit === 'epoch_s' ? lookbackSeconds : lookbackSeconds * 1000}`,
    state_future: `${dialect.secondsBetween(dialect.now, time.asInstant('last_event_ts'))} > ${futureSeconds}`,
    bu_prior_keys: keys.map((_, i) => `bu.prior_key_${i + 1}`).join(', '),
    batch_starts_activity: `b.seconds_since_prev_event IS NULL OR b.seconds_since_prev_event > ${base.timeout_seconds}`,
    append: {
      seconds_since_prev: time.secondsBetween(prevTs, ts),
      piece_of_event: maxSeconds === undefined ? undefined : piece(ts),
      piece_of_prev_event:
        maxSeconds === undefined
          ? undefined
          : piece(`COALESCE(LAG(${ts}) OVER (${activityFirst}), bu.prior_last_event_ts)`),
      date_of_prev_event:
        midnightTz === undefined || dialect.localDate === undefined
          ? undefined
          : dialect.localDate(time.asInstant(prevTs), midnightTz),
    },
    relabel: {
      ...base,
      not_null: `${base.not_null} AND EXISTS (SELECT 1 FROM ${work('batch_users')} AS bu WHERE bu.relabel = 1 AND ${keys.map((k, i) => `src.${k} = bu.prior_key_${i + 1}`).join(' AND ')})`,
    },
  };
  context.from_target = { ...context, labelled_input: 'target' };
  const templates = formatTemplates(
    pattern,
    'incremental',
    { target: '_sessions_input.sql.hbs' },
    options.promptsRoot,
  );
  const statements = splitStatements(templates.render('incremental/run.sql.hbs', context)).map(
    ({ name, sql }) => ({ name, sql: formatSqlText(sql, dialect, options) }),
  );
  const tables = {
    sessionized: table(sessionized),
    sessions: base.sessions_table,
    state: table(state),
    reprocess: table(reprocess),
  };
  const script = scriptOf(dialect, tables, statements, keys);
  return {
    dialect: dialect.name,
    tables,
    statements,
    script,
    files: [{ path: 'sessionize_incremental.sql', content: script }],
    summary: `An incremental script for ${dialect.title}: run it on a schedule; it keeps a state table of each user's last event and session and continues or starts sessions for new events.`,
  };
}

export const incrementalFormat: FormatDefinition<SessionizationSpecs> = {
  name: 'incremental',
  label: 'incremental script',
  description: "a scheduled script that continues each user's sessions from a state table",
  render: renderIncremental,
};

function splitStatements(text: string): IncrementalStatement[] {
  return text
    .split(/^-- @statement /m)
    .slice(1)
    .map(block => {
      const newline = block.indexOf('\n');
      return { name: block.slice(0, newline).trim(), sql: block.slice(newline + 1).trim() };
    });
}

function scriptOf(
  dialect: Dialect,
  tables: IncrementalScript['tables'],
  statements: readonly IncrementalStatement[],
  keys: readonly string[],
): string {
  return `-- Incremental sessionization (${dialect.title}): run this whole script on a schedule.
-- It maintains ${tables.sessionized}, ${tables.sessions}, ${tables.state} and ${tables.reprocess}.
-- Late events older than the lookback are not seen by a run. To relabel their users from scratch,
-- queue them before the next run, e.g.:
--   INSERT INTO ${tables.reprocess} SELECT DISTINCT ${keys.join(', ')} FROM <late rows>;
-- To rebuild everything, drop the four tables.
BEGIN;

${statements.map(s => `-- ${s.name}\n${s.sql};`).join('\n\n')}

COMMIT;
`;
}
