/** What `/choose-pattern` answers, without any language model: the core behind the chat participant. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerChoosePattern, getPattern } from '../../src/core';

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

describe('/choose-pattern forgiving mistakes', () => {
  it('take the command (and the participant) typed again after the sticky participant', () => {
    for (const prefix of [
      '/choose-pattern ',
      '@sqlpatterns /choose-pattern ',
      '/choose-pattern /choose-pattern ',
    ]) {
      const answer = answerChoosePattern(prefix + seed);
      assert.equal(answer.kind, 'sql', prefix);
    }
  });

  it('accept British spellings of a pattern, and suggest the pattern for a misspelt one', () => {
    const answer = answerChoosePattern(seed.replace('sessionization', 'sessionisation'));
    assert.equal(answer.kind === 'sql' && answer.rendered.pattern, 'sessionization');
    assert.equal(getPattern('Sessionise').name, 'sessionization');
    assert.match(
      answerChoosePattern('sessionisaton events_table=a').markdown,
      /Unknown pattern "sessionisaton" \(did you mean "sessionization"\?\)/,
    );
  });

  it('give an example built on what the user typed, without units they did not ask for', () => {
    const answer = answerChoosePattern(
      'sessionization events_table=app.page_views event_ts=viewed_at dialect=postgres',
    );
    assert.equal(answer.kind, 'missing');
    const example = answer.kind === 'missing' ? answer.example : '';
    assert.equal(
      example,
      '/choose-pattern sessionization events_table=app.page_views user_key=user_id event_ts=viewed_at dialect=postgres',
    );
    assert.match(
      answer.markdown,
      /For example: `\/choose-pattern sessionization events_table=app\.page_views/,
    );
    assert.doesNotMatch(answer.markdown, /event_ts_unit=epoch_s/);
    assert.equal(answerChoosePattern(example).kind, 'sql', 'the example runs as it is');
  });

  it('use the columns known to fit the data in the example', () => {
    const answer = answerChoosePattern('sessionization events_table=web.hits', {
      known: { user_key: 'visitor_id', event_ts: 'hit_at' },
    });
    assert.equal(
      answer.kind === 'missing' && answer.example,
      '/choose-pattern sessionization events_table=web.hits user_key=visitor_id event_ts=hit_at',
    );
  });

  it('take the timeout setting when the message gives none, and only for patterns that have it', () => {
    const defaults = { session_timeout_minutes: '45', unrelated_input: 'x' };
    const byDefault = answerChoosePattern('sessionization events_table=a user_key=u event_ts=t', {
      defaults,
    });
    assert.match(byDefault.markdown, /more than 45 minutes/);
    const typed = answerChoosePattern(seed, { defaults });
    assert.match(typed.markdown, /more than 30 minutes/);
  });
});

describe('the chat model requirement', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { chatParticipants: { description: string }[]; commands: { title: string }[] };
  };
  const generator = manifest.contributes.commands.find(c =>
    c.title.startsWith('Generate SQL'),
  )?.title;

  it('is said where users look: the participant description and the README, both naming the generator', () => {
    assert.ok(generator);
    const description = manifest.contributes.chatParticipants[0]?.description ?? '';
    assert.match(description, /needs a chat model selected/);
    assert.ok(description.includes(`SQL Patterns: ${generator}`), description);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    assert.match(readme, /The chat needs a language model selected in VS Code/);
    assert.match(readme, /Language model unavailable/);
    assert.ok(readme.includes(`Without one, use **SQL Patterns: ${generator}**`));
    assert.doesNotMatch(readme, /answers without any language model/);
  });
});
