/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The preview page, bundled to media/preview.js. It runs in the VS Code webview (data arrives as
 * messages, actions go to the extension) and in the standalone HTML report (data embedded as JSON,
 * only actions that need no extension).
 */
import type { PageState, PageToPanel, PanelToPage } from '../protocol';
import { DURATION_SECONDS, EVENTS_PER_SESSION } from '../../core/patterns/sessionization/histogram';
import type { PageModel, PageTest } from '../model';
import { cellText, formatCount, formatDuration, formatNumber, formatShare } from '../format';
import { histogramChart } from './chart';
import { button, h, type Child } from './dom';
import { pagedGrid } from './grid';
import { DATA_ELEMENT_ID } from '../pageIds';

interface VsCodeApi {
  postMessage(message: PageToPanel): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const TIMEOUT_CHOICES = [15, 30, 60];
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const app = document.getElementById('app') as HTMLElement;
const status = h('p', { id: 'status', role: 'status' });
let busy = false;

function setStatus(state: 'running' | 'idle' | 'error' | 'info', message = ''): void {
  busy = state === 'running';
  status.className = state;
  status.textContent = message;
  status.setAttribute('role', state === 'error' ? 'alert' : 'status');
  for (const control of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
    '.needs-idle',
  )) {
    control.disabled = busy;
  }
}

function copy(csv: string, what: string): void {
  if (api) {
    api.postMessage({ type: 'copyCsv', csv, what });
    return;
  }
  const done = () => setStatus('info', `Copied ${what} as CSV.`);
  // file:// pages may be refused the async clipboard; copying a selection still works there.
  const copySelection = () => {
    const area = h('textarea', { class: 'offscreen', readonly: true });
    area.value = csv;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (ok) {
      done();
    } else {
      setStatus('error', 'The browser refused to copy to the clipboard.');
    }
  };
  if (navigator.clipboard) {
    void navigator.clipboard.writeText(csv).then(done, copySelection);
  } else {
    copySelection();
  }
}

function rerun(minutes: number): void {
  if (!api || busy) {
    return;
  }
  if (!(minutes > 0 && minutes <= MAX_TIMEOUT_MINUTES)) {
    setStatus(
      'error',
      `The timeout must be more than 0 and at most ${MAX_TIMEOUT_MINUTES} minutes.`,
    );
    return;
  }
  setStatus('running', `Running again with a ${minutes}-minute timeout…`);
  api.postMessage({ type: 'rerun', timeoutMinutes: minutes });
}

function actions(model: PageModel): HTMLElement {
  if (!api) {
    return h(
      'p',
      { class: 'note' },
      'Report file: open the SQL and re-run with another timeout from the VS Code panel.',
    );
  }
  const field = h('input', {
    type: 'number',
    id: 'timeout',
    class: 'needs-idle',
    min: 0.5,
    max: MAX_TIMEOUT_MINUTES,
    step: 'any',
    value: model.timeoutMinutes,
    'aria-label': 'Timeout in minutes',
  });
  const runField = () => rerun(field.valueAsNumber);
  field.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      runField();
    }
  });
  return h(
    'div',
    { class: 'actions' },
    button('Open SQL in editor', () => api.postMessage({ type: 'openSql' }), { id: 'open-sql' }),
    h(
      'span',
      { class: 'timeouts', role: 'group', 'aria-label': 'Re-run with another timeout' },
      h('span', { class: 'label' }, 'Re-run with timeout:'),
      ...TIMEOUT_CHOICES.map(m =>
        button(`${m} min`, () => rerun(m), {
          class: 'secondary needs-idle timeout-choice',
          'data-minutes': m,
          'aria-pressed': m === model.timeoutMinutes ? 'true' : 'false',
        }),
      ),
      field,
      button('Re-run', runField, { class: 'needs-idle', id: 'rerun' }),
    ),
  );
}

function figure(label: string, value: string, detail?: string): HTMLElement {
  return h(
    'div',
    { class: 'figure' },
    h('dt', {}, label),
    h('dd', {}, value, detail ? h('small', {}, detail) : null),
  );
}

function summary(model: PageModel): HTMLElement {
  const s = model.summary;
  const e = s.eventsPerSession;
  const d = s.sessionDurationSeconds;
  return h(
    'section',
    { id: 'summary', 'aria-label': 'Summary' },
    h(
      'dl',
      {},
      figure('Events', formatCount(s.events), `of ${formatCount(s.sourceRows)} rows`),
      figure('Excluded rows', formatCount(s.excludedRows), 'NULL user key or timestamp'),
      figure('Users', formatCount(s.users)),
      figure('Sessions', formatCount(s.sessions)),
      figure(
        'Events per session',
        `median ${formatNumber(e.median)}`,
        `mean ${formatNumber(e.mean)} · p95 ${formatNumber(e.p95)} · max ${formatNumber(e.max)}`,
      ),
      figure(
        'Session duration',
        `median ${formatDuration(d.median)}`,
        `p90 ${formatDuration(d.p90)} · p95 ${formatDuration(d.p95)} · p99 ${formatDuration(d.p99)} · max ${formatDuration(d.max)}`,
      ),
      figure('One-event sessions', formatShare(s.oneEventSessionShare)),
    ),
  );
}

function charts(model: PageModel): HTMLElement {
  const { histograms: hist, summary: s } = model;
  return h(
    'section',
    { id: 'charts' },
    h('h2', {}, 'Session length'),
    h(
      'p',
      { class: 'note' },
      hist.sessionsCounted < s.sessions
        ? `Counted over the first ${formatCount(hist.sessionsCounted)} of ${formatCount(s.sessions)} sessions (the rows shown below).`
        : `Counted over all ${formatCount(s.sessions)} sessions.`,
    ),
    h(
      'div',
      { class: 'charts' },
      histogramChart(
        'Sessions by number of events',
        'events',
        EVENTS_PER_SESSION,
        hist.eventsPerSession,
      ),
      histogramChart('Sessions by duration', 'duration', DURATION_SECONDS, hist.durationSeconds),
    ),
  );
}

const STATUS_TEXT: Record<PageTest['status'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  warn: 'WARN',
};

function tests(model: PageModel): HTMLElement {
  const passed = model.tests.filter(t => t.status === 'passed').length;
  return h(
    'section',
    { id: 'tests' },
    h('h2', {}, 'Data tests'),
    h(
      'p',
      { class: 'note' },
      `${passed} of ${model.tests.length} passed. A test returns no rows when the data is right.`,
    ),
    ...model.tests.map(t =>
      h(
        'details',
        { class: `test ${t.status}`, open: t.status !== 'passed', 'data-test': t.name },
        h(
          'summary',
          {},
          h('span', { class: `badge ${t.status}` }, STATUS_TEXT[t.status]),
          h('span', { class: 'name' }, t.name),
          t.status === 'passed'
            ? null
            : h('span', { class: 'count' }, `${formatCount(t.violations.total)} rows`),
          h('span', { class: 'severity' }, t.severity),
        ),
        h('p', { class: 'description' }, t.description),
        t.status === 'passed'
          ? null
          : pagedGrid(t.violations, {
              noun: 'violating rows',
              label: `Rows violating ${t.name}`,
              copy,
            }),
        h('details', { class: 'sql' }, h('summary', {}, 'SQL'), h('pre', {}, h('code', {}, t.sql))),
      ),
    ),
  );
}

function gridSection(id: string, title: string, note: Child, grid: HTMLElement): HTMLElement {
  return h(
    'section',
    { id },
    h('h2', {}, title),
    note ? h('p', { class: 'note' }, note) : null,
    grid,
  );
}

function eventsGroup(model: PageModel) {
  const columns = model.events.columns;
  const keyIndexes = model.keyColumns.map(k => columns.indexOf(k)).filter(i => i >= 0);
  const seq = columns.indexOf('session_seq');
  const id = columns.indexOf('session_id');
  if (keyIndexes.length === 0 || seq < 0) {
    return undefined;
  }
  return (row: readonly unknown[]) => {
    const user = keyIndexes.map(i => `${columns[i]} ${cellText(row[i])}`).join(', ');
    return {
      key: JSON.stringify([...keyIndexes.map(i => row[i]), row[seq]]),
      heading: `${user} · session ${cellText(row[seq])}${id >= 0 ? ` · ${cellText(row[id])}` : ''}`,
    };
  };
}

function render(model: PageModel): void {
  const warnings = h('ul', { class: 'warnings' }, ...model.warnings.map(w => h('li', {}, w)));
  warnings.hidden = model.warnings.length === 0;
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'Sessionization preview'),
      h(
        'p',
        { class: 'meta' },
        `${model.source} · timeout ${formatNumber(model.timeoutMinutes)} min · DuckDB ${formatCount(model.elapsedMs)} ms · ${new Date(model.generatedAt).toLocaleString()}`,
      ),
      actions(model),
      status,
    ),
    warnings,
    summary(model),
    charts(model),
    tests(model),
    gridSection(
      'sessions',
      'Sessions',
      null,
      pagedGrid(model.sessions, { noun: 'sessions', label: 'Sessions', copy }),
    ),
    gridSection(
      'events',
      'Events',
      "Each user's events in time order, grouped by session.",
      pagedGrid(model.events, {
        noun: 'events',
        label: 'Events by session',
        copy,
        groupOf: eventsGroup(model),
      }),
    ),
    h(
      'section',
      { id: 'sql' },
      h('h2', {}, 'Executed SQL'),
      h(
        'p',
        { class: 'note' },
        'As run on DuckDB: preview_events is the data, preview_sessionized and preview_sessions the results.',
      ),
      h('pre', {}, h('code', {}, model.sql)),
    ),
  );
  setStatus('idle');
}

function show(model: PageModel): void {
  render(model);
  api?.setState({ model });
}

if (api) {
  window.addEventListener('message', (event: MessageEvent<PanelToPage>) => {
    const message = event.data;
    if (message?.type === 'show') {
      show(message.model);
    } else if (message?.type === 'status') {
      setStatus(message.state, message.message);
    }
  });
  const saved = api.getState()?.model;
  if (saved) {
    render(saved);
  }
  api.postMessage({ type: 'ready' });
} else {
  const data = document.getElementById(DATA_ELEMENT_ID)?.textContent;
  if (data) {
    render(JSON.parse(data) as PageModel);
  }
}
