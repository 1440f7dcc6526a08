/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The preview page, bundled to media/preview.js. It runs in the VS Code webview (data arrives as
 * messages, actions go to the extension) and in the standalone HTML report (data embedded as JSON,
 * only actions that need no extension).
 */
import type { PageState, PageToPanel, PanelToPage } from '../protocol';
import type { PageGrid, PageModel, PageRerun, PageTest } from '../model';
import { formatCount, formatNumber, testTally } from '../../core/display';
import { cellText } from '../format';
import { chartOf } from './chart';
import { button, h, type Child } from './dom';
import { pagedGrid } from './grid';
import { DATA_ELEMENT_ID } from '../pageIds';

interface VsCodeApi {
  postMessage(message: PageToPanel): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

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
  } else {
    copyText(csv, `Copied ${what} as CSV.`);
  }
}

function copySql(model: PageModel): void {
  if (api) {
    api.postMessage({ type: 'copySql' });
  } else {
    copyText(model.copySql, 'Copied the SQL.');
  }
}

/** Copies in a browser (the report file): the async clipboard, else a selection. */
function copyText(csv: string, confirmation: string): void {
  const done = () => setStatus('info', confirmation);
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

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function rerun(spec: PageRerun, minutes: number): void {
  if (!api || busy) {
    return;
  }
  if (!(minutes > 0 && minutes <= spec.max)) {
    setStatus('error', `The ${spec.label} must be more than 0 and at most ${spec.max} minutes.`);
    return;
  }
  setStatus('running', `Running again with a ${minutes}-minute ${spec.label}…`);
  api.postMessage({ type: 'rerun', minutes });
}

function actions(model: PageModel): HTMLElement {
  const spec = model.rerun;
  const copyButton = button('Copy SQL', () => copySql(model), {
    id: 'copy-sql',
    class: 'secondary',
    title: 'Copy the SQL, reading your table rather than the preview’s',
  });
  if (!api) {
    return h('div', { class: 'actions' }, copyButton);
  }
  const openSql = button('Open SQL in editor', () => api.postMessage({ type: 'openSql' }), {
    id: 'open-sql',
  });
  // Files are written by the extension: the report file has no host to ask.
  const exports = h(
    'span',
    { class: 'exports', role: 'group', 'aria-label': 'Export the results' },
    ...model.tables.map(t =>
      button(`Export ${t.part}…`, () => api.postMessage({ type: 'exportPart', part: t.part }), {
        class: 'secondary needs-idle export-part',
        'data-part': t.part,
        title: `Write every row of ${t.part} to a Parquet, CSV or JSON lines file`,
      }),
    ),
    button('Save to DuckDB database…', () => api.postMessage({ type: 'saveDatabase' }), {
      class: 'secondary needs-idle',
      id: 'save-database',
      title: `Save ${listed(model.tables.map(t => t.table))} as tables of a DuckDB database file`,
    }),
  );
  if (!spec) {
    return h('div', { class: 'actions' }, openSql, copyButton, exports);
  }
  const field = h('input', {
    type: 'number',
    id: 'timeout',
    class: 'needs-idle',
    min: 0.5,
    max: spec.max,
    step: 'any',
    value: spec.minutes,
    'aria-label': `${capitalised(spec.label)} in minutes`,
  });
  const runField = () => rerun(spec, field.valueAsNumber);
  field.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      runField();
    }
  });
  return h(
    'div',
    { class: 'actions' },
    openSql,
    copyButton,
    h(
      'span',
      { class: 'timeouts', role: 'group', 'aria-label': `Re-run with another ${spec.label}` },
      h('span', { class: 'label' }, `Re-run with ${spec.label}:`),
      ...spec.choices.map(m =>
        button(`${m} min`, () => rerun(spec, m), {
          class: 'secondary needs-idle timeout-choice',
          'data-minutes': m,
          'aria-pressed': m === spec.minutes ? 'true' : 'false',
        }),
      ),
      field,
      button('Re-run', runField, { class: 'needs-idle', id: 'rerun' }),
    ),
    exports,
  );
}

function summary(model: PageModel): HTMLElement {
  return h(
    'section',
    { id: 'summary', 'aria-label': 'Summary' },
    h(
      'dl',
      {},
      ...model.figures.map(f =>
        h(
          'div',
          { class: 'figure' },
          h('dt', {}, f.label),
          h('dd', {}, f.value, f.detail ? h('small', {}, f.detail) : null),
        ),
      ),
    ),
  );
}

/** The chart sections, in the pattern's order; a curve over the re-run input re-runs in the panel. */
function charts(model: PageModel): HTMLElement[] {
  const spec = model.rerun;
  const choose = api && spec ? (x: number) => rerun(spec, x) : undefined;
  return (model.charts ?? []).map((group, i) =>
    h(
      'section',
      { class: 'chart-group', id: i === 0 ? 'charts' : undefined },
      h('h2', {}, group.title),
      h('p', { class: 'note' }, group.note),
      h('div', { class: 'charts' }, ...group.items.map(c => chartOf(c, choose))),
    ),
  );
}

const STATUS_TEXT: Record<PageTest['status'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  warn: 'WARN',
};

function tests(model: PageModel): HTMLElement {
  return h(
    'section',
    { id: 'tests' },
    h('h2', {}, 'Data tests'),
    h(
      'p',
      { class: 'note' },
      `${testTally(model.tests)}. A test returns no rows when the data is right.`,
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

/** Groups a grid's consecutive rows by key and the group's columns, when the rows have them all. */
function groupOf(grid: PageGrid) {
  const columns = grid.columns;
  const keyIndexes = (grid.group?.keys ?? []).map(k => columns.indexOf(k)).filter(i => i >= 0);
  const labelled = (grid.group?.columns ?? []).map(c => ({ ...c, at: columns.indexOf(c.name) }));
  if (keyIndexes.length === 0 || labelled.length === 0 || labelled.some(c => c.at < 0)) {
    return undefined;
  }
  return (row: readonly unknown[]) => {
    const key = keyIndexes.map(i => `${columns[i]} ${cellText(row[i])}`).join(', ');
    const rest = labelled.map(c => `${c.label ? `${c.label} ` : ''}${cellText(row[c.at])}`);
    return {
      key: JSON.stringify([...keyIndexes, ...labelled.map(c => c.at)].map(i => row[i])),
      heading: [key, ...rest].join(' · '),
    };
  };
}

/** "a", "a and b", "a, b and c". */
function listed(names: readonly string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function render(model: PageModel): void {
  const warnings = h('ul', { class: 'warnings' }, ...model.warnings.map(w => h('li', {}, w)));
  warnings.hidden = model.warnings.length === 0;
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, `${model.title} preview`),
      h(
        'p',
        { class: 'meta' },
        [
          model.source,
          ...(model.rerun ? [`${model.rerun.label} ${formatNumber(model.rerun.minutes)} min`] : []),
          `DuckDB ${formatCount(model.elapsedMs)} ms`,
          new Date(model.generatedAt).toLocaleString(),
        ].join(' · '),
      ),
      h(
        'p',
        { class: 'inputs', id: 'inputs', 'aria-label': 'Inputs' },
        Object.entries(model.inputs)
          .map(([name, value]) => `${name}=${value}`)
          .join(' · '),
      ),
      actions(model),
      status,
      model.change
        ? h('p', { class: 'change', id: 'change', role: 'status' }, model.change.text)
        : null,
    ),
    warnings,
    summary(model),
    ...charts(model),
    tests(model),
    ...Object.entries(model.grids).map(([part, grid]) =>
      gridSection(
        part,
        grid.title,
        grid.note ?? null,
        pagedGrid(grid, {
          noun: grid.noun,
          label: grid.label,
          copy,
          groupOf: groupOf(grid),
          formats: grid.formats,
        }),
      ),
    ),
    h(
      'section',
      { id: 'sql' },
      h('h2', {}, 'Executed SQL'),
      h(
        'p',
        { class: 'note' },
        `As run on DuckDB: ${model.relations.source} is the data, ${listed(Object.values(model.relations.parts))} the results.`,
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
