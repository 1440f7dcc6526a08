import { quoteIdentifier, stringLiteral, type Dialect } from '../../dialects';
import { sourceTimeZoneProblems, timeArithmetic } from '../../dialects/dialect';
import type { InputProblem } from '../../errors';
import {
  sameColumn,
  withSuffix,
  type IdentifierPart,
  type QualifiedName,
} from '../../inputs/identifiers';
import type { PatternDefinition } from '../pattern';
import { eventTsInKeyProblems } from '../eventStream';
import { explainFunnel } from './explain';
import { funnelInputs, type FunnelInputs, type FunnelSpecs } from './inputs';
import { funnelPreview } from './preview';

/** Column names of the user_steps part besides the user key, and the helper columns of the queries. */
function generatedColumns(stepCount: number): string[] {
  return [
    'entered_at',
    ...Array.from({ length: stepCount - 1 }, (_, i) => `step_${i + 2}_at`),
    'furthest_step',
    'event_at',
    'event_name',
  ];
}

function checkInputs(values: FunnelInputs, dialect: Dialect): InputProblem[] {
  const userKey = values.user_key;
  const eventTs = values.event_ts;
  const eventName = values.event_name;
  const steps = values.steps;
  const problems: InputProblem[] = [...eventTsInKeyProblems(userKey, eventTs)];
  if (sameColumn(eventName, eventTs) || userKey.some(column => sameColumn(column, eventName))) {
    problems.push({
      input: 'event_name',
      message: 'must be a column other than event_ts and the user_key columns',
    });
  }
  const taken = generatedColumns(steps.length);
  const clash = userKey.find(column => taken.includes(column.name.toLowerCase()));
  if (clash) {
    problems.push({
      input: 'user_key',
      message: `${clash.name} is a column the funnel adds (${taken.join(', ')}); rename it in a view`,
    });
  }
  problems.push(...sourceTimeZoneProblems(dialect, values.event_ts_unit, values.source_time_zone));
  return problems;
}

function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** `a.k1 = b.k1 AND a.k2 = b.k2`: the engine's own equality of the key, as its GROUP BY uses. */
function keyMatch(keys: readonly string[], left: string, right: string): string {
  return keys.map(k => `${left}.${k} = ${right}.${k}`).join(' AND ');
}

function context(values: FunnelInputs, dialect: Dialect): Record<string, unknown> {
  const ident = (part: IdentifierPart) => quoteIdentifier(dialect, part);
  const table = (name: QualifiedName) => name.parts.map(ident).join('.');
  const eventsTable = values.events_table;
  const unit = values.event_ts_unit;
  const userKey = values.user_key.map(ident);
  const ts = ident(values.event_ts);
  const name = ident(values.event_name);
  const steps = values.steps;
  const windowMinutes = values.window_minutes;
  const windowSeconds = Math.round(windowMinutes * 60);
  const { eventTime, secondsBetween, asTimestamp } = timeArithmetic(
    dialect,
    unit,
    values.source_time_zone,
  );
  const literals = steps.map(step => stringLiteral(dialect, step));
  const columnOf = (step: number) => (step === 1 ? 'entered_at' : `step_${step}_at`);
  const prefixed = (alias: string) => userKey.map(k => `${alias}.${k}`).join(', ');
  // A nullable pair differs when one side is NULL and the other not, or both are set and unequal.
  const differs = (a: string, b: string, unequal: string) =>
    `(${a} IS NULL AND ${b} IS NOT NULL) OR (${a} IS NOT NULL AND ${b} IS NULL) OR ${unequal}`;

  const later = steps.slice(1).map((_, i) => {
    const step = i + 2;
    const previous = columnOf(step - 1);
    return {
      step,
      previous_step: step - 1,
      // The CTEs are numbered in their comments: 1 the events, 2 the entry, then one per step.
      cte_number: step + 1,
      literal: literals[step - 1],
      column: columnOf(step),
      previous,
      carried: Array.from({ length: step - 1 }, (_, j) => `u.${columnOf(j + 1)}`).join(', '),
      // The stored tables hold timestamps (epochs converted), compared with the dialect's own
      // arithmetic; the labelling compares the event times themselves.
      within_window: `${secondsBetween('u.entered_at', 'e.event_at')} <= ${windowSeconds}`,
      test_within_window: `${dialect.secondsBetween('u.entered_at', 'e.event_at')} <= ${windowSeconds}`,
      // entered_at is never NULL in a correct row, and a NULL one fails on its own.
      previous_may_be_null: step > 2,
      stored_out_of_order: `${columnOf(step)} < ${previous}`,
      stored_outside_window: `${dialect.secondsBetween('entered_at', columnOf(step))} > ${windowSeconds}`,
      is_last: step === steps.length,
    };
  });
  const furthest = `CASE ${later
    .slice()
    .reverse()
    .map(s => `WHEN ${s.column} IS NOT NULL THEN ${s.step}`)
    .join(' ')} ELSE 1 END`;
  const aliased = (expr: string, column: string) =>
    expr === column ? column : `${expr} AS ${column}`;
  const conversion = (a: string, b: string) => `${dialect.toFloat(a)} / ${b}`;

  return {
    dialect_title: dialect.title,
    events_table: table(eventsTable),
    user_steps_table: table(values.user_steps_table ?? withSuffix(eventsTable, '_user_steps')),
    funnel_table: table(values.funnel_table ?? withSuffix(eventsTable, '_funnel')),
    user_key: userKey.join(', '),
    user_key_u: prefixed('u'),
    key_match: keyMatch(userKey, 'e', 'u'),
    ts,
    event_name: name,
    unit_note:
      unit === 'timestamp'
        ? ''
        : ` (${unit === 'epoch_s' ? 'epoch seconds' : unit === 'epoch_ms' ? 'epoch milliseconds' : 'with a time zone'})`,
    // The queries' own column names, always written out (a snippet's tab stop may become either):
    // event_at the time as compared (epochs stay numbers), the tests' source_event_at the time as
    // stored in user_steps (epochs as timestamps).
    event_at: `${eventTime(ts)} AS event_at`,
    source_event_at: `${asTimestamp(eventTime(ts))} AS event_at`,
    event_name_as: `${name} AS event_name`,
    not_null: [...userKey, ts, name].map(c => `${c} IS NOT NULL`).join(' AND '),
    any_null: [...userKey, ts, name].map(c => `${c} IS NULL`).join(' OR '),
    step_list: literals.join(', '),
    step_count: steps.length,
    first: { literal: literals[0] },
    later,
    last_step: steps.length,
    window_seconds: windowSeconds,
    window_text: minutesText(windowMinutes),
    output_times: ['entered_at', ...later.map(s => s.column)].map(column =>
      aliased(asTimestamp(column), column),
    ),
    furthest_step: furthest,
    rows: steps.map((_, i) => {
      const step = i + 1;
      const users = `users_${step}`;
      const previous = `users_${step - 1}`;
      return step === 1
        ? {
            step,
            literal: literals[0],
            users,
            from_previous: dialect.toFloat('1'),
            from_first: dialect.toFloat('1'),
          }
        : {
            step,
            literal: literals[i],
            users,
            // After a step nobody reached every conversion is undefined: NULL, never 0 or 1.
            from_previous: `CASE WHEN ${previous} > 0 THEN ${conversion(users, previous)} END`,
            from_first: `CASE WHEN ${previous} > 0 THEN ${conversion(users, 'users_1')} END`,
          };
    }),
    users_differ: differs('f.users', 'e.users', 'f.users <> e.users'),
    from_previous_differs: differs(
      'f.conversion_from_previous',
      'e.conversion_from_previous',
      'ABS(f.conversion_from_previous - e.conversion_from_previous) > 0.000000001',
    ),
    from_first_differs: differs(
      'f.conversion_from_first',
      'e.conversion_from_first',
      'ABS(f.conversion_from_first - e.conversion_from_first) > 0.000000001',
    ),
    recorded_differs: differs('recorded_at', 'earliest_at', 'recorded_at <> earliest_at'),
    step_numbers: steps.map((_, i) => i + 1).join(', '),
  };
}

export const funnel: PatternDefinition<FunnelSpecs> = {
  name: 'funnel',
  title: 'Funnel',
  description:
    'Counts how many users go through an ordered list of events (view, add to cart, purchase) within ' +
    'a conversion window, with per-user step times, conversions per step and data tests.',
  inputs: funnelInputs,
  ask: [
    'events_table',
    'user_key',
    'event_ts',
    'event_ts_unit',
    'event_name',
    'steps',
    'window_minutes',
  ],
  queries: [
    {
      part: 'user_steps',
      template: 'user_steps.sql.hbs',
      description: 'one row per user who entered: when each step was reached',
    },
    {
      part: 'funnel',
      template: 'funnel.sql.hbs',
      description: 'one row per step: users and conversions',
    },
  ],
  partials: [
    '_events.sql.hbs',
    '_reached.sql.hbs',
    '_user_steps_select.sql.hbs',
    '_step_users.sql.hbs',
    '_step_rows.sql.hbs',
  ],
  tests: [
    {
      name: 'users_never_increase',
      severity: 'error',
      template: 'users_never_increase.sql.hbs',
      description: 'No step has more users than the step before it.',
    },
    {
      name: 'funnel_matches_user_steps',
      severity: 'error',
      template: 'funnel_matches_user_steps.sql.hbs',
      description:
        "The funnel has one row per step, and each step's users (and conversions) equal the user_steps rows that reached it.",
    },
    {
      name: 'entered_at_is_earliest_step_1_event',
      severity: 'error',
      template: 'entered_at_is_earliest_step_1_event.sql.hbs',
      description: "Each user's entered_at is their earliest step-1 event in the source.",
    },
    {
      name: 'step_times_are_earliest_qualifying',
      severity: 'error',
      template: 'step_times_are_earliest_qualifying.sql.hbs',
      description:
        'Each step_k_at is the earliest source event of step k at or after step k-1 and within the window of entry; an unreached step has no such event.',
    },
    {
      name: 'reached_times_in_order_within_window',
      severity: 'error',
      template: 'reached_times_in_order_within_window.sql.hbs',
      description:
        'Reached steps follow one another in time, inside the window from entered_at, and no step is reached after an unreached one.',
    },
    {
      name: 'furthest_step_agrees',
      severity: 'error',
      template: 'furthest_step_agrees.sql.hbs',
      description: 'furthest_step is the last step with a time.',
    },
    {
      name: 'step_1_users_match_source',
      severity: 'error',
      template: 'step_1_users_match_source.sql.hbs',
      description: "Step 1's users equal the distinct users with a step-1 event in the source.",
    },
    {
      name: 'rows_with_null_user_key_timestamp_or_event_name',
      severity: 'warn',
      template: 'rows_with_null_user_key_timestamp_or_event_name.sql.hbs',
      description:
        'Source rows whose user key, timestamp or event name is NULL: they cannot take part and are left out.',
    },
  ],
  snippets: {
    stops: ['events_table', 'user_key', 'event_ts', 'event_name'],
    given: { steps: 'view,add_to_cart,purchase' },
    items: [
      {
        name: 'Funnel user steps',
        prefix: 'funnelusers',
        description: 'SQL Patterns: when each user reached each step of an ordered funnel',
        part: 'user_steps',
      },
      {
        name: 'Funnel',
        prefix: 'funnel',
        description:
          'SQL Patterns: users and conversion per step of an ordered funnel (24-hour window)',
        part: 'funnel',
      },
      {
        name: 'Funnel data tests',
        prefix: 'funneltests',
        description: 'SQL Patterns: data tests that return no rows when the funnel is right',
        part: 'tests',
      },
    ],
  },
  rule:
    "a user enters at their earliest step-1 event; step k is reached at the earliest event named step k at or after step k-1's time and at most window_minutes after entry; " +
    'an unreached step leaves every later step unreached. Never count each step independently (COUNT(DISTINCT) per event name): that ignores order and the window.',
  check: checkInputs,
  context,
  explain: explainFunnel,
  preview: funnelPreview,
};
