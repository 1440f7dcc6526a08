// Bundles the extension and the CLI. DuckDB's native binding stays in node_modules (external),
// and `vscode` is provided by the host.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

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
  esbuild.build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' }),
]);
