import type { Distribution, PreviewResult } from '../duckdb/preview';
import { formatCount as count, formatDuration, formatNumber, formatShare } from '../report/format';

function distribution(d: Distribution, show: (n: number | null) => string): string {
  return `mean ${show(d.mean)} · median ${show(d.median)} · p90 ${show(d.p90)} · p95 ${show(d.p95)} · p99 ${show(d.p99)} · max ${show(d.max)}`;
}

/** The human-readable preview summary printed by `preview` and `demo`. */
export function formatPreview(result: PreviewResult): string {
  const s = result.summary;
  const lines = [
    `Sessionization preview of ${result.source} on DuckDB (${result.elapsedMs} ms)`,
    '',
    `  source rows                 ${count(s.sourceRows)}`,
    `  excluded (NULL key or time) ${count(s.excludedRows)}`,
    `  events sessionized          ${count(s.events)}`,
    `  users                       ${count(s.users)}`,
    `  sessions                    ${count(s.sessions)}`,
    `  events per session          ${distribution(s.eventsPerSession, formatNumber)}`,
    `  session duration            ${distribution(s.sessionDurationSeconds, formatDuration)}`,
    `  one-event sessions          ${formatShare(s.oneEventSessionShare)}`,
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
