/**
 * The lists package.json repeats for VS Code (the Copilot tool's enums, the dialect setting, the
 * languages that activate the snippets) are the registries' own, in the registries' order: a
 * pattern, dialect or language id added to the core shows up in the tool, the setting and the
 * activation events, or this test says which list to extend. The same for the prompt file the
 * build writes from the registry.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dialectLanguageIds, listPatterns, supportedDialects } from '../../src/core';
import { choosePatternPromptFile } from '../../src/core/chat/promptFile';

interface EnumProperty {
  readonly enum?: readonly string[];
}

interface Manifest {
  readonly activationEvents: readonly string[];
  readonly contributes: {
    readonly languageModelTools: readonly {
      readonly name: string;
      readonly inputSchema: { readonly properties: Readonly<Record<string, EnumProperty>> };
    }[];
    readonly configuration: { readonly properties: Readonly<Record<string, EnumProperty>> };
  };
}

const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json lists match the registries', () => {
  const [tool] = manifest.contributes.languageModelTools;
  const toolProperties = tool?.inputSchema.properties ?? {};

  it("lists every pattern in the Copilot tool's pattern enum", () => {
    assert.deepEqual(
      toolProperties.pattern?.enum,
      listPatterns().map(p => p.name),
    );
  });

  it("lists every dialect in the Copilot tool's dialect enum", () => {
    assert.deepEqual(toolProperties.dialect?.enum, supportedDialects);
  });

  it('lists every dialect in the sqlPatterns.defaultDialect setting', () => {
    assert.deepEqual(
      manifest.contributes.configuration.properties['sqlPatterns.defaultDialect']?.enum,
      supportedDialects,
    );
  });

  it('activates for plain SQL and every language id that names a dialect (the snippets follow them)', () => {
    assert.deepEqual(
      manifest.activationEvents
        .filter(e => e.startsWith('onLanguage:'))
        .map(e => e.slice('onLanguage:'.length)),
      ['sql', ...dialectLanguageIds],
    );
  });
});

describe('prompt file', () => {
  it('is the one the build writes from the registry (npm run build refreshes it)', () => {
    assert.equal(
      fs.readFileSync(path.join(ROOT, 'prompts', 'choose-pattern.prompt.md'), 'utf8'),
      choosePatternPromptFile(),
    );
  });

  it('offers every pattern with its asked inputs and its rule', () => {
    const prompt = choosePatternPromptFile();
    for (const pattern of listPatterns()) {
      assert.ok(prompt.includes(`**${pattern.name}**: ${pattern.description}`), pattern.name);
      assert.ok(prompt.includes(pattern.rule), `${pattern.name} rule`);
      for (const input of pattern.ask) {
        assert.ok(prompt.includes(`\`${input}\``), `${pattern.name} input ${input}`);
      }
    }
  });
});
