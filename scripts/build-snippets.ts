// Build step: writes dist/snippets/sql.json from the templates (bundled and run by esbuild.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSnippets } from '../src/core/render/snippets';

const out = path.join(process.cwd(), 'dist', 'snippets', 'sql.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(buildSnippets(), null, 2) + '\n');
