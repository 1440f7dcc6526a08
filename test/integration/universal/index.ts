// Entry point for the universal VSIX, which carries no DuckDB binding: everything but the preview must work as in
// the platform packages (the extension suite), and the preview must say why it is unavailable.
import * as path from 'path';
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites([
    path.join(__dirname, '..', 'extension.test.js'),
    path.join(__dirname, 'previewUnavailable.test.js'),
  ]);
}
