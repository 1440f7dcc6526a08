/**
 * The funnel's inputs as a user types them on the command line or in chat: step lists with quoted names,
 * and one clear line (exit 2, nothing on stdout) for every list or column the funnel cannot use.
 */
import assert from 'node:assert/strict';
import { getDialect, queryOf, renderPattern, supportedDialects } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { stringLiteral } from '../../src/core/dialects';
import { answerChoosePattern } from '../../src/core/chat/choosePattern';
import { cli } from '../support/cli';

const base = [
  'events_table=app.events',
  'user_key=user_id',
  'event_ts=event_time',
  'event_name=event_name',
];

describe('funnel inputs', function () {
  this.timeout(30_000);

  it('reads quoted step names with spaces, commas and doubled quotes', async () => {
    const { code, stdout } = await cli(
      'render',
      'funnel',
      '--part',
      'funnel',
      ...base,
      "steps='add to cart','it''s, ok',purchase",
    );
    assert.equal(code, 0);
    assert.match(stdout, /^-- ===== funnel =====$/m);
    assert.match(stdout, /IN \('add to cart', 'it''s, ok', 'purchase'\)/);
    assert.match(stdout, /'it''s, ok' AS step_name/);
  });

  it('takes the steps as chat words, a list continued after a comma and a space', () => {
    const answer = answerChoosePattern(
      `funnel ${base.join(' ')} steps=view, 'add to cart', purchase`,
    );
    assert.ok(answer.kind === 'sql', JSON.stringify(answer).slice(0, 300));
    assert.match(answer.markdown, /An ordered funnel/);
    assert.match(answer.rendered.queries[0]?.sql ?? '', /IN \('view', 'add to cart', 'purchase'\)/);
  });

  for (const [what, steps, message] of [
    ['a step named twice', 'steps=view,cart,view', /^sqlpatterns: steps: "view" is listed twice/],
    ['one step only', 'steps=view', /^sqlpatterns: steps: 1 value is given, 2 to 10 are accepted/],
    [
      'more than ten steps',
      'steps=a,b,c,d,e,f,g,h,i,j,k',
      /^sqlpatterns: steps: 11 values are given, 2 to 10 are accepted/,
    ],
    [
      'an unclosed quote',
      "steps='add to cart,view",
      /^sqlpatterns: steps: the quote at position 1 is not closed/,
    ],
    ['a bare name with a space', 'steps=add to,cart', /^sqlpatterns: steps: unexpected "t"/],
    ['a control character', 'steps=view,"a\u0007b"', /^sqlpatterns: steps: /],
  ] as const) {
    it(`refuses ${what} in one line, exit 2`, async () => {
      const { code, stdout, stderr } = await cli('render', 'funnel', ...base, steps);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1);
      assert.match(stderr, /for example steps=/);
    });
  }

  it('refuses a missing event_name in one line, exit 2', async () => {
    const { code, stdout, stderr } = await cli(
      'render',
      'funnel',
      ...base.filter(w => !w.startsWith('event_name=')),
      'steps=view,purchase',
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^sqlpatterns: event_name: is required \(column naming each event/);
  });

  it('refuses an event_name that is a user key or the timestamp', async () => {
    const { code, stderr } = await cli(
      'render',
      'funnel',
      'events_table=e',
      'user_key=u,n',
      'event_ts=t',
      'event_name=n',
      'steps=a,b',
    );
    assert.equal(code, 2);
    assert.match(
      stderr,
      /event_name: must be a column other than event_ts and the user_key columns/,
    );
  });

  it('refuses a user key named like a column the funnel adds', async () => {
    const { code, stderr } = await cli(
      'render',
      'funnel',
      'events_table=e',
      'user_key=entered_at',
      'event_ts=t',
      'event_name=n',
      'steps=a,b',
    );
    assert.equal(code, 2);
    assert.match(stderr, /user_key: entered_at is a column the funnel adds/);
  });

  it('offers --part user_steps and funnel, and names them when another is asked', async () => {
    const { code, stderr } = await cli(
      'render',
      'funnel',
      '--part',
      'events',
      ...base,
      'steps=a,b',
    );
    assert.equal(code, 2);
    assert.match(stderr, /--part must be one of user_steps, funnel, tests, all, got "events"/);
  });

  it('lists the funnel with its inputs', async () => {
    const { stdout } = await cli('list');
    assert.match(stdout, /^funnel: /m);
    assert.match(stdout, /window_minutes: .* \[default 1440\]/);
  });

  it('keeps a hostile step name a value: it is matched and read back, and nothing else runs', async () => {
    const db = await Database.open({ threads: 1 });
    try {
      const hostile = "x'); DROP TABLE events; --";
      await db.run(
        `CREATE TABLE events AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 10:00', 'view'),
           (1, TIMESTAMP '2024-01-01 10:05', '${hostile.replaceAll("'", "''")}')) AS t(user_id, event_time, event_name)`,
      );
      const rendered = renderPattern({
        pattern: 'funnel',
        values: {
          ...Object.fromEntries(base.map(w => w.split('='))),
          events_table: 'events',
          steps: `view,'${hostile.replaceAll("'", "''")}'`,
        },
      });
      const rows = await db.query(queryOf(rendered, 'funnel'));
      assert.deepEqual(
        rows.map(r => [r.step_name, Number(r.users)]),
        [
          ['view', 1],
          [hostile, 1],
        ],
      );
      assert.equal((await db.query('SELECT count(*) AS n FROM events'))[0]?.n, 2);
    } finally {
      db.close();
    }
  });

  it('gives every LEFT JOIN an equality of both sides, which BigQuery requires of an outer join', () => {
    const rendered = renderPattern({
      pattern: 'funnel',
      dialect: 'bigquery',
      values: {
        events_table: 'e',
        user_key: 'u, d',
        event_ts: 't',
        event_name: 'n',
        steps: 'a,b,c',
      },
    });
    const sql = [...rendered.queries.map(q => q.sql), ...rendered.tests.map(t => t.sql)].join('\n');
    const joins = [...sql.matchAll(/LEFT JOIN \S+ AS (\w+) ON (\S+) = (\S+)/g)];
    assert.equal(
      joins.length,
      (sql.match(/LEFT JOIN/g) ?? []).length,
      'each LEFT JOIN opens on an equality',
    );
    for (const [, alias, left, right] of joins) {
      const sides = [left, right].map(side =>
        side?.includes('.') ? side.split('.')[0] : undefined,
      );
      assert.ok(
        sides.includes(alias) && sides.some(s => s !== undefined && s !== alias),
        `${left} = ${right} joins ${alias} to the other side`,
      );
    }
  });

  describe('step names as each dialect reads its literals', () => {
    const name = "it's \\ok";
    const expected: Record<string, string> = {
      duckdb: "'it''s \\ok'",
      postgres: "'it''s \\ok'",
      snowflake: "'it''s \\\\ok'",
      bigquery: "'it\\'s \\\\ok'",
      spark: "'it\\'s \\\\ok'",
      redshift: "'it''s \\\\ok'",
      trino: "'it''s \\ok'",
      mysql: "'it''s \\\\ok'",
      tsql: "'it''s \\ok'",
      sqlite: "'it''s \\ok'",
    };
    for (const dialect of supportedDialects) {
      it(`${dialect}: ${expected[dialect]}`, () => {
        assert.equal(stringLiteral(getDialect(dialect), name), expected[dialect]);
      });
    }

    it("T-SQL writes a name outside ASCII as N'…', which keeps it whatever the code page", () => {
      assert.equal(stringLiteral(getDialect('tsql'), 'café'), "N'café'");
      assert.equal(stringLiteral(getDialect('postgres'), 'café'), "'café'");
    });

    it('keeps a literal as written through formatting: spaces before a parenthesis stay', () => {
      const rendered = renderPattern({
        pattern: 'funnel',
        dialect: 'spark',
        values: {
          events_table: 'e',
          user_key: 'u',
          event_ts: 't',
          event_name: 'n',
          steps: "'view (web)','cart (it''s)'",
        },
      });
      const sql = rendered.queries.map(q => q.sql).join('\n');
      assert.match(sql, /'view \(web\)', 'cart \(it\\'s\)'/);
      assert.doesNotMatch(sql, /view\(web\)/);
    });
  });
});
