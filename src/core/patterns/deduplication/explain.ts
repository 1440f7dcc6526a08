import type { Dialect } from '../../dialects';

/** The keep rule in the user's own names, and what a tie-break changes. */
export function explainDeduplication(
  v: Readonly<Record<string, string>>,
  dialect: Dialect,
  testCount: number,
): string[] {
  const earliest = v.keep === 'earliest';
  const lines = [
    `One row per \`${v.key}\` of \`${v.source_table}\`, the ${earliest ? 'earliest' : 'latest'} by \`${v.order_by}\`, in **${dialect.title}**.`,
    `The row with the **${earliest ? 'smallest' : 'greatest'}** \`${v.order_by}\` wins${v.order_by?.includes(',') ? ' (the columns are compared in order)' : ''}; a NULL never beats a value, and rows with a NULL key are left out and reported.`,
    v.order_tiebreak
      ? `Rows tied on \`${v.order_by}\` are decided by \`${v.order_tiebreak}\`, in the same direction.`
      : 'Without `order_tiebreak` the engine picks among rows tied on the ordering, and may pick differently between runs: a test reports the keys where that happens.',
    `Three parts: **deduplicated** (each key's winning row), **duplicates** (every other row with \`duplicate_rank\` 2, 3, …) and **${testCount} data tests** that return no rows when the output is right.`,
  ];
  return lines;
}
