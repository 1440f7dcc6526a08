/**
 * Session-length histograms with fixed, human-sized buckets. A bucket is named by its lower bound;
 * a value falls into the last bucket whose lower bound it reaches.
 */
export interface HistogramScale {
  readonly lowerBounds: readonly number[];
  readonly labels: readonly string[];
}

export const EVENTS_PER_SESSION: HistogramScale = {
  lowerBounds: [1, 2, 3, 4, 5, 6, 11, 21, 51, 101],
  labels: ['1', '2', '3', '4', '5', '6–10', '11–20', '21–50', '51–100', '101+'],
};

export const DURATION_SECONDS: HistogramScale = {
  lowerBounds: [0, 1, 60, 300, 900, 1800, 3600, 7200, 14400],
  labels: ['< 1s', '1s–1m', '1–5m', '5–15m', '15–30m', '30m–1h', '1–2h', '2–4h', '4h+'],
};

/** DuckDB SQL for the bucket index of `column` under `scale`: the last lower bound it reaches. */
export function bucketSql(scale: HistogramScale, column: string): string {
  return `len(list_filter([${scale.lowerBounds.join(', ')}], lambda b: b <= ${column})) - 1`;
}

/** Counts per bucket from DuckDB's `histogram(<bucketSql>)`, a MAP that arrives as key/value entries. */
export function countsFromHistogram(scale: HistogramScale, entries: unknown): number[] {
  const counts = scale.lowerBounds.map(() => 0);
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry !== 'object' || entry === null || !('key' in entry) || !('value' in entry)) {
      continue;
    }
    const index = Number(entry.key);
    if (Number.isInteger(index) && index >= 0 && index < counts.length) {
      counts[index] = Number(entry.value);
    }
  }
  return counts;
}
