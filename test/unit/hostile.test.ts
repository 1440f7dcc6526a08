/**
 * PURPOSE: hostile and malformed input, and faults, against the CLI, the engine, the writer and the
 * report: one test per defect of issue 12's attack run (named by its F-number; F4, F10, F12 and F18
 * belong to the dialect-correctness issue). Add a test here for every defect found.
 *
 * CLI cases run as real processes inside a network namespace without any network (`unshare -rn`)
 * with a fresh HOME and TMPDIR, in a folder of their own: each checks the exit status, the one
 * stderr line, that no file but the chosen outputs changed, and that no ~/.duckdb appeared.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError, OutputFileError } from '../../src/core';
import { main } from '../../src/cli/main';
import { Database } from '../../src/duckdb/database';
import { PreviewSession, sampleOf } from '../../src/duckdb/preview';
import { checkOutputs, writeOutputFolder } from '../../src/files/outputFiles';
import { toCsv } from '../../src/report/format';
import { toPageModel } from '../../src/report/model';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'sqlpatterns.js');
const SAMPLE = path.join(ROOT, 'data', 'sample-clickstream.csv');
const SAMPLE_WORDS = ['user_key=user_id', 'event_ts=timestamp', 'event_ts_unit=epoch_s'];
const DBT_WORDS = ['events_table=app.events', 'user_key=user_id', 'event_ts=event_time'];
/** `preview` of the sandbox's copy of the sample, with its inputs. */
const previewSample = (...options: string[]) => [
  'preview',
  'sessionization',
  '--data',
  'events.csv',
  ...options,
  ...SAMPLE_WORDS,
];

/** Every file under `dir` (dot files included) with its SHA-256: what "nothing else changed" compares. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        files[`${path.relative(dir, full)}/`] = 'folder';
        walk(full);
      } else {
        const hash = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
        files[path.relative(dir, full)] = hash;
      }
    }
  };
  walk(dir);
  return files;
}

/** A folder of one case: the sample as events.csv, a private HOME and TMPDIR beside it. */
interface Sandbox {
  readonly dir: string;
  readonly home: string;
  readonly tmp: string;
}

function sandbox(): Sandbox {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-hostile-'));
  const box = {
    dir: path.join(base, 'work'),
    home: path.join(base, 'home'),
    tmp: path.join(base, 'tmp'),
  };
  for (const d of Object.values(box)) {
    fs.mkdirSync(d);
  }
  fs.copyFileSync(SAMPLE, path.join(box.dir, 'events.csv'));
  return box;
}

const NETWORKLESS = ['-rn'];

/** Runs the CLI as a real process without network, in the sandbox. */
function sqlpatterns(box: Sandbox, args: string[], timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync('unshare', [...NETWORKLESS, process.execPath, BIN, ...args], {
    cwd: box.dir,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, HOME: box.home, TMPDIR: box.tmp, SQLPATTERNS_DEBUG: '' },
  });
}

/**
 * Runs a CLI case that must be refused: exit 2, one stderr line matching `message`, nothing on
 * stdout, no file of the sandbox changed, no ~/.duckdb, no temporary folder left.
 */
function refused(box: Sandbox, args: string[], message: RegExp, timeout?: number): string {
  const before = snapshot(box.dir);
  const run = sqlpatterns(box, args, timeout);
  assert.equal(run.error, undefined, `ran within the time limit: ${String(run.error)}`);
  assert.equal(run.status, 2, `exit 2; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr.trimEnd(), message);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(snapshot(box.dir), before, 'no file changed');
  assertNothingLeft(box);
  return run.stderr;
}

function assertNothingLeft(box: Sandbox): void {
  assert.deepEqual(fs.readdirSync(box.home), [], 'nothing in HOME (no ~/.duckdb)');
  assert.deepEqual(fs.readdirSync(box.tmp), [], 'no temporary folder left');
}

/** Creates a DuckDB file with `events(u, ts)` (and whatever `more` adds) in the sandbox. */
async function duckdbFile(box: Sandbox, name: string, more: string[] = []): Promise<string> {
  const file = path.join(box.dir, name);
  const maker = await Database.open();
  try {
    await maker.run(`ATTACH '${file}' AS f`);
    await maker.run(
      `CREATE TABLE f.events AS SELECT user_id AS u, to_timestamp("timestamp") AS ts FROM read_csv('${SAMPLE}')`,
    );
    for (const sql of more) {
      await maker.run(sql);
    }
    await maker.run('DETACH f');
  } finally {
    maker.close();
  }
  return file;
}

const sha = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('hostile input and faults (issue 12)', function () {
  this.timeout(120_000);

  // In-process cases use the real HOME: DuckDB must not create ~/.duckdb there either.
  const userDuckdb = path.join(os.homedir(), '.duckdb');
  const hadUserDuckdb = fs.existsSync(userDuckdb);
  after(() => {
    assert.ok(hadUserDuckdb || !fs.existsSync(userDuckdb), `${userDuckdb} appeared`);
  });

  before(function () {
    const probe = spawnSync('unshare', [...NETWORKLESS, 'true'], { encoding: 'utf8' });
    assert.equal(
      probe.status,
      0,
      `these cases run without network through "unshare -rn" (util-linux), which failed here: ${probe.stderr || String(probe.error)}; install util-linux and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or run as root`,
    );
  });

  it('F1: --html never overwrites the data file, whatever its spelling', async () => {
    const box = sandbox();
    const db = await duckdbFile(box, 'db.duckdb');
    fs.symlinkSync('events.csv', path.join(box.dir, 'link.csv'));
    const data = ['preview', 'sessionization', '--data'];
    for (const [input, report] of [
      ['events.csv', 'events.csv'],
      ['events.csv', './events.csv'],
      ['link.csv', 'events.csv'],
      ['events.csv', path.join(box.dir, 'link.csv')],
    ]) {
      const hash = sha(path.join(box.dir, 'events.csv'));
      for (const force of [[], ['--force']]) {
        refused(
          box,
          [...data, input as string, '--html', report as string, ...force, ...SAMPLE_WORDS],
          /^sqlpatterns: --html: .* is the data file being read; choose another path\.$/,
        );
      }
      assert.equal(sha(path.join(box.dir, 'events.csv')), hash);
    }
    refused(
      box,
      [
        ...data,
        db,
        '--html',
        'db.duckdb',
        '--force',
        'events_table=events',
        'user_key=u',
        'event_ts=ts',
      ],
      /--html: db\.duckdb is the data file being read/,
    );
  });

  it('F2: a SQLite file is refused in one line; DuckDB never installs or loads an extension', async () => {
    const box = sandbox();
    const file = path.join(box.dir, 'events.db');
    // A real SQLite database (sql.js is SQLite compiled to WebAssembly).
    const { default: initSqlJs } = await import('sql.js');
    const sqlite = new (await initSqlJs()).Database();
    sqlite.run(
      "CREATE TABLE events (u INTEGER, ts TEXT); INSERT INTO events VALUES (1, '2024-01-01 10:00:00')",
    );
    fs.writeFileSync(file, sqlite.export());
    sqlite.close();
    refused(
      box,
      [
        'preview',
        'sessionization',
        '--data',
        'events.db',
        'events_table=events',
        'user_key=u',
        'event_ts=ts',
      ],
      /--data: .*events\.db is a SQLite database, which the preview does not read/,
    );
    const db = await Database.open();
    try {
      const [settings] = await db.query(
        "SELECT current_setting('autoinstall_known_extensions') AS install, current_setting('autoload_known_extensions') AS load",
      );
      assert.deepEqual(settings, { install: false, load: false });
    } finally {
      db.close();
    }
    // ICU is built in: time zone functions work with autoloading off, offline.
    const kyiv = sqlpatterns(box, [
      'preview',
      'sessionization',
      '--data',
      'events.csv',
      '--json',
      ...SAMPLE_WORDS,
      'split_at_midnight_tz=Europe/Kyiv',
    ]);
    assert.equal(kyiv.status, 0, kyiv.stderr);
    assert.ok(JSON.parse(kyiv.stdout).summary.sessions > 0);
    assertNothingLeft(box);
  });

  it('F3: DuckDB errors the input caused exit 2 with one line naming the input', async () => {
    const box = sandbox();
    fs.writeFileSync(path.join(box.dir, 'secret.csv'), 'u,ts\n1,2024-01-01 10:00:00\n');
    const db = await duckdbFile(box, 'db.duckdb', [
      `CREATE VIEW f.peek AS SELECT * FROM read_csv('${path.join(box.dir, 'secret.csv')}')`,
    ]);
    fs.writeFileSync(path.join(box.dir, 'corrupt.duckdb'), fs.readFileSync(db).subarray(0, 5000));
    fs.writeFileSync(path.join(box.dir, 'far.csv'), 'u,ts\n1,1000000000000000\n');
    const dbWords = ['user_key=u', 'event_ts=ts'];
    const preview = (...args: string[]) => ['preview', 'sessionization', '--data', ...args];
    refused(
      box,
      preview('db.duckdb', 'events_table=evnts', ...dbWords),
      /^sqlpatterns: events_table: no table evnts in db\.duckdb; its tables are main\.events, main\.peek\.$/,
    );
    refused(
      box,
      preview('db.duckdb', 'events_table=events', ...dbWords, 'split_at_midnight_tz=Mars/Olympus'),
      // Checked against the tz database before DuckDB runs (issue 13).
      /^sqlpatterns: split_at_midnight_tz: "Mars\/Olympus" is not a time zone of the tz database/,
    );
    refused(
      box,
      preview('far.csv', 'user_key=u', 'event_ts=ts', 'event_ts_unit=epoch_s'),
      /^sqlpatterns: event_ts: column ts holds 1000000000000000, beyond any timestamp as event_ts_unit=epoch_s/,
    );
    refused(
      box,
      preview('corrupt.duckdb', 'events_table=events', ...dbWords),
      /^sqlpatterns: --data .*corrupt\.duckdb: DuckDB cannot/,
    );
    refused(
      box,
      preview('db.duckdb', 'events_table=peek', ...dbWords),
      /^sqlpatterns: --data .*db\.duckdb: reading outside the data was blocked/,
    );
  });

  it('F3: a bug of ours exits 3 with one line, the stack only with SQLPATTERNS_DEBUG=1', async () => {
    const broken = async () => {
      let stderr = '';
      const code = await main(['list'], {
        stdout: () => {
          throw new TypeError('cannot read properties of undefined');
        },
        stderr: t => (stderr += t),
      });
      return { code, stderr };
    };
    const plain = await broken();
    assert.equal(plain.code, 3);
    assert.match(
      plain.stderr,
      /^sqlpatterns: internal error \(a bug of ours, not your input\): cannot read properties of undefined; please report it/,
    );
    assert.equal(plain.stderr.trimEnd().split('\n').length, 1);
    process.env.SQLPATTERNS_DEBUG = '1';
    try {
      assert.match((await broken()).stderr, /\n\s+at /);
    } finally {
      delete process.env.SQLPATTERNS_DEBUG;
    }
  });

  it('F5: a data path with glob characters reads that file and only it', async () => {
    const box = sandbox();
    const header = 'user_id,timestamp\n';
    fs.writeFileSync(path.join(box.dir, 'a.csv'), `${header}1,1704080460\n`);
    fs.writeFileSync(path.join(box.dir, 'b.csv'), `${header}2,1704080460\n`);
    fs.writeFileSync(
      path.join(box.dir, '[ab].csv'),
      `${header}7,1704080460\n7,1704082260\n8,1704080460\n`,
    );
    const run = sqlpatterns(box, [
      'preview',
      'sessionization',
      '--data',
      '[ab].csv',
      '--json',
      'user_key=user_id',
      'event_ts=timestamp',
      'event_ts_unit=epoch_s',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.summary.sourceRows, 3);
    assert.deepEqual(
      result.sessions.rows.map((r: { user_id: unknown }) => Number(r.user_id)),
      [7, 8],
    );
    assertNothingLeft(box);
  });

  it('F6: an existing file is refused without --force and replaced whole with it', () => {
    const box = sandbox();
    const dbt = ['render', 'sessionization', '--format', 'dbt', '--out', 'proj', ...DBT_WORDS];
    const first = sqlpatterns(box, dbt);
    assert.equal(first.status, 0, first.stderr);
    const schema = path.join(box.dir, 'proj', 'models', 'schema.yml');
    fs.writeFileSync(schema, '# the user’s own schema\n');
    refused(
      box,
      dbt,
      /^sqlpatterns: --out: proj\/models\/\S+ exists; add --force to replace it\.$/,
    );
    fs.writeFileSync(path.join(box.dir, 'report.html'), 'mine');
    refused(
      box,
      previewSample('--html', 'report.html'),
      /^sqlpatterns: --html: report\.html exists; add --force to replace it\.$/,
    );
    const forced = sqlpatterns(box, [...dbt, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(fs.readFileSync(schema, 'utf8'), /^version: 2/);
    assert.deepEqual(
      fs.readdirSync(path.join(box.dir, 'proj')).filter(n => n.startsWith('.')),
      [],
      'no temporary folder left in the project',
    );
    assertNothingLeft(box);
  });

  it('F6: a folder of files is written all or nothing', () => {
    const box = sandbox();
    const target = { option: '--out', path: path.join(box.dir, 'proj') };
    // The second file cannot be written (its folder would be the first file): nothing may remain.
    const failingWrite = () =>
      writeOutputFolder(
        target,
        [
          { path: 'models/a.sql', content: 'select 1' },
          { path: 'models/a.sql/b.sql', content: 'select 2' },
        ],
        { inputs: [], force: false },
      );
    assert.throws(failingWrite, OutputFileError);
    assert.deepEqual(fs.readdirSync(box.dir), ['events.csv'], 'a new folder: not created');
    fs.mkdirSync(path.join(box.dir, 'proj'));
    fs.writeFileSync(path.join(box.dir, 'proj', 'keep.txt'), 'mine');
    assert.throws(failingWrite, OutputFileError);
    assert.deepEqual(fs.readdirSync(path.join(box.dir, 'proj')), ['keep.txt']);
  });

  it('F6: two outputs may not share a path, however it is spelled', () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.dir, 'out'));
    fs.symlinkSync('out', path.join(box.dir, 'alias'));
    assert.throws(
      () =>
        checkOutputs(
          [
            { option: '--out-events', path: path.join(box.dir, 'out', 'x.parquet') },
            { option: '--out-sessions', path: path.join(box.dir, 'alias', '.', 'x.parquet') },
          ],
          { inputs: [], force: true },
        ),
      (error: unknown) =>
        error instanceof OutputFileError &&
        /^--out-sessions: .*x\.parquet is also the path of --out-events; give each output its own path\.$/.test(
          error.message,
        ),
    );
  });

  /** Starts a writer that stops half-way through its file, and resolves once it is there. */
  function halfWrittenChild(target: string, force: boolean) {
    const writer = path.join(ROOT, 'out', 'src', 'files', 'outputFiles.js');
    const script = `
      const fs = require('node:fs');
      const { writeOutputFile } = require(${JSON.stringify(writer)});
      void writeOutputFile({ option: '--html', path: ${JSON.stringify(target)} }, async temporary => {
        fs.writeFileSync(temporary, '<!DOCTYPE html> half');
        process.stdout.write('half\\n');
        await new Promise(() => setInterval(() => {}, 1000));
      }, { inputs: [], force: ${force} });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const half = new Promise<void>(resolve => child.stdout.once('data', () => resolve()));
    const exited = new Promise<NodeJS.Signals | null>(resolve =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    return { child, half, exited };
  }

  it('F6: a signal during a write leaves the old file or none, and no temporary file', async () => {
    const box = sandbox();
    const report = path.join(box.dir, 'report.html');
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      const { child, half, exited } = halfWrittenChild(report, false);
      await half;
      child.kill(signal);
      assert.equal(await exited, signal, 'ends by the signal, as without our handler');
      assert.deepEqual(fs.readdirSync(box.dir), ['events.csv'], `${signal}: nothing written`);
    }
    fs.writeFileSync(report, 'the old report');
    const forced = halfWrittenChild(report, true);
    await forced.half;
    forced.child.kill('SIGTERM');
    await forced.exited;
    assert.equal(fs.readFileSync(report, 'utf8'), 'the old report');
    assert.deepEqual(fs.readdirSync(box.dir).sort(), ['events.csv', 'report.html']);
    // SIGKILL cannot be caught: the temporary file may stay, the report is never half written.
    const killed = halfWrittenChild(report, true);
    await killed.half;
    killed.child.kill('SIGKILL');
    await killed.exited;
    assert.equal(fs.readFileSync(report, 'utf8'), 'the old report');
  });

  it('F6: SIGTERM at any moment of a preview leaves a whole report or none, and no temporary files', async () => {
    const box = sandbox();
    const report = path.join(box.dir, 'report.html');
    // Killed once DuckDB is at work (its private folder exists), then a little later each time.
    for (const delay of [0, 150, 300, 450, 600]) {
      fs.rmSync(report, { force: true });
      const child = spawn(
        'unshare',
        [
          ...NETWORKLESS,
          process.execPath,
          BIN,
          'preview',
          'sessionization',
          '--data',
          'events.csv',
          '--html',
          'report.html',
          ...SAMPLE_WORDS,
        ],
        { cwd: box.dir, env: { ...process.env, HOME: box.home, TMPDIR: box.tmp }, stdio: 'ignore' },
      );
      let exited = false;
      const exit = new Promise(resolve => child.on('exit', resolve)).then(() => (exited = true));
      while (!exited && fs.readdirSync(box.tmp).length === 0) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      assert.ok(!exited, 'killed while it ran');
      await new Promise(resolve => setTimeout(resolve, delay));
      child.kill('SIGTERM');
      await exit;
      const left = fs.readdirSync(box.dir).filter(n => n !== 'events.csv');
      assert.ok(
        left.length === 0 || (left.length === 1 && left[0] === 'report.html'),
        `killed ${delay} ms into the run: ${left.join(', ')}`,
      );
      if (left.length === 1) {
        assert.match(fs.readFileSync(report, 'utf8'), /<\/html>\n$/, 'a whole report');
      }
      assertNothingLeft(box);
    }
  });

  it('F7: a previewed DuckDB file is not kept locked while its session stays open', async () => {
    const box = sandbox();
    const file = await duckdbFile(box, 'db.duckdb');
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      const script = `
        const { DuckDBInstance } = require(require.resolve('@duckdb/node-api', { paths: [${JSON.stringify(ROOT)}] }));
        (async () => {
          const db = await DuckDBInstance.create(${JSON.stringify(file)});
          const c = await db.connect();
          await c.run("INSERT INTO events VALUES (999, TIMESTAMPTZ '2024-01-01 00:00:00+00')");
          c.closeSync(); db.closeSync();
        })().catch(e => { console.error(e.message); process.exit(1); });`;
      const writer = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.equal(writer.status, 0, `the user's own writer: ${writer.stderr}`);
      // The session keeps the data it loaded.
      const result = await session.run('sessionization', {
        events_table: 'events',
        user_key: 'u',
        event_ts: 'ts',
      });
      assert.equal(result.summary.sourceRows, 5295);
    } finally {
      session.close();
    }
  });

  it('F8: DuckDB spills into a private temporary folder, removed on close, under a default memory limit', async () => {
    const db = await Database.open();
    const [settings] = await db.query(
      "SELECT current_setting('temp_directory') AS spill, current_setting('memory_limit') AS memory",
    );
    db.close();
    const spill = String(settings?.spill);
    assert.ok(
      spill.startsWith(path.join(os.tmpdir(), 'sqlpatterns-')),
      `spill folder ${spill} is private, not ./.tmp`,
    );
    assert.equal(fs.existsSync(path.dirname(spill)), false, 'removed on close');
    assert.match(String(settings?.memory), /^1\.8 GiB$/, 'the default limit of 2GB');
    const box = sandbox();
    const run = sqlpatterns(box, previewSample('--memory-limit', '64MB'));
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(box.dir), ['events.csv'], 'no ./.tmp');
    assertNothingLeft(box);
    refused(
      box,
      previewSample('--memory-limit', 'lots'),
      /^sqlpatterns: --memory-limit: must be a size such as 2GB, 512MB or 1\.5GiB, got "lots"$/,
    );
    const help = sqlpatterns(box, ['--help']);
    assert.match(help.stdout, /memory limit is 2GB/);
  });

  it('F9: a row cap that is not a whole number never reaches SQL', async () => {
    const sample = sampleOf('sessionization');
    const session = await PreviewSession.open(sample.source);
    try {
      await assert.rejects(
        session.run('sessionization', sample.values, {
          rowCap: '1; CREATE TABLE pwned AS SELECT 1' as unknown as number,
        }),
        (error: unknown) =>
          error instanceof InvalidInputError &&
          /^row cap: must be a whole number from 0 to 100000 \(the rows shown\), got "1; CREATE TABLE pwned AS SELECT 1"$/.test(
            error.message,
          ),
      );
      for (const cap of [-1, 2.5, 100_001, Number.NaN]) {
        await assert.rejects(
          session.run('sessionization', sample.values, { rowCap: cap }),
          InvalidInputError,
        );
      }
    } finally {
      session.close();
    }
  });

  it('F11: control characters from names and values are escaped on stderr', () => {
    const box = sandbox();
    fs.writeFileSync(path.join(box.dir, 'evil.csv'), 'user_id,"t\x1b]0;owned\x07\x1b[31m"\n1,2\n');
    const stderr = refused(
      box,
      ['preview', 'sessionization', '--data', 'evil.csv', 'user_key=user_id', 'event_ts=ts'],
      /its columns are user_id, t\\x1b\]0;owned\\x07\\x1b\[31m\.$/,
    );
    // eslint-disable-next-line no-control-regex -- the point: no raw control character
    assert.doesNotMatch(stderr.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/);
  });

  it('F13: a column named __proto__ is kept in the JSON and the report rows', async () => {
    const box = sandbox();
    fs.writeFileSync(
      path.join(box.dir, 'proto.csv'),
      'user_id,timestamp,__proto__,constructor\n1,1704080460,x,y\n1,1704082260,z,w\n',
    );
    const run = sqlpatterns(box, [
      'preview',
      'sessionization',
      '--data',
      'proto.csv',
      '--json',
      'user_key=user_id',
      'event_ts=timestamp',
      'event_ts_unit=epoch_s',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const [row] = JSON.parse(run.stdout).events.rows;
    assert.ok(Object.keys(row).includes('__proto__'), Object.keys(row).join(', '));
    assert.equal(row.__proto__, 'x');
    const session = await PreviewSession.open({
      kind: 'file',
      path: path.join(box.dir, 'proto.csv'),
    });
    try {
      const values = { user_key: 'user_id', event_ts: 'timestamp', event_ts_unit: 'epoch_s' };
      const model = toPageModel(await session.run('sessionization', values), {
        pattern: 'sessionization',
        source: { kind: 'file', path: 'proto.csv' },
        values,
      });
      const events = model.grids.events;
      assert.ok(events?.columns.includes('__proto__'));
      const at = events.columns.indexOf('__proto__');
      assert.equal(events.rows[0]?.[at], 'x');
    } finally {
      session.close();
    }
  });

  it('F14: an input named like an Object property is an unknown input, with the accepted list', () => {
    const box = sandbox();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      refused(
        box,
        ['render', 'sessionization', ...DBT_WORDS, `${name}=x`],
        new RegExp(
          `^sqlpatterns: ${name.toLowerCase()}: unknown input; accepted inputs are events_table, `,
        ),
      );
    }
  });

  it('F15: Copy CSV neutralises text a spreadsheet would run as a formula', () => {
    const csv = toCsv(
      ['name', 'n'],
      [
        ['=HYPERLINK("http://evil.example","x")', -5],
        ['+cmd|/C calc', '-12'],
        ['@SUM(A1)', '3.5e2'],
        ['-2+3', null],
        ['\tlead', 'plain'],
      ],
    );
    assert.equal(
      csv,
      [
        'name,n',
        `"'=HYPERLINK(""http://evil.example"",""x"")",-5`,
        "'+cmd|/C calc,-12",
        "'@SUM(A1),3.5e2",
        "'-2+3,",
        "'\tlead,plain",
        '',
      ].join('\r\n'),
    );
  });

  it('F16: an output path that cannot be written exits 2 at once with one line', () => {
    const box = sandbox();
    const started = Date.now();
    refused(
      box,
      ['render', 'sessionization', '--format', 'dbt', '--out', '/proc/x', ...DBT_WORDS],
      /^sqlpatterns: --out: cannot write \/proc\/x: /,
      10_000,
    );
    assert.ok(Date.now() - started < 10_000);
    refused(
      box,
      ['render', 'sessionization', '--format', 'dbt', '--out', 'events.csv/sub', ...DBT_WORDS],
      /^sqlpatterns: --out: cannot write events\.csv\/sub\/\S+: a part of the path is a file, not a folder \(ENOTDIR\)\.$/,
    );
    refused(
      box,
      previewSample('--html', 'events.csv/r.html'),
      /^sqlpatterns: --html: cannot write events\.csv\/r\.html: a part of the path is a file/,
    );
  });

  it('F17: a path or URL given as a table name is refused, never read as a file', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.dir, 'secret'));
    fs.writeFileSync(path.join(box.dir, 'secret', 'x.csv'), 'u,ts\n42,2024-01-01 10:00:00\n');
    fs.writeFileSync(path.join(box.dir, 'x.csv'), 'u,ts\n42,2024-01-01 10:00:00\n');
    await duckdbFile(box, 'db.duckdb');
    const previewDb = (table: string) => [
      'preview',
      'sessionization',
      '--data',
      'db.duckdb',
      `events_table=${table}`,
      'user_key=u',
      'event_ts=ts',
    ];
    for (const table of ['"secret/x.csv"', 'main."secret/x.csv"', '"https://example.com/x.csv"']) {
      const looksLikePath = /is not a valid table name: it looks like a file path or URL/;
      refused(box, previewDb(table), looksLikePath);
      refused(
        box,
        ['render', 'sessionization', `events_table=${table}`, 'user_key=u', 'event_ts=ts'],
        looksLikePath,
      );
    }
    // A name without a separator is looked up among the tables of the file, never read as a file.
    refused(
      box,
      previewDb('main."x.csv"'),
      /^sqlpatterns: events_table: no table main\."x\.csv" in db\.duckdb; its tables are main\.events\.$/,
    );
  });
});
