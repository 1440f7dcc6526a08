// `npm run test:vscode`: the same integration suites through @vscode/test-electron, for machines
// that can download VS Code from Microsoft (this project's CI cannot; it uses the code-server host).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..', '..', '..');

runTests({
  // The fixture contributes SQL language ids (postgres, …) that the snippet suite opens documents in.
  extensionDevelopmentPath: [root, path.join(root, 'test', 'fixtures', 'sql-languages-extension')],
  extensionTestsPath: path.join(__dirname, 'index.js'),
  launchArgs: [path.join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
