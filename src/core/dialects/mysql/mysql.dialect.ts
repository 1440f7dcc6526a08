import { mariadb } from 'sql-formatter';
import type { Dialect } from '../dialect';

const EPOCH = `TIMESTAMP '1970-01-01 00:00:00'`;

export const mysql: Dialect = {
  name: 'mysql',
  title: 'MySQL / MariaDB',
  formatterLanguage: 'mysql',
  quote: ['`', '`'],
  // The SQL runs on MariaDB too, which reserves words MySQL does not (delete_domain_id, …):
  // https://mariadb.com/kb/en/reserved-words/, as sql-formatter's mariadb language lists them.
  // MariaDB 10.11 reserves three more that the list lacks (found by running each keyword of its
  // information_schema.KEYWORDS as a column: test/unit/reservedWords.test.ts).
  reservedWords: [
    ...mariadb.tokenizerOptions.reservedKeywords.map(word => word.toLowerCase()),
    'master_demote_to_replica',
    'master_demote_to_slave',
    'portion',
  ],
  // MariaDB and MySQL ignore trailing blanks (PAD SPACE) and the default collations ignore case; a binary
  // string compares bytes, blanks included. CAST, not the BINARY operator, which MySQL 8.0.27 deprecates
  // (https://dev.mysql.com/doc/refman/8.0/en/cast-functions.html#operator_binary) and sqlfluff cannot parse.
  keyRepresentative: (key, window) => `MIN(CAST(${key} AS BINARY)) OVER (${window})`,
  unquotedCase: 'insensitive',
  supports: {
    dbtDeleteInsert: false,
    incrementalScript: false,
    qualify: false,
    qualifyAliases: false,
    distinctOn: false,
  },
  // No NULLS LAST; a comparison is the number 1 or 0. https://mariadb.com/kb/en/null-values/#ordering
  nullFlag: expr => `${expr} IS NULL`,
  // Multiplying keeps all six decimals; MySQL's "/" would round to div_precision_increment (4).
  secondsBetween: (from, to) => `TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) * 0.000001`,
  // Adding to the epoch keeps the result in UTC; FROM_UNIXTIME would shift it to the session time zone.
  epochToTimestamp: (epoch, unit) =>
    unit === 'epoch_s'
      ? `TIMESTAMPADD(MICROSECOND, ROUND(${epoch} * 1000000), ${EPOCH})`
      : `TIMESTAMPADD(MICROSECOND, ${epoch} * 1000, ${EPOCH})`,
  // DATETIME (no zone) is taken as UTC. A TIMESTAMP column is read in the session's time_zone, where a
  // DST change repeats or skips an hour; UNIX_TIMESTAMP of the column is its stored UTC instant
  // (event_ts_unit=timestamptz). https://mariadb.com/kb/en/unix_timestamp/
  instant: ts => ts,
  fromZoned: ts => `TIMESTAMPADD(MICROSECOND, ROUND(UNIX_TIMESTAMP(${ts}) * 1000000), ${EPOCH})`,
  millisToSeconds: millis => `${millis} * 0.001`,
  // Literals read backslash escapes unless sql_mode has NO_BACKSLASH_ESCAPES (not the default).
  // https://mariadb.com/kb/en/string-literals/
  stringEscape: 'double-backslash',
  toFloat: expr => `CAST(${expr} AS DOUBLE)`,
  toText: expr => `CAST(${expr} AS CHAR)`,
  concat: parts => `CONCAT(${parts.join(', ')})`,
  textLength: text => `CHAR_LENGTH(${text})`,
  floor: expr => `FLOOR(${expr})`,
  flag: condition => `(${condition})`,
  // Event times are taken as UTC (see epochToTimestamp); NOW() would follow the session time zone.
  now: 'UTC_TIMESTAMP(6)',
};
