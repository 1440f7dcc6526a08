/**
 * Deduplication's DuckDB preview: its summary on the bundled change feed equals the counts read straight
 * from the CSV, its grids hold the kept rows and the ranked duplicates, and the CLI's `demo` and
 * `preview` reach it by name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { ColumnTypeError } from '../../src/core';
import { PreviewSession, sampleOf } from '../../src/duckdb/preview';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE_FILE = path.join(ROOT, 'data', 'sample-customers.csv');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

/** The summary counted from the CSV's text: rows per customer_id, an empty one being NULL. */
function countsFromCsv(file: string) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const at = (header ?? '').split(',').indexOf('customer_id');
  const perKey = new Map<string, number>();
  let nullKeyRows = 0;
  for (const line of lines) {
    const key = line.split(',')[at] ?? '';
    if (key === '') {
      nullKeyRows++;
    } else {
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
  }
  const sizes = [...perKey.values()];
  return {
    sourceRows: lines.length,
    nullKeyRows,
    keys: perKey.size,
    droppedRows: sizes.reduce((sum, n) => sum + n - 1, 0),
    keysWithDuplicates: sizes.filter(n => n > 1).length,
    mostCopies: Math.max(...sizes),
  };
}

describe('deduplication preview in DuckDB', function () {
  this.timeout(60_000);

  it('summarises the bundled change feed as its rows count, with every error test passing', async () => {
    const sample = sampleOf('deduplication');
    const session = await PreviewSession.open(sample.source);
    try {
      const result = await session.run('deduplication', sample.values, { rowCap: 20 });
      assert.deepEqual(result.summary, countsFromCsv(SAMPLE_FILE));
      assert.deepEqual(
        result.tests.filter(t => !t.passed).map(t => `${t.name}:${t.severity}`),
        ['rows_with_null_key:warn'],
      );
      assert.equal(result.parts.deduplicated?.total, result.summary.keys);
      assert.equal(result.parts.duplicates?.total, result.summary.droppedRows);
      // The duplicates grid: by key, then in the order the rows lost to the kept row.
      const shown = (result.parts.duplicates?.rows ?? []).map(r => [
        Number(r.customer_id),
        Number(r.duplicate_rank),
      ]);
      const sorted = [...shown].sort(
        (a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0),
      );
      assert.deepEqual(shown, sorted);
      assert.ok(shown.every(([, rank]) => (rank ?? 0) >= 2));
      assert.ok(result.display.lines.some(([label]) => label === 'most copies of one key'));
    } finally {
      session.close();
    }
  });

  it('without the tie-break, warns about the customers whose latest changes share a second', async () => {
    const sample = sampleOf('deduplication');
    const session = await PreviewSession.open(sample.source);
    try {
      const { order_tiebreak: _dropped, ...values } = sample.values;
      const result = await session.run('deduplication', values);
      const tied = result.tests.find(t => t.name === 'tied_best_rows');
      assert.equal(tied?.passed, false);
      assert.ok((tied?.violationCount ?? 0) > 0);
      assert.ok(result.tests.filter(t => t.severity === 'error').every(t => t.passed));
    } finally {
      session.close();
    }
  });

  it('refuses data that already has the column the pattern adds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlp-dedup-'));
    const file = path.join(dir, 'ranked.csv');
    fs.writeFileSync(file, 'id,updated_at,duplicate_rank\n1,2024-01-01 10:00:00,1\n');
    const session = await PreviewSession.open({ kind: 'file', path: file });
    try {
      await assert.rejects(
        session.run('deduplication', { key: 'id', order_by: 'updated_at' }),
        (error: unknown) =>
          error instanceof ColumnTypeError && /duplicate_rank/.test(error.message),
      );
    } finally {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is reached by name from the CLI: demo and preview, bad input exits 2 with one line', async () => {
    const demo = await cli('demo', 'deduplication');
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /^ {2}keys \(one row kept each\) +149$/m);
    assert.match(demo.stdout, /^ {2}most copies of one key +6$/m);
    const bad = await cli(
      'preview',
      'deduplication',
      '--data',
      SAMPLE_FILE,
      'key=customer_id',
      'order_by=nope',
    );
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(
      bad.stderr,
      /^sqlpatterns: order_by: column nope is not in the data; its columns are /,
    );
    assert.equal(bad.stderr.trimEnd().split('\n').length, 1);
  });
});
