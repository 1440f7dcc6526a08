/**
 * Session-length histograms with fixed, human-sized buckets. A bucket is named by its lower bound;
 * a value falls into the last bucket whose lower bound it reaches (the same rule as the SQL in
 * docs/preview.md, so counts from DuckDB and from rows agree).
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

/** Counts per bucket; values below the first bound (or not numbers) are not counted. */
export function bucketCounts(scale: HistogramScale, values: readonly unknown[]): number[] {
  const counts = scale.lowerBounds.map(() => 0);
  for (const raw of values) {
    const value = Number(raw);
    if (raw === null || raw === undefined || Number.isNaN(value)) {
      continue;
    }
    let bucket = -1;
    while (bucket + 1 < scale.lowerBounds.length && (scale.lowerBounds[bucket + 1] as number) <= value) {
      bucket++;
    }
    if (bucket >= 0) {
      counts[bucket] = (counts[bucket] as number) + 1;
    }
  }
  return counts;
}
