/** Display formats of the page and the report builder; pure, also bundled for the browser. */

import { formatCount, formatDuration } from '../core/display';
import type { ColumnFormat } from '../core/patterns/pattern';

/** "showing first 500 of 12,345 sessions" or "all 12 sessions". */
export function capNote(shown: number, total: number, noun: string): string {
  return shown < total
    ? `showing first ${formatCount(shown)} of ${formatCount(total)} ${noun}`
    : `all ${formatCount(total)} ${noun}`;
}

/** A cell as text: NULL for null, JSON for lists and structs. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM, -2+3), but not a number. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * RFC 4180 CSV (CRLF rows, fields quoted when they need it); NULL becomes an empty field. Text that
 * would start a formula gets a leading apostrophe, as spreadsheets expect (OWASP CSV injection).
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const field = (value: unknown) => {
    const raw = value === null || value === undefined ? '' : cellText(value);
    const text = FORMULA.test(raw) && !NUMBER.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns, ...rows].map(row => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/**
 * A raw number read as its format says: epoch seconds or milliseconds as a UTC time
 * ("2024-01-31 13:45:00 UTC"), seconds as a duration ("1h 2m"); undefined for what is not a number.
 */
export function readable(format: ColumnFormat, value: unknown): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (value === null || value === '' || !Number.isFinite(n)) {
    return undefined;
  }
  if (format === 'seconds') {
    return formatDuration(n);
  }
  const date = new Date(format === 'epoch_s' ? n * 1000 : n);
  if (Number.isNaN(date.getTime())) {
    return undefined;
  }
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, date.getUTCMilliseconds() === 0 ? 19 : 23)} UTC`;
}
