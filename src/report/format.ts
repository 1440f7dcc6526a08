/** Display formats of the page and the report builder; pure, also bundled for the browser. */

import { formatCount } from '../core/display';

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
