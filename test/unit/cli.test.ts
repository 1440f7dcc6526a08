/** The command-line contract of shared README §3, called in-process and, once, as a real process. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..', '..');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const seedWords = [
  'events_table=app.events',
  'user_key=user_id',
  'event_ts=event_time',
  'session_timeout_minutes=30',
];

describe('command-line interface', function () {
  this.timeout(30_000);

  it('lists patterns with their inputs', async () => {
    const { code, stdout } = await cli('list');
    assert.equal(code, 0);
    assert.match(stdout, /^sessionization: /);
    assert.match(stdout, /session_timeout_minutes: .* \[default 30\]/);
    const json = JSON.parse((await cli('list', '--json')).stdout);
    assert.equal(json.patterns[0].name, 'sessionization');
    assert.ok(json.dialects.includes('tsql'));
  });

  it('renders all parts as one script with part headers', async () => {
    const { code, stdout, stderr } = await cli(
      'render',
      'sessionization',
      '--dialect',
      'snowflake',
      ...seedWords,
    );
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.deepEqual(stdout.match(/^-- ===== \w+ =====$/gm), [
      '-- ===== events =====',
      '-- ===== sessions =====',
      '-- ===== tests =====',
    ]);
    assert.match(stdout, /DATEDIFF\(\s*NANOSECOND/);
    assert.doesNotMatch(stdout, /TIMESTAMPDIFF\(MINUTE/);
  });

  it('renders one part with --part', async () => {
    const { stdout } = await cli('render', 'sessionization', '--part', 'sessions', ...seedWords);
    assert.deepEqual(stdout.match(/^-- ===== \w+ =====$/gm), ['-- ===== sessions =====']);
  });

  it('prints the JSON contract with --json', async () => {
    const json = JSON.parse(
      (await cli('render', 'name=sessionization', '--json', '--dialect', 'bigquery', ...seedWords))
        .stdout,
    );
    assert.deepEqual(Object.keys(json), ['pattern', 'dialect', 'parts']);
    assert.deepEqual(Object.keys(json.parts), ['events', 'sessions', 'tests']);
    assert.equal(json.dialect, 'bigquery');
    assert.deepEqual(Object.keys(json.parts.tests[0]), ['name', 'description', 'severity', 'sql']);
    assert.ok(json.parts.tests.some((t: { severity: string }) => t.severity === 'warn'));
  });

  const badInput: [string, string[], RegExp][] = [
    ['an unknown pattern', ['render', 'funnels', ...seedWords], /Unknown pattern "funnels"/],
    [
      'an unknown dialect',
      ['render', 'sessionization', '--dialect', 'oracle', ...seedWords],
      /Unknown SQL dialect "oracle"\. Supported: duckdb/,
    ],
    [
      'an unknown input',
      ['render', 'sessionization', ...seedWords, 'colour=red'],
      /^sqlpatterns: colour: unknown input/,
    ],
    [
      'an injection attempt',
      [
        'render',
        'sessionization',
        'events_table=app.events',
        'user_key=user_id; drop table x',
        'event_ts=event_time',
      ],
      /user_key: "user_id; drop table x" is not a valid column name/,
    ],
    [
      'a non-numeric timeout',
      [
        'render',
        'sessionization',
        'events_table=a',
        'user_key=u',
        'event_ts=t',
        'session_timeout_minutes=soon',
      ],
      /session_timeout_minutes: "soon" is not a number/,
    ],
    [
      'a non-positive timeout',
      [
        'render',
        'sessionization',
        'events_table=a',
        'user_key=u',
        'event_ts=t',
        'session_timeout_minutes=0',
      ],
      /session_timeout_minutes: must be greater than 0/,
    ],
    [
      'a missing file',
      ['preview', 'sessionization', '--data', '/no/such/file.csv', 'user_key=u', 'event_ts=t'],
      /--data: no such file: \/no\/such\/file\.csv/,
    ],
    [
      'a timestamp column of the wrong type',
      [
        'preview',
        'sessionization',
        '--data',
        path.join(ROOT, 'data', 'sample-clickstream.csv'),
        'user_key=user_id',
        'event_ts=timestamp',
      ],
      /event_ts: column timestamp is BIGINT, a number; .* event_ts_unit=epoch_s/,
    ],
    [
      'a missing column',
      [
        'preview',
        'sessionization',
        '--data',
        path.join(ROOT, 'data', 'sample-clickstream.csv'),
        'user_key=visitor',
        'event_ts=timestamp',
        'event_ts_unit=epoch_s',
      ],
      /user_key: column visitor is not in the data; its columns are event_id, user_id, item_id, timestamp/,
    ],
    [
      'an unknown option',
      ['render', 'sessionization', '--colour', ...seedWords],
      /Unknown option '--colour'/,
    ],
    ['an unknown command', ['draw'], /unknown command "draw"/],
    [
      'no --data for preview',
      ['preview', 'sessionization', 'user_key=u', 'event_ts=t'],
      /preview needs --data FILE/,
    ],
  ];
  for (const [what, argv, message] of badInput) {
    it(`exits 2 with one stderr line and no stdout on ${what}`, async () => {
      const { code, stdout, stderr } = await cli(...argv);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1, 'one line');
    });
  }

  it('previews a file and exits 0 when every error test passes', async () => {
    const { code, stdout } = await cli(
      'preview',
      'sessionization',
      '--data',
      path.join(ROOT, 'data', 'sample-clickstream.csv'),
      'user_key=user_id',
      'event_ts=timestamp',
      'event_ts_unit=epoch_s',
    );
    assert.equal(code, 0);
    assert.match(stdout, /excluded \(NULL key or time\) 3\n/);
    assert.match(stdout, /PASS {2}session_starts_follow_gap/);
    assert.match(stdout, /WARN {2}rows_with_null_user_key_or_timestamp: 3 rows/);
  });

  it('prints the preview as JSON with capped rows', async () => {
    const { stdout } = await cli('demo', '--json', '--row-cap', '5');
    const result = JSON.parse(stdout);
    assert.equal(result.summary.excludedRows, 3);
    assert.equal(result.summary.users, 400);
    assert.equal(result.sessions.rows.length, 5);
    assert.equal(result.sessions.cap, 5);
    assert.ok(result.sessions.total > 5);
  });

  it('demos a named pattern on its own sample, with the options given', async () => {
    const named = JSON.parse(
      (await cli('demo', 'sessionization', '--json', 'session_timeout_minutes=5')).stdout,
    );
    const unnamed = JSON.parse((await cli('demo', '--json')).stdout);
    assert.equal(named.source, 'bundled sample');
    assert.equal(unnamed.summary.sessions, 964);
    assert.ok(named.summary.sessions > 964, 'a 5-minute timeout splits more sessions');
    const wrong = await cli('demo', 'sesionization');
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /^sqlpatterns: Unknown pattern "sesionization" \(did you mean "sessionization"\?\)/,
    );
  });

  it('writes a dbt project with --format dbt --out, and refuses an unknown format', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-dbt-'));
    const { code, stdout } = await cli(
      'render',
      'sessionization',
      '--format',
      'dbt',
      '--out',
      dir,
      ...seedWords,
    );
    assert.equal(code, 0);
    assert.match(stdout, /wrote .*models\/events_sessionized\.sql/);
    const model = fs.readFileSync(path.join(dir, 'models', 'events_sessionized.sql'), 'utf8');
    assert.match(model, /materialized='incremental'/);
    assert.match(model, /\{\{ source\('app', 'events'\) \}\}/);
    assert.ok(fs.existsSync(path.join(dir, 'models', 'schema.yml')));
    const bad = await cli('render', 'sessionization', '--format', 'excel', ...seedWords);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of sql, script, dbt, incremental, got "excel"/);
  });

  it('prints the incremental script for a supported dialect and refuses others', async () => {
    const { code, stdout } = await cli(
      'render',
      'sessionization',
      '--format',
      'incremental',
      '--dialect',
      'postgres',
      ...seedWords,
    );
    assert.equal(code, 0);
    assert.match(stdout, /CREATE TABLE IF NOT EXISTS app\.events_sessionized_state/);
    const refused = await cli(
      'render',
      'sessionization',
      '--format',
      'incremental',
      '--dialect',
      'tsql',
      ...seedWords,
    );
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /dialect: tsql is not supported for this format/);
  });

  it('runs as a real process: demo succeeds, bad input exits 2 with stderr only', () => {
    const bin = path.join(ROOT, 'bin', 'sqlpatterns.js');
    const demo = execFileSync(process.execPath, [bin, 'demo'], { encoding: 'utf8' });
    assert.match(demo, /sessions {20}\d/);
    const bad = spawnSync(
      process.execPath,
      [bin, 'render', 'sessionization', 'events_table=a;b', 'user_key=u', 'event_ts=t'],
      { encoding: 'utf8' },
    );
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^sqlpatterns: events_table: "a;b" is not a valid table name/);
  });

  it('refuses data that already has a column the pattern adds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-cli-'));
    const file = path.join(dir, 'clash.csv');
    fs.writeFileSync(file, 'user_id,ts,session_id\n1,2024-01-01 10:00:00,x\n');
    const { code, stderr } = await cli(
      'preview',
      'sessionization',
      '--data',
      file,
      'user_key=user_id',
      'event_ts=ts',
    );
    assert.equal(code, 2);
    assert.match(stderr, /already has a column session_id/);
  });
});
