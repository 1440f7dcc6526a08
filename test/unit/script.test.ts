/**
 * `render --format script` (shared README §3): the script runs top to bottom on real DuckDB, PostgreSQL,
 * MariaDB and SQLite, its last query returns no rows on correct data and names each failing error test after
 * a deliberate corruption (with the count the test itself returns); in the six dialects that cannot run here,
 * every statement parses (node-sql-parser), or fails exactly as a recorded parser gap says.
 */
import assert from 'node:assert/strict';
import {
  renderPattern,
  renderScript,
  splitWith,
  supportedDialects,
  type PatternScript,
  type RenderRequest,
} from '../../src/core';
import { Database } from '../../src/duckdb/database';
import { loadEvents as loadDuckEvents } from '../support/duckdbHarness';
import { loadEvents as loadEngineEvents, DIALECT_OF } from '../support/engineSessionization';
import { ENGINE_NAMES, openEngine } from '../support/engines';
import { generateEvents, type ReferenceEvent } from '../support/reference';
import { PARSER_DATABASE, parse, type ParsedDialect } from '../support/sqlParser';
import {
  DEDUP_ENGINES,
  SOURCE,
  dedupValues,
  loadRows,
  openDedupEngine,
  readOutputs,
} from '../support/deduplicationHarness';
import {
  compareWithReference,
  generateDedupRows,
  referenceDeduplication,
} from '../support/referenceDeduplication';

interface Case {
  readonly name: string;
  readonly values: Record<string, string>;
  readonly events: ReferenceEvent[];
  readonly storage: 'timestamp' | 'epoch_s';
}

const CASES: Case[] = [
  {
    name: 'timestamps with a tie-break',
    values: {
      events_table: 'events',
      user_key: 'user_id',
      event_ts: 'event_time',
      order_tiebreak: 'tiebreak',
    },
    // Whole milliseconds: SQLite keeps times as text with milliseconds.
    events: generateEvents(17, {
      users: 40,
      maxEventsPerUser: 12,
      timeoutSeconds: 1800,
      nulls: true,
      granularityMicros: 1000,
    }),
    storage: 'timestamp',
  },
  {
    name: 'composite key, epoch seconds, a maximum length and bot flags',
    values: {
      events_table: 'events',
      user_key: 'user_id, device_id',
      event_ts: 'event_time',
      event_ts_unit: 'epoch_s',
      session_timeout_minutes: '10',
      max_session_minutes: '45',
      bot_max_events: '8',
    },
    events: generateEvents(23, {
      users: 40,
      maxEventsPerUser: 15,
      timeoutSeconds: 600,
      keyParts: 2,
      granularityMicros: 1e6,
    }),
    storage: 'epoch_s',
  },
];

/** What a runnable engine needs for the script: run statements, run one query. */
interface Runner {
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/** The failing tests as `name → rows` from the script's last query. */
function failing(rows: Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(rows.map(r => [String(r.test_name), Number(r.failing_rows)]));
}

/**
 * Runs the printed script on `runner`: all of its text up to the last query at once, then that query.
 * Checks what a user would: no failing test, every event labelled; after a corruption, the last query
 * names exactly the error tests that then return rows, with their counts; a second run stops at once.
 */
async function exerciseScript(runner: Runner, request: RenderRequest, c: Case): Promise<void> {
  const script: PatternScript = renderScript(request);
  const last = script.statements.at(-1)?.sql ?? '';
  const head = script.script.slice(0, script.script.lastIndexOf(last));
  assert.ok(head.includes('CREATE TABLE') || head.includes('INTO'), 'the script creates tables');
  await runner.exec(head);
  assert.deepEqual(await runner.query(last), [], 'no error test fails on correct data');
  const [labelled] = await runner.query(`SELECT COUNT(*) AS n FROM events_sessionized`);
  const usable = c.events.filter(e => e.tsMicros !== null && e.key.every(k => k !== null));
  assert.equal(Number(labelled?.n), usable.length, 'every usable event is labelled');

  // A lost event: the labelled table misses one row the source has.
  const victim = usable[Math.floor(usable.length / 2)]?.rowId;
  await runner.exec(`DELETE FROM events_sessionized WHERE row_id = ${victim}`);
  const named = failing(await runner.query(last));
  assert.ok((named.no_events_lost ?? 0) > 0, `no_events_lost is named: ${JSON.stringify(named)}`);
  const expected: Record<string, number> = {};
  for (const test of renderPattern(request).tests.filter(t => t.severity === 'error')) {
    const rows = (await runner.query(test.sql)).length;
    if (rows > 0) {
      expected[test.name] = rows;
    }
  }
  assert.deepEqual(named, expected, 'the last query agrees with each test run alone');

  await assert.rejects(
    runner.exec(script.statements[0]?.sql ?? ''),
    'a second run fails on the existing table instead of replacing it',
  );
}

describe('render --format script runs top to bottom', () => {
  for (const c of CASES) {
    it(`on DuckDB: ${c.name}`, async () => {
      const db = await Database.open({ threads: 1 });
      try {
        await loadDuckEvents(db, c.events, c.storage);
        await exerciseScript(
          { exec: sql => db.run(sql), query: sql => db.query(sql) },
          { pattern: 'sessionization', dialect: 'duckdb', values: c.values },
          c,
        );
      } finally {
        db.close();
      }
    });
    for (const name of ENGINE_NAMES) {
      it(`on ${name === 'mysql' ? 'MariaDB' : name}: ${c.name}`, async () => {
        const engine = await openEngine(name);
        try {
          await loadEngineEvents(engine, c.events, c.storage);
          await exerciseScript(
            engine,
            { pattern: 'sessionization', dialect: DIALECT_OF[name], values: c.values },
            c,
          );
        } finally {
          await engine.close();
        }
      });
    }
  }
});

/**
 * Statements the warehouse accepts but the parser's grammar does not. Each gap says why, shows the
 * grammar refusing the bare form too (so the gap is the parser's, not ours), and gives the SQL that must
 * parse instead: the statement with only the unsupported form taken out.
 */
interface StatementGap {
  readonly dialects: readonly ParsedDialect[];
  readonly statement: RegExp;
  readonly why: string;
  /** The smallest statement of the same form: the parser must refuse it too. */
  readonly bare: string;
  /** The statement without the form; it must parse. */
  readonly without: (sql: string, script: PatternScript) => string;
}

const STATEMENT_GAPS: StatementGap[] = [
  {
    dialects: ['spark', 'trino', 'redshift'],
    statement: /^create /,
    why: 'the Hive, Trino and Redshift grammars have no CREATE TABLE … AS query, which the engines document',
    bare: 'CREATE TABLE app.t AS SELECT 1 AS c',
    without: sql => sql.replace(/^((?:--[^\n]*\n)*)CREATE (?:TEMPORARY )?TABLE [^\n]* AS\n/, '$1'),
  },
  {
    dialects: ['spark'],
    statement: /^create ranking$/,
    why: 'the Hive grammar has no NULLS LAST in a window ORDER BY, which Spark documents',
    bare: 'SELECT ROW_NUMBER() OVER (ORDER BY a DESC NULLS LAST) AS r FROM t',
    without: sql => sql.replaceAll(' NULLS LAST', ''),
  },
  {
    dialects: ['tsql'],
    statement: /^create (events|sessions|deduplicated|duplicates)$/,
    why: 'the T-SQL grammar takes a one-part name after INTO; SQL Server takes schema.table',
    bare: 'SELECT * INTO app.t FROM x',
    without: (sql, script) =>
      script.tables.reduce((s, t) => s.replace(`INTO ${t.table}\n`, 'INTO part_table\n'), sql),
  },
  {
    dialects: ['tsql'],
    statement: /^count /,
    why: 'the T-SQL grammar has no WITH … INSERT and no COUNT_BIG, both in SQL Server',
    bare: "WITH x AS (SELECT 1 AS c) INSERT INTO f (a, b) SELECT 'x', COUNT_BIG(*) FROM x",
    without: sql =>
      sql
        .replace(/\nINSERT INTO #failing_tests \(test_name, failing_rows\)\n/, '\n')
        .replace('COUNT_BIG(*)', 'COUNT(*)'),
  },
];

/** Each case in a schema, as the warehouses run them; deduplication's script stores a ranking first. */
const PARSED_CASES = [
  ...CASES.map(c => ({
    pattern: 'sessionization',
    name: c.name,
    values: { ...c.values, events_table: 'analytics.events' },
  })),
  {
    pattern: 'deduplication',
    name: 'deduplication, ranked once',
    values: { source_table: 'crm.customers', key: 'customer_id', order_by: 'updated_at' },
  },
];

describe('render --format script parses in each dialect that cannot run here', () => {
  for (const dialect of Object.keys(PARSER_DATABASE) as ParsedDialect[]) {
    for (const c of PARSED_CASES) {
      it(`${dialect}: ${c.name}`, () => {
        const script = renderScript({ pattern: c.pattern, dialect, values: c.values });
        const problems: string[] = [];
        for (const statement of script.statements) {
          const gaps = STATEMENT_GAPS.filter(
            g => g.dialects.includes(dialect) && g.statement.test(statement.name),
          );
          if (gaps.length === 0) {
            try {
              parse(dialect, statement.sql);
            } catch (error) {
              problems.push(`${statement.name}: ${String((error as Error).message).slice(0, 200)}`);
            }
            continue;
          }
          let without = statement.sql;
          for (const gap of gaps) {
            assert.throws(() => parse(dialect, gap.bare), `${gap.why}: the bare form is refused`);
            assert.throws(
              () => parse(dialect, statement.sql),
              `${statement.name} parsed: the gap (${gap.why}) has closed; remove it`,
            );
            const next = gap.without(without, script);
            assert.notEqual(next, without, `${statement.name} has the form of: ${gap.why}`);
            without = next;
          }
          try {
            parse(dialect, without);
          } catch (error) {
            problems.push(`${statement.name} without the gap's form: ${(error as Error).message}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  }
});

describe('splitWith', () => {
  it('splits a leading WITH list from the main statement', () => {
    const sql =
      "-- a comment (with SELECT)\nWITH a AS (SELECT 1), b AS (SELECT ')' FROM a)\nSELECT * FROM b";
    assert.deepEqual(splitWith(sql), {
      with: "-- a comment (with SELECT)\nWITH a AS (SELECT 1), b AS (SELECT ')' FROM a)",
      main: 'SELECT * FROM b',
    });
  });

  it('skips quoted names and comments that look like SQL', () => {
    const sql = 'WITH "select" AS (SELECT 1 AS [x)]) /* SELECT */ SELECT * FROM "select"';
    assert.equal(splitWith(sql)?.main, 'SELECT * FROM "select"');
  });

  it('leaves a query without WITH alone', () => {
    assert.equal(splitWith('SELECT 1 -- WITH'), undefined);
  });
});

/**
 * Deduplication's script ranks once (shared README §7) and both tables read that ranking: with rows
 * tied on every ordering value and no tie-break, each usable source row is in exactly one table, which
 * two separate rankings do not promise: on these rows DuckDB's standalone parts (two parallel rankings)
 * put 236 tied rows in both tables or in neither.
 */
describe('deduplication --format script ranks once and derives both tables from it', () => {
  const rows = generateDedupRows(4242, {
    keys: 300,
    maxRowsPerKey: 8,
    keyParts: 1,
    orderColumns: 1,
    // Two order values over many rows per key: most keys' best rows tie exactly.
    orderValues: 2,
    orderStep: 1000,
    nulls: true,
  });
  const options = { keep: 'latest', tiebreak: false } as const;
  const expected = referenceDeduplication(rows, options);
  const values = dedupValues(1, 1);

  for (const name of DEDUP_ENGINES) {
    it(`on ${name === 'mysql' ? 'MariaDB' : name}: the script's tables agree with the reference, each row in one table`, async () => {
      assert.ok(expected.tiedKeys > 50, 'many keys whose best rows tie');
      const engine = await openDedupEngine(name);
      try {
        await loadRows(engine, rows);
        const script = renderScript({
          pattern: 'deduplication',
          dialect: name,
          values: { source_table: SOURCE, ...values },
        });
        const last = script.statements.at(-1)?.sql ?? '';
        await engine.exec(script.script.slice(0, script.script.lastIndexOf(last)));
        assert.deepEqual(await engine.query(last), [], 'no error test fails on correct data');
        const { kept, duplicates } = await readOutputs(engine);
        assert.deepEqual(compareWithReference(expected, kept, duplicates), []);
        const placed = [...kept, ...duplicates.map(d => d.rowId)].sort((a, b) => a - b);
        assert.deepEqual(
          placed,
          [...expected.ranks.keys()].sort((a, b) => a - b),
        );
      } finally {
        await engine.close();
      }
    });
  }

  it('ranks once in every dialect: one ROW_NUMBER before the tests, in the stored ranking', () => {
    for (const dialect of supportedDialects) {
      const script = renderScript({
        pattern: 'deduplication',
        dialect,
        values: { source_table: 'crm.customers', ...values },
      });
      const parts = script.statements.filter(
        s => !/tests?$/.test(s.name) && !s.name.startsWith('count '),
      );
      const windows = parts.map(s => `${s.name}: ${s.sql.match(/ROW_NUMBER\(\)/g)?.length ?? 0}`);
      assert.deepEqual(
        windows.filter(w => !w.endsWith(': 0')),
        ['create ranking: 1'],
        `${dialect}: ${windows.join(', ')}`,
      );
    }
  });
});
