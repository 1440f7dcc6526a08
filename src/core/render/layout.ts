/**
 * A layout pass over sql-formatter's output that makes it read as hand-written SQL. The formatter puts
 * every clause keyword and every item on a line of its own, so a window clause takes six lines and a
 * function call becomes a staircase. This pass folds what fits back onto one line:
 * - a parenthesised group whose whole text fits in the width: `OVER (PARTITION BY u ORDER BY ts)`;
 * - a clause keyword and its item(s): `FROM sessionized`, `PARTITION BY user_id, device_id`; SELECT when
 *   it has one item, or only plain items (`SELECT user_id, session_seq, COUNT(*) AS row_count`): a list
 *   with expressions reads best one item a line; WHERE and HAVING with up to two conditions
 *   (`WHERE user_id IS NOT NULL AND event_time IS NOT NULL`);
 * - a CASE with one WHEN (`CASE WHEN a IS NULL OR a > 1800 THEN 1 ELSE 0 END`);
 * - a call's arguments, on one line between the call's lines when the whole call does not fit:
 *   `DATE_DIFF(` / `'microsecond', LAG(ts) OVER (…), ts` / `) / 1000000`.
 * Lines holding a comment are never folded, and folding only joins lines: no token is changed.
 */

/** Longest line, indentation included, that folding may produce. */
export const LAYOUT_WIDTH = 120;
/** Comments, and conditions folded side by side, keep narrower than code: they are read word by word. */
export const COMMENT_WIDTH = 100;

const CLAUSES_FOLDED_WHEN_SHORT = new Set(['FROM', 'PARTITION BY', 'ORDER BY', 'GROUP BY']);
const CLAUSES_FOLDED_WITH_ONE_ITEM = new Set(['SELECT', 'SELECT DISTINCT', 'QUALIFY']);
const CLAUSES_FOLDED_WITH_TWO_ITEMS = new Set(['WHERE', 'HAVING']);

const NAME = '(?:[A-Za-z_][\\w$]*|"[^"]*"|`[^`]*`|\\[[^\\]]*\\])';
/**
 * A SELECT item read at a glance: a column, a table's star, a number, or an aggregate of one column or
 * of `*`, with or without an alias.
 */
const PLAIN_ITEM = new RegExp(
  `^(?:${NAME}(?:\\.${NAME})*(?:\\.\\*)?|\\d+|(?:COUNT|SUM|MIN|MAX)\\((?:\\*|${NAME})\\))(?: AS ${NAME})?,?$`,
  'i',
);
const isPlainItem = (line: string) => PLAIN_ITEM.test(line.trim());

const indentOf = (line: string) => line.length - line.trimStart().length;
// Block comments count too: the dbt format keeps its Jinja statements as `/* jinja:N */` markers.
const hasComment = (line: string) => line.includes('--') || line.includes('/*');

/** Joins a group's lines as one: no space after an opening parenthesis or before a closing one. */
function joinLines(lines: readonly string[]): string {
  let text = lines[0];
  for (const line of lines.slice(1)) {
    const next = line.trim();
    text += text.endsWith('(') || next.startsWith(')') ? next : ` ${next}`;
  }
  return text;
}

/** Index of the last line of the block opened at `start`: the lines after it indented deeper. */
function blockEnd(lines: readonly string[], start: number): number {
  const indent = indentOf(lines[start]);
  let end = start;
  while (
    end + 1 < lines.length &&
    lines[end + 1].trim() !== '' &&
    indentOf(lines[end + 1]) > indent
  ) {
    end++;
  }
  return end;
}

function fits(text: string, width: number): boolean {
  return text.length <= width;
}

/** An opening line that ends in a call's parenthesis (`DATE_DIFF(`), not a keyword's (`AS (`). */
const opensCall = (line: string) => /[A-Za-z0-9_]\($/.test(line.trimEnd());

/** Folds the lines of one block, innermost groups first, so an outer group folds on folded insides. */
function foldBlock(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const keyword = line.trim().toUpperCase();
    const end = blockEnd(lines, i);
    if (end === i || hasComment(line)) {
      out.push(line);
      continue;
    }
    const inner = foldBlock(lines.slice(i + 1, end + 1), width);
    const closing = lines[end + 1];
    if (line.trimEnd().endsWith('(') && closing !== undefined && closing.trim().startsWith(')')) {
      // A parenthesised group: its closing line sits at the opener's indentation.
      const group = [line, ...inner, closing];
      const folded = joinLines(group);
      const args = `${' '.repeat(indentOf(inner[0]))}${joinLines(inner).trimStart()}`;
      const flat = inner.every(l => indentOf(l) === indentOf(inner[0]));
      if (!group.some(hasComment) && fits(folded, width)) {
        out.push(folded);
      } else if (opensCall(line) && flat && !inner.some(hasComment) && fits(args, width)) {
        out.push(line, args, closing);
      } else {
        out.push(line, ...inner, closing);
      }
      i = end + 1;
      continue;
    }
    if (keyword === 'CASE' && closing !== undefined && /^END\b/i.test(closing.trim())) {
      // A CASE of one WHEN reads as one line; more WHENs read best one a line.
      const group = [line, ...inner, closing];
      const folded = joinLines(group);
      const whens = inner.filter(l => /^WHEN /i.test(l.trim())).length;
      out.push(
        ...(whens === 1 && !group.some(hasComment) && fits(folded, width) ? [folded] : group),
      );
      i = end + 1;
      continue;
    }
    const foldable =
      !inner.some(hasComment) &&
      (CLAUSES_FOLDED_WHEN_SHORT.has(keyword) ||
        (CLAUSES_FOLDED_WITH_ONE_ITEM.has(keyword) && inner.length === 1) ||
        (/^SELECT( DISTINCT)?$/.test(keyword) && inner.every(isPlainItem)) ||
        (CLAUSES_FOLDED_WITH_TWO_ITEMS.has(keyword) && inner.length <= 2));
    const folded = foldable ? joinLines([line, ...inner]) : undefined;
    // Items side by side read at a glance only when the line is short.
    const limit = inner.length > 1 && !CLAUSES_FOLDED_WHEN_SHORT.has(keyword) ? COMMENT_WIDTH : width;
    if (folded !== undefined && fits(folded, limit)) {
      out.push(folded);
    } else {
      out.push(line, ...inner);
    }
    i = end;
  }
  return out;
}

const startsTerm = (line: string) => /^(OR|AND) /.test(line.trim());

/**
 * Joins lines the formatter sets level with the one before: a `WHEN` and the `OR` / `AND` terms of its
 * condition, and `SELECT *` with its `FROM`.
 */
function foldLevelLines(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let end = i;
    if (line.trim().startsWith('WHEN ') && !hasComment(line)) {
      while (
        end + 1 < lines.length &&
        indentOf(lines[end + 1]) === indentOf(line) &&
        startsTerm(lines[end + 1])
      ) {
        end++;
      }
    } else if (line.trim() === 'SELECT *' && /^ *FROM \S+;?$/.test(lines[i + 1] ?? '')) {
      end = indentOf(lines[i + 1]) === indentOf(line) ? i + 1 : i;
    }
    const group = lines.slice(i, end + 1);
    const folded = joinLines(group);
    if (end > i && !group.some(hasComment) && fits(folded, width)) {
      out.push(folded);
      i = end;
    } else {
      out.push(line);
    }
  }
  return out;
}

/**
 * Common table expressions flush left, as they are written by hand (`WITH` / `events_with_gap AS (` /
 * `  SELECT`): the formatter indents every one a level, which only pushes lines toward the width.
 */
function flushCommonTableExpressions(lines: readonly string[], tabWidth: number): string[] {
  let inWith = false;
  return lines.map(line => {
    if (inWith && line.trim() !== '' && indentOf(line) < tabWidth) {
      inWith = false;
    }
    const flushed = inWith ? line.slice(tabWidth) : line;
    inWith ||= /^WITH$/i.test(line);
    return flushed;
  });
}

/** `WITH ordered AS (` on one line, as written by hand, unless a comment heads the first CTE. */
function withOnFirstLine(lines: readonly string[]): string[] {
  return lines.flatMap((line, i) => {
    const next = lines[i + 1];
    if (/^WITH$/i.test(lines[i - 1] ?? '') && !hasComment(line)) {
      return [];
    }
    return /^WITH$/i.test(line) && next !== undefined && !hasComment(next)
      ? [`${line} ${next}`]
      : [line];
  });
}

export function foldShortLines(sql: string, tabWidth: number, width = LAYOUT_WIDTH): string {
  const lines = withOnFirstLine(flushCommonTableExpressions(sql.split('\n'), tabWidth));
  return foldLevelLines(foldBlock(lines, width), width).join('\n');
}
