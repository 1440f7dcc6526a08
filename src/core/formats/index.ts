/** Output formats beyond the plain queries: dbt models and the incremental script. */
export { renderDbtProject, dbtInputs, dbtDialects, type DbtFile, type DbtProject } from './dbt';
export {
  renderIncremental,
  incrementalInputs,
  incrementalDialects,
  type IncrementalScript,
  type IncrementalStatement,
} from './incremental';
export {
  formatsOf,
  renderFormat,
  type FormatDefinition,
  type FormatFile,
  type RenderedFormat,
} from './run';
