// Writes data/sample-clickstream.csv: a small, deterministic clickstream shaped like the seed
// notebook's MARS data (user_id, item_id, epoch-second timestamps), and data/sample-customers.csv: a
// change feed of customer rows with duplicates per customer. Same seeds, same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.mjs';

const USERS = 400;
const ITEMS = 900;
const START = Date.UTC(2024, 0, 1) / 1000;
const DAYS = 60;

const rand = seededRandom(20240101);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const rows = [];
for (let user = 1; user <= USERS; user++) {
  // Skewed activity: most users have a few sessions, some have many.
  const sessions = Math.max(1, Math.round(0.5 / (rand() * 0.3 + 0.05)) - 1);
  let t = START + int(0, DAYS * 86400 - 1);
  for (let s = 0; s < sessions; s++) {
    const events = int(1, 10);
    for (let e = 0; e < events; e++) {
      rows.push([user, int(1, ITEMS), t]);
      const roll = rand();
      // Within a session: mostly seconds to minutes apart, sometimes exactly 30 minutes (the
      // boundary that must not split) and sometimes the same second (ties).
      t += roll < 0.05 ? 1800 : roll < 0.1 ? 0 : int(5, 20 * 60);
    }
    t += int(31 * 60, 5 * 86400); // an inactivity gap longer than the timeout
  }
}
rows.sort((a, b) => a[2] - b[2] || a[0] - b[0] || a[1] - b[1]);

// A few rows with a missing user, as real logs have: they are excluded and reported, not lost.
for (const i of [17, 1234, 2345]) {
  rows[i][0] = '';
}

const header = 'event_id,user_id,item_id,timestamp';
const lines = rows.map((r, i) => [i + 1, ...r].join(','));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'sample-clickstream.csv');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, [header, ...lines].join('\n') + '\n');
console.log(`wrote ${rows.length} events of ${USERS} users to ${out}`);

// The customers change feed (deduplication's sample): every change of a customer is a row with a log
// sequence number (change_seq, the tie-break); some changes share a second, a few lost their time,
// a few their customer.
const customers = seededRandom(20240301);
const pick = (lo, hi) => lo + Math.floor(customers() * (hi - lo + 1));
const COUNTRIES = ['DE', 'FR', 'US', 'BR', 'JP', 'IN'];
const PLANS = ['free', 'pro', 'team'];
const stamp = seconds => new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
const changes = [];
for (let customer = 1; customer <= 150; customer++) {
  // Most customers changed once or twice, some many times.
  const versions = Math.max(1, Math.round(0.4 / (customers() * 0.35 + 0.05)) - 1);
  let t = START + pick(0, DAYS * 86400 - 1);
  for (let v = 0; v < versions; v++) {
    const op = v === 0 ? 'insert' : v === versions - 1 && customers() < 0.1 ? 'delete' : 'update';
    const email = `customer${customer}${customers() < 0.3 ? `+${v}` : ''}@example.com`;
    const roll = customers();
    changes.push({
      t,
      customer,
      email,
      country: COUNTRIES[pick(0, COUNTRIES.length - 1)],
      plan: PLANS[pick(0, PLANS.length - 1)],
      op,
      // A change without its time: it never beats one that has a time.
      noTime: roll < 0.03,
    });
    // The next change: usually hours to days later, sometimes in the same second (a tie).
    t += customers() < 0.1 ? 0 : pick(60, 10 * 86400);
  }
}
changes.sort((a, b) => a.t - b.t || a.customer - b.customer);
for (const i of [11, Math.floor(changes.length / 2), changes.length - 7]) {
  changes[i].customer = '';
}
const customerLines = changes.map((c, i) =>
  [i + 1, c.customer, c.email, c.country, c.plan, c.op, c.noTime ? '' : stamp(c.t)].join(','),
);
const customersOut = join(dirname(out), 'sample-customers.csv');
writeFileSync(
  customersOut,
  ['change_seq,customer_id,email,country,plan,op,updated_at', ...customerLines].join('\n') + '\n',
);
console.log(`wrote ${changes.length} changes of 150 customers to ${customersOut}`);
