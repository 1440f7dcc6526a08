/**
 * Every dialect renders and formats every option; the output is committed under
 * test/fixtures/expected/ so that any change to the generated SQL shows up in review.
 * Refresh after an intended change with: UPDATE_GOLDEN=1 npm test
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderPattern, supportedDialects, toSqlScript } from '../../src/core';

const EXPECTED = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'expected');

/** Option sets that together exercise every input. */
export const GOLDEN_CASES: Record<string, Record<string, string>> = {
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

/** Funnel option sets: step names that every dialect escapes its own way, epochs, zones, ten steps. */
export const FUNNEL_GOLDEN_CASES: Record<string, Record<string, string>> = {
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

const NO_TIME_ZONES = ['mysql', 'tsql', 'sqlite'];

function assertGolden(pattern: string, name: string, dialect: string, sql: string): void {
  const file = path.join(EXPECTED, pattern, name, `${dialect}.sql`);
  if (process.env.UPDATE_GOLDEN) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, sql);
  }
  assert.ok(fs.existsSync(file), `missing golden file ${file}: run UPDATE_GOLDEN=1 npm test`);
  assert.equal(
    sql,
    fs.readFileSync(file, 'utf8'),
    `${file} differs; if intended, UPDATE_GOLDEN=1 npm test`,
  );
}

describe('golden SQL for every dialect and option set', () => {
  for (const [name, values] of Object.entries(GOLDEN_CASES)) {
    for (const dialect of supportedDialects) {
      if (values.split_at_midnight_tz && NO_TIME_ZONES.includes(dialect)) {
        it(`${name} is refused in ${dialect}, which has no named time zones`, () => {
          assert.throws(
            () => renderPattern({ pattern: 'sessionization', dialect, values }),
            /^InvalidInputError: split_at_midnight_tz: is not available for /,
          );
        });
        continue;
      }
      it(`${name} in ${dialect}`, () => {
        const sql = toSqlScript(renderPattern({ pattern: 'sessionization', dialect, values }));
        assertGolden('sessionization', name, dialect, sql);
      });
    }
  }
});

describe('golden funnel SQL for every dialect and option set', () => {
  for (const [name, values] of Object.entries(FUNNEL_GOLDEN_CASES)) {
    for (const dialect of supportedDialects) {
      if (values.source_time_zone && NO_TIME_ZONES.includes(dialect)) {
        it(`${name} is refused in ${dialect}, which has no named time zones`, () => {
          assert.throws(
            () => renderPattern({ pattern: 'funnel', dialect, values }),
            /^InvalidInputError: source_time_zone: is not available for /,
          );
        });
        continue;
      }
      it(`${name} in ${dialect}`, () => {
        const sql = toSqlScript(renderPattern({ pattern: 'funnel', dialect, values }));
        assertGolden('funnel', name, dialect, sql);
      });
    }
  }
});
