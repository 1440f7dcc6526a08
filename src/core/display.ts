/** Display formats of figures, shared by the pattern previews, the page and the CLI; pure. */

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

/**
 * "8 passed, 1 warning, 1 failed": a warning is not a failure. Takes the tests' outcomes as the
 * engine (passed, severity) or the page (status) states them.
 */
export function testTally(
  tests: readonly (
    { readonly passed: boolean; readonly severity: string } | { readonly status: string }
  )[],
): string {
  const status = (t: (typeof tests)[number]) =>
    'status' in t ? t.status : t.passed ? 'passed' : t.severity === 'error' ? 'failed' : 'warn';
  const n = (s: string) => tests.filter(t => status(t) === s).length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return [
    `${n('passed')} passed`,
    ...(n('warn') > 0 ? [plural(n('warn'), 'warning')] : []),
    ...(n('failed') > 0 ? [`${n('failed')} failed`] : []),
  ].join(', ');
}
