/**
 * Results as a user takes them away (shared README §3, "Results on disk and runnable scripts"): `--json`
 * with `--part`, numbers typed by their column, and the row cap pointing at the way to every row.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { Database, stringLiteral } from '../../src/duckdb/database';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const words = ['events_table=app.events', 'user_key=user_id', 'event_ts=event_time'];

describe('render --json --part', () => {
  for (const [part, keys] of [
    ['events', ['events']],
    ['sessions', ['sessions']],
    ['tests', ['tests']],
    ['all', ['events', 'sessions', 'tests']],
  ] as const) {
    it(`keeps the shape with ${part === 'all' ? 'every part' : `only ${part}`} under parts`, async () => {
      const { code, stdout } = await cli(
        'render',
        'sessionization',
        '--json',
        '--part',
        part,
        ...words,
      );
      assert.equal(code, 0);
      const json = JSON.parse(stdout) as { parts: Record<string, unknown> };
      assert.deepEqual(Object.keys(json), ['pattern', 'dialect', 'parts']);
      assert.deepEqual(Object.keys(json.parts), keys);
    });
  }

  it("refuses a part the pattern does not have, naming the pattern's parts", async () => {
    const { code, stdout, stderr } = await cli(
      'render',
      'sessionization',
      '--part',
      'funnel',
      ...words,
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'sqlpatterns: --part must be one of events, sessions, tests, all, got "funnel"\n',
    );
  });
});

describe('preview --json types values by their column', function () {
  this.timeout(60_000);
  let dir: string;
  let data: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-json-'));
    data = path.join(dir, 'typed.parquet');
    const db = await Database.open();
    try {
      // Text of digits, a DECIMAL, a HUGEINT, a DOUBLE and a timestamp: only the column's type decides.
      await db.run(
        `COPY (SELECT * FROM (VALUES
           ('007', TIMESTAMP '2024-03-10 08:00:00', '123', 12.50::DECIMAL(10, 2), 9007199254740993::HUGEINT, 0.25::DOUBLE),
           ('007', TIMESTAMP '2024-03-10 08:10:00', '124', 1.05::DECIMAL(10, 2), 1::HUGEINT, 1.5::DOUBLE),
           ('042', TIMESTAMP '2024-03-10 09:00:00', '125', 0::DECIMAL(10, 2), -2::HUGEINT, -0.5::DOUBLE)
         ) AS t(user_id, event_time, code, amount, big, ratio)) TO ${stringLiteral(data)} (FORMAT parquet)`,
      );
    } finally {
      db.close();
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('numbers for integer, decimal and floating columns; strings for text and timestamps', async () => {
    const { code, stdout } = await cli(
      'preview',
      'sessionization',
      '--data',
      data,
      '--json',
      'user_key=user_id',
      'event_ts=event_time',
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    const [first, second] = result.events.rows;
    assert.deepEqual(first, {
      user_id: '007',
      event_time: '2024-03-10 08:00:00',
      code: '123',
      amount: 12.5,
      // Past 2^53 a JSON number loses precision, as documented: 9007199254740993 reads as …992.
      big: 9007199254740992,
      ratio: 0.25,
      seconds_since_prev_event: null,
      is_session_start: 1,
      session_seq: 1,
      session_id: '007-1',
    });
    assert.equal(second.seconds_since_prev_event, 600);
    assert.equal(second.amount, 1.05);
    assert.deepEqual(result.sessions.rows[1], {
      user_id: '042',
      session_seq: 1,
      session_id: '042-1',
      session_start: '2024-03-10 09:00:00',
      session_end: '2024-03-10 09:00:00',
      event_count: 1,
      session_duration_seconds: 0,
    });
  });

  it('the row cap names the way to every row', async () => {
    const { code, stderr } = await cli('demo', '--json', '--row-cap', '100001');
    assert.equal(code, 2);
    assert.equal(
      stderr,
      'sqlpatterns: --row-cap: must be a whole number from 0 to 100000 (the rows shown), got "100001"; to write every row of a part, use --out-<part> FILE (e.g. --out-events rows.parquet)\n',
    );
  });
});
