/**
 * Every dialect renders and formats every option; the output is committed under
 * test/fixtures/expected/ so that any change to the generated SQL shows up in review.
 * Refresh after an intended change with: UPDATE_GOLDEN=1 npm test
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderPattern, renderScript, supportedDialects, toSqlScript } from '../../src/core';

const EXPECTED = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'expected');

/** Sessionization option sets that together exercise every input. */
const SESSIONIZATION_CASES: Record<string, Record<string, string>> = {
  basic: {
    events_table: 'app.events',
    user_key: 'user_id',
    event_ts: 'event_time',
    session_timeout_minutes: '30',
  },
  'composite-epoch-ms': {
    events_table: 'analytics.web.clicks',
    user_key: 'user_id, device_id',
    event_ts: 'ts_ms',
    event_ts_unit: 'epoch_ms',
    order_tiebreak: 'event_id',
    session_timeout_minutes: '15',
  },
  'max-and-bots-epoch-s': {
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
  'attributes-and-future-guard': {
    events_table: 'web.pageviews',
    user_key: 'visitor_id',
    event_ts: 'viewed_at',
    order_tiebreak: 'pageview_id',
    session_attributes: 'page_url, referrer, utm_campaign',
    future_tolerance_minutes: '5',
  },
  'midnight-split': {
    events_table: 'web.pageviews',
    user_key: 'visitor_id',
    event_ts: 'viewed_at',
    split_at_midnight_tz: 'Europe/Paris',
    max_session_minutes: '240',
  },
  'quoted-identifiers': {
    events_table: '"Raw Data"."Events"',
    user_key: '"User ID", order',
    event_ts: 'timestamp',
    session_timeout_minutes: '0.5',
  },
};

/** Deduplication option sets: the default, and every input with composite keys and orderings. */
const DEDUPLICATION_CASES: Record<string, Record<string, string>> = {
  basic: { source_table: 'raw.customers', key: 'customer_id', order_by: 'updated_at' },
  'earliest-with-tiebreak': {
    source_table: 'raw.customers',
    key: 'customer_id',
    order_by: 'updated_at',
    keep: 'earliest',
    order_tiebreak: 'ingested_at',
  },
  'composite-key-and-order': {
    source_table: 'analytics.crm.contacts',
    key: 'account_id, email',
    order_by: 'updated_at, version',
    order_tiebreak: 'load_id',
    deduplicated_table: 'marts.contacts',
    duplicates_table: 'audit.contact_duplicates',
  },
  'quoted-identifiers': {
    source_table: '"Raw Data"."Customers"',
    key: '"Customer ID", user',
    order_by: 'order, "Updated At"',
  },
};

/** Funnel option sets: step names that every dialect escapes its own way, epochs, zones, ten steps. */
const FUNNEL_CASES: Record<string, Record<string, string>> = {
  basic: {
    events_table: 'app.events',
    user_key: 'user_id',
    event_ts: 'event_time',
    event_name: 'event_name',
    steps: 'view,add_to_cart,purchase',
  },
  'quoted-step-names-epoch-ms': {
    events_table: 'analytics.web.clicks',
    user_key: 'user_id, device_id',
    event_ts: 'ts_ms',
    event_ts_unit: 'epoch_ms',
    event_name: 'action',
    steps: "'add to cart','it''s (web)','pay\\card',purchase",
    window_minutes: '30',
    user_steps_table: 'marts.cart_steps',
    funnel_table: 'marts.cart_funnel',
  },
  'ten-steps-source-zone': {
    events_table: '"Raw Data"."Events"',
    user_key: '"User ID"',
    event_ts: 'timestamp',
    event_name: '"Event Name"',
    steps: 's1,s2,s3,s4,s5,s6,s7,s8,s9,s10',
    window_minutes: '0.5',
    source_time_zone: 'Europe/Paris',
  },
};

const GOLDEN_CASES: Record<string, Record<string, Record<string, string>>> = {
  sessionization: SESSIONIZATION_CASES,
  deduplication: DEDUPLICATION_CASES,
  funnel: FUNNEL_CASES,
};

const NO_TIME_ZONES = ['mysql', 'tsql', 'sqlite'];

describe('golden SQL for every pattern, dialect and option set', () => {
  for (const [pattern, cases] of Object.entries(GOLDEN_CASES)) {
    describe(pattern, () => goldenCases(pattern, cases));
  }
});

function goldenCases(pattern: string, cases: Record<string, Record<string, string>>): void {
  for (const [name, values] of Object.entries(cases)) {
    for (const dialect of supportedDialects) {
      const zoned = ['split_at_midnight_tz', 'source_time_zone'].find(input => values[input]);
      if (zoned !== undefined && NO_TIME_ZONES.includes(dialect)) {
        it(`${name} is refused in ${dialect}, which has no named time zones`, () => {
          assert.throws(
            () => renderPattern({ pattern, dialect, values }),
            new RegExp(`^InvalidInputError: ${zoned}: is not available for `),
          );
        });
        continue;
      }
      it(`${name} in ${dialect}`, () => {
        const sql = toSqlScript(renderPattern({ pattern, dialect, values }));
        assertGolden(path.join(EXPECTED, pattern, name, `${dialect}.sql`), sql);
      });
    }
  }
}

/** Compares `text` with its golden file, or rewrites the file under UPDATE_GOLDEN. */
function assertGolden(file: string, text: string): void {
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  assert.ok(fs.existsSync(file), `missing golden file ${file}: run UPDATE_GOLDEN=1 npm test`);
  assert.equal(
    text,
    fs.readFileSync(file, 'utf8'),
    `${file} differs; if intended, UPDATE_GOLDEN=1 npm test`,
  );
}

describe('golden --format script for every dialect', () => {
  const scripts: [pattern: string, name: string][] = [
    ['sessionization', 'basic'],
    ['sessionization', 'max-and-bots-epoch-s'],
    // Deduplication's script stores its ranking first: a temporary table, or a plain one dropped.
    ['deduplication', 'basic'],
  ];
  for (const [pattern, name] of scripts) {
    for (const dialect of supportedDialects) {
      it(`${pattern} ${name} in ${dialect}`, () => {
        const values = GOLDEN_CASES[pattern]?.[name] as Record<string, string>;
        const { script } = renderScript({ pattern, dialect, values });
        assertGolden(path.join(EXPECTED, pattern, name, `${dialect}.script.sql`), script);
      });
    }
  }
});
