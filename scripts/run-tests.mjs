// The whole test suite: starts the real engines, runs the compiled unit suites (Node) and the
// integration suites (inside a real VS Code extension host), and ends with one summary line
// ("N passed, N failed") that CI reads. TEST_GREP=text runs a subset of the unit suites only.
import Mocha from 'mocha';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? findTests(full) : name.endsWith('.test.js') ? [full] : [];
  });
}

function runUnitSuites(grep) {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  for (const file of findTests('out/test/unit').sort()) {
    mocha.addFile(file);
  }
  return new Promise(done => {
    const counts = { passed: 0, failed: 0 };
    const runner = mocha.run(() => done(counts));
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
  });
}

/** Runs the integration suites in the VS Code host, echoing its output and counting mocha's results. */
function runHostSuites() {
  const root = resolve('.');
  const args = [
    'scripts/vscode-host/run-tests.mjs',
    '--extension',
    root,
    '--tests',
    join(root, 'out/test/integration/index.js'),
    '--workspace',
    join(root, 'test/fixtures/workspace'),
  ];
  return new Promise(done => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', code => {
      const passed = Number(output.match(/(\d+) passing/)?.[1] ?? 0);
      const failed = Number(output.match(/(\d+) failing/)?.[1] ?? 0);
      // A host that failed to start or timed out counts as a failure even without mocha's lines.
      done({ passed, failed: code === 0 ? failed : Math.max(failed, 1) });
    });
  });
}

// PostgreSQL and MariaDB run the generated SQL for real, and Debian's chromium renders the preview
// page: install and start them (idempotent).
const started = Date.now();
execFileSync('bash', ['scripts/engines/start.sh'], { stdio: 'inherit' });
execFileSync('bash', ['scripts/browser/ensure-chromium.sh'], { stdio: 'inherit' });
console.log(`engines ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const grep = process.env.TEST_GREP;
const unit = await runUnitSuites(grep);
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed`);
const host = grep ? { passed: 0, failed: 0 } : await runHostSuites();
if (!grep) {
  console.log(`vscode host: ${host.passed} passed, ${host.failed} failed`);
}
// Packaging: the npm tarball installs globally and runs, and `npm run package` builds a VSIX that installs
// into the VS Code host. Last: both rebuild dist/ for production.
const packaging = { passed: 0, failed: 0 };
if (!grep) {
  for (const check of [
    'scripts/package/check-npm-tarball.sh',
    'scripts/vscode-host/check-vsix.sh',
  ]) {
    try {
      execFileSync('bash', [check], { stdio: 'inherit' });
      packaging.passed++;
    } catch {
      console.log(`FAILED: ${check}`);
      packaging.failed++;
    }
  }
  console.log(`packaging: ${packaging.passed} passed, ${packaging.failed} failed`);
}
const passed = unit.passed + host.passed + packaging.passed;
const failed = unit.failed + host.failed + packaging.failed;
console.log(`\nall: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
