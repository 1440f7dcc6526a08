/// <reference lib="dom" />
import type { Grid } from '../model';
import type { ColumnFormat } from '../../core/patterns/pattern';
import { formatCount } from '../../core/display';
import { capNote, cellText, readable, toCsv } from '../format';
import { button, h } from './dom';

export const PAGE_SIZE = 50;

export interface GridOptions {
  /** Plural noun for notes and the copy confirmation: "sessions". */
  readonly noun: string;
  /** Accessible name of the table. */
  readonly label: string;
  /** Copies CSV; the page decides how (clipboard or the extension). */
  readonly copy: (csv: string, what: string) => void;
  /** Groups consecutive rows: a heading row above each group (a user's session, for events). */
  readonly groupOf?: (row: readonly unknown[]) => { key: string; heading: string };
  /** Columns shown readably, the raw value under it (copies keep the raw value). */
  readonly formats?: Readonly<Record<string, ColumnFormat>>;
}

/** Big integers and decimals arrive as strings: align every number right, whatever its JSON type. */
function cellClass(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return 'null';
  }
  return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
    ? 'num'
    : undefined;
}

/** A table of capped rows, paged in the page, that states the cap and copies its rows as CSV. */
export function pagedGrid(grid: Grid, options: GridOptions): HTMLElement {
  const shown = grid.rows.length;
  const pages = Math.max(1, Math.ceil(shown / PAGE_SIZE));
  let pageIndex = 0;
  const tbody = h('tbody');
  const position = h('span', { class: 'position' });
  const prev = button('‹ Previous', () => go(pageIndex - 1), { class: 'secondary prev' });
  const next = button('Next ›', () => go(pageIndex + 1), { class: 'secondary next' });

  function go(target: number): void {
    pageIndex = Math.min(pages - 1, Math.max(0, target));
    const start = pageIndex * PAGE_SIZE;
    const rows = grid.rows.slice(start, start + PAGE_SIZE);
    let previousKey: string | undefined;
    let alternate = false;
    const trs: HTMLTableRowElement[] = [];
    for (const row of rows) {
      const group = options.groupOf?.(row);
      if (group && group.key !== previousKey) {
        alternate = previousKey === undefined ? false : !alternate;
        previousKey = group.key;
        trs.push(
          h(
            'tr',
            { class: 'group' },
            h('th', { colspan: grid.columns.length, scope: 'rowgroup' }, group.heading),
          ),
        );
      }
      trs.push(
        h(
          'tr',
          { class: alternate ? 'alt' : undefined },
          ...row.map((value, i) => {
            const format = options.formats?.[grid.columns[i] ?? ''];
            const shown = format === undefined ? undefined : readable(format, value);
            return h(
              'td',
              { class: cellClass(value) },
              ...(shown === undefined
                ? [cellText(value)]
                : [shown, h('span', { class: 'raw' }, cellText(value))]),
            );
          }),
        ),
      );
    }
    tbody.replaceChildren(...trs);
    position.textContent =
      shown === 0
        ? 'no rows'
        : `rows ${formatCount(start + 1)}–${formatCount(start + rows.length)} of ${formatCount(shown)}`;
    prev.disabled = pageIndex === 0;
    next.disabled = pageIndex >= pages - 1;
  }
  go(0);

  const what = `${formatCount(shown)} ${options.noun}`;
  return h(
    'div',
    { class: 'grid' },
    h(
      'div',
      { class: 'toolbar' },
      h('span', { class: 'cap' }, capNote(shown, grid.total, options.noun)),
      h('span', { class: 'pager' }, prev, position, next),
      button('Copy CSV', () => options.copy(toCsv(grid.columns, grid.rows), what), {
        class: 'secondary copy-csv',
        title: `Copy the ${what} shown as CSV`,
        disabled: shown === 0,
      }),
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { 'aria-label': options.label },
        h('thead', {}, h('tr', {}, ...grid.columns.map(c => h('th', { scope: 'col' }, c)))),
        tbody,
      ),
    ),
  );
}
