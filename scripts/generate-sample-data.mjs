// Writes data/sample-clickstream.csv: a small, deterministic clickstream shaped like the seed
// notebook's MARS data (user_id, item_id, epoch-second timestamps). Same seed, same bytes.
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
