/** Command handlers, loaded on first use (see extension.ts). */
export { generateSqlCommand, switchDialectCommand } from './generateSql';
export { insertSessionizationCommand } from './insertSessionization';
export { insertSqlCommand, openSqlCommand } from './insertSql';
