/** Edits (insert, delete, replace one letter) between two names, case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      row.push(Math.min(replace, (previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/**
 * The known name a mistyped one most likely meant: within two edits, or a third of its letters
 * for long names; undefined when nothing is that close.
 */
export function didYouMean(received: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(received.length / 3));
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const edits = distance(received.trim(), name);
    if (edits <= limit && (best === undefined || edits < best.edits)) {
      best = { name, edits };
    }
  }
  return best?.name;
}
