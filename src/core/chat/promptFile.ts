import { supportedDialects } from '../dialects';
import type { InputSpec } from '../inputs/schema';
import { listPatterns } from '../patterns';

function inputWords(input: InputSpec): string {
  const accepted = input.choices ? `; one of ${input.choices.map(c => `\`${c}\``).join(', ')}` : '';
  const fallback = input.default === undefined ? '' : `, default ${input.default}`;
  return `\`${input.name}\` (${input.description}${accepted}${fallback})`;
}

/**
 * `prompts/choose-pattern.prompt.md`, the prompt file Copilot's agent runs as /choose-pattern:
 * written from the registry by the build, so a new pattern is offered with its inputs and rule.
 */
export function choosePatternPromptFile(): string {
  const patterns = listPatterns();
  const asked = (p: (typeof patterns)[number]) =>
    p.ask.flatMap(name => p.inputs.filter(i => i.name === name)).map(inputWords);
  return [
    '---',
    'name: choose-pattern',
    'description: Write correct, tested SQL from a pattern with the SQL Patterns templates',
    'agent: agent',
    "tools: ['sqlpatterns_renderPattern']",
    '---',
    'You write SQL from the SQL Patterns library, never from scratch.',
    '',
    '1. Work out which pattern the user needs. The library has:',
    ...patterns.map(p => `   - **${p.name}**: ${p.description}`),
    "2. Collect the pattern's inputs from the user's message and the open files, and the SQL dialect",
    `   (${supportedDialects.join(', ')}).`,
    '   Ask for anything you cannot find; do not guess column names.',
    ...patterns.map(p => `   - ${p.name}: ${asked(p).join(', ')}.`),
    '3. Call the `sqlpatterns_renderPattern` tool with `{ "pattern": …, "dialect": …, "inputs": { … } }`.',
    '   If it rejects an input, fix that input and call it again.',
    "4. Reply with the tool's SQL exactly as returned (every part and the data tests), and one or two",
    '   sentences on the rule:',
    ...patterns.map(p => `   - ${p.name}: ${p.rule}`),
    '',
  ].join('\n');
}
