/**
 * The dialects that cannot run here (Snowflake, BigQuery, Spark/Databricks, Trino/Athena, Redshift,
 * SQL Server) are parsed by node-sql-parser, whose grammar for each database is its own PEG file: every
 * part (events, sessions, every data test) of several option sets must parse. Where the parser rejects SQL
 * that is valid for the warehouse, the gap is listed below with its evidence and asserted exactly, so this
 * file fails when the gap closes or changes. A parser accepts any function name: functions and their
 * exactness are checked by reading the vendors' documentation (docs/dialects.md), not here.
 */
import assert from 'node:assert/strict';
import { renderPattern, type RenderedPattern } from '../../src/core';
import { PARSER_DATABASE, parse, type ParsedDialect } from '../support/sqlParser';

/** Sessionization option sets that together exercise every input and every quoting rule. */
const SESSIONIZATION_SETS: Record<string, Record<string, string>> = {
  basic: { events_table: 'analytics.events', user_key: 'user_id', event_ts: 'event_time' },
  'composite key, epoch milliseconds, tie-break': {
    events_table: 'analytics.events',
    user_key: 'user_id, device_id',
    event_ts: 'event_ms',
    event_ts_unit: 'epoch_ms',
    order_tiebreak: 'event_id',
    session_timeout_minutes: '15',
  },
  'max_session_minutes and bot flags on epoch seconds': {
    events_table: 'events',
    user_key: 'visitor',
    event_ts: 'epoch',
    event_ts_unit: 'epoch_s',
    max_session_minutes: '240',
    bot_max_events: '500',
    bot_max_minutes: '720',
    sessionized_table: 'staging.events_labelled',
    sessions_table: 'marts.sessions',
  },
  'reserved words as columns, 2-part names': {
    events_table: 'analytics.events',
    user_key: 'user, "Device Id"',
    event_ts: 'timestamp',
    order_tiebreak: 'order',
    max_session_minutes: '60',
    bot_max_minutes: '120',
  },
  'reserved words as columns, 3-part names': {
    events_table: 'prod.analytics.events',
    user_key: 'user, "Device Id"',
    event_ts: 'timestamp',
    order_tiebreak: 'order',
    max_session_minutes: '60',
    bot_max_minutes: '120',
    sessionized_table: 'prod.analytics.events_labelled',
    sessions_table: 'prod.scratch.sessions',
  },
  'quoted names with spaces, half-minute timeout': {
    events_table: '"Raw Data"."Events"',
    user_key: '"User ID", order',
    event_ts: 'timestamp',
    session_timeout_minutes: '0.5',
  },
};

/** Deduplication option sets: both directions, composite keys and orderings, reserved and quoted names. */
const DEDUPLICATION_SETS: Record<string, Record<string, string>> = {
  basic: { source_table: 'raw.customers', key: 'customer_id', order_by: 'updated_at' },
  'earliest, composite key and ordering, tie-break': {
    source_table: 'raw.customers',
    key: 'customer_id, region',
    order_by: 'updated_at, version',
    keep: 'earliest',
    order_tiebreak: 'load_id',
  },
  'reserved words as columns, 3-part names': {
    source_table: 'prod.analytics.customers',
    key: 'user, "Account Id"',
    order_by: 'timestamp',
    order_tiebreak: 'order',
    deduplicated_table: 'prod.analytics.customers_latest',
    duplicates_table: 'prod.scratch.customer_duplicates',
  },
  'quoted names with spaces': {
    source_table: '"Raw Data"."Customers"',
    key: '"Customer ID"',
    order_by: '"Updated At", order',
  },
};

/** Funnel option sets: every literal escaping, epochs, ten steps, reserved words. */
const FUNNEL_SETS: Record<string, Record<string, string>> = {
  basic: {
    events_table: 'analytics.events',
    user_key: 'user_id',
    event_ts: 'event_time',
    event_name: 'event_name',
    steps: 'view,add_to_cart,purchase',
  },
  'quoted step names, composite key, epoch milliseconds': {
    events_table: 'analytics.events',
    user_key: 'user_id, device_id',
    event_ts: 'event_ms',
    event_ts_unit: 'epoch_ms',
    event_name: 'action',
    steps: "'add to cart','it''s (web)','pay\\card',purchase",
    window_minutes: '30',
  },
  // Ten steps too.
  'reserved words as columns, 3-part names': {
    events_table: 'prod.analytics.events',
    user_key: 'user, "Device Id"',
    event_ts: 'timestamp',
    event_name: 'order',
    steps: 's1,s2,s3,s4,s5,s6,s7,s8,s9,s10',
    user_steps_table: 'prod.analytics.steps',
    funnel_table: 'prod.scratch.funnel',
  },
  'two steps, epoch seconds, half-minute window': {
    events_table: 'analytics.events',
    user_key: 'user_id',
    event_ts: 'event_time',
    event_ts_unit: 'epoch_s',
    event_name: 'event_name',
    steps: 'a,b',
    window_minutes: '0.5',
  },
};

const OPTION_SETS: Record<string, Record<string, Record<string, string>>> = {
  sessionization: SESSIONIZATION_SETS,
  deduplication: DEDUPLICATION_SETS,
  funnel: FUNNEL_SETS,
};

/** The fewest parts an option set renders to: two queries and every data test that always applies. */
const MIN_PARTS: Record<string, number> = { sessionization: 10, deduplication: 8, funnel: 10 };

/**
 * SQL the warehouse accepts but the parser does not. Each gap names its evidence and says exactly how the
 * parser fails; every part of the option set must fail that way (and nothing else may fail).
 */
interface KnownGap {
  dialect: ParsedDialect;
  /** The pattern and option set the gap shows in, or '*' for every one. */
  pattern: string;
  optionSet: string;
  /** Only the parts it names fail (e.g. 'test future_dated_events'); every part when absent. */
  applies?(part: string, sql: string): boolean;
  /** Which parts fail, for the test's title. */
  fails: string;
  why: string;
  /** Asserts the parser's error is exactly the known one. */
  check(error: ParseError, sql: string): void;
}

interface ParseError {
  message: string;
  found?: string | null;
  location?: { start: { line: number; column: number; offset: number } };
}

const KNOWN_GAPS: KnownGap[] = [
  {
    dialect: 'spark',
    pattern: '*',
    optionSet: 'reserved words as columns, 3-part names',
    fails: 'every part',
    why:
      "node-sql-parser's Hive grammar stops at database.table; Spark 3 catalogs and Databricks Unity " +
      'Catalog name tables catalog.schema.table (SELECT * FROM <catalog>.<schema>.<table>)',
    check(error, sql) {
      assert.equal(error.found, '.', 'the parser stops at a dot');
      const start = error.location?.start;
      assert.ok(start, 'the error has a location');
      const line = sql.split('\n')[start.line - 1] ?? '';
      const threePart = /\bprod\.(analytics|scratch)\.\w+/.exec(line);
      assert.ok(threePart, `the error is on a 3-part name, not on: ${line}`);
      // 1-based column of the second dot: catalog.schema^.table
      const secondDot = threePart.index + threePart[0].lastIndexOf('.') + 1;
      assert.equal(start.column, secondDot, `the error is at the second dot of ${threePart[0]}`);
      assert.match(error.message, / but "\." found\.$/);
    },
  },
  {
    dialect: 'redshift',
    pattern: 'sessionization',
    optionSet: '*',
    applies: part => part === 'test future_dated_events',
    fails: 'test future_dated_events',
    why:
      "node-sql-parser's Redshift grammar has no TIMESTAMPTZ type, which Redshift documents " +
      '(docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html); "now" casts GETDATE() to it',
    check(error, sql) {
      const start = error.location?.start;
      assert.ok(start, 'the error has a location');
      const line = sql.split('\n')[start.line - 1] ?? '';
      assert.equal(
        line.slice(0, start.column - 1).match(/\w+$/)?.[0],
        'TIMESTAMPTZ',
        `the error is right after TIMESTAMPTZ, not on: ${line}`,
      );
    },
  },
  {
    dialect: 'spark',
    pattern: 'deduplication',
    optionSet: '*',
    applies: (_part, sql) => /OVER \([^)]*NULLS LAST/.test(sql.replace(/\s+/g, ' ')),
    fails: 'every part with a window',
    why:
      "node-sql-parser's Hive grammar has no NULLS LAST in a window's ORDER BY; Spark's does " +
      '(spark.apache.org/docs/latest/sql-ref-syntax-qry-select-window.html: ORDER BY … [ NULLS { FIRST | LAST } ])',
    check(error, sql) {
      const offset = error.location?.start.offset;
      assert.ok(offset !== undefined, 'the error has a location');
      const at = sql.slice(offset);
      // The 3-part names gap may come first in a query that also has a window.
      if (error.found === '.') {
        assert.match(sql.slice(0, offset), /\bprod\.(analytics|scratch)$/);
        return;
      }
      assert.ok(
        at.startsWith('NULLS LAST'),
        `the error is at NULLS LAST, not at: ${at.slice(0, 40)}`,
      );
      assert.match(sql.slice(0, offset), /OVER \([^)]*$/, 'inside a window');
    },
  },
];

/** Every runnable part of a rendering: the two queries, then each data test. */
function partsOf(rendered: RenderedPattern): [string, string][] {
  return [
    ...rendered.queries.map(q => [q.part, q.sql] as [string, string]),
    ...rendered.tests.map(t => [`test ${t.name}`, t.sql] as [string, string]),
  ];
}

function render(
  dialect: string,
  values: Record<string, string>,
  pattern = 'sessionization',
): RenderedPattern {
  return renderPattern({ pattern, dialect, values });
}

describe('generated SQL parses in each dialect that cannot run here (node-sql-parser)', () => {
  for (const dialect of Object.keys(PARSER_DATABASE) as ParsedDialect[]) {
    describe(`${dialect} (parser database "${PARSER_DATABASE[dialect]}")`, () => {
      for (const [pattern, sets] of Object.entries(OPTION_SETS)) {
        for (const [setName, values] of Object.entries(sets)) {
          const gaps = KNOWN_GAPS.filter(
            g =>
              g.dialect === dialect &&
              (g.pattern === pattern || g.pattern === '*') &&
              (g.optionSet === setName || g.optionSet === '*'),
          );
          const title =
            gaps.length > 0
              ? `${pattern}, ${setName}: known parser gap, ${gaps.map(g => g.fails).join('; ')} fails exactly as recorded`
              : `${pattern}, ${setName}`;
          it(title, () => {
            const parts = partsOf(render(dialect, values, pattern));
            assert.ok(
              parts.length >= (MIN_PARTS[pattern] ?? 0),
              'both queries and every data test',
            );
            const failures: string[] = [];
            for (const [part, sql] of parts) {
              const applicable = gaps.filter(g => g.applies?.(part, sql) ?? true);
              try {
                parse(dialect, sql);
                if (applicable.length > 0) {
                  failures.push(
                    `${part}: parsed, but the known gap says it fails (${applicable[0]?.why}); remove the gap`,
                  );
                }
              } catch (error) {
                if (applicable.length === 0) {
                  failures.push(`${part}: ${(error as Error).message.slice(0, 300)}`);
                  continue;
                }
                const mismatches = applicable.flatMap(gap => {
                  try {
                    gap.check(error as ParseError, sql);
                    return [];
                  } catch (mismatch) {
                    return [(mismatch as Error).message];
                  }
                });
                if (mismatches.length === applicable.length) {
                  failures.push(
                    `${part}: fails differently from the known gap: ${mismatches.join('; ')}`,
                  );
                }
              }
            }
            assert.deepEqual(failures, []);
          });
        }
      }

      // The parse check has teeth: the same parser rejects broken SQL and another dialect's quoting.
      it('rejects a truncated query (a dangling FROM)', () => {
        const events =
          render(dialect, SESSIONIZATION_SETS.basic as Record<string, string>).queries[0]?.sql ??
          '';
        const truncated = events.slice(0, events.lastIndexOf('sessionized'));
        assert.match(truncated, /FROM\s*$/);
        assert.throws(() => parse(dialect, truncated));
      });

      const foreign: ParsedDialect = dialect === 'tsql' ? 'bigquery' : 'tsql';
      it(`rejects ${foreign}'s quoting of reserved words`, () => {
        const values = SESSIONIZATION_SETS['reserved words as columns, 2-part names'] as Record<
          string,
          string
        >;
        const events = render(foreign, values).queries[0]?.sql ?? '';
        assert.throws(() => parse(dialect, events));
      });
    });
  }
});
