/**
 * A layout pass over sql-formatter's output that makes it read as hand-written SQL. The formatter puts
 * every clause keyword and every item on a line of its own, so a window clause takes six lines and a
 * function call becomes a staircase. This pass folds what fits back onto one line:
 * - a parenthesised group whose whole text fits in the width: `OVER (PARTITION BY u ORDER BY ts)`;
 * - a clause keyword and its item(s): `FROM sessionized`, `PARTITION BY user_id, device_id`; SELECT only
 *   when it has one item, since a column list reads best one column a line.
 * Lines holding a comment are never folded, and folding only joins lines: no token is changed.
 */

/** Longest line, indentation included, that folding may produce. */
export const LAYOUT_WIDTH = 100;

const CLAUSES_FOLDED_WHEN_SHORT = new Set(['FROM', 'PARTITION BY', 'ORDER BY', 'GROUP BY']);
const CLAUSES_FOLDED_WITH_ONE_ITEM = new Set([
  'SELECT',
  'SELECT DISTINCT',
  'WHERE',
  'HAVING',
  'QUALIFY',
]);

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
      if (!group.some(hasComment) && fits(folded, width)) {
        out.push(folded);
      } else {
        out.push(line, ...inner, closing);
      }
      i = end + 1;
      continue;
    }
    const foldable =
      !inner.some(hasComment) &&
      (CLAUSES_FOLDED_WHEN_SHORT.has(keyword) ||
        (CLAUSES_FOLDED_WITH_ONE_ITEM.has(keyword) && inner.length === 1));
    const folded = foldable ? joinLines([line, ...inner]) : undefined;
    if (folded !== undefined && fits(folded, width)) {
      out.push(folded);
    } else {
      out.push(line, ...inner);
    }
    i = end;
  }
  return out;
}

export function foldShortLines(sql: string, width = LAYOUT_WIDTH): string {
  return foldBlock(sql.split('\n'), width).join('\n');
}
