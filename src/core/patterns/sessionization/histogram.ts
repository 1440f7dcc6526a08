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

/**
 * DuckDB SQL for the bucket index of `column` under `scale`: the last lower bound it reaches (-1 below
 * the first, or NULL). A CASE over the bounds in ascending order: most values stop at the first few,
 * where a lambda over the list of bounds costs a list per row (seconds at 10M gaps).
 */
export function bucketSql(scale: HistogramScale, column: string): string {
  const [first, ...rest] = scale.lowerBounds;
  const whens = rest.map((bound, i) => `WHEN ${column} < ${bound} THEN ${i}`);
  return `CASE WHEN ${column} IS NULL OR ${column} < ${first} THEN -1 ${whens.join(' ')} ELSE ${rest.length} END`;
}

/** Counts per bucket from rows of a bucket index (`key`) and a count (`count`), summed per bucket. */
export function countsFromRows(
  scale: HistogramScale,
  rows: readonly Readonly<Record<string, unknown>>[],
  key: string,
  count: string,
): number[] {
  const counts = scale.lowerBounds.map(() => 0);
  for (const row of rows) {
    const index = Number(row[key]);
    if (Number.isInteger(index) && index >= 0 && index < counts.length) {
      counts[index] = (counts[index] as number) + Number(row[count] ?? 0);
    }
  }
  return counts;
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

/** Gaps between a user's consecutive events, in seconds: buckets growing about geometrically. */
export const GAP_SECONDS: HistogramScale = {
  lowerBounds: [0, 1, 10, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 604800],
  labels: [
    '< 1s',
    '1–10s',
    '10s–1m',
    '1–5m',
    '5–15m',
    '15–30m',
    '30m–1h',
    '1–2h',
    '2–4h',
    '4–8h',
    '8h–1d',
    '1–7d',
    '7d+',
  ],
};

/**
 * Where `value` falls on a scale's bars, in bars from the left edge: a bucket's lower bound is its
 * left edge, and values in between are placed on a log scale (linearly from 0 in the first bucket).
 */
export function bucketPosition(scale: HistogramScale, value: number): number {
  const bounds = scale.lowerBounds;
  const index = Math.max(0, bounds.filter(b => b <= value).length - 1);
  const lo = bounds[index] as number;
  const hi = bounds[index + 1];
  if (hi === undefined) {
    return index + 0.5;
  }
  const within = lo <= 0 ? value / hi : Math.log(value / lo) / Math.log(hi / lo);
  return index + within;
}
