/**
 * Debian's sqlfluff (1.4.5, installed by `bash scripts/engines/start.sh`) as a second, independent parser of
 * the generated SQL. sqlfluff_parse.py parses a whole batch of texts in one Python process, since starting
 * sqlfluff costs about a second; a few such processes share the batch.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DialectName } from '../../src/core';

export const SQLFLUFF = '/usr/bin/sqlfluff';
const PYTHON = '/usr/bin/python3';
/** From out/test/support, the script stays in the source tree. */
const SCRIPT = join(__dirname, '..', '..', '..', 'test', 'support', 'sqlfluff_parse.py');
const INSTALL_HINT =
  'run `bash scripts/engines/start.sh` as root (it installs the Debian package sqlfluff), or ' +
  '`sudo apt-get install -y sqlfluff`';

/**
 * sqlfluff's dialect for each of ours that it has. Trino is Athena's engine (engine version 3), so sqlfluff's
 * athena grammar reads our trino SQL. DuckDB has no sqlfluff dialect in 1.4.5.
 */
export const SQLFLUFF_DIALECT: Partial<Record<DialectName, string>> = {
  postgres: 'postgres',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  spark: 'sparksql',
  redshift: 'redshift',
  trino: 'athena',
  mysql: 'mysql',
  tsql: 'tsql',
  sqlite: 'sqlite',
};

/** What sqlfluff could not read: a lexing error, or a segment no rule of the grammar matched. */
export interface SqlfluffProblem {
  kind: 'violation' | 'unparsable';
  line: number;
  pos: number;
  /** The violation's description, or the unparsable segment's full text. */
  text: string;
}

export interface ParseJob {
  dialect: DialectName;
  sql: string;
}

/** Fails with how to install sqlfluff, as openEngine does for a server that is not running. */
export function assertSqlfluffInstalled(): void {
  if (!existsSync(SQLFLUFF) || !existsSync(PYTHON)) {
    throw new Error(`sqlfluff is not installed (${SQLFLUFF} is missing); ${INSTALL_HINT}`);
  }
}

/** One sqlfluff_parse.py process: each text is written as one line, and answered with one line. */
function startWorker() {
  const child = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', chunk => (err += chunk));
  const lines = createInterface({ input: child.stdout });
  const answers = lines[Symbol.asyncIterator]();
  return {
    async parse(job: ParseJob): Promise<SqlfluffProblem[]> {
      const dialect = SQLFLUFF_DIALECT[job.dialect];
      if (!dialect) {
        throw new Error(`sqlfluff has no dialect for ${job.dialect}`);
      }
      child.stdin.write(`${JSON.stringify({ dialect, sql: job.sql })}\n`);
      const answer = await answers.next();
      if (answer.done) {
        throw new Error(`sqlfluff_parse.py stopped: ${err.slice(-2000)}; ${INSTALL_HINT}`);
      }
      return JSON.parse(answer.value) as SqlfluffProblem[];
    },
    stop: () => child.stdin.end(),
  };
}

/**
 * Parses every text; the result lists each text's problems in the texts' order (empty: it parsed). Each
 * worker takes the next text when it is done with one, so a few long texts do not hold up the rest.
 */
export async function parseWithSqlfluff(
  jobs: readonly ParseJob[],
  workers = 2,
): Promise<SqlfluffProblem[][]> {
  assertSqlfluffInstalled();
  const results: SqlfluffProblem[][] = [];
  // Longest first: the last texts to finish are short ones, so the workers end together.
  const order = jobs
    .map((_, i) => i)
    .sort((a, b) => (jobs[b]?.sql.length ?? 0) - (jobs[a]?.sql.length ?? 0));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, jobs.length) }, async () => {
      const worker = startWorker();
      try {
        for (let i = order[next++]; i !== undefined; i = order[next++]) {
          results[i] = await worker.parse(jobs[i] as ParseJob);
        }
      } finally {
        worker.stop();
      }
    }),
  );
  return results;
}
