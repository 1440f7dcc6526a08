// Render + format of all three parts in a fresh process: the first call (cold), then warm calls.
// Warm calls change the timeout each time: renderPattern caches formatted SQL, and a repeated
// request would only measure that cache (reported separately as "cached").
import { requireOut } from './lib.mjs';

const t0 = performance.now();
const { renderPattern } = requireOut('./core/index.js');
const t1 = performance.now();
const request = timeout => ({
  pattern: 'sessionization',
  dialect: 'duckdb',
  values: {
    events_table: 'app.events',
    user_key: 'user_id',
    event_ts: 'event_time',
    session_timeout_minutes: String(timeout),
  },
});
const time = fn => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const cold = time(() => renderPattern(request(30)));
const warm = Array.from({ length: 40 }, (_, i) => time(() => renderPattern(request(31 + i))));
const cached = Array.from({ length: 40 }, () => time(() => renderPattern(request(30))));
console.log(
  JSON.stringify({ loadModuleMs: t1 - t0, coldMs: cold, warmMs: warm, cachedMs: cached }),
);
