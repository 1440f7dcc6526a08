/** Answers as people type them: words, identifiers, numbers, and the exact errors for bad ones. */
import assert from 'node:assert/strict';
import {
  InvalidInputError,
  UnknownDialectError,
  UnknownPatternError,
  listPatterns,
  parseWords,
  renderPattern,
  requestFromWords,
  queryOf,
} from '../../src/core';
import { parseColumnList, parseTableName } from '../../src/core/inputs/identifiers';

const base = { events_table: 'app.events', user_key: 'user_id', event_ts: 'event_time' };

function problemsOf(values: Record<string, string>, dialect?: string): string {
  try {
    renderPattern({ pattern: 'sessionization', dialect, values });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return error.message;
    }
    throw error;
  }
  assert.fail('expected an InvalidInputError');
}

describe('chat and CLI words', () => {
  it('reads the seed prompt form with a bare pattern name', () => {
    const words = parseWords(
      'sessionization events_table=app.events user_key=user_id event_ts=event_time session_timeout_minutes=30',
    );
    assert.equal(words.pattern, 'sessionization');
    assert.deepEqual(words.values, { ...base, session_timeout_minutes: '30' });
  });

  it('reads name=, quoted values and commas between words', () => {
    const words = parseWords(
      'name=sessionization events_table="app.events", user_key="user_id", event_ts="event_time", session_timeout_minutes=30',
    );
    assert.equal(words.pattern, 'sessionization');
    assert.deepEqual(words.values, { ...base, session_timeout_minutes: '30' });
  });

  it('reads a composite key written with or without a space after the comma', () => {
    assert.equal(
      parseWords('sessionization user_key=user_id, device_id').values.user_key,
      'user_id,device_id',
    );
    assert.equal(
      parseWords('sessionization user_key="user_id, device_id"').values.user_key,
      'user_id, device_id',
    );
  });

  it('keeps double quotes that quote an identifier with a space', () => {
    assert.equal(
      parseWords('sessionization event_ts="Event Time"').values.event_ts,
      '"Event Time"',
    );
  });

  it('takes dialect= from the words unless a flag overrides it', () => {
    const words = parseWords(
      'sessionization dialect=snowflake events_table=a user_key=u event_ts=t',
    );
    assert.equal(requestFromWords(words).dialect, 'snowflake');
    assert.equal(requestFromWords(words, 'bigquery').dialect, 'bigquery');
    assert.equal(requestFromWords(words).values.dialect, undefined);
  });

  it('reports stray words and repeated keys', () => {
    const words = parseWords('sessionization oops user_key=a user_key=b');
    assert.deepEqual(
      words.problems.map(p => p.input),
      ['oops', 'user_key'],
    );
    assert.throws(() => requestFromWords(words), InvalidInputError);
  });

  it('asks for a pattern when none is named', () => {
    assert.throws(
      () => requestFromWords(parseWords('user_key=a')),
      /pattern: name a pattern first/,
    );
  });
});

describe('identifiers', () => {
  it('accepts qualified and quoted names', () => {
    assert.deepEqual(
      parseTableName('catalog.schema.events').parts.map(p => p.name),
      ['catalog', 'schema', 'events'],
    );
    assert.deepEqual(parseTableName('"My ""Data""".[dbo].`t`').parts, [
      { name: 'My "Data"', quoted: true },
      { name: 'dbo', quoted: true },
      { name: 't', quoted: true },
    ]);
    assert.deepEqual(
      parseColumnList('user_id, device_id').map(p => p.name),
      ['user_id', 'device_id'],
    );
  });

  it('quotes reserved words and quoted names per dialect, folding case where the engine does', () => {
    const values = { events_table: '"Raw".events', user_key: '"User ID"', event_ts: 'timestamp' };
    const events = (dialect: string) =>
      queryOf(renderPattern({ pattern: 'sessionization', dialect, values }), 'events');
    assert.match(events('postgres'), /FROM\s+"Raw"\.events AS src/);
    assert.match(events('postgres'), /LAG\("timestamp"\)/);
    assert.match(events('snowflake'), /LAG\("TIMESTAMP"\)/);
    assert.match(events('bigquery'), /PARTITION BY\s+`User ID`/);
    assert.match(events('tsql'), /LAG\(\[timestamp\]\)/);
  });

  it('escapes a closing quote inside a quoted name', () => {
    const sql = queryOf(
      renderPattern({
        pattern: 'sessionization',
        dialect: 'mysql',
        values: { ...base, user_key: '"a`b"' },
      }),
      'events',
    );
    assert.match(sql, /`a``b`/);
  });
});

describe('bad input: one error naming every problem', () => {
  const injection: [string, string, RegExp][] = [
    [
      'a statement after the name',
      'user_id; drop table x',
      /^user_key: "user_id; drop table x" is not a valid column name: unexpected ";" at position 8\./,
    ],
    [
      'a comment',
      'user_id -- x',
      /^user_key: "user_id -- x" is not a valid column name: unexpected "-" at position 9\./,
    ],
    ['a block comment', 'user_id/**/', /unexpected "\/" at position 8/],
    ['a quote that does not close', '"user_id', /quote " is not closed at position 1/],
    ['a string literal', "'x'", /unexpected "'" at position 1/],
    ['a newline', 'user_id\nx', /unexpected control character U\+000a/],
    [
      'a line separator in a quoted name',
      '"a\u2028DROP TABLE x"',
      /unexpected line separator U\+2028 at position 3/,
    ],
    [
      'a paragraph separator in a quoted name',
      '"a\u2029b"',
      /unexpected paragraph separator U\+2029 at position 3/,
    ],
    [
      'a next-line control in a quoted name',
      '"a\u0085b"',
      /unexpected control character U\+0085 at position 3/,
    ],
    ['an empty quoted name', '""', /empty quoted name/],
  ];
  for (const [what, value, message] of injection) {
    it(`rejects ${what} in a column name`, () => {
      assert.match(problemsOf({ ...base, user_key: value }), message);
    });
  }

  it('rejects a table name with more than three parts', () => {
    assert.match(
      problemsOf({ ...base, events_table: 'a.b.c.d' }),
      /^events_table: "a\.b\.c\.d" is not a valid table name: has 4 dotted parts, at most 3 are allowed\./,
    );
  });

  const timeouts: [string, string][] = [
    ['0', 'session_timeout_minutes: must be greater than 0 minutes, got 0'],
    [
      '-5',
      'session_timeout_minutes: "-5" is not a number of minutes; use a positive number such as 30 or 0.5',
    ],
    [
      'abc',
      'session_timeout_minutes: "abc" is not a number of minutes; use a positive number such as 30 or 0.5',
    ],
    ['100000', 'session_timeout_minutes: must be at most 10080 minutes (7 days), got 100000'],
    ['0.001', 'session_timeout_minutes: must be a whole number of seconds, got 0.001 minutes'],
    [
      '1e3',
      'session_timeout_minutes: "1e3" is not a number of minutes; use a positive number such as 30 or 0.5',
    ],
  ];
  for (const [value, message] of timeouts) {
    it(`rejects the timeout ${value}`, () => {
      assert.equal(problemsOf({ ...base, session_timeout_minutes: value }), message);
    });
  }

  it('lists missing, unknown and malformed inputs together', () => {
    const message = problemsOf({ user_key: 'a b', colour: 'red', bot_max_events: '0' });
    assert.equal(
      message,
      'colour: unknown input; accepted inputs are events_table, user_key, event_ts, session_timeout_minutes, event_ts_unit, source_time_zone, order_tiebreak, max_session_minutes, bot_max_events, bot_max_minutes, session_attributes, split_at_midnight_tz, replace_columns, future_tolerance_minutes, sessionized_table, sessions_table; ' +
        'events_table: is required (table or view of events, optionally qualified as catalog.schema.table), for example events_table=app.events; ' +
        'user_key: "a b" is not a valid column name: unexpected "b" at position 3. Use a column name such as user_id (letters, digits, _; quote other names as "My Column"); ' +
        'event_ts: is required (column holding when each event happened), for example event_ts=event_time; ' +
        'bot_max_events: "0" is not a whole number between 1 and 1,000,000,000',
    );
  });

  it('rejects an unknown event_ts_unit and a timestamp that is also a key', () => {
    assert.equal(
      problemsOf({ ...base, event_ts_unit: 'seconds' }),
      'event_ts_unit: "seconds" is not accepted; use one of timestamp, timestamptz, epoch_s, epoch_ms',
    );
    assert.equal(
      problemsOf({ ...base, user_key: 'user_id, event_time' }),
      'event_ts: must not be one of the user_key columns',
    );
  });

  it('accepts zone names of the tz database only, backward links included', () => {
    assert.equal(
      problemsOf({ ...base, split_at_midnight_tz: "Europe/Paris'; drop table x; --" }),
      `split_at_midnight_tz: "Europe/Paris'; drop table x; --" is not a time zone of the tz database (2025b); use an IANA name such as Europe/Paris or UTC`,
    );
    assert.equal(
      problemsOf({ ...base, split_at_midnight_tz: 'Europe/Pariss' }),
      'split_at_midnight_tz: "Europe/Pariss" is not a time zone of the tz database (2025b); use an IANA name such as Europe/Paris or UTC',
    );
    assert.equal(
      problemsOf({ ...base, source_time_zone: 'europe/paris' }),
      'source_time_zone: "europe/paris" is spelled Europe/Paris in the tz database',
    );
    for (const zone of [
      'America/Argentina/Buenos_Aires',
      'UTC',
      'Europe/Kyiv',
      'Europe/Kiev',
      'Asia/Kolkata',
      'Asia/Calcutta',
      'Etc/GMT+2',
    ]) {
      assert.doesNotThrow(
        () =>
          renderPattern({
            pattern: 'sessionization',
            values: { ...base, split_at_midnight_tz: zone, source_time_zone: zone },
          }),
        zone,
      );
    }
  });

  it('refuses a session attribute that is already a session column', () => {
    assert.equal(
      problemsOf({ ...base, session_attributes: 'page, user_id' }),
      'session_attributes: user_id is already a session column (user key or timestamp); list other columns',
    );
  });

  const known = listPatterns()
    .map(p => p.name)
    .join(', ');

  it('names unknown dialects and patterns with what is supported', () => {
    assert.throws(
      () => renderPattern({ pattern: 'sessionization', dialect: 'oracle', values: base }),
      (e: unknown) =>
        e instanceof UnknownDialectError &&
        e.message ===
          'Unknown SQL dialect "oracle". Supported: duckdb, postgres, snowflake, bigquery, spark, redshift, trino, mysql, tsql, sqlite.',
    );
    assert.throws(
      () => renderPattern({ pattern: 'cohorts', values: base }),
      (e: unknown) =>
        e instanceof UnknownPatternError &&
        e.message === `Unknown pattern "cohorts". Known patterns: ${known}.`,
    );
  });

  it('suggests the pattern, dialect or input a typo most likely meant', () => {
    assert.throws(
      () => renderPattern({ pattern: 'sesionisation', values: base }),
      (e: unknown) =>
        e instanceof UnknownPatternError &&
        e.message ===
          `Unknown pattern "sesionisation" (did you mean "sessionization"?). Known patterns: ${known}.`,
    );
    // A British spelling is no typo: it is an alias of the pattern.
    assert.equal(
      renderPattern({ pattern: 'sessionisation', values: base }).pattern,
      'sessionization',
    );
    assert.throws(
      () => renderPattern({ pattern: 'sessionization', dialect: 'postgress', values: base }),
      (e: unknown) =>
        e instanceof UnknownDialectError &&
        e.message.startsWith(
          'Unknown SQL dialect "postgress" (did you mean "postgres"?). Supported:',
        ),
    );
    assert.match(
      problemsOf({ ...base, session_timeout_minute: '45' }),
      /^session_timeout_minute: unknown input \(did you mean session_timeout_minutes\?\); accepted inputs are events_table, /,
    );
    assert.match(problemsOf({ ...base, usr_key: 'u' }), /\(did you mean user_key\?\)/);
  });

  it('accepts dialect aliases', () => {
    assert.equal(
      renderPattern({ pattern: 'sessionization', dialect: 'Databricks', values: base }).dialect,
      'spark',
    );
    assert.equal(
      renderPattern({ pattern: 'sessionization', dialect: 'athena', values: base }).dialect,
      'trino',
    );
  });
});
