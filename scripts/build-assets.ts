// Build step (bundled and run by esbuild.mjs): writes what VS Code reads from the registry as files:
// dist/snippets/sql.json and prompts/choose-pattern.prompt.md (committed; a unit test holds it current).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choosePatternPromptFile } from '../src/core/chat/promptFile';
import { buildSnippets } from '../src/core/render/snippets';

const snippets = path.join(process.cwd(), 'dist', 'snippets', 'sql.json');
fs.mkdirSync(path.dirname(snippets), { recursive: true });
fs.writeFileSync(snippets, JSON.stringify(buildSnippets(), null, 2) + '\n');
fs.writeFileSync(
  path.join(process.cwd(), 'prompts', 'choose-pattern.prompt.md'),
  choosePatternPromptFile(),
);
