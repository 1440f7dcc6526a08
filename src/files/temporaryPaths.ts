/**
 * Temporary files and folders that must not outlive the process: removed when their work ends,
 * and by SIGINT, SIGTERM or SIGHUP too (SIGKILL cannot be caught). Signal handlers are installed
 * only while something is tracked, so a process without temporary paths keeps Node's defaults.
 */
import * as fs from 'node:fs';

const tracked = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const temporary of tracked) {
    fs.rmSync(temporary, { recursive: true, force: true });
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
  if (tracked.delete(temporary) && tracked.size === 0) {
    watchSignals(false);
  }
}
