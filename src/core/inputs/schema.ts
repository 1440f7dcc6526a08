import { InvalidInputError, type InputProblem } from '../errors';
import { didYouMean } from './didYouMean';
import {
  IdentifierSyntaxError,
  parseColumnList,
  parseColumnName,
  parseTableName,
  type IdentifierPart,
  type QualifiedName,
} from './identifiers';
import { TIME_ZONE_NAMES, TZDATA_VERSION } from './timeZones.generated';
import { parseValueList } from './values';

/** The kinds of answer a pattern can ask for; each has one parser and one set of rules. */
export type InputType =
  'table' | 'column' | 'columns' | 'minutes' | 'count' | 'choice' | 'timezone' | 'values';

/** One question a pattern asks, with everything a UI needs to ask it and check the answer. */
export interface InputSpec {
  readonly name: string;
  readonly description: string;
  readonly type: InputType;
  readonly required: boolean;
  /** Default as the user would type it; `undefined` means the input is off unless given. */
  readonly default?: string;
  /** For `choice` inputs: the accepted values. */
  readonly choices?: readonly string[];
  /** For `values` inputs: how many values are accepted. */
  readonly count?: { readonly min: number; readonly max: number };
  /** A value to show in help and error messages. */
  readonly example: string;
}

/** What each kind of input parses to. */
interface ValueOfType {
  readonly table: QualifiedName;
  readonly column: IdentifierPart;
  readonly columns: IdentifierPart[];
  readonly minutes: number;
  readonly count: number;
  readonly choice: string;
  readonly timezone: string;
  readonly values: readonly string[];
}

/** An answer after validation: the only form in which user input reaches rendering. */
export type InputValue = ValueOfType[InputType];

/** One input's value: a choice is one of its choices; absent unless required or defaulted. */
type AnswerOf<S extends InputSpec> =
  | (S extends { readonly type: 'choice'; readonly choices: readonly (infer C)[] }
      ? C
      : ValueOfType[S['type']])
  | (S extends { readonly required: true } | { readonly default: string } ? never : undefined);

/**
 * The validated answers to `Specs`, keyed by input name and typed by each input's kind, so a
 * pattern reads `inputs.user_key` as columns and `inputs.session_timeout_minutes` as a number.
 */
export type InputsOf<Specs extends readonly InputSpec[]> = {
  readonly [S in Specs[number] as S['name']]: AnswerOf<S>;
};

/** Answers to inputs not known here (a surface passing any pattern's through). */
export type ResolvedInputs = InputsOf<readonly InputSpec[]>;

/**
 * Declares a pattern's or a format's inputs, keeping each one's name, kind, choices and whether
 * it is always present in the type, for {@link InputsOf}.
 */
export function defineInputs<const Specs extends readonly InputSpec[]>(specs: Specs): Specs {
  return specs;
}

/** Upper bound for durations: a week; anything longer is almost surely a unit mistake. */
export const MAX_MINUTES = 7 * 24 * 60;
const MAX_COUNT = 1_000_000_000;

function parseMinutes(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new IdentifierSyntaxError(
      `"${text}" is not a number of minutes; use a positive number such as 30 or 0.5`,
    );
  }
  const minutes = Number(text);
  if (minutes <= 0) {
    throw new IdentifierSyntaxError(`must be greater than 0 minutes, got ${text}`);
  }
  if (minutes > MAX_MINUTES) {
    throw new IdentifierSyntaxError(`must be at most ${MAX_MINUTES} minutes (7 days), got ${text}`);
  }
  // Durations are printed as whole seconds, exact in every dialect.
  if (!Number.isInteger(Math.round(minutes * 60 * 1e6) / 1e6)) {
    throw new IdentifierSyntaxError(`must be a whole number of seconds, got ${text} minutes`);
  }
  return minutes;
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_COUNT) {
    throw new IdentifierSyntaxError(
      `"${text}" is not a whole number between 1 and ${MAX_COUNT.toLocaleString('en-US')}`,
    );
  }
  return Number(text);
}

const TIME_ZONES = new Set(TIME_ZONE_NAMES);
const TIME_ZONES_BY_LOWER = new Map(TIME_ZONE_NAMES.map(name => [name.toLowerCase(), name]));

/**
 * An IANA zone name from the tz database (backward links included). Engines disagree on case and
 * on unknown names (some fail, some silently use UTC), so only the database's own spelling passes.
 */
function parseTimeZone(text: string): string {
  if (TIME_ZONES.has(text)) {
    return text;
  }
  const spelled = TIME_ZONES_BY_LOWER.get(text.toLowerCase());
  throw new IdentifierSyntaxError(
    spelled !== undefined
      ? `"${text}" is spelled ${spelled} in the tz database`
      : `"${text}" is not a time zone of the tz database (${TZDATA_VERSION}); use an IANA name such as Europe/Paris or UTC`,
  );
}

/**
 * A table name, never a path or URL: DuckDB reads a name such as "secret/x.csv" or
 * "https://host/x.csv" as a file when no table has it, and other engines may do likewise.
 */
function parseTable(text: string): QualifiedName {
  const name = parseTableName(text);
  if (name.parts.some(part => /[/\\]/.test(part.name))) {
    throw new IdentifierSyntaxError(
      'it looks like a file path or URL, which engines may read as a file; name a table (load the file into one first)',
    );
  }
  return name;
}

function parseValue(spec: InputSpec, text: string): InputValue {
  switch (spec.type) {
    case 'table':
      return parseTable(text);
    case 'column':
      return parseColumnName(text);
    case 'columns':
      return parseColumnList(text);
    case 'minutes':
      return parseMinutes(text);
    case 'count':
      return parseCount(text);
    case 'timezone':
      return parseTimeZone(text);
    case 'values':
      return parseValueList(text, spec.count ?? { min: 1, max: 100 });
    case 'choice': {
      const choice = text.toLowerCase();
      if (!spec.choices?.includes(choice)) {
        throw new IdentifierSyntaxError(
          `"${text}" is not accepted; use one of ${spec.choices?.join(', ')}`,
        );
      }
      return choice;
    }
  }
}

function identifierHint(spec: InputSpec): string {
  switch (spec.type) {
    case 'table':
      return ` Use a name such as ${spec.example} (letters, digits, _; dotted catalog.schema.table; quote other names as "My Table")`;
    case 'column':
    case 'columns':
      return ` Use a column name such as ${spec.example} (letters, digits, _; quote other names as "My Column")`;
    default:
      return '';
  }
}

/** Checks one answer as the user types it: the problem's message, or undefined when it is valid. */
export function checkInput(spec: InputSpec, text: string): string | undefined {
  try {
    resolveInputs([spec], { [spec.name]: text });
    return undefined;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return error.problems.map(p => p.message).join('; ');
    }
    throw error;
  }
}

/**
 * Validates raw answers against a pattern's inputs and returns typed values, or throws one
 * InvalidInputError listing every problem (unknown, missing and malformed inputs) by name.
 */
export function resolveInputs<Specs extends readonly InputSpec[]>(
  specs: Specs,
  raw: Readonly<Record<string, string>>,
): InputsOf<Specs> {
  const problems: InputProblem[] = [];
  const known = new Map(specs.map(spec => [spec.name, spec]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      const names = specs.map(s => s.name);
      const meant = didYouMean(name, names);
      problems.push({
        input: name,
        message: `unknown input${meant === undefined ? '' : ` (did you mean ${meant}?)`}; accepted inputs are ${names.join(', ')}`,
      });
    }
  }
  const values: Record<string, InputValue | undefined> = {};
  for (const spec of specs) {
    const given = raw[spec.name];
    const text = given !== undefined && given.trim() !== '' ? given.trim() : spec.default;
    if (text === undefined) {
      if (spec.required) {
        problems.push({
          input: spec.name,
          message: `is required (${spec.description}), for example ${spec.name}=${spec.example}`,
        });
      }
      continue;
    }
    try {
      values[spec.name] = parseValue(spec, text);
    } catch (error) {
      if (!(error instanceof IdentifierSyntaxError)) {
        throw error;
      }
      const isName = spec.type === 'table' || spec.type === 'column' || spec.type === 'columns';
      problems.push({
        input: spec.name,
        message: isName
          ? `"${text}" is not a valid ${spec.type === 'table' ? 'table name' : 'column name'}: ${error.message}.${identifierHint(spec)}`
          : spec.type === 'values'
            ? `${error.message}; for example ${spec.name}=${spec.example}`
            : error.message,
      });
    }
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  // The one place the typed view is taken: parseValue gave each value its spec's kind (a choice
  // one of its choices), and a required or defaulted input is present, or a problem was thrown.
  return values as InputsOf<Specs>;
}
