import { quoteIdentifier, type Dialect } from '../../dialects';
import { sourceTimeZoneProblems, timeArithmetic } from '../../dialects/dialect';
import type { InputProblem } from '../../errors';
import {
  sameColumn,
  withSuffix,
  type IdentifierPart,
  type QualifiedName,
} from '../../inputs/identifiers';
import { eventTsInKeyProblems } from '../eventStream';
import type { SessionizationInputs } from './inputs';
import { shapeContext } from './shape';

export function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The columns the events part adds to every source column. */
const ADDED_COLUMNS = ['seconds_since_prev_event', 'is_session_start', 'session_seq', 'session_id'];

function checkReplaced(replaced: IdentifierPart[] | undefined, dialect: Dialect): InputProblem[] {
  if (replaced === undefined) {
    return [];
  }
  const other = replaced.find(c => !ADDED_COLUMNS.includes(c.name.toLowerCase()));
  if (other) {
    return [
      {
        input: 'replace_columns',
        message: `${other.name} is not a column the events part adds; list some of ${ADDED_COLUMNS.join(', ')}`,
      },
    ];
  }
  if (dialect.supports.starExcept === undefined) {
    return [
      {
        input: 'replace_columns',
        message: `is not available for ${dialect.title}: it has no SELECT * EXCLUDE; drop or rename the source's column in a view first`,
      },
    ];
  }
  return [];
}

/** Rules across sessionization's inputs, and those a dialect cannot honour. */
export function checkSessionization(
  values: SessionizationInputs,
  dialect: Dialect,
): InputProblem[] {
  const userKey = values.user_key;
  const eventTs = values.event_ts;
  const tiebreak = values.order_tiebreak;
  const problems: InputProblem[] = [...eventTsInKeyProblems(userKey, eventTs)];
  if (tiebreak && (sameColumn(tiebreak, eventTs) || userKey.some(c => sameColumn(c, tiebreak)))) {
    problems.push({
      input: 'order_tiebreak',
      message: 'must be a column other than event_ts and the user_key columns',
    });
  }
  const attributes = values.session_attributes ?? [];
  const taken = [...userKey, eventTs];
  const clash = attributes.find(a => taken.some(c => sameColumn(a, c)));
  if (clash) {
    problems.push({
      input: 'session_attributes',
      message: `${clash.name} is already a session column (user key or timestamp); list other columns`,
    });
  }
  problems.push(...checkReplaced(values.replace_columns, dialect));
  problems.push(...sourceTimeZoneProblems(dialect, values.event_ts_unit, values.source_time_zone));
  if (values.split_at_midnight_tz !== undefined && dialect.localDate === undefined) {
    problems.push({
      input: 'split_at_midnight_tz',
      message: `is not available for ${dialect.title}: it has no named time zones to convert with; split at midnight in UTC upstream, or use another dialect`,
    });
  }
  return problems;
}

/** The SQL fragments sessionization's templates read, made from validated inputs for one dialect. */
export function sessionizationContext(values: SessionizationInputs, dialect: Dialect) {
  const ident = (part: IdentifierPart) => quoteIdentifier(dialect, part);
  const table = (name: QualifiedName) => name.parts.map(ident).join('.');
  const eventsTable = values.events_table;
  const unit = values.event_ts_unit;
  const userKey = values.user_key.map(ident);
  const ts = ident(values.event_ts);
  const { eventTime, secondsBetween, asTimestamp, asInstant } = timeArithmetic(
    dialect,
    unit,
    values.source_time_zone,
  );
  // The event's time as every comparison, ordering and aggregate sees it (the column itself unless a
  // zone has to be converted): ordering by a MySQL TIMESTAMP as read would misplace a repeated hour.
  const time = eventTime(ts);
  const tiebreak = values.order_tiebreak;
  const orderBy = [time, ...(tiebreak ? [ident(tiebreak)] : [])].join(', ');
  const partitionBy = `PARTITION BY ${userKey.join(', ')}`;
  const timeoutMinutes = values.session_timeout_minutes;
  const timeoutSeconds = Math.round(timeoutMinutes * 60);
  const maxMinutes = values.max_session_minutes;
  const botMaxEvents = values.bot_max_events;
  const botMaxMinutes = values.bot_max_minutes;
  const text = dialect.toText;
  const prevTs = `LAG(${time}) OVER (${partitionBy} ORDER BY ${orderBy})`;
  const midnightTz = values.split_at_midnight_tz;
  const localDate = (at: string, tz: string) => {
    if (dialect.localDate === undefined) {
      throw new Error(`${dialect.name} has no time zones; checkColumns should have refused`);
    }
    return dialect.localDate(asInstant(at), tz);
  };
  const attributes = (values.session_attributes ?? []).map(a => ({
    column: ident(a),
    first: ident({ name: `first_${a.name}`, quoted: a.quoted }),
    last: ident({ name: `last_${a.name}`, quoted: a.quoted }),
  }));
  const futureSeconds = Math.round(values.future_tolerance_minutes * 60);

  // Gap and activity expressions are shared by the labelling CTEs and the tests that re-derive them.
  const gapStartsActivity = `seconds_since_prev_event IS NULL OR seconds_since_prev_event > ${timeoutSeconds}`;
  const activityFirst = `${partitionBy} ORDER BY ${orderBy}, CASE WHEN ${gapStartsActivity} THEN 0 ELSE 1 END`;
  const activityStart = `MAX(CASE WHEN ${gapStartsActivity} THEN ${time} END) OVER (${activityFirst} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  const maxSession =
    maxMinutes === undefined
      ? undefined
      : { minutes: maxMinutes, seconds: Math.round(maxMinutes * 60) };
  const maxSeconds = maxSession?.seconds;
  const pieceFrom = (start: string, at: string) =>
    dialect.floor(`${secondsBetween(start, at)} / ${maxSeconds}`);
  const piece = (at: string) => pieceFrom(activityStart, at);

  // Where the engine groups values with different text as one user ('a' and 'a '), the id is built
  // from one value of the group, so one user's session has one id.
  const representative = dialect.keyRepresentative;
  const idKey = representative ? userKey.map(k => representative(k, partitionBy)) : userKey;
  // Composite keys are length-prefixed so that ('a-b', 'c') and ('a', 'b-c') never share an id.
  const sessionIdOf = (keys: readonly string[]) =>
    dialect.concat([
      ...keys.slice(0, -1).flatMap(k => [text(dialect.textLength(text(k))), `':'`, text(k), `'-'`]),
      text(keys[keys.length - 1]),
      `'-'`,
      text('session_seq'),
    ]);
  const sessionId = sessionIdOf(idKey);

  const botFlagOf = (eventCount: string, first: string, last: string) => {
    const conditions = [
      ...(botMaxEvents === undefined ? [] : [`${eventCount} > ${botMaxEvents}`]),
      ...(botMaxMinutes === undefined
        ? []
        : [`${secondsBetween(first, last)} > ${Math.round(botMaxMinutes * 60)}`]),
    ];
    return conditions.length === 0 ? undefined : dialect.flag(conditions.join(' OR '));
  };
  const hasBots = botMaxEvents !== undefined || botMaxMinutes !== undefined;
  const replaced = values.replace_columns;

  return {
    dialect_title: dialect.title,
    events_table: table(eventsTable),
    sessionized_table: table(values.sessionized_table ?? withSuffix(eventsTable, '_sessionized')),
    sessions_table: table(values.sessions_table ?? withSuffix(eventsTable, '_sessions')),
    user_key: userKey.join(', '),
    user_key_columns: userKey,
    ts,
    event_time: time,
    unit_note:
      unit === 'timestamp'
        ? ''
        : ` (${unit === 'epoch_s' ? 'epoch seconds' : 'epoch milliseconds'})`,
    not_null: [...userKey, ts].map(c => `${c} IS NOT NULL`).join(' AND '),
    any_null: [...userKey, ts].map(c => `${c} IS NULL`).join(' OR '),
    timeline: `${partitionBy} ORDER BY ${orderBy}`,
    timeline_session_first: `${partitionBy} ORDER BY ${orderBy}, is_session_start DESC`,
    order_by: orderBy,
    timeline_by_session: `${partitionBy} ORDER BY ${orderBy}, session_seq`,
    test_seconds_since_prev: secondsBetween(
      `LAG(${time}) OVER (${partitionBy} ORDER BY ${orderBy}, session_seq)`,
      time,
    ),
    partition_by: partitionBy,
    seconds_since_prev: secondsBetween(prevTs, time),
    timeout_seconds: timeoutSeconds,
    timeout_text: minutesText(timeoutMinutes),
    gap_starts_activity: gapStartsActivity,
    max_session:
      maxSession === undefined
        ? undefined
        : {
            seconds: maxSession.seconds,
            text: minutesText(maxSession.minutes),
            piece_of_event: piece(time),
            piece_of_prev_event: piece(`LAG(${time}) OVER (${activityFirst})`),
            // The tests read the previous event from their own CTE: engines may order ties differently
            // in two SELECTs (MariaDB does), and one LAG keeps the event and its predecessor paired.
            test_piece_of_prev_event: pieceFrom('activity_start', 'prev_event_ts'),
            // The tests' own run starts, a column of their CTE: the run's first event sorts first among ties.
            test_activity_start: `MAX(CASE WHEN starts_activity = 1 THEN ${time} END) OVER (${partitionBy} ORDER BY ${orderBy}, starts_activity DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
            test_piece_of_event: pieceFrom('activity_start', time),
          },
    midnight:
      midnightTz === undefined
        ? undefined
        : {
            tz: midnightTz,
            date_of_event: localDate(time, midnightTz),
            date_of_prev_event: localDate(prevTs, midnightTz),
            test_date_of_prev_event: localDate('prev_event_ts', midnightTz),
          },
    has_cuts: maxSeconds !== undefined || midnightTz !== undefined,
    attributes,
    session_end_order: `${partitionBy} ORDER BY ${orderBy}, is_session_start DESC`,
    // "now" and the event time are both UTC: a session-zone clock would shift every event by its offset.
    future_condition: `${dialect.secondsBetween(dialect.now, asInstant(time))} > ${futureSeconds}`,
    future_tolerance_text: minutesText(values.future_tolerance_minutes),
    session_id: sessionId,
    session_start: asTimestamp(`MIN(${time})`),
    session_end: asTimestamp(`MAX(${time})`),
    session_duration: secondsBetween(`MIN(${time})`, `MAX(${time})`),
    bot_flag: botFlagOf('COUNT(*)', `MIN(${time})`, `MAX(${time})`),
    // A star that drops the source's own columns of these names: the added ones replace them.
    replaced: replaced && `${dialect.supports.starExcept} (${replaced.map(ident).join(', ')})`,
    // Set by a format whose labelled events come from a stored table: sessions then group them.
    labelled_input: undefined as string | undefined,
    ...shapeContext({
      dialect,
      userKey,
      tiebreak: tiebreak ? ident(tiebreak) : undefined,
      ts,
      time: eventTime,
      partitionBy,
      orderBy,
      timeoutSeconds,
      maxSeconds,
      secondsBetween,
      asTimestamp,
      localDate: midnightTz === undefined ? undefined : at => localDate(at, midnightTz),
      midnightTz,
      attributes,
      sessionId: sessionIdOf,
      idKeys: representative ? idKey : undefined,
      botFlag: hasBots ? botFlagOf : undefined,
    }),
  };
}

/** What sessionization's templates read, and its formats build on. */
export type SessionizationContext = ReturnType<typeof sessionizationContext>;
