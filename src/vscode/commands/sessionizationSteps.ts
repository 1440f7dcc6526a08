import * as vscode from 'vscode';
import { checkInput, getPattern, listPatterns, supportedDialects, getDialect } from '../../core';
import type { PreviewedSchema } from '../schemaHints';
import { defaultTimeoutMinutes } from '../settings';
import type { Step } from './multiStepInput';

/** Answers remembered per workspace, keyed by input name (plus `pattern`, `dialect`, `part`). */
export const LAST_ANSWERS_KEY = 'sqlPatterns.lastAnswers';

/** Table names after FROM / JOIN in the open SQL, offered first for events_table. */
export function tablesInSql(text: string): string[] {
  const names = [
    ...text.matchAll(
      /\b(?:FROM|JOIN)\s+((?:[\w$]+|"[^"\n]+"|`[^`\n]+`|\[[^\]\n]+\])(?:\.(?:[\w$]+|"[^"\n]+"|`[^`\n]+`|\[[^\]\n]+\]))*)/gi,
    ),
  ].map(m => m[1] as string);
  return [...new Set(names)];
}

const TEXT_INPUTS = ['events_table', 'user_key', 'event_ts'] as const;

/**
 * The generator's questions: pattern, the pattern's main inputs (validated with the core's rules
 * as the user types), the timeout, the dialect and the parts to write.
 */
export function generatorSteps(
  remembered: Readonly<Record<string, string>>,
  options: {
    suggestedTables: readonly string[];
    dialect: string;
    askDialectAndParts: boolean;
    /** Columns of the last previewed file and the answers that worked on it. */
    previewed?: PreviewedSchema;
  },
): (answers: Readonly<Record<string, string>>) => Step[] {
  return answers => {
    const pattern = getPattern(answers.pattern ?? remembered.pattern ?? 'sessionization');
    const spec = (name: string) => {
      const found = pattern.inputs.find(i => i.name === name);
      if (!found) {
        throw new Error(`pattern ${pattern.name} has no input ${name}`);
      }
      return found;
    };
    const steps: Step[] = [
      {
        kind: 'pick',
        name: 'pattern',
        prompt: 'Which pattern?',
        items: listPatterns().map(p => ({ label: p.name, detail: p.description })),
        value: remembered.pattern,
      },
    ];
    const columns = options.previewed?.columns ?? [];
    for (const name of TEXT_INPUTS) {
      const input = spec(name);
      const fromPreview = options.previewed?.values[name];
      const suggestion =
        name === 'events_table' ? options.suggestedTables : fromPreview ? [fromPreview] : [];
      const known =
        name === 'events_table'
          ? suggestion.length > 1
            ? ` (in the open file: ${suggestion.join(', ')})`
            : ''
          : columns.length > 0
            ? ` (columns of the previewed file: ${columns.join(', ')})`
            : '';
      steps.push({
        kind: 'text',
        name,
        prompt: `${input.description}${known}`,
        placeholder: `e.g. ${input.example}`,
        value: answers[name] ?? remembered[name] ?? suggestion[0] ?? '',
        validate: text => (text.trim() === '' ? `${name} is required` : checkInput(input, text)),
      });
    }
    const unit = spec('event_ts_unit');
    steps.push({
      kind: 'pick',
      name: 'event_ts_unit',
      prompt: unit.description,
      items: (unit.choices ?? []).map(c => ({ label: c })),
      value: answers.event_ts_unit ?? remembered.event_ts_unit ?? unit.default,
    });
    const timeout = spec('session_timeout_minutes');
    steps.push({
      kind: 'text',
      name: 'session_timeout_minutes',
      prompt: timeout.description,
      value:
        answers.session_timeout_minutes ??
        remembered.session_timeout_minutes ??
        defaultTimeoutMinutes(),
      validate: text => checkInput(timeout, text),
    });
    if (options.askDialectAndParts) {
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
            { label: 'all', description: 'events, sessions and data tests' },
            { label: 'events', description: 'every event with its session' },
            { label: 'sessions', description: 'one row per session' },
            {
              label: 'tests',
              description: 'data tests that return no rows when the data is right',
            },
            {
              label: 'dbt models',
              description:
                'incremental dbt models, schema.yml and the data tests as singular tests',
            },
          ],
          value: answers.part ?? remembered.part ?? 'all',
        },
      );
    }
    return steps;
  };
}

/** The pattern's input values among the answers (not pattern, dialect or part). */
export function inputValues(answers: Readonly<Record<string, string>>): Record<string, string> {
  const { pattern: _pattern, dialect: _dialect, part: _part, ...values } = answers;
  return values;
}

export function rememberedAnswers(context: vscode.ExtensionContext): Record<string, string> {
  return context.workspaceState.get<Record<string, string>>(LAST_ANSWERS_KEY, {});
}
