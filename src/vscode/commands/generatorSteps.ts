import * as vscode from 'vscode';
import {
  checkInput,
  formatsOf,
  getDialect,
  getPattern,
  listPatterns,
  supportedDialects,
  type InputSpec,
} from '../../core';
import { previewedSchema, type PreviewedSchema } from '../schemaHints';
import { inputDefaults } from '../settings';
import { runSteps, type Step } from './multiStepInput';

/** Answers remembered per workspace, keyed by input name (plus `pattern`, `dialect`, `part`). */
const LAST_ANSWERS_KEY = 'sqlPatterns.lastAnswers';

/** Table names after FROM / JOIN in the open SQL, offered first for events_table. */
export function tablesInSql(text: string): string[] {
  const names = [
    ...text.matchAll(
      /\b(?:FROM|JOIN)\s+((?:[\w$]+|"[^"\n]+"|`[^`\n]+`|\[[^\]\n]+\])(?:\.(?:[\w$]+|"[^"\n]+"|`[^`\n]+`|\[[^\]\n]+\]))*)/gi,
    ),
  ].map(m => m[1] as string);
  return [...new Set(names)];
}

const isColumnInput = (input: InputSpec) => input.type === 'column' || input.type === 'columns';

/** Values offered first: tables of the open file, or the column that worked on the previewed file. */
function suggestions(input: InputSpec, options: GeneratorOptions): readonly string[] {
  if (input.type === 'table') {
    return options.suggestedTables;
  }
  const previewed = isColumnInput(input) ? options.previewed?.values[input.name] : undefined;
  return previewed === undefined ? [] : [previewed];
}

/** One of the pattern's questions: a pick for a choice, else text checked by the core as typed. */
function inputStep(
  input: InputSpec,
  shownValue: string,
  options: GeneratorOptions,
  suggested: readonly string[],
): Step {
  if (input.choices) {
    return {
      kind: 'pick',
      name: input.name,
      prompt: input.description,
      items: input.choices.map(c => ({ label: c })),
      value: shownValue,
    };
  }
  const columns = options.previewed?.columns ?? [];
  const known =
    input.type === 'table'
      ? suggested.length > 1
        ? ` (in the open file: ${suggested.join(', ')})`
        : ''
      : isColumnInput(input) && columns.length > 0
        ? ` (columns of the previewed file: ${columns.join(', ')})`
        : '';
  return {
    kind: 'text',
    name: input.name,
    prompt: `${input.description}${known}`,
    placeholder: `e.g. ${input.example}`,
    value: shownValue,
    validate: text =>
      input.required && text.trim() === '' ? `${input.name} is required` : checkInput(input, text),
  };
}

export interface GeneratorOptions {
  /** The pattern when the command has one (its questions only), else the user picks it first. */
  readonly pattern?: string;
  readonly suggestedTables: readonly string[];
  readonly dialect: string;
  readonly askDialectAndParts: boolean;
  /** Columns of the last previewed file and the answers that worked on it. */
  readonly previewed?: PreviewedSchema;
}

/**
 * The generator's questions: the pattern (unless the command has one), the inputs the pattern asks
 * for (validated with the core's rules as the user types), then the dialect and the parts to write.
 */
export function generatorSteps(
  remembered: Readonly<Record<string, string>>,
  options: GeneratorOptions,
): (answers: Readonly<Record<string, string>>) => Step[] {
  return answers => {
    const pattern = getPattern(options.pattern ?? patternOf({ ...remembered, ...answers }));
    const steps: Step[] =
      options.pattern === undefined
        ? [
            {
              kind: 'pick',
              name: 'pattern',
              prompt: 'Which pattern?',
              items: listPatterns().map(p => ({ label: p.name, detail: p.description })),
              value: remembered.pattern,
            },
          ]
        : [];
    const defaults = inputDefaults();
    const asked = pattern.ask.map(name => pattern.inputs.find(i => i.name === name));
    for (const input of asked.filter(i => i !== undefined)) {
      const suggested = suggestions(input, options);
      const shown =
        answers[input.name] ??
        remembered[input.name] ??
        suggested[0] ??
        defaults[input.name] ??
        input.default ??
        '';
      steps.push(inputStep(input, shown, options, suggested));
    }
    if (options.askDialectAndParts) {
      const parts = pattern.queries.map(q => q.part);
      steps.push(
        {
          kind: 'pick',
          name: 'dialect',
          prompt: 'SQL dialect',
          items: supportedDialects.map(d => ({ label: d, description: getDialect(d).title })),
          value: answers.dialect ?? options.dialect,
        },
        {
          kind: 'pick',
          name: 'part',
          prompt: 'Which parts?',
          items: [
            { label: 'all', description: `${parts.join(', ')} and data tests` },
            ...pattern.queries.map(q => ({ label: q.part, description: q.description })),
            {
              label: 'tests',
              description: 'data tests that return no rows when the data is right',
            },
            ...formatsOf(pattern.name).map(f => ({ label: f.label, description: f.description })),
          ],
          value: answers.part ?? remembered.part ?? 'all',
        },
      );
    }
    return steps;
  };
}

/** The pattern answered (the first one listed until the pick is answered). */
export function patternOf(answers: Readonly<Record<string, string>>): string {
  return answers.pattern ?? listPatterns()[0].name;
}

/** The pattern's input values among the answers (not pattern, dialect or part). */
export function inputValues(answers: Readonly<Record<string, string>>): Record<string, string> {
  const { pattern: _pattern, dialect: _dialect, part: _part, ...values } = answers;
  return values;
}

function rememberedAnswers(context: vscode.ExtensionContext): Record<string, string> {
  return context.workspaceState.get<Record<string, string>>(LAST_ANSWERS_KEY, {});
}

/**
 * Runs the generator's questions (remembered answers prefilled; no pick when `pattern` is given,
 * which the answers then hold) and remembers the answers for next time. Undefined when the user
 * cancelled.
 */
export async function askGenerator(
  context: vscode.ExtensionContext,
  title: string,
  options: Omit<GeneratorOptions, 'previewed'>,
): Promise<Record<string, string> | undefined> {
  const remembered = rememberedAnswers(context);
  const asked = await runSteps(
    title,
    generatorSteps(remembered, { ...options, previewed: previewedSchema() }),
  );
  const answers =
    asked && options.pattern !== undefined ? { ...asked, pattern: options.pattern } : asked;
  if (answers) {
    await context.workspaceState.update(LAST_ANSWERS_KEY, { ...remembered, ...answers });
  }
  return answers;
}
