/**
 * The one place that turns DuckDB's errors into input errors (shared README §3: exit 2, one line
 * naming the input). What the input caused (the data, a table or time zone it names, the memory it
 * needs) becomes an InputFileError or InvalidInputError; anything else stays as it is: a bug of ours.
 */
import { InputFileError, InvalidInputError, SqlPatternsError } from '../core/errors';

/** Reading the user's data (load, describe) or running our SQL on it. */
export type EnginePhase = 'load' | 'run';

export interface EngineErrorContext {
  /** The data as the user named it, e.g. the --data path. */
  readonly data: string;
  /** The inputs as given, to name the one that holds a value DuckDB refused. */
  readonly values?: Readonly<Record<string, string>>;
  /** The memory limit in force, for the out-of-memory message. */
  readonly memoryLimit?: string;
}

/** DuckDB's message: `Catalog Error: Table with name x does not exist!\nDid you mean …`. */
function parse(error: Error): { type: string; text: string } | undefined {
  const match = /^([A-Z][A-Za-z ]*?) Error: ([^\n]*)/.exec(error.message);
  return match ? { type: match[1] ?? '', text: (match[2] ?? '').trim() } : undefined;
}

/**
 * The input error a DuckDB error stands for, or the error itself when it is a bug of ours. While
 * loading, every engine error is about the data; while running, only errors of values, memory,
 * files and time zones are.
 */
export function fromEngineError(
  error: unknown,
  phase: EnginePhase,
  context: EngineErrorContext,
): unknown {
  if (!(error instanceof Error) || error instanceof SqlPatternsError) {
    return error;
  }
  const parsed = parse(error);
  if (parsed === undefined) {
    return error;
  }
  const { type, text } = parsed;
  const zone = /^Unknown TimeZone '([^']*)'/.exec(text)?.[1];
  if (zone !== undefined) {
    const input =
      Object.entries(context.values ?? {}).find(([, value]) => value === zone)?.[0] ?? 'time zone';
    return new InvalidInputError([
      {
        input,
        message: `DuckDB knows no time zone "${zone}"; use an IANA name such as Europe/Paris or UTC`,
      },
    ]);
  }
  switch (type) {
    case 'Out of Memory':
      return new InputFileError(
        `${context.data}: the preview needs more memory than its limit${context.memoryLimit ? ` (${context.memoryLimit})` : ''}; raise it with --memory-limit or the sqlPatterns.preview.memoryLimit setting, or preview a sample of the data.`,
      );
    case 'Permission':
      return new InputFileError(
        `${context.data}: reading outside the data was blocked (${text}); the preview reads only the data file, not the files or URLs a table or view names.`,
      );
    case 'Missing Extension':
      return new InputFileError(
        `${context.data}: needs a DuckDB extension that the preview never installs or loads (${text}).`,
      );
    case 'Conversion':
    case 'Out of Range':
    case 'Invalid Input':
    case 'IO':
    case 'Serialization':
      return new InputFileError(
        `${context.data}: DuckDB cannot use the data: ${type} Error: ${text}`,
      );
    default:
      return phase === 'load'
        ? new InputFileError(`${context.data}: DuckDB cannot read it: ${type} Error: ${text}`)
        : error;
  }
}
