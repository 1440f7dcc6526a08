/**
 * PURPOSE: the DuckDB preview page in a real browser (Debian chromium through playwright-core),
 * built from real preview results: the HTML report written by the CLI, and the webview page with a
 * stand-in for VS Code's `acquireVsCodeApi` that records what the page posts. Also the panel's
 * engine path (PreviewRunner → toPageModel) on awkward data, and cancellation by a newer request.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { main } from '../../src/cli/main';
import { CancelledError } from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { sampleOf, type DataSource } from '../../src/duckdb/preview';
import {
  DURATION_SECONDS,
  EVENTS_PER_SESSION,
  bucketSql,
  countsFromHistogram,
  type HistogramScale,
} from '../../src/core/patterns/sessionization/histogram';
import {
  PAGE_SCRIPT,
  PAGE_STYLE,
  buildStandaloneHtml,
  buildWebviewHtml,
  mediaDir,
  readPageAssets,
  type PageAssets,
} from '../../src/report/html';
import { toPageModel, type Grid, type PageModel } from '../../src/report/model';
import { PreviewRunner } from '../../src/vscode/preview/previewRunner';
import { sensitivityMinutes } from '../../src/core/patterns/sessionization/timeoutSensitivity';
import { GAP_SECONDS } from '../../src/core/patterns/sessionization/histogram';
import type { PageToPanel } from '../../src/report/protocol';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
// Written under out/ (not tracked); docs/preview-screenshot.png is a copy of one run.
const SCREENSHOT = path.resolve(__dirname, '../../preview-screenshot.png');
const WEBVIEW_ORIGIN = 'https://webview.test';

/** VS Code's Dark Modern theme, as the workbench passes it to webviews (a subset). */
const DARK_THEME: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-testing-iconFailed': '#f14c4c',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-font-size': '13px',
};

/** A CSV whose values, and one column name, are markup and script. */
const HOSTILE_CSV = [
  'user_id,event_time,page,"note<img src=x onerror=window.__xss=3>"',
  '"<script>window.__xss=1;alert(1)</script>",2024-01-01 10:00:00,"<img src=x onerror=""window.__xss=2;alert(2)"">",a',
  '"<script>window.__xss=1;alert(1)</script>",2024-01-01 10:10:00,"</script><script>window.__xss=4</script>",b',
  '"<script>window.__xss=1;alert(1)</script>",2024-01-01 12:00:00,"&lt;b&gt;entity&lt;/b&gt;",c',
  'bob,2024-01-01 10:00:00,home,"line\u2028break"',
].join('\n');

/** Reference for bucketSql, counted in JavaScript; values below the first bound are not counted. */
function bucketCounts(scale: HistogramScale, values: readonly unknown[]): number[] {
  const counts = scale.lowerBounds.map(() => 0);
  for (const raw of values) {
    const value = Number(raw);
    if (raw === null || raw === undefined || Number.isNaN(value)) {
      continue;
    }
    let bucket = -1;
    while (
      bucket + 1 < scale.lowerBounds.length &&
      (scale.lowerBounds[bucket + 1] as number) <= value
    ) {
      bucket++;
    }
    if (bucket >= 0) {
      counts[bucket] = (counts[bucket] as number) + 1;
    }
  }
  return counts;
}

describe('Preview page in a browser', function () {
  this.timeout(180_000);
  let dir: string;
  let context: BrowserContext;
  let assets: PageAssets;
  let runner: PreviewRunner;
  let maker: Database;
  let sample: PageModel;
  let hostileCsv: string;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  /** The panel's engine path: a PreviewRunner job, then the page model. */
  async function model(source: DataSource, values: Record<string, string>): Promise<PageModel> {
    const ticket = runner.begin();
    const result = await runner.run(source, {}, ticket.signal, session =>
      session.run('sessionization', values, { rowCap: 500, signal: ticket.signal }),
    );
    return toPageModel(result, { pattern: 'sessionization', source, values });
  }

  const eventsGrid = (m: PageModel) => m.grids.events as Grid;
  const sessionsGrid = (m: PageModel) => m.grids.sessions as Grid;

  async function runCli(args: string[]): Promise<number> {
    let stderr = '';
    const code = await main(args, { stdout: () => undefined, stderr: text => (stderr += text) });
    assert.equal(stderr, '', `sqlpatterns ${args.join(' ')} wrote to stderr`);
    return code;
  }

  async function openPage(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', m => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', e => consoleErrors.push(e.message));
    page.on('dialog', d => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    return page;
  }

  async function openReport(model: PageModel, name: string): Promise<Page> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, buildStandaloneHtml(model, assets));
    const page = await openPage(pathToFileURL(file).href);
    await page.locator('#summary').waitFor();
    return page;
  }

  /** The webview page as VS Code serves it, with a recording stand-in for acquireVsCodeApi. */
  async function openWebview(savedState?: unknown): Promise<Page> {
    const html = buildWebviewHtml({
      cspSource: WEBVIEW_ORIGIN,
      nonce: 'test-nonce-0123456789',
      scriptUri: `${WEBVIEW_ORIGIN}/media/${PAGE_SCRIPT}`,
      styleUri: `${WEBVIEW_ORIGIN}/media/${PAGE_STYLE}`,
    });
    const page = await context.newPage();
    await page.route(`${WEBVIEW_ORIGIN}/**`, route => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') {
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      const file = path.join(mediaDir(), path.basename(url.pathname));
      return route.fulfill({
        contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript',
        body: fs.readFileSync(file),
      });
    });
    await page.addInitScript(state => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      w.__state = state ?? undefined;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
        getState: () => w.__state,
        setState: (s: unknown) => (w.__state = s),
      });
    }, savedState);
    page.on('console', m => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', e => consoleErrors.push(e.message));
    await page.goto(`${WEBVIEW_ORIGIN}/index.html`);
    return page;
  }

  const posted = (page: Page) =>
    page.evaluate(() => (window as unknown as { __posted: PageToPanel[] }).__posted);

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: run "bash scripts/browser/ensure-chromium.sh" (installs the Debian package chromium).`,
      );
    }
    assets = readPageAssets();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-page-'));
    runner = new PreviewRunner();
    maker = await Database.open();
    hostileCsv = path.join(dir, 'hostile.csv');
    fs.writeFileSync(hostileCsv, HOSTILE_CSV);
    const { source, values } = sampleOf('sessionization');
    sample = await model(source, { ...values });
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: BROWSER_ARGS,
      viewport: { width: 1280, height: 1000 },
    });
  });

  after(async () => {
    await context?.close();
    runner?.dispose();
    maker?.close();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  afterEach(function () {
    const failed = this.currentTest?.state === 'failed';
    if (!failed) {
      assert.deepEqual(consoleErrors, [], 'no script error or CSP violation in the page');
      assert.deepEqual(dialogs, [], 'no dialog opened');
    }
    consoleErrors.length = 0;
    dialogs.length = 0;
  });

  it('renders the summary, charts, data tests, capped grids and SQL of the bundled sample (CLI --html)', async () => {
    const report = path.join(dir, 'demo.html');
    assert.equal(await runCli(['demo', '--html', report]), 0);
    const page = await openPage(pathToFileURL(report).href);
    const figures = await page.locator('#summary .figure').allInnerTexts();
    const figure = (label: string) => figures.find(f => f.startsWith(label))?.replace(/\s+/g, ' ');
    assert.equal(figure('Events'), 'Events 5,292 of 5,295 rows');
    assert.equal(figure('Excluded rows'), 'Excluded rows 3 NULL user key or timestamp');
    assert.equal(figure('Users'), 'Users 400');
    assert.equal(figure('Sessions'), 'Sessions 964');
    assert.match(
      figure('Events per session') ?? '',
      /^Events per session median [\d.]+ mean [\d.]+ · p95 [\d.]+ · max \d+$/,
    );
    assert.match(
      figure('Session duration') ?? '',
      /^Session duration median \d+m \d+s p90 .+ · p95 .+ · p99 .+ · max .+$/,
    );
    assert.match(figure('One-event sessions') ?? '', /^One-event sessions \d+\.\d%$/);

    // Two SVG histograms of session length, a bar per bucket, each bar's tooltip giving its count.
    const length = page.locator('section.chart-group').filter({ hasText: 'Session length' });
    const charts = length.locator('svg');
    assert.equal(await charts.count(), 2);
    assert.equal(await charts.nth(0).locator('rect.bar').count(), EVENTS_PER_SESSION.labels.length);
    assert.equal(await charts.nth(1).locator('rect.bar').count(), DURATION_SECONDS.labels.length);
    const tips = await charts.nth(0).locator('rect.bar title').allTextContents();
    const lengthCharts = sample.charts?.find(g => g.title === 'Session length')?.items ?? [];
    const eventsPerSession = (lengthCharts[0]?.kind !== 'curve' && lengthCharts[0]?.counts) || [];
    assert.equal(
      tips[0],
      `1 events: ${eventsPerSession[0]} sessions (${((100 * (eventsPerSession[0] ?? 0)) / 964).toFixed(1)}%)`,
    );
    assert.equal(
      eventsPerSession.reduce((a, b) => a + b, 0),
      964,
      'the histogram counts every session, not only the 500 rows the page received',
    );
    assert.equal(await length.locator('.note').innerText(), 'Counted over all 964 sessions.');

    // Every data test with its status; the warn test opens on its violating rows.
    const statuses = await page.locator('#tests .test .badge').allInnerTexts();
    assert.deepEqual(
      statuses,
      sample.tests.map(t => (t.name.startsWith('rows_with_null') ? 'WARN' : 'PASS')),
    );
    assert.equal(statuses.filter(s => s === 'WARN').length, 1);
    const warn = page.locator('#tests .test.warn');
    assert.equal(await warn.getAttribute('open'), '');
    assert.equal(await warn.locator('tbody tr').count(), 3);
    assert.equal(await warn.locator('.cap').innerText(), 'all 3 violating rows');
    assert.match(await warn.locator('td.null').first().innerText(), /^NULL$/);

    // Grids state the cap and show a page of rows; events are grouped by user and session.
    assert.equal(
      await page.locator('#sessions .cap').innerText(),
      'showing first 500 of 964 sessions',
    );
    assert.equal(await page.locator('#sessions tbody tr').count(), 50);
    assert.equal(
      await page.locator('#events .cap').innerText(),
      'showing first 500 of 5,292 events',
    );
    const firstEvents = eventsGrid(sample).rows.slice(0, 50);
    const col = (name: string) => eventsGrid(sample).columns.indexOf(name);
    const groups = new Set(firstEvents.map(r => `${r[col('user_id')]}/${r[col('session_seq')]}`));
    assert.equal(await page.locator('#events tr.group').count(), groups.size);
    const first = firstEvents[0] ?? [];
    assert.equal(
      await page.locator('#events tr.group').first().innerText(),
      `user_id ${first[col('user_id')]} · session ${first[col('session_seq')]} · ${first[col('session_id')]}`,
    );
    assert.equal(await page.locator('#events tbody tr:not(.group)').count(), 50);

    // The executed SQL; the actions that need the extension are absent from the report file.
    const sql = await page.locator('#sql pre').innerText();
    assert.match(sql, /-- ===== events =====/);
    assert.match(sql, /FROM\s+preview_events/);
    assert.equal(
      await page.locator('#open-sql, #rerun, #timeout, .export-part, #save-database').count(),
      0,
      'no export buttons: the report file has no host to write files',
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /VS Code panel/);
    assert.equal(await page.locator('#copy-sql').count(), 1);
    await page.close();
  });

  it('refuses an --html path it cannot write before running the preview', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const missing = path.join(dir, 'no-such-folder', 'report.html');
    assert.equal(await main(['demo', '--html', missing], io), 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      `sqlpatterns: --html: cannot write ${missing}: its folder does not exist; give a file path in an existing folder.\n`,
    );
    assert.equal(await main(['demo', '--html', dir], io), 2, 'a folder is not a report file');
  });

  it('counts histogram buckets in DuckDB by the same rule as from rows', async () => {
    await maker.run(
      `CREATE OR REPLACE TABLE s AS SELECT i % 130 + 1 AS event_count, CAST(i * 37 % 20000 AS DOUBLE) / (i % 3 + 1) AS session_duration_seconds FROM range(5000) t(i)`,
    );
    const [row] = await maker.query(
      `SELECT histogram(${bucketSql(EVENTS_PER_SESSION, 'event_count')}) AS e, histogram(${bucketSql(DURATION_SECONDS, 'session_duration_seconds')}) AS d FROM s`,
    );
    const rows = await maker.query('SELECT * FROM s');
    assert.deepEqual(
      countsFromHistogram(EVENTS_PER_SESSION, row?.e),
      bucketCounts(
        EVENTS_PER_SESSION,
        rows.map(r => r.event_count),
      ),
    );
    assert.deepEqual(
      countsFromHistogram(DURATION_SECONDS, row?.d),
      bucketCounts(
        DURATION_SECONDS,
        rows.map(r => r.session_duration_seconds),
      ),
    );
  });

  it('pages through the rows it received and keeps the cap stated', async () => {
    const page = await openReport(sample, 'paging.html');
    const sessions = page.locator('#sessions');
    const position = sessions.locator('.position');
    const firstCell = sessions.locator('tbody tr').first().locator('td').first();
    assert.equal(await position.innerText(), 'rows 1–50 of 500');
    assert.equal(await sessions.locator('button.prev').isDisabled(), true);
    await sessions.locator('button.next').click();
    assert.equal(await position.innerText(), 'rows 51–100 of 500');
    assert.equal(await firstCell.innerText(), String(sessionsGrid(sample).rows[50]?.[0]));
    for (let i = 0; i < 8; i++) {
      await sessions.locator('button.next').click();
    }
    assert.equal(await position.innerText(), 'rows 451–500 of 500');
    assert.equal(await sessions.locator('button.next').isDisabled(), true);
    await sessions.locator('button.prev').click();
    assert.equal(await position.innerText(), 'rows 401–450 of 500');
    assert.equal(
      await page.locator('#sessions .cap').innerText(),
      'showing first 500 of 964 sessions',
    );
    await page.close();
  });

  it('shows markup and script from the data as text and runs none of it (CLI --html)', async () => {
    const report = path.join(dir, 'hostile.html');
    const code = await runCli([
      'preview',
      'sessionization',
      '--data',
      hostileCsv,
      '--html',
      report,
      'user_key=user_id',
      'event_ts=event_time',
    ]);
    assert.equal(code, 0);
    const html = fs.readFileSync(report, 'utf8');
    const embedded = /<script type="application\/json" id="preview-data">([^]*?)<\/script>/.exec(
      html,
    )?.[1];
    assert.ok(
      embedded?.includes('\\u003cscript\\u003ewindow.__xss=1'),
      'data embedded with < escaped',
    );
    assert.doesNotMatch(embedded ?? '<', /<|>/);
    const page = await openPage(pathToFileURL(report).href);
    await page.locator('#events table').waitFor();
    const hostileUser = '<script>window.__xss=1;alert(1)</script>';
    const cells = await page.locator('#events tbody td').allInnerTexts();
    assert.ok(cells.includes(hostileUser));
    assert.ok(cells.includes('<img src=x onerror="window.__xss=2;alert(2)">'));
    assert.ok(cells.includes('</script><script>window.__xss=4</script>'));
    assert.ok(cells.includes('&lt;b&gt;entity&lt;/b&gt;'), 'entities stay as typed');
    assert.ok(cells.includes('line\u2028break'));
    const headers = await page.locator('#events thead th').allInnerTexts();
    assert.ok(headers.includes('note<img src=x onerror=window.__xss=3>'));
    assert.match(
      await page.locator('#events tr.group').first().innerText(),
      /^user_id <script>window\.__xss=1;alert\(1\)<\/script> · session 1/,
    );
    assert.equal(await page.locator('#app img, #app script, #app iframe').count(), 0);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
      undefined,
    );
    // Two users, the hostile one split by a 110-minute gap.
    assert.equal(await page.locator('#summary .figure').nth(3).innerText(), 'Sessions\n3');
    await page.close();
  });

  it('copies the rows of a grid as CSV from the report file', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await openReport(sample, 'copy.html');
    await page.locator('#sessions button.copy-csv').click();
    await page.locator('#status', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.locator('#status').innerText(), 'Copied 500 sessions as CSV.');
    const csv = await page.evaluate(() => navigator.clipboard.readText());
    const lines = csv.split('\r\n');
    assert.equal(lines[0], sessionsGrid(sample).columns.join(','));
    assert.equal(lines.length, 502, 'header, 500 rows, final line break');
    await page.close();
  });

  it('posts open-SQL, re-run and copy messages in the webview, and saves its state', async () => {
    const page = await openWebview();
    await page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
    );
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await page.evaluate(m => window.postMessage({ type: 'show', model: m }, '*'), sample);
    await page.locator('#summary').waitFor();
    const saved = await page.evaluate(
      () =>
        (window as unknown as { __state: { model: { summary: { sessions: number } } } }).__state,
    );
    assert.equal(saved.model.summary.sessions, 964);

    await page.locator('#open-sql').click();
    assert.equal(
      await page.locator('button[data-minutes="30"]').getAttribute('aria-pressed'),
      'true',
    );
    await page.locator('button[data-minutes="15"]').click();
    assert.match(await page.locator('#status').innerText(), /15-minute timeout/);
    assert.equal(
      await page.locator('#rerun').isDisabled(),
      true,
      'no second run while one is running',
    );
    await page.evaluate(() => window.postMessage({ type: 'status', state: 'idle' }, '*'));
    await page.locator('#timeout').fill('45');
    await page.locator('#timeout').press('Enter');
    await page.evaluate(() =>
      window.postMessage({ type: 'status', state: 'error', message: 'event_ts: bad' }, '*'),
    );
    await page.locator('#status', { hasText: 'event_ts: bad' }).waitFor();
    assert.equal(await page.locator('#status').innerText(), 'event_ts: bad');
    assert.equal(await page.locator('#status').getAttribute('role'), 'alert');
    await page.locator('#timeout').fill('0');
    await page.locator('#rerun').click();
    assert.match(await page.locator('#status').innerText(), /more than 0/);
    await page.locator('#events button.copy-csv').click();

    const messages = await posted(page);
    assert.deepEqual(messages.slice(0, 4), [
      { type: 'ready' },
      { type: 'openSql' },
      { type: 'rerun', minutes: 15 },
      { type: 'rerun', minutes: 45 },
    ]);
    const copy = messages[4];
    assert.equal(messages.length, 5, 'the timeout of 0 was not sent');
    assert.ok(copy?.type === 'copyCsv');
    assert.equal(copy.what, '500 events');
    assert.equal(copy.csv.split('\r\n')[0], eventsGrid(sample).columns.join(','));

    // The panel as it looks in VS Code's dark theme.
    await page.evaluate(theme => {
      for (const [name, value] of Object.entries(theme)) {
        document.documentElement.style.setProperty(name, value);
      }
      document.body.classList.add('vscode-dark');
    }, DARK_THEME);
    await page.evaluate(m => window.postMessage({ type: 'show', model: m }, '*'), sample);
    await page.locator('#timeout').waitFor();
    await page.waitForFunction(
      () => (document.getElementById('timeout') as HTMLInputElement).value === '30',
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    // High-contrast themes define contrastBorder: every border takes it.
    await page.evaluate(() =>
      document.documentElement.style.setProperty('--vscode-contrastBorder', 'rgb(111, 195, 223)'),
    );
    const border = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate(e => getComputedStyle(e).borderBottomColor);
    assert.equal(await border('#summary .figure'), 'rgb(111, 195, 223)');
    assert.equal(await border('#sessions td'), 'rgb(111, 195, 223)');
    await page.close();
  });

  it('shows a restored panel from its saved state before any message', async () => {
    const page = await openWebview({ model: sample });
    await page.locator('#summary').waitFor();
    assert.equal(
      await page.locator('#sessions .cap').innerText(),
      'showing first 500 of 964 sessions',
    );
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await page.close();
  });

  it('renders awkward data through the panel engine path: empty, NULL timestamps, 100k events of one user, text and TIMESTAMPTZ', async () => {
    const write = async (name: string, select: string, format: string) => {
      const file = path.join(dir, name);
      await maker.run(`COPY (${select}) TO '${file}' (FORMAT ${format})`);
      return file;
    };
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, 'user_id,event_time\n');
    const nulls = path.join(dir, 'nulls.csv');
    fs.writeFileSync(nulls, 'user_id,event_time\n1,\n2,\n2,\n');
    const texts = path.join(dir, 'texts.csv');
    fs.writeFileSync(
      texts,
      'user_id,event_time\n1,2024-01-01 10:00:00\n1,2024-01-01T10:29:00\n1,2024-01-01 11:00:00.5\n1,2024-01-01 11:10:00+00\n',
    );
    const oneUser = await write(
      'one-user.parquet',
      // A 31-minute pause after every 1,000th event: 100 sessions of 1,000 events.
      `SELECT 7 AS user_id, TIMESTAMP '2024-01-01' + to_seconds(i * 1 + (i // 1000) * 1860) AS event_time FROM range(100000) t(i)`,
      'parquet',
    );
    const tz = await write(
      'tz.parquet',
      `SELECT i % 5 AS user_id, TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_minutes(i * 7) AS event_time FROM range(200) t(i)`,
      'parquet',
    );
    const values = { user_key: 'user_id', event_ts: 'event_time' };
    const file = (p: string): DataSource => ({ kind: 'file', path: p });

    let page = await openReport(await model(file(empty), values), 'empty.html');
    assert.equal(await page.locator('#sessions .position').innerText(), 'no rows');
    assert.equal(await page.locator('#sessions .copy-csv').isDisabled(), true);
    assert.equal(await page.locator('.chart-group .count:not(:empty)').count(), 0);
    assert.match(await page.locator('#summary').innerText(), /Sessions\s+0/);
    await page.close();

    page = await openReport(await model(file(nulls), values), 'nulls.html');
    assert.match(await page.locator('#summary').innerText(), /Excluded rows\s+3/);
    const warn = page.locator('#tests .test.warn');
    assert.equal(await warn.locator('tbody tr').count(), 3);
    await page.close();

    const big = await model(file(oneUser), values);
    assert.equal(big.summary.sessions, 100);
    page = await openReport(big, 'one-user.html');
    assert.equal(
      await page.locator('#events .cap').innerText(),
      'showing first 500 of 100,000 events',
    );
    assert.equal(
      await page.locator('#events tr.group').count(),
      1,
      'one session on the first page',
    );
    assert.equal(await page.locator('#sessions .cap').innerText(), 'all 100 sessions');
    const length = page.locator('section.chart-group').filter({ hasText: 'Session length' });
    assert.match(await length.locator('.note').innerText(), /over all 100 sessions/);
    const bars = await length.locator('svg').nth(0).locator('rect.bar title').allTextContents();
    assert.equal(bars.at(-1), '101+ events: 100 sessions (100.0%)');
    await page.close();

    const parsed = await model(file(texts), values);
    assert.equal(parsed.summary.sessions, 2);
    page = await openReport(parsed, 'texts.html');
    assert.ok(
      (await page.locator('#events tbody td').allInnerTexts()).some(t =>
        t.startsWith('2024-01-01 11:00:00.5'),
      ),
    );
    await page.close();

    page = await openReport(await model(file(tz), values), 'tz.html');
    assert.match(
      await page.locator('#events tbody td').nth(1).innerText(),
      /^2024-03-01 00:00:00\+00$/,
    );
    assert.deepEqual(await page.locator('#tests .badge.failed').count(), 0);
    await page.close();
  });

  /** The funnel chart as the page draws it: bar counts and the notes between bars. */
  async function funnelChart(page: Page): Promise<{ bars: string[]; between: string[] }> {
    const chart = page.locator('#charts figure.chart').first();
    await chart.waitFor();
    return {
      bars: await chart.locator('.bucket .count').allTextContents(),
      between: (await chart
        .locator('text.between')
        .evaluateAll(nodes =>
          nodes.map(n => [...n.querySelectorAll('tspan')].map(t => t.textContent).join(' | ')),
        )) as string[],
    };
  }

  it('draws the funnel of the bundled shop sample: a bar per step, the conversion and median time between (CLI --html)', async () => {
    const report = path.join(dir, 'funnel.html');
    assert.equal(await runCli(['demo', 'funnel', '--html', report]), 0);
    const page = await openPage(pathToFileURL(report).href);
    const figures = await page.locator('#summary .figure').allInnerTexts();
    assert.ok(
      figures.some(f => /^Entered\s+523\b/.test(f)),
      `an Entered figure: ${figures.join(' / ')}`,
    );
    const { bars, between } = await funnelChart(page);
    assert.deepEqual(bars, ['523', '251', '149', '98']);
    assert.equal(between.length, 3, 'one note between each two steps');
    assert.match(between[0] ?? '', /^48\.0% \| median \d+h \d+m$/);
    assert.deepEqual(await page.locator('#charts figure.chart .bucket .label').allTextContents(), [
      'view',
      'add to cart',
      'checkout',
      'purchase',
    ]);
    await page.close();
  });

  it('shows the same funnel chart in the panel (webview)', async () => {
    const { source, values } = sampleOf('funnel');
    const ticket = runner.begin();
    const result = await runner.run(source, {}, ticket.signal, session =>
      session.run('funnel', values, { rowCap: 500, signal: ticket.signal }),
    );
    const funnel = toPageModel(result, { pattern: 'funnel', source, values });
    const page = await openWebview();
    await page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
    );
    await page.evaluate(m => window.postMessage({ type: 'show', model: m }, '*'), funnel);
    const { bars, between } = await funnelChart(page);
    assert.deepEqual(bars, ['523', '251', '149', '98']);
    assert.deepEqual(
      between.map(b => b.split(' | ')[0]),
      ['48.0%', '59.4%', '65.8%'],
    );
    await page.close();
  });

  it('lets a newer preview cancel the running one and leaves the data usable', async () => {
    const events = path.join(dir, 'cancel.parquet');
    await maker.run(
      `COPY (SELECT i % 50000 AS user_id, TIMESTAMP '2024-01-01' + to_seconds(i * 3) AS event_time FROM range(600000) t(i)) TO '${events}' (FORMAT parquet)`,
    );
    const source: DataSource = { kind: 'file', path: events };
    const values = { user_key: 'user_id', event_ts: 'event_time' };
    const first = runner.begin();
    const running = runner.run(source, {}, first.signal, s =>
      s.run('sessionization', values, { signal: first.signal }),
    );
    await new Promise(resolve => setTimeout(resolve, 400));
    const second = runner.begin();
    const next = runner.run(source, {}, second.signal, s =>
      s.run(
        'sessionization',
        { ...values, session_timeout_minutes: '15' },
        { signal: second.signal },
      ),
    );
    await assert.rejects(running, CancelledError);
    assert.equal(runner.superseded(first), true);
    const result = await next;
    assert.ok(result.tests.filter(t => t.severity === 'error').every(t => t.passed));
    // The same loaded data, run again with the first request's values, gives a whole result.
    const again = await model(source, values);
    assert.equal(again.summary.events, 600_000);
    assert.equal(again.tests.filter(t => t.status === 'failed').length, 0);
  });

  it('helps choose the timeout: a curve with a point per listed timeout that re-runs, and the gaps', async () => {
    const page = await openWebview();
    await page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
    );
    await page.evaluate(m => window.postMessage({ type: 'show', model: m }, '*'), sample);
    const curve = page.locator('figure[data-kind="curve"]');
    await curve.waitFor();
    const xs = (
      await curve.locator('circle.point').evaluateAll(cs => cs.map(c => c.getAttribute('data-x')))
    ).map(Number);
    assert.deepEqual(xs, sensitivityMinutes(30), 'one point per listed timeout, in order');
    assert.deepEqual(
      await curve
        .locator('circle.point.chosen')
        .evaluateAll(cs => cs.map(c => c.getAttribute('data-x'))),
      ['30'],
      'the chosen timeout is marked',
    );
    assert.equal(await curve.locator('line.marker').count(), 1);
    // Each point's tooltip is its session count at that timeout.
    const sensitivity = (sample.charts ?? []).flatMap(g => g.items).find(c => c.kind === 'curve');
    assert.ok(sensitivity?.kind === 'curve');
    assert.match(
      (await curve.locator('circle.point').nth(1).locator('title').textContent()) ?? '',
      new RegExp(`^5m timeout: ${sensitivity.points[1]?.y.toLocaleString('en-US')} sessions`),
    );
    await curve.locator('circle.point[data-x="120"]').click();
    assert.match(await page.locator('#status').innerText(), /120-minute timeout/);
    assert.deepEqual((await posted(page)).slice(-1), [{ type: 'rerun', minutes: 120 }]);

    // The gaps between a user's consecutive events: a bar per log-scaled bucket, the timeout marked.
    const gaps = page.locator('figure.chart', { hasText: 'Gaps between' });
    assert.equal(await gaps.locator('rect.bar').count(), GAP_SECONDS.labels.length);
    assert.equal(await gaps.locator('text.marker-label').textContent(), 'timeout 30m');
    const gapTotal = (sample.summary.histograms as { gapSeconds: number[] }).gapSeconds.reduce(
      (a, b) => a + b,
      0,
    );
    assert.equal(gapTotal, 5292 - 400, "every gap counted: each event but a user's first");
    await page.close();
  });

  it("shows every session's start first in the events grid, ties included", async () => {
    // Tied timestamps at a session start, the tie-break placing the start after its ties.
    const file = path.join(dir, 'ties.csv');
    fs.writeFileSync(
      file,
      [
        'user_id,t,event_id',
        '1,1000,5',
        '1,1000,4',
        '1,5000,3',
        '1,5000,2',
        '1,5000,1',
        '2,7,9',
        '2,7,8',
      ].join('\n'),
    );
    const values = {
      user_key: 'user_id',
      event_ts: 't',
      event_ts_unit: 'epoch_s',
      order_tiebreak: 'event_id',
    };
    const ties = await model({ kind: 'file', path: file }, values);
    for (const m of [ties, sample]) {
      const grid = eventsGrid(m);
      const at = (name: string) => grid.columns.indexOf(name);
      let previous = '';
      for (const row of grid.rows) {
        const session = `${String(row[at('user_id')])}/${String(row[at('session_seq')])}`;
        if (session !== previous) {
          assert.equal(
            Number(row[at('is_session_start')]),
            1,
            `session ${session} starts with its start`,
          );
        }
        previous = session;
      }
    }
    const page = await openReport(ties, 'ties.html');
    const firstAfterHeading = await page
      .locator('#events tr.group + tr')
      .evaluateAll(trs => trs.map(tr => tr.children.length));
    assert.equal(firstAfterHeading.length, 3, 'three sessions');
    const header = await page.locator('#events thead th').allInnerTexts();
    const startCells = await page
      .locator('#events tr.group + tr')
      .evaluateAll(
        (trs, i) => trs.map(tr => tr.children[i]?.textContent),
        header.indexOf('is_session_start'),
      );
    assert.deepEqual(startCells, ['1', '1', '1']);
    // Epoch times read as times, the raw value beside; the subtitle names the file, not its folder.
    const time = await page
      .locator('#events tbody tr:not(.group) td')
      .nth(header.indexOf('t'))
      .innerText();
    assert.equal(time.replace(/\s+/g, ' '), '1970-01-01 00:16:40 UTC 1000');
    const meta = await page.locator('header .meta').innerText();
    assert.match(meta, /^ties\.csv · /);
    assert.doesNotMatch(meta, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.close();
  });

  it('says what a re-run changed, and that a re-run which changes nothing changed nothing', async () => {
    const { source, values } = sampleOf('sessionization');
    const all = { rowCap: 100_000 };
    const run = async (minutes: string) => {
      const ticket = runner.begin();
      const result = await runner.run(source, {}, ticket.signal, s =>
        s.run(
          'sessionization',
          { ...values, session_timeout_minutes: minutes },
          { ...all, signal: ticket.signal },
        ),
      );
      return result;
    };
    // The run each next one is compared with.
    await run('30');
    const at45 = await run('45');
    assert.equal(at45.change?.values.changedEvents, 0);
    assert.equal(
      at45.change?.text,
      'Sessions 964 → 964: unchanged, every event is in the same session as before.',
    );
    const at20 = await run('20');
    // Each event's session as a set of events, counted here from both runs' full event rows.
    const sessionsOf = (result: Awaited<ReturnType<typeof run>>) => {
      const rows = result.parts.events?.rows ?? [];
      const members = new Map<string, string[]>();
      for (const r of rows) {
        const key = `${String(r.user_id)}/${String(r.session_seq)}`;
        members.set(key, [...(members.get(key) ?? []), String(r.event_id)]);
      }
      return new Map(
        rows.map(r => [
          String(r.event_id),
          (members.get(`${String(r.user_id)}/${String(r.session_seq)}`) ?? []).sort().join(','),
        ]),
      );
    };
    const before = sessionsOf(at45);
    const after = sessionsOf(at20);
    const changed = [...after].filter(([event, members]) => before.get(event) !== members).length;
    assert.ok(changed > 0);
    assert.deepEqual(at20.change?.values, {
      sessionsBefore: 964,
      sessionsAfter: 1164,
      events: 5292,
      changedEvents: changed,
      changedShare: changed / 5292,
    });
    assert.match(
      at20.change?.text ?? '',
      /^Sessions 964 → 1,164; \d+\.\d% of events \([\d,]+\) are in a different session than before\.$/,
    );

    // The page says so under its header.
    const page = await openReport(
      toPageModel(at45, { pattern: 'sessionization', source, values }),
      'unchanged.html',
    );
    assert.equal(await page.locator('#change').innerText(), at45.change?.text);
    await page.close();
  });
});
