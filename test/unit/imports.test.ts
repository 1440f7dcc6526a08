/**
 * Which way imports run between the layers of src/: the core depends on nothing of ours, the engine
 * (src/duckdb) never reaches into the report, nothing reaches into the VS Code adapter, and no
 * module imports itself through others. Type-only and dynamic imports count: each is a dependency
 * a reader has to follow.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', '..', 'src');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The module file a relative specifier names, as TypeScript resolves it here. */
function resolve(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const found = [`${base}.ts`, path.join(base, 'index.ts')].find(f => fs.existsSync(f));
  assert.ok(found, `${rel(from)} imports ${specifier}, which names no file`);
  return found;
}

const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** Every module under src/ and the modules of ours it imports, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const ours = importedFiles.map(i => i.fileName).filter(name => name.startsWith('.'));
    graph.set(
      rel(file),
      ours.map(name => rel(resolve(file, name))),
    );
  }
  return graph;
}

const layer = (module: string) => module.split('/')[0];

/** Imports from a module of one layer into another that the rule forbids. */
function crossings(graph: Map<string, string[]>, from: (m: string) => boolean, to: string[]) {
  return [...graph].flatMap(([module, imports]) =>
    from(module) ? imports.filter(i => to.includes(layer(i))).map(i => `${module} -> ${i}`) : [],
  );
}

/** Every import cycle, each as the chain of modules that closes it. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (module: string) => {
    const at = stack.indexOf(module);
    if (at >= 0) {
      found.push([...stack.slice(at), module].join(' -> '));
      return;
    }
    if (done.has(module)) {
      return;
    }
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      visit(next);
    }
    stack.pop();
    done.add(module);
  };
  [...graph.keys()].sort().forEach(visit);
  return found;
}

describe('import rules between src/ layers', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    for (const folder of ['core', 'duckdb', 'report', 'vscode', 'cli']) {
      assert.ok(
        [...graph.keys()].some(m => layer(m) === folder),
        `no module under src/${folder}`,
      );
    }
  });

  it('keeps the core free of every other layer', () => {
    assert.deepEqual(
      crossings(graph, m => layer(m) === 'core', ['duckdb', 'report', 'vscode', 'cli']),
      [],
    );
  });

  it('keeps the VS Code adapter a leaf: nothing outside src/vscode imports it', () => {
    assert.deepEqual(
      crossings(graph, m => layer(m) !== 'vscode', ['vscode']),
      [],
    );
  });

  it('keeps the engine (src/duckdb) out of the report and the surfaces', () => {
    assert.deepEqual(
      crossings(graph, m => layer(m) === 'duckdb', ['report', 'vscode', 'cli']),
      [],
    );
  });

  it('has no import cycle', () => {
    assert.deepEqual(cycles(graph), []);
  });
});
