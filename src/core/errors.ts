import { didYouMean } from './inputs/didYouMean';

/** What went wrong, for adapters that map errors to UI (exit codes, chat messages, notifications). */
export type ErrorCode =
  | 'invalid-input'
  | 'unknown-pattern'
  | 'unknown-dialect'
  | 'input-file'
  | 'column-type'
  | 'engine-unavailable'
  | 'output-file'
  | 'cancelled';

/** Base of every error the project raises on purpose; anything else is a bug and is re-thrown. */
export abstract class SqlPatternsError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** One problem with one input, named as the user typed it. */
export interface InputProblem {
  readonly input: string;
  readonly message: string;
}

/** Every problem found in a set of answers, reported together so the user fixes them in one go. */
export class InvalidInputError extends SqlPatternsError {
  constructor(readonly problems: readonly InputProblem[]) {
    super('invalid-input', problems.map(p => `${p.input}: ${p.message}`).join('; '));
  }
}

/**
 * ` (did you mean "x"?)` when a known name, or an alias of one (`aliases` maps it to the name it
 * stands for), is close to the one received.
 */
function suggestion(
  received: string,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string {
  const close = didYouMean(received, [...known, ...Object.keys(aliases)]);
  const meant = close === undefined ? undefined : (aliases[close] ?? close);
  return meant === undefined ? '' : ` (did you mean "${meant}"?)`;
}

export class UnknownPatternError extends SqlPatternsError {
  constructor(
    received: string,
    known: readonly string[],
    aliases: Readonly<Record<string, string>> = {},
  ) {
    super(
      'unknown-pattern',
      `Unknown pattern "${received}"${suggestion(received, known, aliases)}. Known patterns: ${known.join(', ')}.`,
    );
  }
}

export class UnknownDialectError extends SqlPatternsError {
  constructor(received: string, known: readonly string[]) {
    super(
      'unknown-dialect',
      `Unknown SQL dialect "${received}"${suggestion(received, known)}. Supported: ${known.join(', ')}.`,
    );
  }
}

/** A data file that cannot be found, read or recognised. */
export class InputFileError extends SqlPatternsError {
  constructor(message: string) {
    super('input-file', message);
  }
}

/** An output path that may not or cannot be written (shared README §3, "Writing files"). */
export class OutputFileError extends SqlPatternsError {
  constructor(message: string) {
    super('output-file', message);
  }
}

/** A column that is missing or whose type the pattern cannot use. */
export class ColumnTypeError extends SqlPatternsError {
  constructor(message: string) {
    super('column-type', message);
  }
}

/** DuckDB cannot be loaded here: the package carries no native binding for this platform (the universal VSIX). */
export class EngineUnavailableError extends SqlPatternsError {
  constructor(platform: string) {
    super(
      'engine-unavailable',
      `The DuckDB preview is not available on ${platform}: this package of SQL Patterns has no DuckDB binding ` +
        `for it (install the one for your platform to preview; generating SQL works without it).`,
    );
  }
}

export class CancelledError extends SqlPatternsError {
  constructor() {
    super('cancelled', 'The query was cancelled.');
  }
}
