// Writes data/sample-funnel.csv: a small, deterministic shop event stream for the funnel pattern
// (view → add to cart → checkout → purchase), with what real streams hold: repeated and out-of-order
// events, other event names, steps after the 24-hour window, and a few rows without a user or a name.
// Same seed, same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.mjs';

const USERS = 600;
const START = Date.UTC(2024, 2, 1) / 1000;
const DAYS = 28;
const STEPS = ['view', 'add to cart', 'checkout', 'purchase'];
/** Chance of going on to the next step, after view, add to cart and checkout. */
const ONWARD = [0.55, 0.6, 0.7];

const rand = seededRandom(20240301);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const rows = [];
for (let user = 1; user <= USERS; user++) {
  let t = START + int(0, DAYS * 86400 - 1);
  // Browsing before the funnel: searches and home page views that are no step.
  for (let i = int(0, 3); i > 0; i--) {
    rows.push([user, rand() < 0.5 ? 'search' : 'home', t - int(60, 3600)]);
  }
  if (rand() < 0.12) {
    // Never viewed a product: carts from a wish list, no entry.
    rows.push([user, 'add to cart', t]);
    continue;
  }
  let step = 0;
  for (;;) {
    rows.push([user, STEPS[step], t]);
    // Repeats: a product viewed again, a cart changed.
    if (rand() < 0.3) {
      rows.push([user, STEPS[step], t + int(0, 900)]);
    }
    if (step === STEPS.length - 1 || rand() >= ONWARD[step]) {
      break;
    }
    // Mostly minutes to hours apart, sometimes the same second, sometimes a day and more (outside the
    // 24-hour window: the user stops there).
    const roll = rand();
    t += roll < 0.08 ? 0 : roll < 0.9 ? int(20, 3 * 3600) : int(20 * 3600, 3 * 86400);
    step++;
  }
  // A purchase before any checkout (out of order) does not count for the funnel.
  if (step < 2 && rand() < 0.05) {
    rows.push([user, 'purchase', t - int(1, 600)]);
  }
}
rows.sort((a, b) => a[2] - b[2] || a[0] - b[0] || a[1].localeCompare(b[1]));

// A few rows without a user or an event name, as real logs have: left out and reported, not lost.
for (const i of [40, 1500]) {
  rows[i][0] = '';
}
rows[900][1] = '';

const iso = seconds => new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
const header = 'event_id,user_id,event_name,event_time';
const lines = rows.map((r, i) => [i + 1, r[0], r[1], iso(r[2])].join(','));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'sample-funnel.csv');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, [header, ...lines].join('\n') + '\n');
console.log(`wrote ${rows.length} events of ${USERS} users to ${out}`);
