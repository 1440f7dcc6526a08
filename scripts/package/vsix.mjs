#!/usr/bin/env node
// `npm run package:all`: one VSIX per VS Code target, each holding exactly the DuckDB binding of its platform, and a
// universal VSIX without DuckDB (the preview says why it is unavailable; everything else works).
// Each binding is `npm pack`ed from the registry at the version and sha512 that package-lock.json pins, and checked
// against that sha512 before it is unpacked: never a binary taken from this machine's node_modules.
// A VSIX is built by `vsce package --target` in a staging folder (the checkout's files, node_modules with only that
// binding), keeping what vsix.vscodeignore admits; the development checkout and its node_modules never change.
// usage: node scripts/package/vsix.mjs [--out DIR] [--targets linux-x64,darwin-arm64,…,universal] [--no-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** VS Code target → the `@duckdb/node-bindings-*` package that serves it. */
const TARGET_BINDINGS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-x64-musl',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};
const UNIVERSAL = 'universal';
const ALL_TARGETS = [...Object.keys(TARGET_BINDINGS), UNIVERSAL];

/** Top-level folders that never go into a VSIX: not copied into the staging folder at all. */
const NOT_STAGED = new Set([
  '.git',
  'node_modules',
  'out',
  'vsix',
  '.cache',
  'bench-data',
  '.vscode-test',
]);
/** Manifest fields for development and the npm tarball only (`files` is the tarball's list, not the VSIX's). */
const DEV_FIELDS = ['scripts', 'devDependencies', 'overrides', 'files', 'bin'];
const DUCKDB = '@duckdb/node-api';
const IGNORE_FILE = path.join(ROOT, 'scripts', 'package', 'vsix.vscodeignore');
const BINDINGS_CACHE = path.join(ROOT, '.cache', 'duckdb-bindings');

const log = msg => process.stderr.write(`[package] ${msg}\n`);

/** Ends the run with one line on stderr: status 2 for bad usage, 1 for a package that could not be built. */
class PackageError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}
function fail(msg, status = 1) {
  throw new PackageError(msg, status);
}

/** The VSIX file name vsce's own convention gives: `sql-patterns-<target>-<version>.vsix`, no target for universal. */
function vsixName(target, version) {
  return target === UNIVERSAL
    ? `sql-patterns-${version}.vsix`
    : `sql-patterns-${target}-${version}.vsix`;
}

/** Name, version and sha512 integrity of a binding as package-lock.json pins them. */
function pinnedBinding(binding) {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const name = `@duckdb/node-bindings-${binding}`;
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity?.startsWith('sha512-')) {
    fail(`package-lock.json pins no version and sha512 integrity for ${name}`);
  }
  return { name, version: entry.version, integrity: entry.integrity };
}

const sha512 = file =>
  `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;

/** The binding's tarball from the registry (cached under .cache/), verified against the pinned sha512. */
function bindingTarball(binding) {
  const pin = pinnedBinding(binding);
  const tarball = path.join(BINDINGS_CACHE, `duckdb-node-bindings-${binding}-${pin.version}.tgz`);
  if (!fs.existsSync(tarball) || sha512(tarball) !== pin.integrity) {
    fs.mkdirSync(BINDINGS_CACHE, { recursive: true });
    log(`npm pack ${pin.name}@${pin.version}`);
    execFileSync(
      'npm',
      ['pack', `${pin.name}@${pin.version}`, '--pack-destination', BINDINGS_CACHE],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const got = fs.existsSync(tarball) ? sha512(tarball) : 'no file';
    if (got !== pin.integrity) {
      fs.rmSync(tarball, { force: true });
      fail(
        `${pin.name}@${pin.version} from the registry has ${got}, package-lock.json pins ${pin.integrity}`,
      );
    }
  }
  return tarball;
}

/** Copies a package folder from node_modules (JavaScript only, installed and verified by `npm ci`). */
function copyModule(stage, name) {
  const from = path.join(ROOT, 'node_modules', name);
  if (!fs.existsSync(path.join(from, 'package.json'))) {
    fail(`node_modules/${name} is missing: run npm ci first`);
  }
  fs.cpSync(from, path.join(stage, 'node_modules', name), { recursive: true });
}

/** A folder vsce can package for `target`: the checkout's files, a trimmed manifest and that target's node_modules. */
function stageFor(target, manifest, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(ROOT, dir, {
    recursive: true,
    filter: src => !NOT_STAGED.has(path.relative(ROOT, src).split(path.sep)[0]),
  });
  const staged = { ...manifest };
  for (const field of DEV_FIELDS) {
    delete staged[field];
  }
  // esbuild bundles every other dependency; DuckDB stays external (native), and only where it has a binding.
  delete staged.dependencies;
  if (target !== UNIVERSAL) {
    staged.dependencies = { [DUCKDB]: manifest.dependencies[DUCKDB] };
    // What @duckdb/node-api needs at run time; detect-libc tells musl (Alpine) from glibc.
    for (const name of [DUCKDB, '@duckdb/node-bindings', 'detect-libc']) {
      copyModule(dir, name);
    }
    const binding = path.join(
      dir,
      'node_modules',
      '@duckdb',
      `node-bindings-${TARGET_BINDINGS[target]}`,
    );
    fs.mkdirSync(binding, { recursive: true });
    execFileSync('tar', [
      '-xzf',
      bindingTarball(TARGET_BINDINGS[target]),
      '-C',
      binding,
      '--strip-components=1',
    ]);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
}

function vsce(stage, target, out) {
  const args = [
    path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--out',
    out,
    '--ignoreFile',
    IGNORE_FILE,
  ];
  // Relative links stay relative: VS Code shows the README from the installed extension, where the screenshot
  // is. Without a public repository vsce has no base URL to rewrite them to (README: "Marketplace").
  args.push('--no-rewrite-relative-links');
  args.push(...(target === UNIVERSAL ? ['--no-dependencies'] : ['--target', target]));
  const r = spawnSync(process.execPath, args, { cwd: stage, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    fail(`vsce package ${target} failed (exit ${r.status ?? r.signal}); its messages are above`);
  }
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string', default: 'vsix' },
        targets: { type: 'string', default: ALL_TARGETS.join(',') },
        'no-build': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    fail(
      `${e.message}; usage: node scripts/package/vsix.mjs [--out DIR] [--targets T,…] [--no-build]`,
      2,
    );
  }
  const targets = values.targets.split(',').filter(Boolean);
  const unknown = targets.filter(t => !ALL_TARGETS.includes(t));
  if (unknown.length > 0 || targets.length === 0) {
    fail(`--targets: unknown target "${unknown[0] ?? ''}"; accepted: ${ALL_TARGETS.join(', ')}`, 2);
  }
  return { out: path.resolve(values.out), targets, build: !values['no-build'] };
}

async function main() {
  const { out, targets, build } = readOptions();
  const t0 = Date.now();
  if (build) {
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.mkdirSync(out, { recursive: true });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-vsix-'));
  try {
    const rows = [];
    for (const target of targets) {
      const t = Date.now();
      const file = path.join(out, vsixName(target, manifest.version));
      stageFor(target, manifest, path.join(stage, target));
      vsce(path.join(stage, target), target, file);
      fs.rmSync(path.join(stage, target), { recursive: true, force: true });
      const mb = (fs.statSync(file).size / 1e6).toFixed(1);
      rows.push(`${path.basename(file)}  ${mb} MB`);
      log(`${path.basename(file)}: ${mb} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    process.stdout.write(`${rows.join('\n')}\n`);
    log(`${targets.length} VSIX in ${out} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  if (!(e instanceof PackageError)) {
    throw e;
  }
  process.stderr.write(`package: ${e.message}\n`);
  process.exitCode = e.status;
}
