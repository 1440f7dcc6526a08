import { getPattern } from '../core/patterns';
import { formatCount as count, testTally } from '../core/display';
import type { PreviewResult } from '../duckdb/preview';

/** A table's rows with every column padded to its widest cell: the label left, figures right. */
function tableLines(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length)));
  return rows.map(
    r =>
      `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`,
  );
}

/** The human-readable preview summary printed by `preview` and `demo`. */
export function formatPreview(result: PreviewResult): string {
  const { lines: figures, tables = [] } = result.display;
  const width = Math.max(0, ...figures.map(([label]) => label.length));
  const inputs = Object.entries(result.inputs).map(([name, value]) => `${name}=${value}`);
  const lines = [
    `${getPattern(result.sql.pattern).title} preview of ${result.source} on DuckDB (${result.elapsedMs} ms)`,
    `  inputs: ${inputs.join(' ')}`,
    '',
    ...figures.map(([label, value]) => `  ${label.padEnd(width)} ${value}`),
    ...tables.flatMap(t => ['', t.title, ...tableLines(t.rows)]),
    '',
    'Data tests',
    ...result.tests.map(t => {
      const status = t.passed ? 'PASS' : t.severity === 'error' ? 'FAIL' : 'WARN';
      return `  ${status}  ${t.name}${t.passed ? '' : `: ${count(t.violationCount)} row${t.violationCount === 1 ? '' : 's'}`}`;
    }),
  ];
  lines.push('', `Data tests: ${testTally(result.tests)}.`);
  for (const warning of result.warnings) {
    lines.push(`warning: ${warning}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * What `preview --json` prints: the resolved inputs, the result with each grid's rows under its
 * part's name, beside the summary, the pattern's own fields (`timeout_sensitivity`) and the tests.
 */
export function previewJson(result: PreviewResult): string {
  const { source, inputs, sql, summary, fields, tests, parts, warnings, elapsedMs } = result;
  return (
    JSON.stringify(
      { source, inputs, sql, summary, ...fields, tests, ...parts, warnings, elapsedMs },
      null,
      2,
    ) + '\n'
  );
}
