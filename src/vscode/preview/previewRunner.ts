import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import type { DatabaseOptions } from '../../duckdb/database';
import type { DataSource, PreviewSession } from '../../duckdb/preview';

/** One preview request's cancellation: cancelled by the user, or by the next request. */
export interface PreviewTicket {
  readonly signal: AbortSignal;
  cancel(): void;
}

/**
 * Owns the DuckDB session of the data being previewed (kept open while the file is unchanged, so
 * re-running with another timeout does not reload it) and runs one job at a time on it. A new request cancels the
 * one before it; the cancelled job is interrupted and has settled before the next one starts, so
 * no two jobs ever share the connection.
 */
export class PreviewRunner implements vscode.Disposable {
  private latest?: PreviewTicket;
  private queue: Promise<unknown> = Promise.resolve();
  private cached?: { readonly key: string; readonly session: PreviewSession };

  /** Starts a request and cancels the previous one. */
  begin(): PreviewTicket {
    this.latest?.cancel();
    const controller = new AbortController();
    this.latest = { signal: controller.signal, cancel: () => controller.abort() };
    return this.latest;
  }

  /** Whether a newer request has started since this one. */
  superseded(ticket: PreviewTicket): boolean {
    return ticket !== this.latest;
  }

  /** Runs `job` on the source's session once every earlier job has settled. */
  run<T>(
    source: DataSource,
    options: DatabaseOptions,
    signal: AbortSignal,
    job: (session: PreviewSession) => Promise<T>,
  ): Promise<T> {
    const result = this.queue.then(async () => {
      if (signal.aborted) {
        throw new CancelledError();
      }
      const session = await this.session(source, options);
      if (signal.aborted) {
        throw new CancelledError();
      }
      return job(session);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `job` on the session of the last preview once every earlier job has settled, without
   * opening one (exports read what that session computed); undefined when there is none.
   */
  onCurrent<T>(job: (session: PreviewSession) => Promise<T>): Promise<T | undefined> {
    const result = this.queue.then(() =>
      this.cached === undefined ? undefined : job(this.cached.session),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async session(source: DataSource, options: DatabaseOptions): Promise<PreviewSession> {
    // A changed file is read again; an unchanged one is not (re-runs with another timeout are quick).
    const modified =
      source.kind === 'file' ? fs.statSync(source.path, { throwIfNoEntry: false })?.mtimeMs : 0;
    const key = JSON.stringify([source, options, modified]);
    if (this.cached?.key === key) {
      return this.cached.session;
    }
    this.cached?.session.close();
    this.cached = undefined;
    // DuckDB's binding is loaded here, on the first preview, never at activation.
    const { PreviewSession } = await import('../../duckdb/preview');
    const session = await PreviewSession.open(source, options);
    this.cached = { key, session };
    return session;
  }

  dispose(): void {
    this.latest?.cancel();
    void this.queue.then(() => {
      this.cached?.session.close();
      this.cached = undefined;
    });
  }
}
