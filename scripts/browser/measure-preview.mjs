// Times a DuckDB preview of 1M events end to end, as the panel and `--html` do it: load the Parquet
// file (PreviewSession.open), sessionize + tests + summary (run), page model + standalone HTML, and
// the page rendered in chromium; plus a re-run with another timeout on the loaded data (the panel's
// re-run). Needs `npm run compile` and `npm run build` (media/preview.js). Prints medians.
// Usage: node scripts/browser/measure-preview.mjs [rounds=5] [events=1000000]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureData } from '../bench/data.mjs';
import { fmtMs, median, openDuckDb, requireOut } from '../bench/lib.mjs';

const rounds = Number(process.argv[2] ?? 5);
const n = Number(process.argv[3] ?? 1_000_000);
const { PreviewSession } = requireOut('./duckdb/preview.js');
const { toPageModel } = requireOut('./report/model.js');
const { buildStandaloneHtml, readPageAssets } = requireOut('./report/html.js');

const maker = await openDuckDb();
const file = await ensureData(maker, n, console.error);
maker.close();
const assets = readPageAssets();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-measure-'));
const browser = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
const values = { user_key: 'user_id', event_ts: 'ts' };
const times = { open: [], run: [], page: [], render: [], total: [], rerun: [] };
let last;
try {
  for (let round = 0; round <= rounds; round++) {
    const t0 = performance.now();
    const session = await PreviewSession.open({ kind: 'file', path: file }, { memoryLimit: '2GB' });
    const t1 = performance.now();
    const result = await session.run('sessionization', values, { rowCap: 500 });
    const t2 = performance.now();
    const html = buildStandaloneHtml(
      toPageModel(result, {
        pattern: 'sessionization',
        source: { kind: 'file', path: file },
        values,
      }),
      assets,
    );
    const report = path.join(tmp, 'report.html');
    fs.writeFileSync(report, html);
    const t3 = performance.now();
    const page = await browser.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.locator('#events tbody tr').first().waitFor();
    const t4 = performance.now();
    await page.close();
    await session.run(
      'sessionization',
      { ...values, session_timeout_minutes: '15' },
      { rowCap: 500 },
    );
    const t5 = performance.now();
    session.close();
    last = { result, bytes: html.length };
    if (round === 0) {
      continue; // warm-up: first load of the binding and of the browser
    }
    times.open.push(t1 - t0);
    times.run.push(t2 - t1);
    times.page.push(t3 - t2);
    times.render.push(t4 - t3);
    times.total.push(t4 - t0);
    times.rerun.push(t5 - t4);
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
const s = last.result.summary;
console.log(
  `${path.basename(file)}: ${s.events.toLocaleString('en-US')} events, ${s.users.toLocaleString('en-US')} users, ${s.sessions.toLocaleString('en-US')} sessions, ${last.result.tests.filter(t => t.passed).length}/${last.result.tests.length} tests passed, report ${(last.bytes / 1024).toFixed(0)} KiB`,
);
console.log(`median of ${rounds} (after a warm-up round), ${os.cpus().length} cores:`);
for (const [name, values] of Object.entries(times)) {
  console.log(
    `  ${name.padEnd(7)} ${fmtMs(median(values)).padStart(9)}   (${values.map(v => fmtMs(v)).join(', ')})`,
  );
}
