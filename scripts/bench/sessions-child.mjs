// pandas' share of the work, done by DuckDB in a fresh process: read the CSV, build the sessions
// table with the generated sessions query. `node sessions-child.mjs FILE.csv`
import { openDuckDb, requireOut } from './lib.mjs';

const { renderPattern, queryOf } = requireOut('./core/index.js');
const sql = renderPattern({
  pattern: 'sessionization',
  values: { events_table: 'events', user_key: 'user_id', event_ts: 'ts' },
});
const db = await openDuckDb();
await db.run(`CREATE TABLE events AS SELECT * FROM read_csv('${process.argv[2]}')`);
await db.run(`CREATE TABLE sessions AS ${queryOf(sql, 'sessions')}`);
const [{ n }] = await db.rows('SELECT count(*) AS n FROM sessions');
db.close();
console.log(JSON.stringify({ sessions: Number(n) }));
