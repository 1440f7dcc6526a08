/** Display formats shared by the page and the report builder; pure, also bundled for the browser. */

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** 3.14159 → "3.1"; null → "–". */
export const formatNumber = (n: number | null): string =>
  n === null ? '–' : Number(n.toFixed(1)).toLocaleString('en-US');

/** 95 → "1m 35s", 7300 → "2h 1m"; sub-minute durations keep one decimal. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) {
    return '–';
  }
  if (seconds < 60) {
    return `${Number(seconds.toFixed(1))}s`;
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m ${total % 60}s`;
}

export const formatShare = (share: number | null): string =>
  share === null ? '–' : `${(share * 100).toFixed(1)}%`;

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
