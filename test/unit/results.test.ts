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
import { referenceSessions, type ReferenceEvent } from '../support/reference';

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

/** Reads a written file back with DuckDB: its column types and rows. */
async function readBack(
  file: string,
  query = 'SELECT * FROM data',
): Promise<{ types: Record<string, string>; rows: Record<string, unknown>[] }> {
  const db = await Database.open();
  try {
    const reader = file.endsWith('.parquet')
      ? 'read_parquet'
      : file.endsWith('.csv')
        ? 'read_csv'
        : 'read_json';
    await db.run(`CREATE VIEW data AS SELECT * FROM ${reader}(${stringLiteral(file)})`);
    const described = await db.query('DESCRIBE data');
    return {
      types: Object.fromEntries(described.map(c => [String(c.column_name), String(c.column_type)])),
      rows: await db.query(query),
    };
  } finally {
    db.close();
  }
}

describe('preview --out-<part> writes each part in full', function () {
  this.timeout(300_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-out-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('MovieLens-shaped ratings (epoch seconds, many ties, >100,000 rows) to Parquet with exact types and the reference labels', async () => {
    const data = path.join(dir, 'ratings.parquet');
    const users = 610;
    const ratings = 100_836;
    const db = await Database.open();
    let events: ReferenceEvent[];
    try {
      // Per user, groups of three ratings share one second (ties), spread over about 55 hours: gaps on
      // both sides of the 30-minute timeout. movieId is unique, as the row key.
      await db.run(
        `COPY (
           SELECT (i % ${users}) + 1 AS userId, i AS movieId, ((i % 10) + 1) / 2.0 AS rating,
                  964982400 + ((i % ${users}) + 1) * 1000000
                    + CAST(hash((i % ${users}), (i // ${users}) // 3) % 200000 AS BIGINT) AS "timestamp"
           FROM range(${ratings}) AS t(i)
         ) TO ${stringLiteral(data)} (FORMAT parquet)`,
      );
      const rows = await db.query(
        `SELECT userId, movieId, "timestamp" FROM read_parquet(${stringLiteral(data)})`,
      );
      events = rows.map(r => ({
        rowId: Number(r.movieId),
        key: [Number(r.userId)],
        tsMicros: Number(r.timestamp) * 1e6,
        tiebreak: Number(r.movieId),
      }));
    } finally {
      db.close();
    }
    const out = {
      events: path.join(dir, 'labelled.parquet'),
      sessions: path.join(dir, 'sessions.parquet'),
    };
    const { code, stdout, stderr } = await cli(
      'preview',
      'sessionization',
      '--data',
      data,
      '--out-events',
      out.events,
      '--out-sessions',
      out.sessions,
      '--row-cap',
      '10',
      'user_key=userId',
      'event_ts=timestamp',
      'event_ts_unit=epoch_s',
      'order_tiebreak=movieId',
    );
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.match(
      stdout,
      new RegExp(`events: ${out.events.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`),
    );

    const reference = referenceSessions(events, { timeoutSeconds: 1800 });
    const labelled = await readBack(
      out.events,
      'SELECT movieId, session_seq, session_id FROM data',
    );
    assert.equal(labelled.rows.length, ratings, 'one row per rating, past the row cap');
    assert.deepEqual(
      [labelled.types.session_seq, labelled.types.is_session_start, labelled.types.timestamp],
      ['BIGINT', 'INTEGER', 'BIGINT'],
    );
    assert.equal(labelled.types.session_id, 'VARCHAR');
    const wrong = labelled.rows.filter(r => reference.get(Number(r.movieId)) !== r.session_seq);
    assert.deepEqual(wrong.slice(0, 3), [], 'every label equals the reference');

    const sessions = await readBack(
      out.sessions,
      'SELECT count(*) AS n, sum(event_count) AS events FROM data',
    );
    assert.deepEqual(sessions.rows, [
      {
        n: new Set(events.map(e => `${e.key[0]}-${reference.get(e.rowId)}`)).size,
        events: ratings,
      },
    ]);
    assert.deepEqual(
      [
        sessions.types.session_seq,
        sessions.types.event_count,
        sessions.types.session_start,
        sessions.types.session_end,
        sessions.types.session_duration_seconds,
      ],
      ['BIGINT', 'BIGINT', 'TIMESTAMP', 'TIMESTAMP', 'BIGINT'],
    );
  });

  it('writes CSV and JSON lines by extension', async () => {
    const csv = path.join(dir, 'events.csv');
    const jsonl = path.join(dir, 'sessions.jsonl');
    const { code, stdout } = await cli(
      'demo',
      '--json',
      '--out-events',
      csv,
      '--out-sessions',
      jsonl,
    );
    assert.equal(code, 0);
    const summary = JSON.parse(stdout).summary;
    const header = fs.readFileSync(csv, 'utf8').split('\n')[0];
    assert.equal(
      header,
      'event_id,user_id,item_id,timestamp,seconds_since_prev_event,is_session_start,session_seq,session_id',
    );
    assert.equal((await readBack(csv)).rows.length, summary.events);
    const lines = fs.readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, summary.sessions);
    const first = JSON.parse(lines[0] as string);
    assert.equal(typeof first.session_seq, 'number');
    assert.match(first.session_start, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(typeof first.session_id, 'string');
  });

  it('writes the outputs when an error test fails, and exits 1', async () => {
    // A view over random() gives other times to each query: the sessions disagree with the labels.
    const data = path.join(dir, 'volatile.duckdb');
    const db = await Database.open();
    try {
      await db.run(`ATTACH ${stringLiteral(data)} AS f`);
      await db.run(
        `CREATE VIEW f.events AS SELECT range % 5 AS user_id, TIMESTAMP '2024-01-01' + to_seconds(CAST(floor(random() * 100000) AS BIGINT)) AS ts FROM range(60)`,
      );
      await db.run('DETACH f');
    } finally {
      db.close();
    }
    const out = path.join(dir, 'labelled.parquet');
    const { code, stdout } = await cli(
      'preview',
      'sessionization',
      '--data',
      data,
      '--out-events',
      out,
      'events_table=events',
      'user_key=user_id',
      'event_ts=ts',
    );
    assert.equal(code, 1);
    assert.match(stdout, /FAIL {2}sessions_match_events/);
    assert.equal((await readBack(out)).rows.length, 60);
  });

  it('refuses an unknown extension, and --out-<part> with render (exit 2, nothing written)', async () => {
    const target = path.join(dir, 'labelled.xlsx');
    const unknown = await cli('demo', '--out-events', target);
    assert.deepEqual(unknown, {
      code: 2,
      stdout: '',
      stderr: `sqlpatterns: --out-events: cannot tell what to write from "labelled.xlsx"; end the name with .parquet, .csv, .jsonl (Parquet, CSV or JSON lines).\n`,
    });
    const render = await cli(
      'render',
      'sessionization',
      '--out-events',
      path.join(dir, 'e.parquet'),
      ...words,
    );
    assert.equal(render.code, 2);
    assert.match(
      render.stderr,
      /--out-events writes a previewed part: use it with preview or demo/,
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('refuses two outputs on one path, however spelled (exit 2, nothing written)', async () => {
    const file = path.join(dir, 'out.parquet');
    const twice = await cli(
      'demo',
      '--out-events',
      file,
      '--out-sessions',
      path.join(dir, '.', 'out.parquet'),
    );
    assert.equal(twice.code, 2);
    assert.match(
      twice.stderr,
      /^sqlpatterns: --out-sessions: .* is also the path of --out-events; give each output its own path\.\n$/,
    );
    const withHtml = await cli('demo', '--html', file, '--out-events', file);
    assert.equal(withHtml.code, 2);
    assert.match(withHtml.stderr, /is also the path of --html/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('never writes the --data file: --html or --out-events at it, through a symlink or ./ (exit 2, byte-identical)', async () => {
    const data = path.join(dir, 'events.csv');
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'data', 'sample-clickstream.csv'), data);
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(data, link);
    const before = fs.readFileSync(data);
    const sample = ['user_key=user_id', 'event_ts=timestamp', 'event_ts_unit=epoch_s'];
    const spellings = [data, link, `${dir}/./events.csv`];
    for (const option of ['--html', '--out-events']) {
      for (const spelling of spellings) {
        const { code, stdout, stderr } = await cli(
          'preview',
          'sessionization',
          '--data',
          data,
          option,
          spelling,
          '--force',
          ...sample,
        );
        assert.equal(code, 2, `${option} ${spelling}`);
        assert.equal(stdout, '');
        assert.match(
          stderr,
          new RegExp(
            `^sqlpatterns: ${option}: .* is the data file being read; choose another path\\.\n$`,
          ),
        );
      }
    }
    // And when --data itself is spelled through the link.
    const viaLink = await cli(
      'preview',
      'sessionization',
      '--data',
      link,
      '--out-events',
      `./${path.relative(process.cwd(), data)}`,
      ...sample,
    );
    assert.equal(viaLink.code, 2);
    assert.ok(fs.readFileSync(data).equals(before), 'the data file is byte-identical');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['events.csv', 'link.csv']);
  });
});

describe("the README's seed-notebook command", function () {
  this.timeout(60_000);

  it('prints what the README shows and writes the labelled events to Parquet', async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const command = '$ npx sqlpatterns demo --out-events labelled.parquet\n';
    const start = readme.indexOf(command);
    assert.ok(start >= 0, 'the README shows the command');
    const shown = readme.slice(start + command.length, readme.indexOf('\n```', start) + 1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-seed-'));
    try {
      const file = path.join(dir, 'labelled.parquet');
      const { code, stdout } = await cli('demo', '--out-events', file);
      assert.equal(code, 0);
      const printed = stdout
        .replace(/ \(\d+ ms\)\n/, ' (… ms)\n')
        .replace(file, '…/labelled.parquet');
      if (process.env.UPDATE_GOLDEN) {
        const updated = readme.replace(shown, printed);
        fs.writeFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), updated);
      } else {
        assert.equal(printed, shown);
      }
      // The notebook's statistics: sessions, and events per session min, max, mean and median.
      assert.match(
        printed,
        /\n {2}events per session +min 1 · mean 5\.5 · median 5\.5 · p90 9 · p95 10 · p99 10 · max 10\n/,
      );
      const json = JSON.parse((await cli('demo', '--json', '--row-cap', '0')).stdout);
      assert.deepEqual(
        [json.summary.eventsPerSession.min, json.summary.eventsPerSession.max],
        [1, 10],
      );
      const labelled = await readBack(
        file,
        'SELECT count(DISTINCT session_id) AS sessions FROM data',
      );
      assert.match(printed, new RegExp(`sessions +${labelled.rows[0]?.sessions}\n`));
      assert.equal(labelled.types.session_seq, 'BIGINT');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
