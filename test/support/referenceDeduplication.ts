/**
 * An independent implementation of the deduplication rule (shared README §7), written the plain way:
 * group by key, sort with a comparator, read the ranks off. Tests compare the engines' rows with it.
 */
import { seededRandom } from './reference';

export interface DedupRow {
  readonly rowId: number;
  /** Key values; a row with any null belongs to no key. */
  readonly key: readonly (number | null)[];
  /** order_by values in order (microseconds for a timestamp column), then the tie-break if any. */
  readonly order: readonly (number | null)[];
  readonly tiebreak: number | null;
  /** A column no rule reads: only whole-row comparisons see it. */
  readonly payload: string;
}

export interface DedupOptions {
  readonly keep: 'latest' | 'earliest';
  /** Whether order_tiebreak is given (it then ranks after the order values). */
  readonly tiebreak: boolean;
}

/** For one row: its key and the ranks its tie group spans in the key (1-based). */
export interface ExpectedRank {
  readonly key: string;
  readonly first: number;
  readonly last: number;
}

export interface ExpectedDeduplication {
  /** rowId → the ranks the row may get: rows tied with it may take any of their ranks. */
  readonly ranks: Map<number, ExpectedRank>;
  /** Number of keys (rows with a NULL key left out). */
  readonly keys: number;
  /** Rows per key. */
  readonly sizes: Map<string, number>;
  readonly nullKeyRows: number;
  /** Keys whose best rows tie on every ranking value. */
  readonly tiedKeys: number;
}

/** Compares two values of one ranking column: negative when a wins. A value beats a NULL. */
function compareValues(a: number | null, b: number | null, keep: DedupOptions['keep']): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  return keep === 'latest' ? b - a : a - b;
}

function compareRows(a: DedupRow, b: DedupRow, options: DedupOptions): number {
  const values = (r: DedupRow) => (options.tiebreak ? [...r.order, r.tiebreak] : r.order);
  const [va, vb] = [values(a), values(b)];
  for (let i = 0; i < va.length; i++) {
    const c = compareValues(va[i] ?? null, vb[i] ?? null, options.keep);
    if (c !== 0) {
      return c;
    }
  }
  return 0;
}

export function referenceDeduplication(
  rows: readonly DedupRow[],
  options: DedupOptions,
): ExpectedDeduplication {
  const byKey = new Map<string, DedupRow[]>();
  let nullKeyRows = 0;
  for (const row of rows) {
    if (row.key.some(part => part === null)) {
      nullKeyRows++;
      continue;
    }
    const key = JSON.stringify(row.key);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const ranks = new Map<number, ExpectedRank>();
  let tiedKeys = 0;
  for (const [key, list] of byKey) {
    const sorted = [...list].sort((a, b) => compareRows(a, b, options));
    let start = 0;
    while (start < sorted.length) {
      let end = start;
      while (
        end + 1 < sorted.length &&
        compareRows(sorted[start] as DedupRow, sorted[end + 1] as DedupRow, options) === 0
      ) {
        end++;
      }
      if (start === 0 && end > 0) {
        tiedKeys++;
      }
      for (let i = start; i <= end; i++) {
        ranks.set((sorted[i] as DedupRow).rowId, { key, first: start + 1, last: end + 1 });
      }
      start = end + 1;
    }
  }
  const sizes = new Map([...byKey].map(([key, list]) => [key, list.length]));
  return { ranks, keys: byKey.size, sizes, nullKeyRows, tiedKeys };
}

export interface GenerateOptions {
  readonly keys: number;
  readonly maxRowsPerKey: number;
  readonly keyParts: 1 | 2;
  readonly orderColumns: 1 | 2;
  /** Distinct values per order column: few values make many ties. */
  readonly orderValues: number;
  /** Step between order values, in the column's unit (a timestamp's microseconds). */
  readonly orderStep: number;
  /** Whether keys and order values may be NULL. */
  readonly nulls: boolean;
}

/** Random rows with duplicates, ties, NULL order values and NULL keys, one-row keys included. */
export function generateDedupRows(seed: number, options: GenerateOptions): DedupRow[] {
  const rand = seededRandom(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const rows: DedupRow[] = [];
  const base = Date.UTC(2024, 0, 1) * 1000;
  for (let k = 1; k <= options.keys; k++) {
    const region = pick(3);
    const count = 1 + pick(options.maxRowsPerKey);
    for (let i = 0; i < count; i++) {
      const nullKey = options.nulls && rand() < 0.03;
      const key =
        options.keyParts === 1
          ? [nullKey ? null : k]
          : [k, nullKey ? null : region + (rand() < 0.2 ? 1 : 0)];
      const order = Array.from({ length: options.orderColumns }, (_, c) =>
        options.nulls && rand() < 0.12
          ? null
          : (c === 0 ? base : 0) + pick(options.orderValues) * options.orderStep,
      );
      rows.push({
        rowId: rows.length + 1,
        key,
        order,
        tiebreak: rand() < 0.05 ? null : pick(1000),
        payload: `p${pick(1e6)}`,
      });
    }
  }
  // Out of order: the engine must sort, never trust insert order.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [rows[i], rows[j]] = [rows[j] as DedupRow, rows[i] as DedupRow];
  }
  return rows;
}

/**
 * Checks an engine's output against the reference: every key's kept row is one of its best rows, the
 * duplicates are every other row of the key, and each rank lies within its row's tie group. Returns
 * the mismatches, at most five, as text.
 */
export function compareWithReference(
  expected: ExpectedDeduplication,
  kept: readonly number[],
  duplicates: readonly { rowId: number; rank: number }[],
): string[] {
  const problems: string[] = [];
  const seen = new Map<number, number>();
  const keptKeys = new Set<string>();
  for (const rowId of kept) {
    const want = expected.ranks.get(rowId);
    if (want === undefined) {
      problems.push(`row ${rowId} kept but it has a NULL key or is unknown`);
    } else if (want.first !== 1) {
      problems.push(`row ${rowId} kept but ranks ${want.first}-${want.last} in key ${want.key}`);
    } else if (keptKeys.has(want.key)) {
      problems.push(`key ${want.key} kept twice`);
    }
    if (want) {
      keptKeys.add(want.key);
    }
    seen.set(rowId, (seen.get(rowId) ?? 0) + 1);
  }
  if (keptKeys.size !== expected.keys) {
    problems.push(`${keptKeys.size} keys kept, ${expected.keys} expected`);
  }
  const ranksByKey = new Map<string, number[]>([...expected.sizes.keys()].map(key => [key, []]));
  for (const { rowId, rank } of duplicates) {
    const want = expected.ranks.get(rowId);
    if (want === undefined) {
      problems.push(`row ${rowId} listed as a duplicate but it has a NULL key or is unknown`);
      continue;
    }
    if (rank < 2 || rank < want.first || rank > want.last) {
      problems.push(`row ${rowId} has duplicate_rank ${rank}, expected ${want.first}-${want.last}`);
    }
    ranksByKey.set(want.key, [...(ranksByKey.get(want.key) ?? []), rank]);
    seen.set(rowId, (seen.get(rowId) ?? 0) + 1);
  }
  for (const [key, ranks] of ranksByKey) {
    const sorted = [...ranks].sort((a, b) => a - b);
    const size = expected.sizes.get(key) ?? 0;
    if (sorted.length !== size - 1 || sorted.some((r, i) => r !== i + 2)) {
      problems.push(`key ${key} has duplicate ranks [${sorted.join(',')}], expected 2..${size}`);
    }
  }
  // A tie may make the two parts choose differently: then one best row is in both, another in neither.
  for (const [rowId, want] of expected.ranks) {
    const times = seen.get(rowId) ?? 0;
    if (times !== 1 && !(want.first === 1 && want.last > 1)) {
      problems.push(`row ${rowId} appears ${times} times in the two parts`);
    }
  }
  return problems.slice(0, 5);
}
