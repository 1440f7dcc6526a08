/**
 * PURPOSE: what a user installs. Opens every VSIX of `npm run package:all` and checks that each holds exactly the
 * DuckDB binding of its platform (pinned version, the registry's bytes, the right binary format by its magic
 * numbers), that the universal one holds none, and that all carry what the extension needs and nothing from the
 * development checkout. Reads the VSIXes of SQLPATTERNS_VSIX_DIR (npm test builds them once for this suite and
 * the VS Code host), or builds them into a temporary folder.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { binaryFormat } from '../support/binaries';
import { ZipFile } from '../support/zip';

const ROOT = path.resolve(__dirname, '../../..');
const repoManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const version: string = repoManifest.version;

/** What each VS Code target must carry: its binding package, the processor it runs on, its C library. */
const TARGETS: Record<string, { binding: string; format: string; libc?: 'glibc' | 'musl' }> = {
  'linux-x64': { binding: 'linux-x64', format: 'ELF x86-64', libc: 'glibc' },
  'linux-arm64': { binding: 'linux-arm64', format: 'ELF aarch64', libc: 'glibc' },
  'alpine-x64': { binding: 'linux-x64-musl', format: 'ELF x86-64', libc: 'musl' },
  'darwin-x64': { binding: 'darwin-x64', format: 'Mach-O x86-64' },
  'darwin-arm64': { binding: 'darwin-arm64', format: 'Mach-O arm64' },
  'win32-x64': { binding: 'win32-x64', format: 'PE x86-64' },
  'win32-arm64': { binding: 'win32-arm64', format: 'PE ARM64' },
};
/** Runtime packages a platform VSIX may carry: DuckDB's API, its loader, the loader's libc probe, one binding. */
const RUNTIME = ['@duckdb/node-api', '@duckdb/node-bindings', 'detect-libc'];
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/prompts/choose-pattern.prompt.md',
  'extension/prompts/sessionization/events.sql.hbs',
  'extension/data/sample-clickstream.csv',
  'extension/data/sample-customers.csv',
  'extension/data/sample-funnel.csv',
  'extension/media/preview.js',
  'extension/media/preview.css',
  'extension/media/icon.png',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
];
const HEAD = 64 * 1024;
const ALL = [...Object.keys(TARGETS), 'universal'];
/** npm test checks a representative set (SQLPATTERNS_VSIX_TARGETS, as it passes to the packager); alone, all. */
const CHECKED = process.env.SQLPATTERNS_VSIX_TARGETS?.split(',') ?? ALL;
const fileOf = (target: string) =>
  target === 'universal'
    ? `sql-patterns-${version}.vsix`
    : `sql-patterns-${target}-${version}.vsix`;

/** A binary runs on `want` when it is that format, or a Mach-O universal binary with a slice for its processor. */
function runsOn(format: string | undefined, want: string): boolean {
  const universal = /^Mach-O universal (.+)$/.exec(format ?? '');
  return (
    format === want ||
    (universal !== null &&
      want.startsWith('Mach-O ') &&
      universal[1].split('+').includes(want.slice(7)))
  );
}

/** Top-level package folders under extension/node_modules (scoped ones as @scope/name). */
function packagedModules(zip: ZipFile): string[] {
  const names = zip.names
    .map(n => /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(n)?.[1])
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}

/** Files of the pinned registry tarball of a binding, after checking it against package-lock.json's sha512. */
function pinnedBindingFiles(binding: string, scratch: string): Map<string, Buffer> {
  const name = `@duckdb/node-bindings-${binding}`;
  const pin = lock.packages[`node_modules/${name}`];
  const dir = fs.mkdtempSync(path.join(scratch, 'pin-'));
  execFileSync('npm', ['pack', `${name}@${pin.version}`, '--pack-destination', dir, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = path.join(dir, fs.readdirSync(dir)[0]);
  const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  assert.equal(
    integrity,
    pin.integrity,
    `${name}@${pin.version} from the registry matches the lock`,
  );
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const files = new Map<string, Buffer>();
  for (const file of fs.readdirSync(path.join(dir, 'package'))) {
    files.set(file, fs.readFileSync(path.join(dir, 'package', file)));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
}

describe('VSIX packages', function () {
  this.timeout(600_000);
  let dir: string;
  let scratch: string;
  const zips = new Map<string, ZipFile>();
  const open = (file: string) => {
    const zip = zips.get(file) ?? ZipFile.open(path.join(dir, file));
    zips.set(file, zip);
    return zip;
  };

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-vsix-test-'));
    dir = process.env.SQLPATTERNS_VSIX_DIR ?? path.join(scratch, 'vsix');
    if (process.env.SQLPATTERNS_VSIX_DIR === undefined) {
      const targets = ['--targets', CHECKED.join(',')];
      execFileSync(process.execPath, ['scripts/package/vsix.mjs', '--out', dir, ...targets], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('writes one VSIX per target asked for, named by target and version', () => {
    assert.deepEqual(
      fs
        .readdirSync(dir)
        .filter(f => f.endsWith('.vsix'))
        .sort(),
      CHECKED.map(fileOf).sort(),
    );
  });

  for (const [target, want] of Object.entries(TARGETS).filter(([t]) => CHECKED.includes(t))) {
    describe(target, () => {
      const file = fileOf(target);

      it('declares its target platform to VS Code and the marketplace', () => {
        const manifest = open(file).read('extension.vsixmanifest').toString('utf8');
        assert.match(manifest, new RegExp(`<Identity [^>]*TargetPlatform="${target}"`));
      });

      it(`holds exactly @duckdb/node-bindings-${want.binding}, the registry's bytes at the pinned version`, () => {
        const zip = open(file);
        const binding = `@duckdb/node-bindings-${want.binding}`;
        assert.deepEqual(packagedModules(zip), [...RUNTIME, binding].sort());
        const prefix = `extension/node_modules/${binding}/`;
        const packaged = zip.names.filter(n => n.startsWith(prefix));
        const pinned = pinnedBindingFiles(want.binding, scratch);
        // Every file of the tarball but its README (vsix.vscodeignore), and nothing else.
        pinned.delete('README.md');
        assert.deepEqual(
          packaged.map(n => n.slice(prefix.length)).sort(),
          [...pinned.keys()].sort(),
        );
        for (const [name, bytes] of pinned) {
          const entry = zip.entries.get(prefix + name);
          assert.equal(entry?.size, bytes.length, `${name}: size`);
          assert.equal(entry?.crc32, zlib.crc32(bytes), `${name}: content`);
        }
        const { version: packagedVersion } = JSON.parse(
          zip.read(`${prefix}package.json`).toString(),
        );
        assert.equal(packagedVersion, lock.packages[`node_modules/${binding}`].version);
      });

      it(`carries native binaries for ${want.format}${want.libc ? ` (${want.libc})` : ''} only`, () => {
        const zip = open(file);
        const prefix = `extension/node_modules/@duckdb/node-bindings-${want.binding}/`;
        const binaries = zip.names
          .filter(n => n.startsWith(prefix) && !/\/(package\.json|README\.md|LICENSE)$/.test(n))
          .map(n => [n.slice(prefix.length), binaryFormat(zip.read(n, HEAD))] as const);
        assert.ok(
          binaries.some(([n]) => n === 'duckdb.node'),
          'the addon duckdb.node is there',
        );
        for (const [name, format] of binaries) {
          assert.ok(
            runsOn(format, want.format),
            `${name} is ${format ?? 'not a native binary'}, wanted ${want.format}`,
          );
        }
        if (want.libc) {
          const addon = zip.read(`${prefix}duckdb.node`);
          assert.equal(
            addon.includes('libc.musl-x86_64.so.1'),
            want.libc === 'musl',
            'links the right C library',
          );
        }
        // No native binary anywhere else (another platform's, or a stray build output).
        const elsewhere = zip.names.filter(
          n => !n.startsWith(prefix) && /\.(node|so|dylib|dll|exe)$/.test(n),
        );
        assert.deepEqual(elsewhere, []);
      });
    });
  }

  if (CHECKED.includes('universal')) {
    it('universal: is for every platform and carries no DuckDB and no node_modules', () => {
      const zip = open(fileOf('universal'));
      assert.doesNotMatch(zip.read('extension.vsixmanifest').toString(), /TargetPlatform=/);
      assert.deepEqual(packagedModules(zip), []);
      assert.equal(
        JSON.parse(zip.read('extension/package.json').toString()).dependencies,
        undefined,
      );
    });
  }

  for (const target of CHECKED) {
    const file = fileOf(target);

    it(`${target}: carries the entry point, prompt file, sample data, preview page and icon`, () => {
      const zip = open(file);
      for (const name of REQUIRED) {
        assert.ok(zip.entries.has(name), `${name} is in ${file}`);
      }
      // Every file the manifest points VS Code at.
      const manifest = JSON.parse(zip.read('extension/package.json').toString());
      const referenced = [
        manifest.main,
        manifest.icon,
        ...manifest.contributes.chatPromptFiles.map((p: { path: string }) => p.path),
      ];
      for (const ref of referenced) {
        assert.ok(
          zip.entries.has(path.posix.join('extension', ref)),
          `${ref} (package.json) is in ${file}`,
        );
      }
    });

    it(`${target}: carries nothing from test/, src/, scripts/ or the development dependencies`, () => {
      const zip = open(file);
      const dev = Object.keys(repoManifest.devDependencies);
      const modules = packagedModules(zip);
      assert.deepEqual(
        modules.filter(m => dev.includes(m)),
        [],
      );
      assert.deepEqual(
        modules.filter(m => !RUNTIME.includes(m) && !m.startsWith('@duckdb/node-bindings-')),
        [],
      );
      assert.deepEqual(
        zip.names.filter(n =>
          /^extension\/(test|src|scripts|out|docs\/(?!preview-screenshot\.png$))/.test(n),
        ),
        [],
      );
      assert.deepEqual(
        zip.names.filter(n => /\.(ts|map)$/.test(n)),
        [],
        'no sources, typings or source maps',
      );
      const manifest = JSON.parse(zip.read('extension/package.json').toString());
      assert.deepEqual(
        ['scripts', 'devDependencies', 'files'].filter(f => f in manifest),
        [],
        'no development fields in the manifest',
      );
    });
  }
});
