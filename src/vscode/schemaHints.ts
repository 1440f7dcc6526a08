/**
 * What the extension has learnt about the user's data this session: the columns of the last file
 * previewed and the answers that worked on it, offered first by the generator.
 */
export interface PreviewedSchema {
  readonly columns: readonly string[];
  readonly values: Readonly<Record<string, string>>;
}

let lastPreviewed: PreviewedSchema | undefined;

export function rememberPreviewedSchema(schema: PreviewedSchema): void {
  lastPreviewed = schema;
}

export function previewedSchema(): PreviewedSchema | undefined {
  return lastPreviewed;
}
