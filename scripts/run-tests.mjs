// The whole test suite: starts the real engines, runs the compiled unit suites (Node) twice, in UTC and again
// under a DST zone (TZ and the engines' session zone America/Los_Angeles: the time model must see neither),
// builds every VSIX and checks what each carries, then runs the integration suites inside a real VS Code
// extension host against the installed Linux x64 VSIX and the universal one. Ends with one summary line
// ("N passed, N failed") that CI reads. TEST_GREP=text runs a subset of the unit suites only (both passes).
import Mocha from 'mocha';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap(name => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? findTests(full) : name.endsWith('.test.js') ? [full] : [];
  });
}

function runSuites(dir, grep) {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  for (const file of findTests(dir).sort()) {
    mocha.addFile(file);
  }
  return new Promise(done => {
    const counts = { passed: 0, failed: 0 };
    const runner = mocha.run(() => done(counts));
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
  });
}

const DST_ZONE = 'America/Los_Angeles';

/** The unit suites again in a child process whose OS zone and engine session zone observe DST. */
function runUnitSuitesInDstZone() {
  return new Promise(done => {
    const child = spawn(process.execPath, [process.argv[1]], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TZ: DST_ZONE,
        SQLPATTERNS_ENGINE_TIME_ZONE: DST_ZONE,
        SQLPATTERNS_UNIT_PASS_ONLY: '1',
      },
    });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', code => {
      const counts = /^unit: (\d+) passed, (\d+) failed$/m.exec(output);
      const passed = Number(counts?.[1] ?? 0);
      const failed = Number(counts?.[2] ?? 0);
      done({ passed, failed: code === 0 ? failed : Math.max(failed, 1) });
    });
  });
}

/** Installs a VSIX into the VS Code host and runs a suite there, echoing its output and counting mocha's results. */
function runHostSuite(vsix, tests) {
  return new Promise(done => {
    const child = spawn('bash', ['scripts/vscode-host/check-vsix.sh', vsix, tests], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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

const seconds = t0 => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const add = (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed });
const grep = process.env.TEST_GREP;

if (process.env.SQLPATTERNS_UNIT_PASS_ONLY) {
  // The DST pass: the parent started the engines; report the unit counts only.
  const unit = await runSuites('out/test/unit', grep);
  console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed`);
  process.exit(unit.failed > 0 ? 1 : 0);
}

// PostgreSQL and MariaDB run the generated SQL for real, and Debian's chromium renders the preview
// page: install and start them (idempotent).
const started = Date.now();
execFileSync('bash', ['scripts/engines/start.sh'], { stdio: 'inherit' });
execFileSync('bash', ['scripts/browser/ensure-chromium.sh'], { stdio: 'inherit' });
console.log(`engines ready in ${seconds(started)}`);

const utcUnit = await runSuites('out/test/unit', grep);
console.log(`\nunit: ${utcUnit.passed} passed, ${utcUnit.failed} failed`);
console.log(`\nunit suites again under TZ=${DST_ZONE}, engine session zone ${DST_ZONE}:`);
const dstUnit = await runUnitSuitesInDstZone();
console.log(`unit (${DST_ZONE}): ${dstUnit.passed} passed, ${dstUnit.failed} failed`);
let total = add(utcUnit, dstUnit);
if (!grep) {
  // Packaging last: it rebuilds dist/ for production. The VSIXes are built once, for the content checks and the
  // VS Code host, which runs the integration suites against what a user installs. One target per binary format
  // and the universal one: all eight take about 80 s more (README: Development).
  const targets = 'linux-x64,darwin-arm64,win32-x64,universal';
  const vsixDir = mkdtempSync(join(tmpdir(), 'sqlpatterns-vsix-'));
  const t0 = Date.now();
  const built = spawnSync(
    process.execPath,
    ['scripts/package/vsix.mjs', '--out', vsixDir, '--targets', targets],
    { stdio: 'inherit' },
  );
  console.log(`package ${targets}: ${built.status === 0 ? 'done' : 'FAILED'} in ${seconds(t0)}`);
  process.env.SQLPATTERNS_VSIX_DIR = vsixDir;
  process.env.SQLPATTERNS_VSIX_TARGETS = targets;
  const contents =
    built.status === 0 ? await runSuites('out/test/package') : { passed: 0, failed: 1 };
  console.log(`vsix contents: ${contents.passed} passed, ${contents.failed} failed`);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  const platform = await runHostSuite(
    join(vsixDir, `sql-patterns-linux-x64-${version}.vsix`),
    'out/test/integration/index.js',
  );
  console.log(`vscode host, linux-x64 VSIX: ${platform.passed} passed, ${platform.failed} failed`);
  const universal = await runHostSuite(
    join(vsixDir, `sql-patterns-${version}.vsix`),
    'out/test/integration/universal/index.js',
  );
  console.log(
    `vscode host, universal VSIX: ${universal.passed} passed, ${universal.failed} failed`,
  );
  rmSync(vsixDir, { recursive: true, force: true });
  // The CLI's npm tarball installs globally and runs (its prepack rebuilds dist/ for production too).
  const tarball = spawnSync('bash', ['scripts/package/check-npm-tarball.sh'], { stdio: 'inherit' });
  const npm = tarball.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  console.log(`npm tarball: ${npm.passed} passed, ${npm.failed} failed`);
  total = [contents, platform, universal, npm].reduce(add, total);
}
console.log(`\nall: ${total.passed} passed, ${total.failed} failed`);
process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
