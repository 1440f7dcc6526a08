/** node-sql-parser for the dialects that cannot run here: each has its own PEG grammar in the parser. */
import { Parser } from 'node-sql-parser';

export type ParsedDialect = 'snowflake' | 'bigquery' | 'spark' | 'trino' | 'redshift' | 'tsql';

/** node-sql-parser's `database` for each dialect. It has no Spark grammar: Hive's is the nearest. */
export const PARSER_DATABASE: Record<ParsedDialect, string> = {
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  spark: 'hive',
  trino: 'trino',
  redshift: 'redshift',
  tsql: 'transactsql',
};

const parser = new Parser();

/** Parses one statement (or several, `;`-separated) with the dialect's grammar; throws where it fails. */
export function parse(dialect: ParsedDialect, sql: string): void {
  parser.astify(sql, { database: PARSER_DATABASE[dialect] });
}
