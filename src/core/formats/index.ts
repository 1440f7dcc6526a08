/** The one format runner: outputs besides plain SQL, each defined in its pattern's folder, and the script every pattern has. */
export { formatsOf, renderFormat } from './run';
export {
  renderScript,
  scriptOf,
  splitWith,
  type PatternScript,
  type ScriptStatement,
} from './script';
export type { FormatDefinition, FormatFile, RenderedFormat } from '../patterns/pattern';
