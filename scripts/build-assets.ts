// Build step (bundled and run by esbuild.mjs): writes prompts/choose-pattern.prompt.md from the registry
// (committed; a unit test holds it current). Snippets are offered by a completion provider instead
// (src/vscode/snippets), which follows each file's dialect and the settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choosePatternPromptFile } from '../src/core/chat/promptFile';

fs.writeFileSync(
  path.join(process.cwd(), 'prompts', 'choose-pattern.prompt.md'),
  choosePatternPromptFile(),
);
