// Bundles the extension and the CLI, then writes the prompt file from the registry.
// DuckDB's native binding stays in node_modules (external); `vscode` is provided by the host.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
// `npm pack` runs `prepare` right after `prepack`: keep the production build prepack just made.
if (process.env.npm_lifecycle_event === 'prepare' && process.env.npm_command === 'pack') {
  process.exit(0);
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', '@duckdb/node-api'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
  }),
  esbuild.build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' }),
  // The preview page runs in a browser (webview or the standalone HTML report).
  esbuild.build({
    entryPoints: ['src/report/page/main.ts'],
    outfile: 'media/preview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: false,
    logLevel: 'warning',
  }),
  esbuild.build({
    ...common,
    sourcemap: false,
    entryPoints: ['scripts/build-assets.ts'],
    outfile: 'dist/build-assets.js',
  }),
]);
execFileSync(process.execPath, ['dist/build-assets.js'], { stdio: 'inherit' });
rmSync('dist/build-assets.js');
