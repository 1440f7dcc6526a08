/**
 * The rendered duckdb, postgres, mysql and sqlite SQL, run on real DuckDB, PostgreSQL, MariaDB and SQLite
 * with the engines' native column types, keeps and ranks exactly the rows the independent reference
 * implementation does (rows tied without a tie-break: any of them), passes every error test, reports NULL
 * keys and tied best rows as warnings, and each deliberate corruption fails the test that guards it.
 * The servers come from `bash scripts/engines/start.sh`: a missing one fails here, it is never skipped.
 */
import assert from 'node:assert/strict';
import { getDialect, type RenderedPattern } from '../../src/core';
import {
  DEDUPLICATED,
  DEDUP_ENGINES,
  DUPLICATES,
  SOURCE,
  dedupValues,
  failingErrorTests,
  loadRows,
  materialise,
  openDedupEngine,
  readOutputs,
  renderDedup,
  runDataTests,
  type DedupEngine,
  type DedupEngineName,
} from '../support/deduplicationHarness';
import {
  compareWithReference,
  generateDedupRows,
  referenceDeduplication,
  type DedupOptions,
  type DedupRow,
} from '../support/referenceDeduplication';

const TITLE: Record<DedupEngineName, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  mysql: 'MariaDB (mysql dialect)',
  sqlite: 'SQLite',
};

/** Finest timestamp step each engine stores exactly, in microseconds (SQLite text: milliseconds). */
const TICK: Record<DedupEngineName, number> = { duckdb: 1, postgres: 1, mysql: 1, sqlite: 1000 };

interface RandomCase {
  name: string;
  keyParts: 1 | 2;
  orderColumns: 1 | 2;
  keep: DedupOptions['keep'];
  tiebreak: boolean;
  orderValues: number;
}

const RANDOM_CASES: RandomCase[] = [
  {
    name: 'latest, one key column, ties left to the engine',
    keyParts: 1,
    orderColumns: 1,
    keep: 'latest',
    tiebreak: false,
    orderValues: 6,
  },
  {
    name: 'earliest, one key column, ties left to the engine',
    keyParts: 1,
    orderColumns: 1,
    keep: 'earliest',
    tiebreak: false,
    orderValues: 6,
  },
  {
    name: 'latest, composite key and ordering, tie-break',
    keyParts: 2,
    orderColumns: 2,
    keep: 'latest',
    tiebreak: true,
    orderValues: 3,
  },
  {
    name: 'earliest, composite key, tie-break',
    keyParts: 2,
    orderColumns: 1,
    keep: 'earliest',
    tiebreak: true,
    orderValues: 4,
  },
  {
    name: 'latest, two order columns with few values, no tie-break',
    keyParts: 1,
    orderColumns: 2,
    keep: 'latest',
    tiebreak: false,
    orderValues: 2,
  },
];

function valuesOf(c: Pick<RandomCase, 'keyParts' | 'orderColumns' | 'keep' | 'tiebreak'>) {
  return dedupValues(c.keyParts, c.orderColumns, {
    keep: c.keep,
    ...(c.tiebreak ? { order_tiebreak: 'ingested_at' } : {}),
  });
}

/** Materialises the parts and compares them, and the tests' verdicts, with the reference. */
async function assertAgrees(
  engine: DedupEngine,
  rows: readonly DedupRow[],
  c: Pick<RandomCase, 'keyParts' | 'orderColumns' | 'keep' | 'tiebreak'>,
): Promise<{ sql: RenderedPattern; kept: number[] }> {
  await loadRows(engine, rows);
  const sql = renderDedup(engine.name, valuesOf(c));
  await materialise(engine, sql);
  const { kept, duplicates } = await readOutputs(engine);
  const expected = referenceDeduplication(rows, c);
  assert.deepEqual(
    compareWithReference(expected, kept, duplicates),
    [],
    'parts differ from the reference',
  );
  const testRows = await runDataTests(engine, sql);
  assert.deepEqual(failingErrorTests(sql, testRows), [], 'error tests on correct output');
  assert.equal(testRows.rows_with_null_key?.length, expected.nullKeyRows, 'rows_with_null_key');
  assert.equal(testRows.tied_best_rows?.length, expected.tiedKeys, 'tied_best_rows');
  return { sql, kept };
}

const HOUR = 3600e6;
const T0 = Date.UTC(2024, 2, 10, 8) * 1000;

/** Hand-picked keys: [title, rows as [order values, tie-break], ids kept by latest and by earliest]. */
function edgeRows(tick: number): {
  rows: DedupRow[];
  cases: [string, number, number[], number[]][];
} {
  const rows: DedupRow[] = [];
  const cases: [string, number, number[], number[]][] = [];
  const add = (
    title: string,
    key: number | null,
    list: [number | null, number | null, number | null][],
    latest: number[],
    earliest: number[],
  ) => {
    const first = rows.length + 1;
    for (const [ts, version, tiebreak] of list) {
      rows.push({
        rowId: rows.length + 1,
        key: [key],
        order: [ts, version],
        tiebreak,
        payload: `r${rows.length + 1}`,
      });
    }
    // Kept ids are given as offsets within the key's rows.
    cases.push([title, key ?? -1, latest.map(i => first + i), earliest.map(i => first + i)]);
  };
  add(
    'the greatest timestamp wins, the smallest with keep=earliest',
    1,
    [
      [T0, 0, 1],
      [T0 + 2 * HOUR, 0, 2],
      [T0 + HOUR, 0, 3],
    ],
    [1],
    [0],
  );
  add(
    `a timestamp ${tick === 1 ? '1 µs' : '1 ms'} later wins`,
    2,
    [
      [T0 + tick, 0, 1],
      [T0, 0, 2],
    ],
    [0],
    [1],
  );
  add(
    'a NULL order value never beats a value, in either direction',
    3,
    [
      [null, 0, 1],
      [T0, 0, 2],
      [null, 0, 3],
    ],
    [1],
    [1],
  );
  add(
    'the second order column decides a tie on the first',
    4,
    [
      [T0, 1, 5],
      [T0, 2, 4],
      [T0 - HOUR, 9, 3],
    ],
    [1],
    [2],
  );
  add(
    'a NULL second order value loses the tie on the first',
    5,
    [
      [T0, null, 2],
      [T0, 3, 1],
    ],
    [1],
    [1],
  );
  add(
    'the tie-break decides rows tied on every order column',
    6,
    [
      [T0, 0, 7],
      [T0, 0, 8],
    ],
    [1],
    [0],
  );
  add(
    'a NULL tie-break loses to a value',
    7,
    [
      [T0, 0, null],
      [T0, 0, 3],
    ],
    [1],
    [1],
  );
  add('a one-row key keeps its row', 8, [[T0, 0, 1]], [0], [0]);
  add('a one-row key with a NULL order value keeps its row', 9, [[null, null, null]], [0], [0]);
  add(
    'rows tied on everything: either is kept',
    10,
    [
      [T0, 0, 5],
      [T0, 0, 5],
    ],
    [0, 1],
    [0, 1],
  );
  add(
    'a NULL key is left out',
    null,
    [
      [T0, 0, 1],
      [T0 + HOUR, 0, 2],
    ],
    [],
    [],
  );
  return { rows, cases };
}

for (const name of DEDUP_ENGINES) {
  describe(`deduplication on ${TITLE[name]} agrees with the reference implementation`, function () {
    this.timeout(120_000);
    let engine: DedupEngine;

    before(async () => {
      engine = await openDedupEngine(name);
    });
    after(async () => {
      await engine?.close();
    });

    for (const c of RANDOM_CASES) {
      for (const seed of [1, 2]) {
        it(`${c.name} (seed ${seed})`, async () => {
          const rows = generateDedupRows(seed * 7919 + c.keyParts * 31 + c.orderValues, {
            keys: 400,
            maxRowsPerKey: 6,
            keyParts: c.keyParts,
            orderColumns: c.orderColumns,
            orderValues: c.orderValues,
            orderStep: TICK[name],
            nulls: true,
          });
          const expected = referenceDeduplication(rows, c);
          assert.ok(expected.nullKeyRows > 0, 'the generated rows have NULL keys');
          assert.ok([...expected.sizes.values()].includes(1), 'and one-row keys');
          if (!c.tiebreak) {
            assert.ok(expected.tiedKeys > 0, 'and keys whose best rows tie');
          }
          await assertAgrees(engine, rows, c);
        });
      }
    }

    describe('edge cases', () => {
      const { rows, cases } = edgeRows(TICK[name]);
      for (const keep of ['latest', 'earliest'] as const) {
        describe(`keep=${keep}, order_by=updated_at,version, order_tiebreak=ingested_at`, () => {
          let kept: number[];
          let testRows: Record<string, Record<string, unknown>[]>;
          before(async () => {
            const c = { keyParts: 1, orderColumns: 2, keep, tiebreak: true } as const;
            const run = await assertAgrees(engine, rows, c);
            kept = run.kept;
            testRows = await runDataTests(engine, run.sql);
          });
          for (const [title, key, latest, earliest] of cases) {
            it(title, () => {
              const want = keep === 'latest' ? latest : earliest;
              const keptOfKey = kept.filter(
                id => rows[id - 1]?.key[0] === (key === -1 ? null : key),
              );
              if (want.length === 0) {
                assert.deepEqual(keptOfKey, []);
              } else {
                assert.equal(keptOfKey.length, 1);
                assert.ok(
                  want.includes(keptOfKey[0] as number),
                  `kept ${keptOfKey[0]}, expected one of ${want.join(', ')}`,
                );
              }
            });
          }
          it('reports the NULL-key rows and the one tied key as warnings', () => {
            assert.equal(testRows.rows_with_null_key?.length, 2);
            assert.equal(testRows.tied_best_rows?.length, 1);
          });
        });
      }

      it('without a tie-break, reports every key whose best rows tie', async () => {
        const run = await assertAgrees(engine, rows, {
          keyParts: 1,
          orderColumns: 2,
          keep: 'latest',
          tiebreak: false,
        });
        const tied = (await runDataTests(engine, run.sql)).tied_best_rows?.map(r =>
          Number(r.customer_id),
        );
        assert.deepEqual(
          tied?.sort((a, b) => a - b),
          [6, 7, 10],
        );
      });

      it("groups keys as the engine compares text ('a', 'a ' and 'A' are one key on MariaDB)", async () => {
        const text = name === 'sqlite' ? 'TEXT' : 'VARCHAR(10)';
        await engine.loadTable(
          SOURCE,
          [
            { name: 'row_id', type: 'BIGINT' },
            { name: 'customer_id', type: text },
            { name: 'version', type: 'BIGINT' },
          ],
          [
            [1, 'a', 1],
            [2, 'a ', 2],
            [3, 'A', 3],
            [4, 'b', 1],
          ],
        );
        const sql = renderDedup(name, { key: 'customer_id', order_by: 'version' });
        await materialise(engine, sql);
        const [groups] = await engine.query(
          `SELECT COUNT(*) AS n FROM (SELECT customer_id FROM ${SOURCE} GROUP BY customer_id) AS k`,
        );
        const kept = await engine.query(`SELECT row_id FROM ${DEDUPLICATED} ORDER BY row_id`);
        assert.equal(kept.length, Number(groups?.n));
        if (name === 'mysql') {
          assert.deepEqual(
            kept.map(r => Number(r.row_id)),
            [3, 4],
          );
        }
        assert.deepEqual(failingErrorTests(sql, await runDataTests(engine, sql)), []);
      });

      it('leaves out a composite key with one NULL part', async () => {
        const composite: DedupRow[] = [
          { rowId: 1, key: [1, null], order: [T0], tiebreak: 1, payload: 'a' },
          { rowId: 2, key: [1, 2], order: [T0], tiebreak: 1, payload: 'b' },
          { rowId: 3, key: [1, 3], order: [T0], tiebreak: 1, payload: 'c' },
        ];
        const run = await assertAgrees(engine, composite, {
          keyParts: 2,
          orderColumns: 1,
          keep: 'latest',
          tiebreak: false,
        });
        assert.deepEqual(run.kept.sort(), [2, 3]);
      });
    });

    describe('data tests catch deliberate corruptions', () => {
      const rows = generateDedupRows(42, {
        keys: 200,
        maxRowsPerKey: 5,
        keyParts: 1,
        orderColumns: 1,
        orderValues: 50,
        orderStep: TICK[name],
        nulls: false,
      });
      const options = { keep: 'latest', tiebreak: true } as const;
      const expected = referenceDeduplication(rows, options);
      // A key whose rows all rank apart, with its best and second-best row.
      const ranked = [...expected.sizes].find(
        ([key, size]) =>
          size >= 3 &&
          [...expected.ranks.values()].filter(r => r.key === key && r.first === r.last).length ===
            size,
      )?.[0];
      const rowOf = (rank: number) =>
        [...expected.ranks].find(([, r]) => r.key === ranked && r.first === rank)?.[0] as number;
      // The deduplicated part of the numbered-subquery dialects keeps duplicate_rank.
      const keptExtra =
        getDialect(name).supports.qualify || getDialect(name).supports.distinctOn ? '' : ', 1';
      let sql: RenderedPattern;

      before(async () => {
        assert.ok(ranked, 'the generated rows have a key whose rows all rank apart');
        await loadRows(engine, rows);
        sql = renderDedup(name, dedupValues(1, 1, { order_tiebreak: 'ingested_at' }));
      });

      beforeEach(async () => {
        await materialise(engine, sql);
      });

      async function failingAfter(...corruption: string[]): Promise<string[]> {
        for (const statement of corruption) {
          await engine.exec(statement);
        }
        const testRows = await runDataTests(engine, sql);
        return Object.entries(testRows)
          .filter(([, r]) => r.length > 0)
          .map(([test]) => test);
      }

      it('return no rows on correct output (every test ran)', async () => {
        assert.deepEqual(await failingAfter(), []);
        assert.equal(sql.tests.length, 6);
      });

      const cases: [string, string, () => string[]][] = [
        [
          'a key kept twice',
          'key_unique_in_deduplicated',
          () => [
            `INSERT INTO ${DEDUPLICATED} SELECT * FROM ${DEDUPLICATED} WHERE row_id = ${rowOf(1)}`,
          ],
        ],
        [
          'a key never kept',
          'every_key_kept_once',
          () => [`DELETE FROM ${DEDUPLICATED} WHERE row_id = ${rowOf(1)}`],
        ],
        [
          'the second-best row kept instead of the best',
          'no_row_beats_kept_row',
          () => [
            `DELETE FROM ${DEDUPLICATED} WHERE row_id = ${rowOf(1)}`,
            `INSERT INTO ${DEDUPLICATED} SELECT src.*${keptExtra} FROM ${SOURCE} AS src WHERE row_id = ${rowOf(2)}`,
          ],
        ],
        [
          'a duplicate lost',
          'outputs_match_source',
          () => [`DELETE FROM ${DUPLICATES} WHERE row_id = ${rowOf(2)}`],
        ],
        [
          'the kept row also listed as a duplicate',
          'outputs_match_source',
          () => [
            `INSERT INTO ${DUPLICATES} SELECT src.*, 4 FROM ${SOURCE} AS src WHERE row_id = ${rowOf(1)}`,
          ],
        ],
      ];
      for (const [what, guard, corruption] of cases) {
        it(`catch ${what} (${guard})`, async () => {
          const failing = await failingAfter(...corruption());
          assert.ok(
            failing.includes(guard),
            `${guard} should fail; failing: ${failing.join(', ') || 'none'}`,
          );
        });
      }

      const wholeRows = getDialect(name).comparableRow !== undefined;
      it(`${wholeRows ? 'catch' : 'cannot see'} a changed column no rule reads (outputs_match_source compares whole rows only where the dialect can)`, async () => {
        const failing = await failingAfter(
          `UPDATE ${DUPLICATES} SET payload = 'changed' WHERE row_id = ${rowOf(2)}`,
        );
        assert.deepEqual(failing, wholeRows ? ['outputs_match_source'] : []);
      });

      it('report NULL keys and tied best rows as warnings, not errors', async () => {
        const best = rows.find(r => r.rowId === rowOf(1)) as DedupRow;
        await engine.exec(
          `INSERT INTO ${SOURCE} (row_id, customer_id, updated_at, ingested_at, payload)
           SELECT 999999, NULL, updated_at, 1, 'x' FROM ${SOURCE} WHERE row_id = ${best.rowId}
           UNION ALL
           SELECT 1000000, customer_id, updated_at, ingested_at, 'tie' FROM ${SOURCE} WHERE row_id = ${best.rowId}`,
        );
        try {
          await materialise(engine, sql);
          const testRows = await runDataTests(engine, sql);
          assert.equal(testRows.rows_with_null_key?.length, 1);
          assert.equal(testRows.tied_best_rows?.length, 1);
          assert.deepEqual(failingErrorTests(sql, testRows), []);
          assert.deepEqual(
            sql.tests.filter(t => t.severity === 'warn').map(t => t.name),
            ['rows_with_null_key', 'tied_best_rows'],
          );
        } finally {
          await engine.exec(`DELETE FROM ${SOURCE} WHERE row_id IN (999999, 1000000)`);
        }
      });
    });
  });
}
