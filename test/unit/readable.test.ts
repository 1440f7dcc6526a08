/**
 * The golden files read as hand-written SQL: no window clause or list exploded one keyword a line, no
 * space between a function and its parenthesis, keywords in one case, and sessionization's rule in the
 * words users search for (a session ends after N minutes of inactivity). The golden test pins the text;
 * this one states what any change to it must keep.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const EXPECTED = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'expected');

const goldenFiles = fs
  .readdirSync(EXPECTED, { recursive: true, encoding: 'utf8' })
  .filter(file => file.endsWith('.sql'))
  .sort();

/** The code of a line: comments, string literals and quoted names removed. */
function codeOf(line: string): string {
  return line
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]/g, 'name')
    .replace(/--.*$/, '')
    .replace(/^(\s*(?:INSERT INTO|CREATE TABLE) \S+) \(/i, '$1'); // a column list, not a call
}

// Words that take a parenthesis after a space: keywords, not calls.
const KEYWORDS_BEFORE_PARENTHESIS =
  /\b(AS|IN|OVER|EXISTS|VALUES|JOIN|FROM|AND|OR|NOT|ON|EXCLUDE|EXCEPT|REPLACE|USING|THEN|ELSE|WHEN|SELECT|WHERE|BY|ALL|INTO|TABLE|IF|WITH|UNION|INTERVAL|CASE|DISTINCT|TOP|RETURN|[-+*/=<>,|])$/i;

const LOWER_CASE_KEYWORD =
  /\b(select|from|where|group by|order by|partition by|over|case|when|then|else|end|and|or|not|null|is|as|with|union all|having|qualify|distinct|join|on)\b/;

describe('golden files read as hand-written SQL', () => {
  it('finds the golden files', () => {
    assert.ok(goldenFiles.length > 150, `${goldenFiles.length} golden files`);
  });

  for (const file of goldenFiles) {
    it(file, () => {
      const lines = fs.readFileSync(path.join(EXPECTED, file), 'utf8').split('\n');
      const code = lines.map(codeOf);
      // A clause keyword alone on its line is fine above a list too long for one; not above one item.
      const exploded = code.filter(
        (line, i) =>
          /^\s*(PARTITION BY|ORDER BY|GROUP BY)\s*$/i.test(line) && !code[i + 1]?.trimEnd().endsWith(','),
      );
      assert.deepEqual(exploded, [], 'a clause keyword alone above its one item');
      const spacedCalls = code.flatMap(line =>
        [...line.matchAll(/(\S+) \(/g)]
          .map(m => m[1])
          .filter(word => !KEYWORDS_BEFORE_PARENTHESIS.test(word)),
      );
      assert.deepEqual(spacedCalls, [], 'a space between a function and its parenthesis');
      const lowerCase = code.filter(line => LOWER_CASE_KEYWORD.test(line));
      assert.deepEqual(lowerCase, [], 'keywords in lower case beside upper case ones');
      if (file.startsWith('sessionization')) {
        const rules = lines.filter(line => / of inactivity: /.test(line));
        assert.ok(rules.length >= 2, 'each part states the rule as minutes of inactivity');
      }
    });
  }
});
