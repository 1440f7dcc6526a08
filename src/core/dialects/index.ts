import { UnknownDialectError } from '../errors';
import { bigquery } from './bigquery/bigquery.dialect';
import type { Dialect } from './dialect';
import { duckdb } from './duckdb/duckdb.dialect';
import { mysql } from './mysql/mysql.dialect';
import { postgres } from './postgres/postgres.dialect';
import { redshift } from './redshift/redshift.dialect';
import { snowflake } from './snowflake/snowflake.dialect';
import { spark } from './spark/spark.dialect';
import { sqlite } from './sqlite/sqlite.dialect';
import { trino } from './trino/trino.dialect';
import { tsql } from './tsql/tsql.dialect';

export type { Dialect, TimestampUnit } from './dialect';
export { orderItem, quoteIdentifier, quoteTableName, stringLiteral } from './dialect';

const dialects = {
  duckdb,
  postgres,
  snowflake,
  bigquery,
  spark,
  redshift,
  trino,
  mysql,
  tsql,
  sqlite,
};

export type DialectName = keyof typeof dialects;

/** Canonical dialect names, in the order menus show them. */
export const supportedDialects = Object.keys(dialects) as DialectName[];

/** Other names people use for the same engines. */
const aliases: Record<string, DialectName> = {
  postgresql: 'postgres',
  pg: 'postgres',
  databricks: 'spark',
  sparksql: 'spark',
  athena: 'trino',
  presto: 'trino',
  mariadb: 'mysql',
  sqlserver: 'tsql',
  mssql: 'tsql',
  transactsql: 'tsql',
};

export const defaultDialect: DialectName = 'duckdb';

/** VS Code language ids of SQL flavours (from common SQL extensions) and the dialect each means. */
const languageIds: Record<string, DialectName> = {
  duckdb: 'duckdb',
  postgres: 'postgres',
  postgresql: 'postgres',
  pgsql: 'postgres',
  snowflake: 'snowflake',
  'snowflake-sql': 'snowflake',
  bigquery: 'bigquery',
  sqlbigquery: 'bigquery',
  sparksql: 'spark',
  'databricks-sql': 'spark',
  redshift: 'redshift',
  trino: 'trino',
  athena: 'trino',
  mysql: 'mysql',
  mariadb: 'mysql',
  mssql: 'tsql',
  tsql: 'tsql',
  sqlite: 'sqlite',
};

/** Every language id that names a dialect, for editors that follow a file's dialect. */
export const dialectLanguageIds: readonly string[] = Object.keys(languageIds);

/** The dialect an editor's language id implies, if it names one (plain `sql` does not). */
export function dialectForLanguageId(languageId: string): DialectName | undefined {
  return languageIds[languageId.toLowerCase()];
}

/** Looks a dialect up by name or alias, case-insensitively. */
export function getDialect(name: string): Dialect {
  const key = name.trim().toLowerCase();
  const canonical = key in dialects ? (key as DialectName) : aliases[key];
  if (canonical === undefined) {
    throw new UnknownDialectError(name, supportedDialects);
  }
  return dialects[canonical];
}
