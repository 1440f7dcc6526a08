/**
 * Real PostgreSQL, MariaDB and SQLite behind one small interface, for tests that execute generated SQL.
 * The servers come from `bash scripts/engines/start.sh` (see docs/engines.md); SQLite runs in memory.
 * Every openEngine() call gets its own schema (PostgreSQL) or database (MariaDB), dropped on close().
 */
import { randomBytes } from 'node:crypto';
import type { SqlValue } from 'sql.js';

export type EngineName = 'postgres' | 'mysql' | 'sqlite';
export const ENGINE_NAMES: readonly EngineName[] = ['postgres', 'mysql', 'sqlite'];

export interface Engine {
  readonly name: EngineName;
  /** Runs statements that return nothing (DDL, INSERT); several may be separated by `;`. */
  exec(sql: string): Promise<void>;
  /**
   * Runs one query and returns its rows as plain objects. Numbers (BIGINT and DECIMAL included) come back
   * as number, timestamps as the engine's text ('2024-03-10 08:00:00.123456'; see timestampText).
   */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Creates (replacing) a table and inserts the rows as bound parameters. Dates are bound as UTC text. */
  loadTable(
    name: string,
    columns: { name: string; type: string }[],
    rows: unknown[][],
  ): Promise<void>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** What differs between the engines; the Engine methods are built on top of it. */
interface Driver {
  readonly name: EngineName;
  readonly quote: string;
  placeholder(index: number): string;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Row[]>;
  insert(sql: string, params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

const CREDENTIALS = { user: 'sqlpatterns', password: 'sqlpatterns', database: 'sqlpatterns' };
export const ENGINE_PORTS = { postgres: 55432, mysql: 53306 } as const;
const START_HINT = 'run `bash scripts/engines/start.sh` (as root it also installs the servers)';
/**
 * The session time zone of every connection: UTC unless SQLPATTERNS_ENGINE_TIME_ZONE names another
 * (the test run's second pass uses America/Los_Angeles, whose DST changes the generated SQL must not
 * see). MariaDB needs its zone tables for a named zone; scripts/engines/start.sh loads them.
 */
export const ENGINE_TIME_ZONE = process.env.SQLPATTERNS_ENGINE_TIME_ZONE || 'UTC';
if (!/^[A-Za-z_]+(\/[A-Za-z_]+)*$/.test(ENGINE_TIME_ZONE)) {
  throw new Error(
    `SQLPATTERNS_ENGINE_TIME_ZONE must be an IANA zone name, got ${ENGINE_TIME_ZONE}`,
  );
}
/** Parameters per multi-row INSERT: below every engine's limit (65535 servers, 32766 SQLite). */
const INSERT_BATCH_PARAMS = 10_000;

export async function openEngine(name: EngineName): Promise<Engine> {
  const driver =
    name === 'postgres'
      ? await openPostgres()
      : name === 'mysql'
        ? await openMysql()
        : await openSqlite();
  return engineOver(driver);
}

/**
 * Canonical text of a timestamp value as returned by any engine: 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC).
 * PostgreSQL trims trailing fraction zeros and writes a TIMESTAMPTZ in the session zone (with its offset),
 * MariaDB pads to the column's precision, SQLite keeps the text.
 */
export function timestampText(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const match =
    /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:Z|([+-])(\d\d)(?::?(\d\d))?)?$/.exec(
      text,
    );
  if (!match) {
    throw new Error(`not a timestamp: ${text}`);
  }
  const [, date, time, fraction = '', sign, hours = '0', minutes = '0'] = match;
  const offsetMinutes =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const utc = new Date(Date.parse(`${date}T${time}Z`) - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19).replace('T', ' ')}.${fraction.padEnd(6, '0')}`;
}

function engineOver(driver: Driver): Engine {
  const q = (id: string) =>
    driver.quote + id.replaceAll(driver.quote, driver.quote + driver.quote) + driver.quote;
  return {
    name: driver.name,
    exec: sql => driver.exec(sql),
    query: sql => driver.query(sql),
    close: () => driver.close(),
    async loadTable(name, columns, rows) {
      await driver.exec(`DROP TABLE IF EXISTS ${q(name)}`);
      await driver.exec(
        `CREATE TABLE ${q(name)} (${columns.map(c => `${q(c.name)} ${c.type}`).join(', ')})`,
      );
      const head = `INSERT INTO ${q(name)} (${columns.map(c => q(c.name)).join(', ')}) VALUES `;
      const bound = rows.map(row => {
        if (row.length !== columns.length) {
          throw new Error(`${name}: a row has ${row.length} values for ${columns.length} columns`);
        }
        return row.map(toParameter);
      });
      const perBatch = Math.max(1, Math.floor(INSERT_BATCH_PARAMS / Math.max(1, columns.length)));
      for (let start = 0; start < bound.length; start += perBatch) {
        const batch = bound.slice(start, start + perBatch);
        let n = 0;
        const values = batch.map(row => `(${row.map(() => driver.placeholder(++n)).join(', ')})`);
        await driver.insert(head + values.join(', '), batch.flat());
      }
    },
  };
}

function toParameter(value: unknown): unknown {
  if (value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value.toISOString().replace('T', ' ').replace('Z', '');
  }
  return value;
}

function isolatedName(): string {
  return `sqlpatterns_t${process.pid}_${randomBytes(4).toString('hex')}`;
}

function unreachable(engine: string, error: unknown): Error {
  const reason =
    error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error);
  return new Error(`${engine} is not reachable (${reason}); ${START_HINT}`);
}

async function openPostgres(): Promise<Driver> {
  const { Client, types } = await import('pg');
  const asText = (text: string) => text;
  const asNumber = (text: string) => {
    const n = Number(text);
    return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : text;
  };
  // By OID: text timestamps keep microseconds (a JS Date has milliseconds and applies the local zone).
  const parsers: Record<number, (text: string) => unknown> = {
    20: asNumber, // int8
    1700: asNumber, // numeric
    1082: asText, // date
    1114: asText, // timestamp
    1184: asText, // timestamptz
  };
  const client = new Client({
    host: '127.0.0.1',
    port: ENGINE_PORTS.postgres,
    ...CREDENTIALS,
    connectionTimeoutMillis: 5000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  // A server that goes away emits 'error' on the client, which would otherwise crash mocha.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw unreachable(`PostgreSQL at 127.0.0.1:${ENGINE_PORTS.postgres}`, error);
  }
  const schema = isolatedName();
  await client.query(
    `CREATE SCHEMA ${schema}; SET search_path TO ${schema}; SET TIME ZONE '${ENGINE_TIME_ZONE}'`,
  );
  const rowsOf = (result: { rows: Row[] } | { rows: Row[] }[]) =>
    Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
  return {
    name: 'postgres',
    quote: '"',
    placeholder: i => `$${i}`,
    exec: async sql => void (await client.query(sql)),
    query: async sql => rowsOf(await client.query<Row>(sql)),
    insert: async (sql, params) => void (await client.query(sql, params)),
    async close() {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

async function openMysql(): Promise<Driver> {
  const mysql = await import('mysql2/promise');
  let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    connection = await mysql.createConnection({
      host: '127.0.0.1',
      port: ENGINE_PORTS.mysql,
      user: CREDENTIALS.user,
      password: CREDENTIALS.password,
      connectTimeout: 5000,
      dateStrings: true,
      timezone: 'Z',
      decimalNumbers: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      multipleStatements: true,
    });
  } catch (error) {
    throw unreachable(`MariaDB at 127.0.0.1:${ENGINE_PORTS.mysql}`, error);
  }
  connection.on('error', () => undefined);
  const database = isolatedName();
  await connection.query(
    `CREATE DATABASE ${database}; USE ${database}; SET time_zone = '${ENGINE_TIME_ZONE}'`,
  );
  return {
    name: 'mysql',
    quote: '`',
    placeholder: () => '?',
    exec: async sql => void (await connection.query(sql)),
    async query(sql) {
      const [result] = await connection.query(sql);
      const rows = Array.isArray(result) && Array.isArray(result.at(-1)) ? result.at(-1) : result;
      return Array.isArray(rows) ? rows.map(row => ({ ...(row as Row) })) : [];
    },
    // execute() is a server-side prepared statement: the values never become SQL text. Bound times are
    // UTC text, which a TIMESTAMP column reads in the session's zone: insert under UTC.
    async insert(sql, params) {
      await connection.query(`SET @session_time_zone = @@session.time_zone, time_zone = '+00:00'`);
      try {
        await connection.execute(sql, params as Parameters<typeof connection.execute>[1]);
      } finally {
        await connection.query(`SET time_zone = @session_time_zone`);
      }
    },
    async close() {
      try {
        await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      } finally {
        await connection.end();
      }
    },
  };
}

/** sql.js is SQLite compiled to WebAssembly: the real engine, with nothing to compile at install time. */
async function openSqlite(): Promise<Driver> {
  const { default: initSqlJs } = await import('sql.js');
  const db = new (await initSqlJs()).Database();
  const sqliteValue = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);
  return {
    name: 'sqlite',
    quote: '"',
    placeholder: () => '?',
    exec: async sql => void db.exec(sql),
    async query(sql) {
      const statement = db.prepare(sql);
      try {
        const rows: Row[] = [];
        while (statement.step()) {
          rows.push(statement.getAsObject());
        }
        return rows;
      } finally {
        statement.free();
      }
    },
    async insert(sql, params) {
      const statement = db.prepare(sql);
      try {
        statement.run(params.map(sqliteValue) as SqlValue[]);
      } finally {
        statement.free();
      }
    },
    close: async () => void db.close(),
  };
}
