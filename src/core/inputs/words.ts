/**
 * Reads `key=value` words as people type them in chat or a shell:
 * `sessionization events_table=app.events user_key=user_id,device_id` or
 * `name=sessionization events_table="app.events", user_key="user_id"`.
 */

/** The words of one request: the pattern named (if any) and every `key=value` answer. */
export interface ParsedWords {
  readonly pattern?: string;
  readonly values: Readonly<Record<string, string>>;
  /** Words that are neither a pattern name nor `key=value`, and keys given twice. */
  readonly problems: readonly { input: string; message: string }[];
}

const OPENERS: Record<string, string> = { '"': '"', "'": "'", '`': '`', '[': ']' };

/** Splits a message into words at spaces outside quotes and brackets. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let closer: string | undefined;
  for (const ch of text) {
    if (closer !== undefined) {
      current += ch;
      if (ch === closer) {
        closer = undefined;
      }
    } else if (/\s/.test(ch)) {
      if (current !== '') {
        words.push(current);
      }
      current = '';
    } else {
      current += ch;
      closer = OPENERS[ch];
    }
  }
  if (current !== '') {
    words.push(current);
  }
  return words;
}

/**
 * Removes the quotes people put around a whole value (`"app.events"`, `'30'`). Double quotes around
 * a name that needs them (`"Event Time"`) are SQL identifier quotes and are kept; so are single quotes
 * around text with a space or comma that is no list of plain names (`'add to cart'`): a quoted data
 * value, such as a funnel step.
 */
function unquoteValue(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    const inner = value.slice(1, -1);
    const plainList = /^[A-Za-z0-9_$.]*$/.test(inner.replace(/\s*,\s*/g, ''));
    const quotedData = !plainList && /[\s,]/.test(inner) && !/^["`[]/.test(inner);
    if (!inner.includes(first) && ((first === "'" && !quotedData) || plainList)) {
      return inner;
    }
  }
  return value;
}

const PATTERN_KEYS = new Set(['name', 'pattern']);

/** Parses words (already split, as in argv, or a whole message) into a pattern and answers. */
export function parseWords(input: string | readonly string[]): ParsedWords {
  const words = typeof input === 'string' ? splitWords(input) : input;
  // No prototype: `constructor=x` or `__proto__=x` is an answer like any other (then unknown).
  const values: Record<string, string> = Object.create(null);
  const problems: { input: string; message: string }[] = [];
  let pattern: string | undefined;
  // A value that ended with a comma may continue in the next bare word: `user_key=a, b`.
  let openListKey: string | undefined;
  for (const rawWord of words) {
    const endsWithComma = rawWord.endsWith(',');
    const word = rawWord.replace(/,+$/, '');
    if (word === '') {
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) {
      const bare = unquoteValue(word);
      if (openListKey !== undefined) {
        values[openListKey] = `${values[openListKey]},${bare}`;
      } else if (pattern === undefined && /^[A-Za-z][\w-]*$/.test(bare)) {
        pattern = bare;
      } else {
        problems.push({
          input: word,
          message: 'is not a key=value answer; write answers as name=value, e.g. user_key=user_id',
        });
      }
      openListKey = endsWithComma ? openListKey : undefined;
      continue;
    }
    const key = word.slice(0, eq).trim().toLowerCase();
    const value = unquoteValue(word.slice(eq + 1).trim());
    if (PATTERN_KEYS.has(key)) {
      pattern = value;
      openListKey = undefined;
      continue;
    }
    if (Object.hasOwn(values, key)) {
      problems.push({ input: key, message: 'is given twice' });
    }
    values[key] = value;
    openListKey = endsWithComma ? key : undefined;
  }
  // Spread defines own properties: a plain object again, with __proto__ still an answer.
  return { pattern, values: { ...values }, problems };
}
