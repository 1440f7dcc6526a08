/** What `/choose-pattern` answers, without any language model: the core behind the chat participant. */
import assert from 'node:assert/strict';
import { answerChoosePattern } from '../../src/core';

const seed =
  'sessionization events_table=app.events user_key=user_id event_ts=event_time session_timeout_minutes=30';

describe('/choose-pattern answers', () => {
  it('render the seed message with an explanation of the rule', () => {
    const answer = answerChoosePattern(seed);
    assert.equal(answer.kind, 'sql');
    assert.match(answer.markdown, /more than 30 minutes\*\*; a gap of exactly 30 minutes stays/);
    assert.equal(answer.kind === 'sql' && answer.rendered.dialect, 'duckdb');
  });

  it('use the default dialect unless the message names one', () => {
    const byDefault = answerChoosePattern(seed, { defaultDialect: 'snowflake' });
    const named = answerChoosePattern(`${seed} dialect=bigquery`, { defaultDialect: 'snowflake' });
    assert.equal(byDefault.kind === 'sql' && byDefault.rendered.dialect, 'snowflake');
    assert.equal(named.kind === 'sql' && named.rendered.dialect, 'bigquery');
  });

  it('list what is missing, and accept proposals for it that pass validation', () => {
    const missing = answerChoosePattern('sessionization events_table=app.events');
    assert.equal(missing.kind, 'missing');
    assert.deepEqual(missing.kind === 'missing' && missing.missing.map(i => i.name), [
      'user_key',
      'event_ts',
    ]);
    const proposed = answerChoosePattern('sessionization events_table=app.events', {
      proposals: { user_key: 'visitor_id', event_ts: 'occurred_at' },
    });
    assert.equal(proposed.kind, 'sql');
    assert.match(
      proposed.markdown,
      /_Proposed by the language model, please check:_ `user_key=visitor_id`, `event_ts=occurred_at`/,
    );
    const hostile = answerChoosePattern('sessionization events_table=app.events', {
      proposals: { user_key: 'x; drop table y', event_ts: 'occurred_at' },
    });
    assert.equal(hostile.kind, 'invalid', 'a proposal is validated like typed input');
  });

  it('never let a proposal override what the user typed', () => {
    const answer = answerChoosePattern(seed, { proposals: { user_key: 'someone_else' } });
    assert.equal(answer.kind === 'sql' && answer.request.values.user_key, 'user_id');
  });

  it('answer format=dbt with the dbt project files and refuse an unknown format', () => {
    const answer = answerChoosePattern(`${seed} format=dbt dialect=snowflake`);
    assert.equal(answer.kind, 'files');
    const paths = answer.kind === 'files' ? answer.files.map(f => f.path) : [];
    assert.ok(paths.includes('models/events_sessionized.sql'));
    assert.ok(paths.includes('models/schema.yml'));
    assert.match(answer.markdown, /dbt run -s events_sessionized\+/);
    const unknown = answerChoosePattern(`${seed} format=excel`);
    assert.equal(unknown.kind, 'invalid');
    assert.match(unknown.markdown, /`format`: "excel" is not a format/);
  });

  it('explain bad input by name, and list patterns for a bare command', () => {
    const bad = answerChoosePattern(
      'sessionization events_table=app.events user_key=u event_ts=t session_timeout_minutes=-1',
    );
    assert.equal(bad.kind, 'invalid');
    assert.match(bad.markdown, /- `session_timeout_minutes`: "-1" is not a number of minutes/);
    assert.equal(answerChoosePattern('').kind, 'patterns');
    assert.match(answerChoosePattern('funnels').markdown, /Unknown pattern "funnels"/);
  });
});
