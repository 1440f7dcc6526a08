/**
 * Identifiers as users type them: `user_id`, `app.events`, `"Event Time"`, `[dbo].[Events]`,
 * `` `my-project`.analytics.events ``. Parsing keeps each part's text and whether it was quoted, so a
 * dialect can print it back safely; nothing else from the user ever reaches SQL.
 */

/** One part of a name. `quoted` parts keep their exact spelling (case, spaces) in every dialect. */
export interface IdentifierPart {
  readonly name: string;
  readonly quoted: boolean;
}

/** A validated, possibly qualified name (`catalog.schema.table` or one column). */
export interface QualifiedName {
  readonly parts: readonly IdentifierPart[];
}

const PLAIN_START = /[A-Za-z_]/;
const PLAIN_REST = /[A-Za-z0-9_$]/;
const MAX_PART_LENGTH = 128;
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/** Thrown by the parsers below; `core/inputs` turns it into an input problem naming the field. */
export class IdentifierSyntaxError extends Error {}

/**
 * Control characters, and the line and paragraph separators (U+2028, U+2029) that editors, formatters
 * and JavaScript treat as line breaks: in a name echoed in a `--` header comment they would end the
 * comment and turn the rest of the name into code.
 */
export function isBreakOrControl(code: number): boolean {
  return code < 32 || (code >= 127 && code < 160) || code === 0x2028 || code === 0x2029;
}

export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0x2028 || code === 0x2029) {
    return `${code === 0x2028 ? 'line' : 'paragraph'} separator U+${code.toString(16).toUpperCase()}`;
  }
  return isBreakOrControl(code)
    ? `control character U+${code.toString(16).padStart(4, '0')}`
    : `"${ch}"`;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') {
      this.pos++;
    }
  }
  fail(what: string): never {
    throw new IdentifierSyntaxError(`${what} at position ${this.pos + 1}`);
  }

  part(): IdentifierPart {
    const ch = this.peek();
    const close = CLOSING_QUOTE[ch];
    if (close !== undefined) {
      return this.quotedPart(close);
    }
    if (!PLAIN_START.test(ch)) {
      this.fail(ch === '' ? 'missing name' : `unexpected ${describeChar(ch)}`);
    }
    const start = this.pos;
    while (PLAIN_REST.test(this.peek())) {
      this.pos++;
    }
    return checkLength({ name: this.text.slice(start, this.pos), quoted: false });
  }

  private quotedPart(close: string): IdentifierPart {
    const open = this.pos;
    this.pos++;
    let name = '';
    for (;;) {
      if (this.done) {
        this.pos = open;
        this.fail(`quote ${this.text[open]} is not closed`);
      }
      const ch = this.peek();
      if (ch === close) {
        // A doubled closing quote stands for the quote character itself, as in SQL.
        if (this.text[this.pos + 1] === close) {
          name += close;
          this.pos += 2;
          continue;
        }
        this.pos++;
        break;
      }
      if (isBreakOrControl(ch.codePointAt(0) ?? 0)) {
        this.fail(`unexpected ${describeChar(ch)}`);
      }
      name += ch;
      this.pos++;
    }
    if (name.trim() === '') {
      this.pos = open;
      this.fail('empty quoted name');
    }
    // Quoting makes any name safe in SQL, but these are statement and comment markers that no real
    // column name needs: a name holding one is almost surely an injection attempt.
    const marker = [';', '--', '/*', '*/'].find(m => name.includes(m));
    if (marker !== undefined) {
      throw new IdentifierSyntaxError(`"${marker}" is not allowed in a name`);
    }
    return checkLength({ name, quoted: true });
  }

  qualifiedName(maxParts: number): QualifiedName {
    const parts = [this.part()];
    for (;;) {
      this.skipSpaces();
      if (this.peek() !== '.') {
        break;
      }
      this.pos++;
      this.skipSpaces();
      parts.push(this.part());
    }
    if (parts.length > maxParts) {
      throw new IdentifierSyntaxError(
        `has ${parts.length} dotted parts, at most ${maxParts} are allowed`,
      );
    }
    return { parts };
  }
}

function checkLength(part: IdentifierPart): IdentifierPart {
  if (part.name.length > MAX_PART_LENGTH) {
    throw new IdentifierSyntaxError(`a name is longer than ${MAX_PART_LENGTH} characters`);
  }
  return part;
}

/** Parses a table name of up to three parts (`catalog.schema.table`). */
export function parseTableName(text: string): QualifiedName {
  const scanner = new Scanner(text.trim());
  const name = scanner.qualifiedName(3);
  if (!scanner.done) {
    scanner.fail(`unexpected ${describeChar(scanner.peek())}`);
  }
  return name;
}

/** Parses one column name (a single part). */
export function parseColumnName(text: string): IdentifierPart {
  return parseColumnList(text, 1)[0] as IdentifierPart;
}

/** Parses a comma-separated list of column names (`user_id, device_id`), without duplicates. */
export function parseColumnList(text: string, maxColumns = 8): IdentifierPart[] {
  const scanner = new Scanner(text.trim());
  const columns: IdentifierPart[] = [];
  for (;;) {
    scanner.skipSpaces();
    columns.push(scanner.part());
    scanner.skipSpaces();
    if (scanner.done) {
      break;
    }
    if (scanner.peek() !== ',') {
      scanner.fail(`unexpected ${describeChar(scanner.peek())}`);
    }
    scanner.pos++;
  }
  if (columns.length > maxColumns) {
    throw new IdentifierSyntaxError(
      maxColumns === 1 ? 'must be a single column' : `at most ${maxColumns} columns are allowed`,
    );
  }
  const seen = new Set<string>();
  for (const column of columns) {
    const key = column.quoted ? column.name : column.name.toLowerCase();
    if (seen.has(key)) {
      throw new IdentifierSyntaxError(`column ${column.name} is listed twice`);
    }
    seen.add(key);
  }
  return columns;
}

/** How a name was typed, for messages and defaults (quoted parts keep their quotes). */
export function nameToText(name: QualifiedName | IdentifierPart): string {
  const parts = 'parts' in name ? name.parts : [name];
  return parts.map(p => (p.quoted ? `"${p.name.replaceAll('"', '""')}"` : p.name)).join('.');
}

/** Whether two column names denote the same column (unquoted names compare case-insensitively). */
export function sameColumn(a: IdentifierPart, b: IdentifierPart): boolean {
  return a.quoted || b.quoted ? a.name === b.name : a.name.toLowerCase() === b.name.toLowerCase();
}

/** The same table name with a suffix on its last part (`app.events` → `app.events_sessions`). */
export function withSuffix(table: QualifiedName, suffix: string): QualifiedName {
  const last = table.parts[table.parts.length - 1] as IdentifierPart;
  return {
    parts: [...table.parts.slice(0, -1), { name: last.name + suffix, quoted: last.quoted }],
  };
}
