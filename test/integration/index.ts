// Entry point for the extension host (extensionTestsPath, see scripts/vscode-host/run-tests.mjs): the host
// requires this compiled module and awaits run(); a rejection makes the run exit with status 1.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/** Runs the given compiled suites with mocha; rejects when any test fails. */
export function runSuites(files: readonly string[]): Promise<void> {
  if (files.length === 0) {
    // A build that produced no tests must not pass.
    return Promise.reject(new Error(`no *.test.js files to run`));
  }
  // TEST_GREP (passed on by the runner through the server's environment) runs a subset while iterating.
  const grep = process.env.TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, ...(grep ? { grep } : {}) });
  for (const file of files) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    mocha.run(failures =>
      failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve(),
    );
  });
}

/** Every suite of this folder: the extension with DuckDB's binding (the development folder, a platform VSIX). */
export function run(): Promise<void> {
  const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js'));
  return runSuites(files.sort().map(f => path.join(__dirname, f)));
}
