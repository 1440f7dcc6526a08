import { getPattern } from '../core/patterns';
import { formatCount as count } from '../core/display';
import type { PreviewResult } from '../duckdb/preview';

/** The human-readable preview summary printed by `preview` and `demo`. */
export function formatPreview(result: PreviewResult): string {
  const { lines: figures } = result.display;
  const width = Math.max(0, ...figures.map(([label]) => label.length));
  const lines = [
    `${getPattern(result.sql.pattern).title} preview of ${result.source} on DuckDB (${result.elapsedMs} ms)`,
    '',
    ...figures.map(([label, value]) => `  ${label.padEnd(width)} ${value}`),
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

/**
 * What `preview --json` prints: the result with each grid's rows under its part's name, beside
 * the summary and the tests.
 */
export function previewJson(result: PreviewResult): string {
  const { source, sql, summary, tests, parts, warnings, elapsedMs } = result;
  return (
    JSON.stringify({ source, sql, summary, tests, ...parts, warnings, elapsedMs }, null, 2) + '\n'
  );
}
