// `npm run bench`: measures the generated SQL and the preview, and writes BENCHMARKS.md.
// Every figure is the median of interleaved runs (A B C A B C …, after one warm-up round); ratios
// are between cases of the same rounds. `--quick` runs one round of everything (to try the script).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATA_DIR, USERS, ensureData } from './data.mjs';
import { ROOT, fmtMs, fmtRatio, median, openDuckDb, requireOut } from './lib.mjs';
import { eventVariants, lowerBound, sessionVariants } from './variants.mjs';
import { OPTION_SETS, optionShapes, optionTable } from './options.mjs';
import { CASES, PYTHON, TIME, endToEnd, previewBreakdown } from './processes.mjs';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK
  ? { duck1m: 1, duck10m: 1, e2e1m: 1, e2e10m: 1, engines: 1, processes: 2, warmup: false }
  : { duck1m: 7, duck10m: 5, e2e1m: 3, e2e10m: 2, engines: 3, processes: 5, warmup: true };
const M1 = 1_000_000;
const M10 = 10_000_000;
const TIMEOUT_S = 1800;
const MEMORY_LIMIT = '1GB';
const PG = {
  host: '127.0.0.1',
  port: 55432,
  user: 'sqlpatterns',
  password: 'sqlpatterns',
  database: 'sqlpatterns',
};

const started = Date.now();
const log = text =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const loads = [];
const noteLoad = label => loads.push(`${label}: ${os.loadavg()[0].toFixed(1)}`);
const { renderPattern, queryOf } = requireOut('./core/index.js');
const render = (dialect, table = 'events') =>
  renderPattern({
    pattern: 'sessionization',
    dialect,
    values: { events_table: table, user_key: 'user_id', event_ts: 'ts' },
  });

/**
 * Interleaved rounds over cases {name, run, before?}; wall and CPU time (CPU of this process, which
 * includes DuckDB's and SQLite's threads; meaningless for a server or a child process).
 */
async function measure(cases, rounds, { warmup = ROUNDS.warmup } = {}) {
  const wall = Object.fromEntries(cases.map(c => [c.name, []]));
  const cpu = Object.fromEntries(cases.map(c => [c.name, []]));
  for (let round = warmup ? -1 : 0; round < rounds; round++) {
    for (const c of cases) {
      await c.before?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await c.run();
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      if (round >= 0) {
        wall[c.name].push(ms);
        cpu[c.name].push((used.user + used.system) / 1000);
      }
    }
  }
  const result = {};
  for (const c of cases) {
    result[c.name] = { wall: median(wall[c.name]), cpu: median(cpu[c.name]), runs: wall[c.name] };
  }
  return result;
}

function spawnTimed(cmd, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !(options.okStatus ?? [0]).includes(r.status)) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return { ms, stdout: r.stdout };
}

// ---------------------------------------------------------------- machine, versions, data
/** pandas, and the getrusage reporter the end-to-end cases run under: Debian packages, installed as root. */
function ensureTools() {
  const probe = () =>
    spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  let r = probe();
  const missing = [
    ...(r.status === 0 ? [] : ['python3-pandas']),
    ...(fs.existsSync(TIME) ? [] : ['time']),
  ];
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      throw new Error(`missing: run as root, or \`apt-get install ${missing.join(' ')}\``);
    }
    log(`installing ${missing.join(', ')} (apt-get)`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    r = probe();
  }
  // Debian 12 packages neither pyarrow nor fastparquet: pandas cannot read Parquet here, so the
  // end-to-end comparison reads the same CSV file in both tools.
  const pyarrow = spawnSync(PYTHON, ['-c', 'import pyarrow'], { encoding: 'utf8' }).status === 0;
  return { pandas: r.stdout.trim(), pyarrow };
}

async function ensureCsv(db, parquet) {
  const csv = parquet.replace(/\.parquet$/, '.csv');
  if (!fs.existsSync(csv) || fs.statSync(csv).mtimeMs < fs.statSync(parquet).mtimeMs) {
    await db.run(
      `COPY (SELECT event_id, user_id, item_id, strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts FROM read_parquet('${parquet}') ORDER BY event_id) TO '${csv}' (HEADER)`,
    );
  }
  return csv;
}

// ---------------------------------------------------------------- 1, 2: DuckDB SQL shapes
async function duckdbShapes(n, parquet, rounds) {
  const db = await openDuckDb({ threads: 2 });
  await db.run(`CREATE TABLE events AS SELECT * FROM read_parquet('${parquet}')`);
  const sql = render('duckdb');
  const events = queryOf(sql, 'events');
  const sessions = queryOf(sql, 'sessions');
  const ev = eventVariants(events, 'events', TIMEOUT_S);
  const se = sessionVariants(events, 'events', TIMEOUT_S);
  const queries = {
    lower_bound: lowerBound('events'),
    events: events,
    ...Object.fromEntries(Object.entries(ev).map(([k, v]) => [`events:${k}`, v.sql])),
    sessions: sessions,
    ...Object.fromEntries(Object.entries(se).map(([k, v]) => [`sessions:${k}`, v.sql])),
  };
  const cases = Object.entries(queries).map(([name, q]) => ({
    name,
    before: () => db.run('SET preserve_insertion_order = true'),
    run: () => db.run(`CREATE OR REPLACE TEMP TABLE bench_out AS ${q}`),
  }));
  // The same template and the best variant with DuckDB allowed to reorder rows.
  for (const name of ['events', 'events:islands_concat']) {
    cases.push({
      name: `${name} +preserve_insertion_order=false`,
      before: () => db.run('SET preserve_insertion_order = false'),
      run: () => db.run(`CREATE OR REPLACE TEMP TABLE bench_out AS ${queries[name]}`),
    });
  }
  log(
    `DuckDB shapes at ${n.toLocaleString('en')} events: ${cases.length} cases × ${rounds} rounds`,
  );
  const times = await measure(cases, rounds);
  await db.run('SET preserve_insertion_order = true');

  // Exactness: every variant against the template, row by row (events) or session by session.
  const checks = {};
  if (n === M1) {
    await db.run(`CREATE TEMP TABLE ref_events AS ${events}`);
    await db.run(`CREATE TEMP TABLE ref_sessions AS ${sessions}`);
    for (const [k, v] of Object.entries(ev)) {
      await db.run(`CREATE OR REPLACE TEMP TABLE candidate AS ${v.sql}`);
      const [r] =
        await db.rows(`SELECT count(*) FILTER (WHERE a.session_seq IS DISTINCT FROM b.session_seq OR a.session_id IS DISTINCT FROM b.session_id) AS differ, count(*) AS n
        FROM ref_events a FULL JOIN candidate b USING (event_id)`);
      checks[`events:${k}`] = `${r.differ} of ${Number(r.n).toLocaleString('en')} events differ`;
    }
    for (const [k, v] of Object.entries(se)) {
      await db.run(`CREATE OR REPLACE TEMP TABLE candidate AS ${v.sql}`);
      const cols =
        'user_id, session_seq, session_id, session_start, session_end, event_count, session_duration_seconds';
      const [r] =
        await db.rows(`SELECT (SELECT count(*) FROM (SELECT ${cols} FROM ref_sessions EXCEPT ALL SELECT ${cols} FROM candidate))
        + (SELECT count(*) FROM (SELECT ${cols} FROM candidate EXCEPT ALL SELECT ${cols} FROM ref_sessions)) AS differ, (SELECT count(*) FROM ref_sessions) AS n`);
      checks[`sessions:${k}`] =
        `${r.differ} of ${Number(r.n).toLocaleString('en')} sessions differ`;
    }
  }
  let plans;
  if (n === M10) {
    plans = {};
    for (const name of ['events', 'events:islands_concat', 'sessions', 'sessions:boundaries']) {
      const [row] = await db.rows(
        `EXPLAIN ANALYZE CREATE OR REPLACE TEMP TABLE bench_out AS ${queries[name]}`,
      );
      plans[name] = duckdbPlanSummary(row.explain_value);
    }
  }
  const [{ v: version }] = await db.rows('SELECT version() AS v');
  db.close();
  return {
    times,
    queries,
    variants: { ...prefix('events:', ev), ...prefix('sessions:', se) },
    checks,
    plans,
    version,
  };
}

const prefix = (p, o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));

/** Window operators (each one partitions and sorts its input) and every operator's time. */
function duckdbPlanSummary(plan) {
  const ops = [];
  const boxes = plan.split('\n');
  let current;
  for (const line of boxes) {
    const cell = line.replace(/[│┌┐└┘─┬┴]/g, ' ').trim();
    const name = /^([A-Z_]{4,})$/.exec(cell);
    if (name && !['QUERY'].includes(name[1])) {
      current = { op: name[1], detail: '' };
      ops.push(current);
    } else if (current && /^[\d,]+ rows?$/.test(cell)) {
      current.rows = cell;
    } else if (current && /^\d+(\.\d+)?s$/.test(cell)) {
      current.time = cell;
    } else if (current?.op === 'WINDOW' && /OVER|PARTITION|ORDER/.test(cell)) {
      current.detail += ` ${cell}`;
    }
  }
  for (const op of ops.filter(o => o.op === 'WINDOW')) {
    const functions = [...op.detail.matchAll(/([A-Za-z_]+)\([\w ]*\) OVER/g)].map(m => m[1]);
    const over = /PARTITION BY ([\w, ]+?) ORDER BY ([a-z_]\w*)/.exec(op.detail);
    op.detail = ` ${functions.join(', ')}${over ? ` over (PARTITION BY ${over[1]} ORDER BY ${over[2]} …)` : ''}`;
  }
  const total = /Total Time: ([\d.]+s)/.exec(plan)?.[1];
  return { total, ops: ops.filter(o => o.op !== 'EXPLAIN_ANALYZE') };
}

// ---------------------------------------------------------------- 4: PostgreSQL and SQLite
async function otherEngines(csv, parquet, rounds) {
  execFileSync('bash', ['scripts/engines/start.sh'], { cwd: ROOT, stdio: 'ignore' });
  const { Client } = await import('pg');
  const pg = new Client(PG);
  await pg.connect();
  const schema = `bench_${process.pid}`;
  await pg.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET work_mem = '256MB'`);
  await pg.query(
    'CREATE TABLE events (event_id bigint, user_id bigint, item_id int, ts timestamp(6))',
  );
  let t0 = performance.now();
  execFileSync(
    'psql',
    [
      '-h',
      PG.host,
      '-p',
      String(PG.port),
      '-U',
      PG.user,
      '-d',
      PG.database,
      '-qc',
      `\\copy ${schema}.events FROM '${csv}' CSV HEADER`,
    ],
    {
      env: { ...process.env, PGPASSWORD: PG.password },
    },
  );
  await pg.query('ANALYZE events');
  const pgLoad = performance.now() - t0;

  const SQL = await (await import('sql.js')).default();
  const lite = new SQL.Database();
  lite.exec('CREATE TABLE events (event_id INTEGER, user_id INTEGER, item_id INTEGER, ts TEXT)');
  t0 = performance.now();
  const insert = lite.prepare('INSERT INTO events VALUES (?, ?, ?, ?)');
  const lines = fs.readFileSync(csv, 'utf8').split('\n');
  lite.exec('BEGIN');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]) {
      const [e, u, it, ts] = lines[i].split(',');
      insert.run([Number(e), Number(u), Number(it), ts]);
    }
  }
  lite.exec('COMMIT');
  insert.free();
  const sqliteLoad = performance.now() - t0;

  const duck = await openDuckDb({ threads: 2 });
  await duck.run(`CREATE TABLE events AS SELECT * FROM read_parquet('${parquet}')`);
  const pgSql = render('postgres');
  const liteSql = render('sqlite');
  const duckSql = render('duckdb');
  const lb = lowerBound('events');
  const pgRun = q => ({
    before: () => pg.query('DROP TABLE IF EXISTS bench_out'),
    run: () => pg.query(`CREATE TEMP TABLE bench_out AS ${q}`),
  });
  const liteRun = q => ({
    before: () => lite.exec('DROP TABLE IF EXISTS bench_out'),
    run: async () => lite.exec(`CREATE TEMP TABLE bench_out AS ${q}`),
  });
  const duckRun = q => ({ run: () => duck.run(`CREATE OR REPLACE TEMP TABLE bench_out AS ${q}`) });
  const cases = [
    { name: 'DuckDB lower bound', ...duckRun(lb) },
    { name: 'DuckDB events', ...duckRun(queryOf(duckSql, 'events')) },
    { name: 'DuckDB sessions', ...duckRun(queryOf(duckSql, 'sessions')) },
    { name: 'PostgreSQL lower bound', ...pgRun(lb) },
    { name: 'PostgreSQL events', ...pgRun(queryOf(pgSql, 'events')) },
    { name: 'PostgreSQL sessions', ...pgRun(queryOf(pgSql, 'sessions')) },
    { name: 'SQLite lower bound', ...liteRun(lb) },
    { name: 'SQLite events', ...liteRun(queryOf(liteSql, 'events')) },
    { name: 'SQLite sessions', ...liteRun(queryOf(liteSql, 'sessions')) },
  ];
  log(`PostgreSQL and SQLite at 1,000,000 events: ${cases.length} cases × ${rounds} rounds`);
  const times = await measure(cases, rounds);

  // Same answer everywhere: session count and the sum of session_seq over events.
  const agree = {
    DuckDB: (
      await duck.rows(
        `SELECT count(*) AS n, sum(session_seq) AS s FROM (${queryOf(duckSql, 'events')})`,
      )
    )[0],
    PostgreSQL: (
      await pg.query(
        `SELECT count(*) AS n, sum(session_seq) AS s FROM (${queryOf(pgSql, 'events')}) x`,
      )
    ).rows[0],
    SQLite: (([n, s]) => ({ n, s }))(
      lite.exec(`SELECT count(*), sum(session_seq) FROM (${queryOf(liteSql, 'events')})`)[0]
        .values[0],
    ),
  };
  const pgPlan = (
    await pg.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) ${queryOf(pgSql, 'events')}`)
  ).rows
    .map(r => r['QUERY PLAN'])
    .join('\n');
  const versions = {
    postgres: (await pg.query('SHOW server_version')).rows[0].server_version,
    sqlite: lite.exec('SELECT sqlite_version()')[0].values[0][0],
  };
  await pg.query(`DROP SCHEMA ${schema} CASCADE`);
  await pg.end();
  lite.close();
  duck.close();
  return { times, agree, pgPlan, pgLoad, sqliteLoad, versions };
}

// ---------------------------------------------------------------- 5, 7: fresh processes
function renderTimes(runs) {
  const children = Array.from({ length: runs }, () =>
    JSON.parse(
      spawnTimed(process.execPath, [path.join(ROOT, 'scripts/bench/render-child.mjs')]).stdout,
    ),
  );
  const cliRender = Array.from(
    { length: runs },
    () =>
      spawnTimed(
        process.execPath,
        [
          'bin/sqlpatterns.js',
          'render',
          'sessionization',
          'events_table=app.events',
          'user_key=user_id',
          'event_ts=event_time',
        ],
        { cwd: ROOT },
      ).ms,
  );
  return {
    load: median(children.map(c => c.loadModuleMs)),
    cold: median(children.map(c => c.coldMs)),
    warm: median(children.flatMap(c => c.warmMs)),
    cached: median(children.flatMap(c => c.cachedMs)),
    cli: median(cliRender),
  };
}

/**
 * Activation time from the integration suite in the real VS Code host (it logs module load to the
 * end of activate(), and the host's whole activation), medians of a few runs; and the linux-x64 VSIX's size
 * (npm test installs it into that host).
 */
function vscodeHostFigures(runs) {
  const host = [];
  const extension = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = spawnTimed(process.execPath, [
      'scripts/vscode-host/run-tests.mjs',
      '--extension',
      ROOT,
      // The fixtures the integration suite needs, as `npm run test:host` passes them.
      '--with-extension',
      path.join(ROOT, 'test/fixtures/sql-languages-extension'),
      '--with-extension',
      path.join(ROOT, 'test/fixtures/workspace/.test-extensions/language-model'),
      '--tests',
      path.join(ROOT, 'out/test/integration/index.js'),
      '--workspace',
      path.join(ROOT, 'test/fixtures/workspace'),
    ]);
    // The host may have activated the extension before the suite asked (an open SQL file): then only
    // the extension's own figure is there.
    const m = stdout.match(
      /activation: (?:([\d.]+) ms|already active) in the host, ([\d.]+) ms in the extension/,
    );
    if (m) {
      if (m[1] !== undefined) {
        host.push(Number(m[1]));
      }
      extension.push(Number(m[2]));
    }
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-bench-vsix-'));
  try {
    const { stdout } = spawnTimed(process.execPath, [
      'scripts/package/vsix.mjs',
      ...['--targets', 'linux-x64', '--out', out],
    ]);
    return {
      runs: extension.length,
      hostMs: host.length > 0 ? median(host) : undefined,
      extensionMs: median(extension),
      vsix: stdout.match(/\.vsix +([\d.]+ MB)/)?.[1] ?? 'unknown',
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The host's own figure, absent when it had activated the extension before the suite asked. */
const hostActivation = vscode =>
  vscode.hostMs === undefined
    ? 'already active when the host was asked'
    : `${fmtMs(vscode.hostMs)} as the host sees it`;

function previewChild(file, memoryLimit = '-') {
  const { ms, stdout } = spawnTimed(
    process.execPath,
    [
      path.join(ROOT, 'scripts/bench/preview-child.mjs'),
      file,
      memoryLimit,
      'user_key=user_id',
      'event_ts=ts',
    ],
    { cwd: DATA_DIR }, // DuckDB spills into bench-data/.tmp under a memory limit
  );
  return { wallMs: ms, ...JSON.parse(stdout) };
}

// ---------------------------------------------------------------- report
function writeReport(r) {
  const row = cells => `| ${cells.join(' | ')} |`;
  const head = cells => `${row(cells)}\n${row(cells.map(() => '---'))}`;
  const shapes = (res, lbName = 'lower_bound') =>
    Object.entries(res.times).map(([name, t]) =>
      row([
        `\`${name}\``,
        fmtMs(t.wall),
        fmtRatio(t.wall / res.times[lbName].wall),
        fmtRatio(t.cpu / res.times[lbName].cpu),
        res.checks?.[name] ?? (name === 'events' || name === 'sessions' ? 'reference' : ''),
      ]),
    );
  const d1 = r.shapes1m;
  const d10 = r.shapes10m;
  const ratio = (res, name) => res.times[name].wall / res.times.lower_bound.wall;
  const best = 'events:islands_concat';
  const bestSessions = 'sessions:boundaries';
  const e2e = res =>
    Object.entries(res.times).map(([name, t]) =>
      row([
        name,
        fmtMs(t.wall),
        fmtMs(t.cpu),
        fmtRatio(t.cpu / res.times[CASES.bare].cpu),
        mib(t.peakRssMb),
        fmtRatio(res.times[CASES.pandas].wall / t.wall),
        t.runs.map(fmtMs).join(', '),
      ]),
    );
  const e2eHead = head([
    'case',
    'wall',
    'CPU',
    'CPU × bare job',
    'peak RSS',
    'pandas wall ÷ this wall',
    'runs (wall)',
  ]);
  const speedup = (res, name) => res.times[CASES.pandas].wall / res.times[name].wall;
  const e10 = r.e2e10m.times;
  const previewCost = e10[CASES.preview].cpu / e10[CASES.bare].cpu;
  const mib = mb => `${mb.toFixed(0)} MiB`;
  const eng = r.engines.times;
  const plan = p =>
    p.ops
      .map(
        o =>
          `${o.op}${o.rows ? `, ${o.rows}` : ''}${o.time ? `, ${o.time}` : ''}${o.detail ? ` —${o.detail}` : ''}`,
      )
      .join('\n');
  const pgNodes = r.engines.pgPlan
    .split('\n')
    .filter(l => /(Sort|WindowAgg|Incremental Sort)/.test(l));
  const count = (lines, re) => lines.filter(l => re.test(l)).length;
  const duckWindows = p => p.ops.filter(o => o.op === 'WINDOW').length;
  const goal = ok => (ok ? '**met**' : '**not met**');
  const extension = fs.existsSync(path.join(ROOT, 'dist/extension.js'));
  const min = r.minutes;

  const md = `# Benchmarks

Written by \`npm run bench\` (scripts/bench/) on ${r.date}; the whole run took ${min.toFixed(1)} minutes.
Do not edit by hand: run it again.

## Machine and versions

| | |
| --- | --- |
| CPU | ${os.cpus()[0].model}, ${os.cpus().length} cores |
| RAM | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |
| OS | ${os.type()} ${os.release()} |
| Node | ${process.version} |
| DuckDB | ${d1.version} (\`@duckdb/node-api\`, threads = 2) |
| PostgreSQL | ${r.engines.versions.postgres} (project test server, \`work_mem = 256MB\` for the session) |
| SQLite | ${r.engines.versions.sqlite} (\`sql.js\`, WebAssembly, in memory) |
| pandas | ${r.py.pandas} (Debian \`python3-pandas\`, ${PYTHON}); pyarrow ${r.py.pyarrow ? 'present' : 'not packaged by Debian 12, so pandas reads CSV'} |
| 1-minute load average (start, sections, end) | ${loads.join('; ')} |

**How to read the figures.** Each figure is the median of interleaved runs (A B C … A B C …${ROUNDS.warmup ? ', one warm-up round first' : ', no warm-up (--quick)'}): ${ROUNDS.duck1m} rounds at 1M events, ${ROUNDS.duck10m} at 10M, ${ROUNDS.engines} for PostgreSQL/SQLite,
${ROUNDS.e2e1m} (1M) and ${ROUNDS.e2e10m} (10M, no warm-up) end to end, ${ROUNDS.processes} fresh processes for render and preview.
Ratios compare cases of the same rounds. This machine is shared with other work, so wall times move
with the load shown above; the CPU-time ratio (user + system time of the process running DuckDB, all
its threads) moves much less and is shown beside the wall-time ratio.

**Data** (\`bench-data/\`, generated once, deterministic: see scripts/bench/data.mjs): ${USERS.toLocaleString('en')} users
with Pareto activity (at 10M events the median user has ${r.stats10m.median} events, the busiest ${Number(r.stats10m.max).toLocaleString('en')}),
millisecond TIMESTAMP \`ts\`, 3% tied timestamps, 0.5% gaps of exactly 30 minutes, stored in time order.
${Number(r.stats1m.sessions).toLocaleString('en')} sessions at 1M events, ${Number(r.stats10m.sessions).toLocaleString('en')} at 10M (30-minute timeout).
Sink for every query: \`CREATE OR REPLACE TEMP TABLE … AS <query>\`, as the preview stores its results.

## Goals

| goal | measured | |
| --- | --- | --- |
| must: sessions query ≤ 2.0× the lower bound at 10M, CPU (template) | ${fmtRatio(d10.times.sessions.cpu / d10.times.lower_bound.cpu)} CPU, ${fmtRatio(ratio(d10, 'sessions'))} wall | ${goal(d10.times.sessions.cpu / d10.times.lower_bound.cpu <= 2.0)} |
| must: CLI preview with every data test ≤ 1.5× the bare job's CPU (10M-row CSV, fresh processes, getrusage) | ${fmtRatio(previewCost)} CPU (${fmtMs(e10[CASES.preview].cpu)} against ${fmtMs(e10[CASES.bare].cpu)}), ${fmtRatio(e10[CASES.preview].wall / e10[CASES.bare].wall)} wall | ${goal(previewCost <= 1.5)} |
| must: CLI preview's peak memory ≤ pandas' on the same 10M-row CSV | ${mib(e10[CASES.preview].peakRssMb)} against ${mib(e10[CASES.pandas].peakRssMb)} (bare job ${mib(e10[CASES.bare].peakRssMb)}) | ${goal(e10[CASES.preview].peakRssMb <= e10[CASES.pandas].peakRssMb)} |
| stretch: events query ≤ 2.3× the lower bound at 10M, CPU (template) | ${fmtRatio(d10.times.events.cpu / d10.times.lower_bound.cpu)} CPU, ${fmtRatio(ratio(d10, 'events'))} wall | ${goal(d10.times.events.cpu / d10.times.lower_bound.cpu <= 2.3)} |
| same, best exact variant (\`${best.split(':')[1]}\`, below) | ${fmtRatio(d10.times[best].cpu / d10.times.lower_bound.cpu)} CPU, ${fmtRatio(ratio(d10, best))} wall | ${goal(d10.times[best].cpu / d10.times.lower_bound.cpu <= 2.3)} |
| stretch: the job (CSV in, labelled events and sessions written as Parquet: \`preview --out-events … --out-sessions …\`) ≥ 4× faster than pandas on the same 10M-row CSV | ${fmtRatio(speedup(r.e2e10m, CASES.job))} (wall; ${fmtMs(e10[CASES.job].wall)} against ${fmtMs(e10[CASES.pandas].wall)}; bare job ${fmtRatio(speedup(r.e2e10m, CASES.bare))}, DuckDB doing only pandas' work ${fmtRatio(speedup(r.e2e10m, CASES.sameWork))}) | ${goal(speedup(r.e2e10m, CASES.job) >= 4)} |
| stretch: render + format of all parts, warm < 20 ms | ${fmtMs(r.render.warm)} | ${goal(r.render.warm < 20)} |
| render + format, cold < 150 ms | ${fmtMs(r.render.cold)} (+ ${fmtMs(r.render.load)} to load the core) | ${goal(r.render.cold < 150)} |
| preview of 1M events (Parquet) through PreviewSession < 2 s | ${fmtMs(r.preview1m.totalMs)} (open ${fmtMs(r.preview1m.openMs)}, run ${fmtMs(r.preview1m.runMs)}) | ${goal(r.preview1m.totalMs < 2000)} |
| extension activation < 50 ms (VS Code host) | ${fmtMs(r.vscode.extensionMs)} in the extension, ${hostActivation(r.vscode)}; VSIX ${r.vscode.vsix} | ${goal(r.vscode.extensionMs < 50)} |

## 1, 2. DuckDB: generated SQL against one window pass

Lower bound: \`${lowerBound('events')}\`. Ratios are to it. "exact" compares each
variant with the template on the 1M set: session_seq and session_id of every event, or every column
of every session.

### 1M events

${head(['query', 'wall', '× lower bound (wall)', '× lower bound (CPU)', 'exact vs template (1M)'])}
${shapes(d1).join('\n')}

### 10M events

${head(['query', 'wall', '× lower bound (wall)', '× lower bound (CPU)', 'exact vs template (1M)'])}
${shapes({ ...d10, checks: d1.checks }).join('\n')}

Both parts, each read from the source as the rendered SQL does (the preview groups its stored labelled events instead): template
${fmtRatio((d1.times.events.wall + d1.times.sessions.wall) / d1.times.lower_bound.wall)} at 1M and ${fmtRatio((d10.times.events.wall + d10.times.sessions.wall) / d10.times.lower_bound.wall)} at 10M;
\`${best}\` + \`${bestSessions}\`: ${fmtRatio((d1.times[best].wall + d1.times[bestSessions].wall) / d1.times.lower_bound.wall)} and ${fmtRatio((d10.times[best].wall + d10.times[bestSessions].wall) / d10.times.lower_bound.wall)} (wall).

Seed prompt's session table (per-row window aggregates + QUALIFY) against ours (session boundaries):
${fmtRatio(d1.times['sessions:seed_qualify'].wall / d1.times.sessions.wall)} the time at 1M, ${fmtRatio(d10.times['sessions:seed_qualify'].wall / d10.times.sessions.wall)} at 10M.

### Every option set, today's shape against the previous one (1M events)

Today's templates against those of the shape before issue 18 (a running SUM numbers the sessions, and
the sessions are a GROUP BY over the labelled events), in the same rounds; "exact" compares every
column of every session, and each event's session_seq and session_id. Option sets: ${Object.entries(
    OPTION_SETS,
  )
    .map(
      ([name, v]) =>
        `${name} (${
          Object.entries(v)
            .map(([k, x]) => `${k}=${x}`)
            .join(' ') || 'no options'
        })`,
    )
    .join('; ')}.

${optionTable(r.options1m, fmtMs, fmtRatio)}

### Variants

${Object.entries(d1.variants)
  .map(([name, v]) => `- \`${name}\`: ${v.what}.`)
  .join('\n')}

Best exact events variant, \`${best}\` (${fmtRatio(ratio(d10, best))} at 10M against ${fmtRatio(ratio(d10, 'events'))} for the template), as run:

\`\`\`sql
${d1.variants[best].sql}
\`\`\`

Best sessions variant, \`${bestSessions}\` (${fmtRatio(ratio(d10, bestSessions))} against ${fmtRatio(ratio(d10, 'sessions'))}):

\`\`\`sql
${d1.variants[bestSessions].sql}
\`\`\`

### Sorts and window passes (EXPLAIN ANALYZE, 10M events)

DuckDB runs one WINDOW operator per distinct (PARTITION BY, ORDER BY); each one hash-partitions and
sorts all its input rows with their payload. Operator times are summed over threads.

${Object.entries(d10.plans)
  .map(
    ([name, p]) =>
      `\`${name}\`: ${duckWindows(p)} WINDOW operators, total ${p.total}.\n\`\`\`\n${plan(p)}\n\`\`\``,
  )
  .join('\n\n')}

PostgreSQL events query (1M events): ${count(pgNodes, /WindowAgg/)} WindowAgg nodes, ${count(pgNodes, /-> {2}Sort|^Sort/)} full Sort and ${count(pgNodes, /Incremental Sort/)} Incremental Sort.
\`\`\`
${r.engines.pgPlan}
\`\`\`

## 3. pandas (seed notebook) against our CLI, end to end

Each case is a fresh process reading the file and ending with a sessions table, measured by getrusage
(\`/usr/bin/time\`: wall, CPU time of the process and all its threads, peak resident memory). pandas here
cannot read Parquet (no pyarrow in Debian 12), so every case reads the same CSV; the CLI preview also
runs on the Parquet file. The **bare job** is the rendered events and sessions queries alone: load the
CSV into DuckDB, store the labelled events, store the sessions (scripts/bench/job-child.mjs). The CLI
preview does more: the same two parts (its sessions grouped from the stored labelled events),
${r.testCount} data tests and a summary. **The job** is the preview writing both parts as Parquet files
(\`--out-events\`, \`--out-sessions\`): pandas writes nothing. "DuckDB same work" loads the CSV and builds
the sessions table only (scripts/bench/sessions-child.mjs).

### 1M events

${e2eHead}
${e2e(r.e2e1m).join('\n')}

### 10M events

${e2eHead}
${e2e(r.e2e10m).join('\n')}

pandas steps in the last 10M run (s): ${Object.entries(r.e2e10m.pandasSteps.steps)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(
      ', ',
    )}. Sessions found: pandas ${Number(r.e2e10m.pandasSteps.sessions).toLocaleString('en')}, DuckDB ${Number(r.stats10m.sessions).toLocaleString('en')} (10M).
Above 1× in the pandas column means ours is faster. The preview's CPU against the bare job's is the
price of its data tests and summary; its peak memory stays near the bare job's because it keeps the
loaded data in a compressed in-memory table.

## 4. PostgreSQL and SQLite (1M events, their own dialect's SQL)

Loading: PostgreSQL \`\\copy\` + ANALYZE ${fmtMs(r.engines.pgLoad)}, SQLite inserts ${fmtMs(r.engines.sqliteLoad)} (not in the figures).

${head(['engine, query', 'median', '× own lower bound', '× DuckDB, same query'])}
${['DuckDB', 'PostgreSQL', 'SQLite'].flatMap(e => ['lower bound', 'events', 'sessions'].map(q => row([`${e} ${q}`, fmtMs(eng[`${e} ${q}`].wall), fmtRatio(eng[`${e} ${q}`].wall / eng[`${e} lower bound`].wall), fmtRatio(eng[`${e} ${q}`].wall / eng[`DuckDB ${q}`].wall)]))).join('\n')}

Same answer on all three: ${Object.entries(r.engines.agree)
    .map(
      ([k, v]) =>
        `${k} ${Number(v.n).toLocaleString('en')} events, Σ session_seq ${Number(v.s).toLocaleString('en')}`,
    )
    .join('; ')}.

## 5. Render + format (all three parts: events, sessions, ${r.testCount} tests)

| | median |
| --- | --- |
| load the core (\`require\`) in a fresh process | ${fmtMs(r.render.load)} |
| first call (cold) | ${fmtMs(r.render.cold)} |
| warm, new inputs each call | ${fmtMs(r.render.warm)} |
| warm, same inputs (formatted-SQL cache) | ${fmtMs(r.render.cached)} |
| \`sqlpatterns render\` CLI process, start to exit | ${fmtMs(r.render.cli)} |

## 6. VS Code host

Measured by the integration suite in the real VS Code host (code-server's server, see
docs/vscode-host.md), median of ${r.vscode.runs} runs: activation takes ${fmtMs(r.vscode.extensionMs)} from the
bundle's first line to the end of \`activate()\`, ${hostActivation(r.vscode)} (the test's
\`extension.activate()\`). Every feature is loaded on first use, so neither Handlebars, sql-formatter nor
DuckDB loads at activation (the suite asserts DuckDB is not loaded). The bundle dist/extension.js is
${extension ? (fs.statSync(path.join(ROOT, 'dist/extension.js')).size / 1024).toFixed(0) : '?'} KiB. The linux-x64 VSIX, with DuckDB's native
binding, is ${r.vscode.vsix} and installs into the host (\`scripts/vscode-host/check-vsix.sh\`).

## 7. Preview through PreviewSession, and memory

Fresh process each time: load the module, \`PreviewSession.open\` (read the file into DuckDB), \`run\`
(events, sessions, tests, summary). Peak RSS is the process's VmHWM.

${head(['case', 'load module', 'open', 'run', 'total', 'peak RSS'])}
${[
  ['1M Parquet (median)', r.preview1m],
  ['10M Parquet, no memory limit', r.preview10m],
  [`10M Parquet, \`memoryLimit: '${MEMORY_LIMIT}'\``, r.preview10mLimited],
]
  .map(([name, p]) =>
    row([
      name,
      fmtMs(p.loadModuleMs),
      fmtMs(p.openMs),
      fmtMs(p.runMs),
      fmtMs(p.totalMs),
      `${p.peakRssMb.toFixed(0)} MB`,
    ]),
  )
  .join('\n')}

With \`memoryLimit: '${MEMORY_LIMIT}'\` (the Database option, DuckDB's \`memory_limit\`) the 10M preview peaks at
${r.preview10mLimited.peakRssMb.toFixed(0)} MB resident against ${r.preview10m.peakRssMb.toFixed(0)} MB without it: DuckDB spills to its temp
directory and keeps its buffers within the limit (the rest is Node and DuckDB allocations outside the
buffer pool), at ${fmtRatio(r.preview10mLimited.runMs / r.preview10m.runMs)} the run time; all data tests ${r.preview10mLimited.testsPassed ? 'pass' : 'FAIL'}.

### Where a preview's time goes (each statement of one PreviewSession open and run, Parquet)

Wall and CPU time of this process (DuckDB's threads included) per statement, in the order they run.

${head(['statement', '1M wall', '10M wall', '10M CPU'])}
${r.breakdown10m
  .map(([name, ms, cpu]) => {
    const at1m = r.breakdown1m.filter(([n]) => n === name).reduce((sum, [, m]) => sum + m, 0);
    return row([name, at1m > 0 ? fmtMs(at1m) : '—', fmtMs(ms), fmtMs(cpu)]);
  })
  .join('\n')}
`;
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
}

// ---------------------------------------------------------------- main
noteLoad('start');
const py = ensureTools();
const dataDb = await openDuckDb();
const parquet1m = await ensureData(dataDb, M1, log);
const parquet10m = await ensureData(dataDb, M10, log);
const csv1m = await ensureCsv(dataDb, parquet1m);
const csv10m = await ensureCsv(dataDb, parquet10m);
const r = { py, date: new Date().toISOString().slice(0, 10) };
dataDb.close();

const statsDb = await openDuckDb();
await statsDb.run(`CREATE VIEW ev1 AS SELECT * FROM read_parquet('${parquet1m}')`);
await statsDb.run(`CREATE VIEW ev10 AS SELECT * FROM read_parquet('${parquet10m}')`);
const sessionStats = async view =>
  (
    await statsDb.rows(`SELECT (SELECT max(c) FROM (SELECT count(*) AS c FROM ${view} GROUP BY user_id)) AS max,
     (SELECT median(c) FROM (SELECT count(*) AS c FROM ${view} GROUP BY user_id)) AS median,
     (SELECT count(*) FROM (${queryOf(render('duckdb', view), 'sessions')})) AS sessions`)
  )[0];
r.stats1m = await sessionStats('ev1');
r.testCount = render('duckdb').tests.length;
r.stats10m = await sessionStats('ev10');
statsDb.close();

noteLoad('DuckDB 1M');
r.shapes1m = await duckdbShapes(M1, parquet1m, ROUNDS.duck1m);
r.options1m = await optionShapes({
  parquet: parquet1m,
  rounds: ROUNDS.duck1m,
  measure,
  openDuckDb,
  lowerBound,
  core: { renderPattern, queryOf },
  log,
});
noteLoad('DuckDB 10M');
r.shapes10m = await duckdbShapes(M10, parquet10m, ROUNDS.duck10m);
noteLoad('engines');
r.engines = await otherEngines(csv1m, parquet1m, ROUNDS.engines);
noteLoad('end to end');
r.e2e1m = endToEnd(csv1m, parquet1m, ROUNDS.e2e1m, { warmup: ROUNDS.warmup, log });
r.e2e10m = endToEnd(csv10m, parquet10m, ROUNDS.e2e10m, { log });
noteLoad('render, preview');
log('render and preview in fresh processes');
r.render = renderTimes(ROUNDS.processes * 2);
const previews = Array.from({ length: ROUNDS.processes }, () => previewChild(parquet1m));
r.preview1m = Object.fromEntries(
  Object.keys(previews[0]).map(k => [
    k,
    typeof previews[0][k] === 'number' ? median(previews.map(p => p[k])) : previews[0][k],
  ]),
);
r.preview10m = previewChild(parquet10m);
log('preview step by step');
r.breakdown1m = await previewBreakdown(parquet1m);
r.breakdown10m = await previewBreakdown(parquet10m);
r.preview10mLimited = previewChild(parquet10m, MEMORY_LIMIT);
log('activation in the VS Code host, VSIX');
r.vscode = vscodeHostFigures(3);
noteLoad('end');
r.minutes = (Date.now() - started) / 60_000;
writeReport(r);
log(`wrote BENCHMARKS.md in ${r.minutes.toFixed(1)} minutes`);
