/** The pure core: patterns, inputs, dialects and rendering. Never imports vscode or DuckDB. */
export * from './errors';
export {
  getDialect,
  supportedDialects,
  defaultDialect,
  dialectForLanguageId,
  dialectLanguageIds,
  type DialectName,
} from './dialects';
export { parseWords, splitWords, type ParsedWords } from './inputs/words';
export { DEFAULT_MEMORY_LIMIT, MAX_ROW_CAP, parseMemoryLimit, parseRowCap } from './inputs/limits';
export {
  resolveInputs,
  checkInput,
  type InputSpec,
  type InputType,
  type ResolvedInputs,
} from './inputs/schema';
export {
  listPatterns,
  getPattern,
  previewOf,
  previewPatterns,
  type PatternDefinition,
  type Severity,
} from './patterns';
export {
  renderPattern,
  requestFromWords,
  queryOf,
  toContractJson,
  toSqlScript,
  validateRequest,
  defaultPromptsRoot,
  type RenderRequest,
  type RenderedPattern,
  type RenderedTest,
  type RenderedQuery,
  type FormatOptions,
} from './render/render';
export { renderSnippets, type Snippet } from './render/snippets';
export {
  answerChoosePattern,
  describePatterns,
  type ChoosePatternAnswer,
  type ChoosePatternOptions,
} from './chat/choosePattern';
export * from './formats';
