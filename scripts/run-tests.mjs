// Runs the compiled mocha suites and ends with one summary line ("N passed, N failed") that CI reads.
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? findTests(full) : name.endsWith('.test.js') ? [full] : [];
  });
}

const grep = process.env.TEST_GREP;
const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
for (const file of findTests('out/test/unit').sort()) {
  mocha.addFile(file);
}
let passed = 0;
let failed = 0;
const runner = mocha.run(() => {
  console.log(`\nunit: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
