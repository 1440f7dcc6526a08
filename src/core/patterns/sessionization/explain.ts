import type { Dialect } from '../../dialects';

/** The inactivity rule in the user's own names, and what the options add to it. */
export function explainSessionization(
  v: Readonly<Record<string, string>>,
  dialect: Dialect,
): string[] {
  const timeout = v.session_timeout_minutes ?? '30';
  const lines = [
    `Sessions of \`${v.events_table}\` per \`${v.user_key}\`, ordered by \`${v.event_ts}\`` +
      `${v.event_ts_unit && v.event_ts_unit !== 'timestamp' ? ` (${v.event_ts_unit})` : ''}, in **${dialect.title}**.`,
    `A new session starts at a user's first event and after a gap of **more than ${timeout} minutes**; a gap of exactly ${timeout} minutes stays in it (compared exactly, never rounded to minutes).`,
  ];
  if (v.max_session_minutes) {
    lines.push(
      `Runs of activity are cut every ${v.max_session_minutes} minutes from their first event.`,
    );
  }
  if (v.bot_max_events || v.bot_max_minutes) {
    lines.push('Sessions over the bot limits are flagged in `is_bot`, not dropped.');
  }
  return lines;
}
