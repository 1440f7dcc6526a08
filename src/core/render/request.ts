/** What every surface (chat message, quick-pick flow, CLI words) turns the user's answers into. */
export interface RenderRequest {
  readonly pattern: string;
  /** Dialect name or alias; duckdb when absent. */
  readonly dialect?: string;
  /** Answers as typed, keyed by input name; validated here. */
  readonly values: Readonly<Record<string, string>>;
}

export interface FormatOptions {
  readonly keywordCase?: 'preserve' | 'upper' | 'lower';
  readonly tabWidth?: number;
}
