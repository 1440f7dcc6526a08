// The whole test suite: starts the real engines, runs the compiled mocha suites, and ends with one
// summary line ("N passed, N failed") that CI reads. TEST_GREP=text runs a subset.
import Mocha from 'mocha';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? findTests(full) : name.endsWith('.test.js') ? [full] : [];
  });
}

// PostgreSQL and MariaDB run the generated SQL for real: install and start them (idempotent).
const started = Date.now();
execFileSync('bash', ['scripts/engines/start.sh'], { stdio: 'inherit' });
console.log(`engines ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

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
