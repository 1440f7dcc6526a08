import type { Dialect } from '../../dialects';

/** The funnel rule in the user's own names. */
export function explainFunnel(
  v: Readonly<Record<string, string>>,
  dialect: Dialect,
  testCount: number,
): string[] {
  const window = v.window_minutes ?? '1440';
  return [
    `An ordered funnel over \`${v.events_table}\` per \`${v.user_key}\`, steps \`${v.steps}\` of \`${v.event_name}\`, timed by \`${v.event_ts}\`` +
      `${v.event_ts_unit && v.event_ts_unit !== 'timestamp' ? ` (${v.event_ts_unit})` : ''}, in **${dialect.title}**.`,
    `A user enters at their earliest step-1 event; each later step counts at the earliest such event **at or after** the previous step and **at most ${window} minutes after entry** (compared exactly, never rounded to minutes). A step not reached leaves every later step unreached.`,
    `Three parts: **user_steps** (one row per user: \`entered_at\`, each \`step_k_at\`, \`furthest_step\`), **funnel** (users per step and conversions as fractions) and **${testCount} data tests** that return no rows when the output is right.`,
  ];
}
