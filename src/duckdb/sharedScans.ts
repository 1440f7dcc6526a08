/**
 * Tests whose queries open with the same first CTE (the two gap tests' window over the labelled
 * events) scan and sort the same rows: the preview counts their violations in one statement over
 * that CTE, one count per test. Only identical CTE text is shared, and only by tests that keep the
 * CTE's rows matching a WHERE condition (nothing else), so each count is that test's own; failing
 * rows and the SQL shown stay each test's own query.
 */
/** A query split at its first CTE: `head` (comments) `WITH name AS (body)` `rest`. */
interface FirstCte {
  readonly head: string;
  readonly name: string;
  readonly body: string;
  readonly rest: string;
}

/** Where the character at `i` ends a string, quoted name or comment that starts there, else i. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    // A doubled quote inside stays inside.
    let j = i + 1;
    while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) {
      j += sql[j] === c ? 2 : 1;
    }
    return j;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 1;
  }
  return i;
}

export function firstCte(sql: string): FirstCte | undefined {
  const opening = /^((?:\s*--[^\n]*\n)*\s*)WITH\s+("(?:[^"]|"")+"|\w+)\s+AS\s*\(/i.exec(sql);
  if (opening === null) {
    return undefined;
  }
  const start = opening[0].length;
  let depth = 1;
  for (let i = start; i < sql.length; i++) {
    i = skipQuoted(sql, i);
    if (sql[i] === '(') {
      depth++;
    } else if (sql[i] === ')' && --depth === 0) {
      return {
        head: opening[1] as string,
        name: opening[2] as string,
        body: sql.slice(start, i),
        rest: sql.slice(i + 1),
      };
    }
  }
  return undefined;
}

/**
 * The query's text at parenthesis depth 0, outside strings and comments (those become spaces): where
 * a clause keyword would end a condition.
 */
function topLevel(sql: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const end = skipQuoted(sql, i);
    if (end !== i) {
      out += ' ';
      i = end;
      continue;
    }
    const c = sql[i] as string;
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    out += depth === 0 && c !== ')' ? c : ' ';
  }
  return out;
}

const CLAUSE_AFTER_WHERE =
  /\b(GROUP|ORDER|LIMIT|OFFSET|FETCH|HAVING|QUALIFY|WINDOW|UNION|EXCEPT|INTERSECT)\b|;/i;

/** The condition of a query that is `<head> WITH name AS (…) SELECT * FROM name WHERE <condition>`. */
function filterOf(cte: FirstCte): string | undefined {
  const name = cte.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `^\\s*SELECT\\s+\\*\\s+FROM\\s+${name}\\s+WHERE\\s+([\\s\\S]+)$`,
    'i',
  ).exec(cte.rest);
  const condition = match?.[1];
  return condition === undefined || CLAUSE_AFTER_WHERE.test(topLevel(condition))
    ? undefined
    : condition.trim();
}

/** One statement counting several tests' violations: column `n_<i>` for `tests[i]`. */
export interface SharedCount {
  readonly sql: string;
  readonly tests: readonly string[];
}

/** The statements that count, in one pass each, the tests sharing a first CTE (two or more). */
export function sharedCounts(
  tests: readonly { readonly name: string; readonly sql: string }[],
): SharedCount[] {
  const groups = new Map<string, { cte: FirstCte; condition: string; test: string }[]>();
  for (const test of tests) {
    const cte = firstCte(test.sql);
    const condition = cte && filterOf(cte);
    if (cte !== undefined && condition !== undefined) {
      const key = `${cte.name}\0${cte.body}`;
      groups.set(key, [...(groups.get(key) ?? []), { cte, condition, test: test.name }]);
    }
  }
  return [...groups.values()]
    .filter(members => members.length > 1)
    .map(members => {
      const { cte } = members[0] as (typeof members)[number];
      // On a line of its own: a comment ending the condition ends before the parenthesis.
      const counts = members.map((m, i) => `count(*) FILTER (WHERE ${m.condition}\n) AS n_${i}`);
      return {
        sql: `WITH ${cte.name} AS (${cte.body})\nSELECT ${counts.join(',\n  ')}\nFROM ${cte.name}`,
        tests: members.map(m => m.test),
      };
    });
}
