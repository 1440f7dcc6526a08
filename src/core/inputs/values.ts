/**
 * Lists of data values as people type them (`steps=view,add_to_cart,purchase`): bare words, or values
 * in single quotes as in SQL, a quote inside doubled (`'add to cart','it''s'`). The values are data, not
 * names: a dialect writes each as a string literal by its own escaping rules.
 */
import { describeChar, IdentifierSyntaxError, isBreakOrControl } from './identifiers';

/** A value must stay on one line of SQL: no control character or line separator. */
function checkCharacters(value: string): void {
  for (const ch of value) {
    if (isBreakOrControl(ch.codePointAt(0) ?? 0)) {
      throw new IdentifierSyntaxError(`a value holds ${describeChar(ch)}, which no value may hold`);
    }
  }
}

/** One value per comma, distinct, between `count.min` and `count.max` of them. */
export function parseValueList(
  text: string,
  count: { readonly min: number; readonly max: number },
): string[] {
  const values: string[] = [];
  let i = 0;
  const skipSpaces = () => {
    while (text[i] === ' ' || text[i] === '\t') {
      i++;
    }
  };
  for (;;) {
    skipSpaces();
    let value = '';
    if (text[i] === "'") {
      const open = i++;
      for (;;) {
        if (i >= text.length) {
          throw new IdentifierSyntaxError(`the quote at position ${open + 1} is not closed`);
        }
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          value += text[i++];
        }
      }
      if (value === '') {
        throw new IdentifierSyntaxError(`the value at position ${open + 1} is empty`);
      }
    } else {
      const start = i;
      while (i < text.length && !/[,\s'"`]/.test(text[i] as string)) {
        i++;
      }
      value = text.slice(start, i);
      if (value === '') {
        const found = text[i];
        throw new IdentifierSyntaxError(
          found === undefined || found === ','
            ? `a value is missing at position ${i + 1}`
            : `unexpected ${JSON.stringify(found)} at position ${i + 1}: write a value holding a space, comma or quote in single quotes, a quote inside doubled ('it''s')`,
        );
      }
    }
    checkCharacters(value);
    values.push(value);
    skipSpaces();
    if (i >= text.length) {
      break;
    }
    if (text[i] !== ',') {
      throw new IdentifierSyntaxError(
        `unexpected ${JSON.stringify(text[i])} at position ${i + 1}: write a value holding a space, comma or quote in single quotes, a quote inside doubled ('it''s')`,
      );
    }
    i++;
  }
  const twice = values.find((v, index) => values.indexOf(v) !== index);
  if (twice !== undefined) {
    throw new IdentifierSyntaxError(`"${twice}" is listed twice; each value may appear once`);
  }
  if (values.length < count.min || values.length > count.max) {
    throw new IdentifierSyntaxError(
      `${values.length} ${values.length === 1 ? 'value is' : 'values are'} given, ${count.min} to ${count.max} are accepted`,
    );
  }
  return values;
}
