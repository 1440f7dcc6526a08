// Synthetic clickstreams for the benchmarks, generated once into bench-data/ (gitignored) as Parquet.
// Deterministic: every random draw is DuckDB's hash() of (user, event index, draw number), so the same
// DuckDB version writes the same rows; the manifest records that version.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DATA_DIR = path.resolve(import.meta.dirname, '../../bench-data');
export const USERS = 100_000;
const GENERATOR_VERSION = 1;

/** uniform [0, 1) from a hash of its arguments */
const u = args => `(hash(${args}) / 18446744073709551616.0)`;

/**
 * Users get Pareto(alpha 1.5) activity weights (the busiest ~2000x the quietest); the events of N are
 * shared out by cumulative weight, so the total is exactly N. Within a user: 3% of gaps are 0 (ties),
 * 0.5% exactly 30 minutes (must not split), a share of gaps start a new session (30 min + 1 ms plus an
 * exponential wait, mean 10 h), the rest are exponential with mean 90 s. Millisecond timestamps; rows
 * stored in global time order, as an event log is.
 */
function generationSql(n, file) {
  return `
COPY (
  WITH users AS (
    SELECT user_id, pow(1 - ${u('user_id, 0')}, -1 / 1.5) AS w FROM range(${USERS}) t(user_id)
  ), shares AS (
    SELECT user_id, sum(w) OVER (ORDER BY user_id) AS cum, sum(w) OVER () AS total FROM users
  ), counts AS (
    SELECT user_id,
      CAST(floor(${n} * cum / total) - floor(${n} * (cum - w) / total) AS BIGINT) AS n_events
    FROM shares JOIN users USING (user_id)
  ), draws AS (
    SELECT user_id, j, ${u('user_id, j, 1')} AS r, ${u('user_id, j, 2')} AS r2,
      least(0.12, 300.0 / n_events) AS p_new
    FROM counts, range(n_events) t(j)
    WHERE n_events > 0
  ), gaps AS (
    SELECT user_id, j,
      CASE
        WHEN j = 0 THEN CAST(${u('user_id, 3')} * 30 * 86400000 AS BIGINT)
        WHEN r < 0.03 THEN 0
        WHEN r < 0.035 THEN 1800000
        WHEN r < 0.035 + p_new THEN 1800001 + CAST(-ln(1 - r2) * 36000000 AS BIGINT)
        ELSE CAST(-ln(1 - r2) * 90000 AS BIGINT)
      END AS gap_ms
    FROM draws
  ), events AS (
    SELECT user_id, j,
      TIMESTAMP '2024-03-01' + to_milliseconds(sum(gap_ms) OVER (PARTITION BY user_id ORDER BY j)) AS ts
    FROM gaps
  )
  SELECT
    CAST(row_number() OVER (ORDER BY ts, user_id, j) AS BIGINT) AS event_id,
    user_id,
    CAST(${u('user_id, j, 4')} * 5000 AS INTEGER) AS item_id,
    ts
  FROM events
  ORDER BY event_id
) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 122880)`;
}

/** Path of the Parquet file with n events, generating it when missing or from another generator. */
export async function ensureData(db, n, log = () => {}) {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `events_${n}.parquet`);
  const manifest = `${file}.json`;
  const [{ v }] = await db.rows('SELECT version() AS v');
  const expected = JSON.stringify({ generator: GENERATOR_VERSION, n, users: USERS, duckdb: v });
  if (
    fs.existsSync(file) &&
    fs.existsSync(manifest) &&
    fs.readFileSync(manifest, 'utf8') === expected
  ) {
    return file;
  }
  const started = performance.now();
  await db.run(generationSql(n, file));
  fs.writeFileSync(manifest, expected);
  log(`generated ${path.basename(file)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
