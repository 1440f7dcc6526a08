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
  return foldShortLines(mendFormatterQuirks(text, tabWidth, dialect), tabWidth);
}

/** Words after which a parenthesis is not a call's: `AS (`, `OVER (`, `IN (` keep their space. */
const WORDS_BEFORE_SPACED_PARENTHESIS = new Set(
  'AS OVER OR AND NOT IN EXISTS WHEN THEN ELSE FROM JOIN ON USING VALUES SELECT BY ALL ANY SOME WITH INTO TABLE FILTER WITHIN EXCLUDE EXCEPT'.split(
    ' ',
  ),
);

/**
 * One line cut into code and verbatim pieces: string literals, quoted names and a trailing `--` comment
 * are verbatim (a step name `'add to cart (web)'` or a column `"Time (UTC)"` keeps its spaces). Literals
 * and names never span lines: the inputs refuse line breaks in them.
 */
function lineCodePieces(line: string, dialect: Dialect): { text: string; code: boolean }[] {
  const pieces: { text: string; code: boolean }[] = [];
  const [open, close] = dialect.quote;
  let code = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '-' && line[i + 1] === '-') {
      break;
    }
    const closer = ch === "'" ? "'" : ch === open ? close : undefined;
    if (closer === undefined) {
      code += ch;
      i++;
      continue;
    }
    const backslash =
      ch === "'" ? dialect.stringEscape !== 'double' : dialect.quoteEscape === 'backslash';
    let end = i + 1;
    while (end < line.length) {
      if (backslash && line[end] === '\\') {
        end += 2;
      } else if (line[end] === closer && line[end + 1] === closer) {
        end += 2;
      } else if (line[end] === closer) {
        break;
      } else {
        end++;
      }
    }
    pieces.push({ text: code, code: true }, { text: line.slice(i, end + 1), code: false });
    code = '';
    i = end + 1;
  }
  pieces.push({ text: code, code: true }, { text: line.slice(i), code: false });
  return pieces;
}

/**
 * Mends sql-formatter quirks: it breaks a window frame inside its BETWEEN (issue #892:
 * `ts DESC ROWS BETWEEN UNBOUNDED PRECEDING` / `AND CURRENT ROW`), so the frame gets a line of its
 * own, level with ORDER BY; and it writes a function its language does not list with a space before the
 * parenthesis (`LAG (ts)` in duckdb, `timestampdiff (` in spark). Comments, literals and quoted names are
 * left as written.
 */
export function mendFormatterQuirks(sql: string, tabWidth: number, dialect: Dialect): string {
  return sql
    .split('\n')
    .map(line =>
      lineCodePieces(line, dialect)
        .map(piece =>
          piece.code
            ? piece.text.replace(/\b([A-Za-z_][A-Za-z0-9_]*) \(/g, (call, name: string) =>
                WORDS_BEFORE_SPACED_PARENTHESIS.has(name.toUpperCase()) ? call : `${name}(`,
              )
            : piece.text,
        )
        .join(''),
    )
    .join('\n')
    .replace(
      /^( *)(.*\S) (ROWS BETWEEN UNBOUNDED PRECEDING)\n *(AND CURRENT ROW)$/gm,
      (_match, indent: string, orderItem: string, frameStart: string, frameEnd: string) =>
        `${indent}${orderItem}\n${indent.slice(tabWidth)}${frameStart} ${frameEnd}`,
    );
}
