import type { Distribution, PreviewResult } from '../duckdb/preview';

const count = (n: number) => n.toLocaleString('en-US');

/** 95 → "1m 35s"; sub-minute durations keep one decimal. */
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
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m ${s}s`;
}

function distribution(d: Distribution, show: (n: number | null) => string): string {
  return `mean ${show(d.mean)} · median ${show(d.median)} · p90 ${show(d.p90)} · p95 ${show(d.p95)} · p99 ${show(d.p99)} · max ${show(d.max)}`;
}

/** The human-readable preview summary printed by `preview` and `demo`. */
export function formatPreview(result: PreviewResult): string {
  const s = result.summary;
  const number = (n: number | null) => (n === null ? '–' : String(Number(n.toFixed(1))));
  const lines = [
    `Sessionization preview of ${result.source} on DuckDB (${result.elapsedMs} ms)`,
    '',
    `  source rows                 ${count(s.sourceRows)}`,
    `  excluded (NULL key or time) ${count(s.excludedRows)}`,
    `  events sessionized          ${count(s.events)}`,
    `  users                       ${count(s.users)}`,
    `  sessions                    ${count(s.sessions)}`,
    `  events per session          ${distribution(s.eventsPerSession, number)}`,
    `  session duration            ${distribution(s.sessionDurationSeconds, formatDuration)}`,
    `  one-event sessions          ${s.oneEventSessionShare === null ? '–' : `${(s.oneEventSessionShare * 100).toFixed(1)}%`}`,
    '',
    'Data tests',
    ...result.tests.map(t => {
      const status = t.passed ? 'PASS' : t.severity === 'error' ? 'FAIL' : 'WARN';
      return `  ${status}  ${t.name}${t.passed ? '' : `: ${count(t.violationCount)} row${t.violationCount === 1 ? '' : 's'}`}`;
    }),
  ];
  const passed = result.tests.filter(t => t.passed).length;
  lines.push('', `${passed} of ${result.tests.length} data tests passed.`);
  for (const warning of result.warnings) {
    lines.push(`warning: ${warning}`);
  }
  return lines.join('\n') + '\n';
}
