// The bare job the preview is measured against, in a fresh process: read the file into DuckDB, label
// the events, build the sessions (the rendered parts, as a user runs them), nothing else.
// `node job-child.mjs FILE`; prints the session count.
import { openDuckDb, requireOut } from './lib.mjs';

const { renderPattern, queryOf } = requireOut('./core/index.js');
const file = process.argv[2];
const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
const sql = renderPattern({
  pattern: 'sessionization',
  values: { events_table: 'events', user_key: 'user_id', event_ts: 'ts' },
});
const db = await openDuckDb();
await db.run(`CREATE TABLE events AS SELECT * FROM ${reader}('${file}')`);
await db.run(`CREATE TABLE events_sessionized AS ${queryOf(sql, 'events')}`);
await db.run(`CREATE TABLE events_sessions AS ${queryOf(sql, 'sessions')}`);
const [{ n }] = await db.rows('SELECT count(*) AS n FROM events_sessions');
db.close();
console.log(JSON.stringify({ sessions: Number(n) }));
