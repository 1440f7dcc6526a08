/**
 * Temporary files and folders that must not outlive the process: removed when their work ends,
 * and by SIGINT, SIGTERM or SIGHUP too (SIGKILL cannot be caught). Signal handlers are installed
 * only while something is tracked, so a process without temporary paths keeps Node's defaults.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const tracked = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const temporary of tracked) {
    try {
      // Retries: a DuckDB thread may still be adding a file while the folder goes.
      fs.rmSync(temporary, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Nothing may stop the signal's own action below.
    }
  }
  tracked.clear();
  watchSignals(false);
  // With no other listener, re-raising gives the signal's default action (the process ends with
  // its status), as if we had not listened; a host with its own listeners keeps its handling.
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal);
  }
}

function watchSignals(on: boolean): void {
  for (const signal of SIGNALS) {
    if (on) {
      process.on(signal, onSignal);
    } else {
      process.off(signal, onSignal);
    }
  }
}

/** Tracks a temporary path (it need not exist yet): a signal removes it. */
export function removeOnSignal(temporary: string): void {
  if (tracked.size === 0) {
    watchSignals(true);
  }
  tracked.add(temporary);
}

/** Removes a temporary path (a folder with its contents) and stops tracking it. */
export function removeNow(temporary: string): void {
  fs.rmSync(temporary, { recursive: true, force: true });
  untrack(temporary);
}

function untrack(temporary: string): void {
  if (tracked.delete(temporary) && tracked.size === 0) {
    watchSignals(false);
  }
}

/**
 * Creates a private folder (mode 700) in the system's temporary folder, tracked before it exists:
 * a signal at any instant after creation finds it tracked (mkdtemp would leave a window).
 */
export function makeTemporaryFolder(): string {
  const folder = path.join(
    os.tmpdir(),
    `sqlpatterns-${process.pid}-${crypto.randomBytes(6).toString('hex')}`,
  );
  removeOnSignal(folder);
  try {
    fs.mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    untrack(folder);
    throw error;
  }
  return folder;
}
