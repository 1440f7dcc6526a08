/** Every command id, in one place; each names the function that handles it. */
export const CommandId = {
  // ──── User facing ────
  /** {@link generateSqlCommand} */
  Generate: 'sqlPatterns.generate',
  /** {@link insertPatternCommand}: a pattern pick when there is more than one */
  InsertPattern: 'sqlPatterns.insertPattern',
  /** Alias of InsertPattern with sessionization as its pattern (kept for keybindings) */
  InsertSessionization: 'sqlPatterns.insertSessionization',
  /** Registered by src/vscode/preview (previewPattern): a pattern pick when more than one has a preview */
  Preview: 'sqlPatterns.preview',
  /** Alias of Preview with sessionization as its pattern (kept for keybindings) */
  PreviewSessionization: 'sqlPatterns.previewSessionization',
  PreviewFile: 'sqlPatterns.previewFile',
  /** Registered by src/vscode/preview (exportPreviewPart): the panel's Export… buttons */
  ExportPreviewPart: 'sqlPatterns.exportPreviewPart',
  /** Registered by src/vscode/preview (savePreviewDatabase): the panel's Save to DuckDB database… */
  SavePreviewDatabase: 'sqlPatterns.savePreviewDatabase',
  // ──── Internal: chat buttons ────
  /** {@link openSqlCommand} */
  OpenSql: 'sqlPatterns.openSql',
  /** {@link insertSqlCommand} */
  InsertSql: 'sqlPatterns.insertSql',
  /** {@link switchDialectCommand} */
  SwitchDialect: 'sqlPatterns.switchDialect',
  /** {@link writeChatFilesCommand} */
  WriteChatFiles: 'sqlPatterns.writeChatFiles',
} as const;
