// Each option set, rendered twice for DuckDB: by today's templates and by the templates of the
// shape before issue 18 (a running SUM for session_seq, sessions as a GROUP BY over the labelled
// events), taken from git into a scratch prompts folder. Both are timed in the same rounds, and
// their outputs compared row by row: the new shape must label every event and build every session
// exactly as the old one did.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './lib.mjs';

/** The last commit whose templates had the previous shape. */
export const PREVIOUS_SHAPE = '83cce3d';

export const OPTION_SETS = {
  basic: {},
  max_session: { max_session_minutes: '240' },
  midnight: { split_at_midnight_tz: 'Europe/Paris' },
  bots: { bot_max_events: '500', bot_max_minutes: '720' },
  attributes: { order_tiebreak: 'event_id', session_attributes: 'event_id' },
  everything: {
    max_session_minutes: '240',
    split_at_midnight_tz: 'Europe/Paris',
    bot_max_events: '500',
    bot_max_minutes: '720',
    order_tiebreak: 'event_id',
    session_attributes: 'event_id',
  },
};

/** A prompts folder holding the previous shape's sessionization templates (and today's partials). */
export function previousPrompts() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-previous-'));
  const target = path.join(dir, 'sessionization');
  fs.cpSync(path.join(ROOT, 'prompts', 'sessionization'), target, { recursive: true });
  for (const file of ['_labelled_events.sql.hbs', 'sessions.sql.hbs', 'events.sql.hbs']) {
    const text = execFileSync('git', ['show', `${PREVIOUS_SHAPE}:prompts/sessionization/${file}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    fs.writeFileSync(path.join(target, file), text);
  }
  return dir;
}

/**
 * Cases for `measure` (name → SQL) and the exactness checks, for every option set: `<set>:events`,
 * `<set>:events (previous)`, `<set>:sessions`, `<set>:sessions (previous)`.
 */
export function optionQueries(renderPattern, queryOf, promptsRoot) {
  const queries = {};
  for (const [set, extra] of Object.entries(OPTION_SETS)) {
    const request = {
      pattern: 'sessionization',
      dialect: 'duckdb',
      values: { events_table: 'events', user_key: 'user_id', event_ts: 'ts', ...extra },
    };
    const now = renderPattern(request);
    const before = renderPattern(request, { promptsRoot });
    queries[`${set}:events`] = queryOf(now, 'events');
    queries[`${set}:events (previous)`] = queryOf(before, 'events');
    queries[`${set}:sessions`] = queryOf(now, 'sessions');
    queries[`${set}:sessions (previous)`] = queryOf(before, 'sessions');
  }
  return queries;
}

/** Rows that differ between today's and the previous shape's output, per option set and part. */
export async function optionChecks(db, queries) {
  const checks = {};
  for (const set of Object.keys(OPTION_SETS)) {
    for (const part of ['events', 'sessions']) {
      await db.run(`CREATE OR REPLACE TEMP TABLE now_out AS ${queries[`${set}:${part}`]}`);
      await db.run(
        `CREATE OR REPLACE TEMP TABLE before_out AS ${queries[`${set}:${part} (previous)`]}`,
      );
      // Sessions: every column. Events: each event's session (which of two tied events carries the
      // start flag and the gap may differ between any two runs when no order_tiebreak is given).
      const cols = part === 'events' ? 'event_id, session_seq, session_id' : '*';
      const [r] = await db.rows(`SELECT
        (SELECT count(*) FROM (SELECT ${cols} FROM now_out EXCEPT ALL SELECT ${cols} FROM before_out))
        + (SELECT count(*) FROM (SELECT ${cols} FROM before_out EXCEPT ALL SELECT ${cols} FROM now_out)) AS differ,
        (SELECT count(*) FROM now_out) AS n`);
      checks[`${set}:${part}`] =
        `${r.differ} of ${Number(r.n).toLocaleString('en')} ${part === 'events' ? 'events' : 'sessions'} differ`;
    }
  }
  return checks;
}

/** Times every option set's four queries beside the lower bound, then checks them (1M events). */
export async function optionShapes({
  parquet,
  rounds,
  measure,
  openDuckDb,
  lowerBound,
  core,
  log,
}) {
  const promptsRoot = previousPrompts();
  const db = await openDuckDb({ threads: 2 });
  await db.run(`CREATE TABLE events AS SELECT * FROM read_parquet('${parquet}')`);
  const queries = {
    lower_bound: lowerBound('events'),
    ...optionQueries(core.renderPattern, core.queryOf, promptsRoot),
  };
  const cases = Object.entries(queries).map(([name, q]) => ({
    name,
    run: () => db.run(`CREATE OR REPLACE TEMP TABLE bench_out AS ${q}`),
  }));
  log(`DuckDB option sets: ${cases.length} cases × ${rounds} rounds`);
  const times = await measure(cases, rounds);
  const checks = await optionChecks(db, queries);
  db.close();
  fs.rmSync(promptsRoot, { recursive: true, force: true });
  return { times, checks };
}

/** The report's table: per option set and part, today's shape against the previous one. */
export function optionTable(result, fmtMs, fmtRatio) {
  const t = result.times;
  const lb = t.lower_bound;
  const rows = [];
  for (const set of Object.keys(OPTION_SETS)) {
    for (const part of ['events', 'sessions']) {
      const now = t[`${set}:${part}`];
      const before = t[`${set}:${part} (previous)`];
      rows.push(
        `| ${set} | ${part} | ${fmtMs(now.wall)} | ${fmtRatio(now.cpu / lb.cpu)} | ${fmtMs(before.wall)} | ${fmtRatio(before.cpu / lb.cpu)} | ${fmtRatio(before.cpu / now.cpu)} | ${result.checks[`${set}:${part}`]} |`,
      );
    }
  }
  return `| option set | part | wall | × lower bound (CPU) | previous shape, wall | previous × lower bound (CPU) | previous ÷ today (CPU) | exact vs previous |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}
