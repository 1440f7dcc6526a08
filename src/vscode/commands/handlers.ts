/** Command handlers, loaded on first use (see extension.ts). */
export { generateSqlCommand, switchDialectCommand } from './generateSql';
export { insertPatternCommand } from './insertPattern';
export { insertSqlCommand, openSqlCommand } from './insertSql';
export { writeChatFilesCommand } from './writeChatFiles';
