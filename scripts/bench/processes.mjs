// The end-to-end cases (pandas, the bare job, the CLI preview, the job writing its results), each a
// fresh process measured by getrusage through /usr/bin/time: wall time, CPU time (user + system of
// the child and its threads) and peak resident memory. And a preview's statements one by one.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, median, requireOut } from './lib.mjs';

export const TIME = '/usr/bin/time';
export const PYTHON = '/usr/bin/python3'; // Debian's, where python3-pandas installs (not a pyenv python)

/** Runs a command to its end; wall ms, the child's CPU ms and peak RSS (MiB), its stdout. */
export function spawnMeasured(cmd, args, options = {}) {
  if (!fs.existsSync(TIME)) {
    throw new Error(
      `${TIME} is missing: apt-get install time (it reports a child's CPU and memory)`,
    );
  }
  const report = path.join(os.tmpdir(), `sqlpatterns-bench-time-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync(TIME, ['-o', report, '-f', '%U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...options,
  });
  const ms = performance.now() - t0;
  const lines = fs.readFileSync(report, 'utf8').trim().split('\n');
  fs.rmSync(report, { force: true });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  // The last line is the format's; a signal or status note comes before it.
  const [user, system, maxKb] = (lines.at(-1) ?? '').split(' ').map(Number);
  return { ms, cpuMs: (user + system) * 1000, peakRssMb: maxKb / 1024, stdout: r.stdout };
}

export const CASES = {
  pandas: 'pandas (seed notebook), CSV → sessions',
  sameWork: 'DuckDB same work as pandas, CSV → sessions',
  bare: 'bare job: CSV → labelled events and sessions in DuckDB',
  preview: 'CLI preview, CSV (all parts, every data test, summary)',
  job: 'the job: CLI preview, CSV → labelled events and sessions written as Parquet',
  previewParquet: 'CLI preview, Parquet',
};

/**
 * Interleaved rounds of the end-to-end cases on one data set (A B C … A B C …); per case the median
 * wall, CPU and peak RSS over the rounds, and every run's wall time.
 */
export function endToEnd(csv, parquet, rounds, { warmup = false, log = () => {} } = {}) {
  const node =
    (script, ...args) =>
    () =>
      spawnMeasured(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT });
  const preview = (file, ...flags) =>
    node(
      'bin/sqlpatterns.js',
      'preview',
      'sessionization',
      '--data',
      file,
      ...flags,
      'user_key=user_id',
      'event_ts=ts',
    );
  let pandasSteps;
  const cases = {
    [CASES.pandas]: () => {
      const run = spawnMeasured(PYTHON, [path.join(ROOT, 'scripts/bench/pandas_sessions.py'), csv]);
      pandasSteps = JSON.parse(run.stdout);
      return run;
    },
    [CASES.bare]: node('scripts/bench/job-child.mjs', csv),
    [CASES.preview]: preview(csv),
    [CASES.job]: () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-bench-job-'));
      try {
        return preview(
          csv,
          '--out-events',
          path.join(out, 'events.parquet'),
          '--out-sessions',
          path.join(out, 'sessions.parquet'),
        )();
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    },
    [CASES.previewParquet]: preview(parquet),
    [CASES.sameWork]: node('scripts/bench/sessions-child.mjs', csv),
  };
  log(`end to end: ${Object.keys(cases).length} cases × ${rounds} rounds`);
  const runs = Object.fromEntries(Object.keys(cases).map(name => [name, []]));
  for (let round = warmup ? -1 : 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(cases)) {
      const measured = run();
      if (round >= 0) {
        runs[name].push(measured);
      }
    }
  }
  const times = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      {
        wall: median(list.map(m => m.ms)),
        cpu: median(list.map(m => m.cpuMs)),
        peakRssMb: median(list.map(m => m.peakRssMb)),
        runs: list.map(m => m.ms),
      },
    ]),
  );
  return { times, pandasSteps };
}

/** A statement's name in the breakdown: the test or part it computes, else its first words. */
function statementName(sql) {
  const test = /-- (\w+) \((?:error|warn)\): returns no rows/.exec(sql.slice(0, 300));
  if (test) {
    return `test ${test[1]}`;
  }
  const table = /^\s*CREATE (?:OR REPLACE )?TABLE (\w+)/i.exec(sql);
  if (table) {
    return `→ ${table[1]}`;
  }
  const shared = /count\(\*\) FILTER \(WHERE[\s\S]*AS n_1/.test(sql);
  if (shared) {
    return 'tests sharing a first CTE, counted in one statement';
  }
  return sql.replace(/\s+/g, ' ').trim().slice(0, 48) + '…';
}

/**
 * The statements one PreviewSession.open and run execute on `file`, in this process, each timed
 * (wall and this process's CPU, DuckDB's threads included); statements under 20 ms are summed in
 * one line. Rows of [name, wall ms, CPU ms].
 */
export async function previewBreakdown(file) {
  const { Database } = requireOut('./duckdb/database.js');
  const { PreviewSession } = requireOut('./duckdb/preview.js');
  const steps = [];
  const originals = ['run', 'query'].map(method => [method, Database.prototype[method]]);
  for (const [method, original] of originals) {
    Database.prototype[method] = async function (sql, ...rest) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        const used = process.cpuUsage(cpu0);
        steps.push([statementName(sql), performance.now() - t0, (used.user + used.system) / 1000]);
      }
    };
  }
  try {
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      await session.run('sessionization', { user_key: 'user_id', event_ts: 'ts' });
    } finally {
      session.close();
    }
  } finally {
    for (const [method, original] of originals) {
      Database.prototype[method] = original;
    }
  }
  const small = steps.filter(([, ms]) => ms < 20);
  return [
    ...steps.filter(([, ms]) => ms >= 20),
    [
      'statements under 20 ms each, summed',
      small.reduce((sum, [, ms]) => sum + ms, 0),
      small.reduce((sum, [, , cpu]) => sum + cpu, 0),
    ],
  ];
}
