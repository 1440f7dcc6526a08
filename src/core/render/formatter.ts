import { format, type ParamTypes } from 'sql-formatter';
import type { Dialect } from '../dialects';
import { foldShortLines } from './layout';
import type { FormatOptions } from './request';

/**
 * sql-formatter with our options (keywords and functions upper case unless the setting says otherwise),
 * its quirks mended, then folded where a line reads better than a staircase (layout.ts).
 */
export function formatForReaders(
  sql: string,
  dialect: Dialect,
  options: FormatOptions,
  formatterOptions: { paramTypes?: ParamTypes } = {},
): string {
  const tabWidth = options.tabWidth ?? 2;
  const keywordCase = options.keywordCase ?? 'upper';
  const text = format(sql, {
    language: dialect.formatterLanguage,
    keywordCase,
    functionCase: keywordCase,
    dataTypeCase: keywordCase,
    tabWidth,
    ...formatterOptions,
  });
  return foldShortLines(mendFormatterQuirks(text, tabWidth));
}

/** Words after which a parenthesis is not a call's: `AS (`, `OVER (`, `IN (` keep their space. */
const WORDS_BEFORE_SPACED_PARENTHESIS = new Set(
  'AS OVER OR AND NOT IN EXISTS WHEN THEN ELSE FROM JOIN ON USING VALUES SELECT BY ALL ANY SOME WITH INTO TABLE FILTER WITHIN EXCLUDE EXCEPT'.split(
    ' ',
  ),
);

/**
 * Mends sql-formatter quirks: it breaks a window frame inside its BETWEEN (issue #892:
 * `ts DESC ROWS BETWEEN UNBOUNDED PRECEDING` / `AND CURRENT ROW`), so the frame gets a line of its
 * own, level with ORDER BY; and it writes a function its language does not list with a space before the
 * parenthesis (`LAG (ts)` in duckdb, `timestampdiff (` in spark). Comments are left as written.
 */
export function mendFormatterQuirks(sql: string, tabWidth: number): string {
  return sql
    .split('\n')
    .map(line => {
      const comment = line.indexOf('--');
      const code = comment < 0 ? line : line.slice(0, comment);
      const mended = code.replace(/\b([A-Za-z_][A-Za-z0-9_]*) \(/g, (call, name: string) =>
        WORDS_BEFORE_SPACED_PARENTHESIS.has(name.toUpperCase()) ? call : `${name}(`,
      );
      return mended + (comment < 0 ? '' : line.slice(comment));
    })
    .join('\n')
    .replace(
      /^( *)(.*\S) (ROWS BETWEEN UNBOUNDED PRECEDING)\n *(AND CURRENT ROW)$/gm,
      (_match, indent: string, orderItem: string, frameStart: string, frameEnd: string) =>
        `${indent}${orderItem}\n${indent.slice(tabWidth)}${frameStart} ${frameEnd}`,
    );
}
