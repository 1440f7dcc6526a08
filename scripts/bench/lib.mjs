// Shared helpers for the benchmark: the project's own DuckDB wrapper, medians, number formats.
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const requireOut = createRequire(path.join(ROOT, 'out/src/index.js'));

/** The project's Database (out/src/duckdb/database.js) with `rows` returning JSON-safe objects. */
export async function openDuckDb(options = {}) {
  const { Database } = requireOut('./duckdb/database.js');
  const db = await Database.open(options);
  return {
    run: sql => db.run(sql),
    rows: sql => db.query(sql),
    close: () => db.close(),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmtMs = ms =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
export const fmtRatio = r => `${r.toFixed(2)}×`;
