/** The one format runner: outputs besides plain SQL, each defined in its pattern's folder. */
export { formatsOf, renderFormat } from './run';
export type { FormatDefinition, FormatFile, RenderedFormat } from '../patterns/pattern';
