// One preview in a fresh process: `node preview-child.mjs FILE MEMORY_LIMIT|- key=value ...`.
// Prints JSON timings and the process's peak resident memory (VmHWM); run with cwd bench-data/
// so that DuckDB spills (under a memory limit) into bench-data/.tmp.
import * as fs from 'node:fs';
import { requireOut } from './lib.mjs';

const [file, memoryLimit, ...words] = process.argv.slice(2);
const t0 = performance.now();
const { PreviewSession } = requireOut('./duckdb/preview.js');
const t1 = performance.now();
const session = await PreviewSession.open(
  { kind: 'file', path: file },
  memoryLimit === '-' ? {} : { memoryLimit },
);
const t2 = performance.now();
const result = await session.run(
  'sessionization',
  Object.fromEntries(words.map(w => w.split('='))),
);
const t3 = performance.now();
session.close();
const peakRssMb =
  Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
console.log(
  JSON.stringify({
    loadModuleMs: t1 - t0,
    openMs: t2 - t1,
    runMs: t3 - t2,
    totalMs: t3 - t0,
    peakRssMb,
    sessions: result.summary.sessions,
    testsPassed: result.tests.every(t => t.passed),
  }),
);
