/**
 * SIGINT, SIGTERM and SIGHUP while the tool runs. While files are being written a signal is
 * honoured at the next safe point (emit.ts: every file is then either old or new, and the run
 * ends with exit code 128 + the signal's number); otherwise it stops the process at once, as it
 * would without us. Takes the process as an argument: only bin/ hands it over.
 */
import { deferSignal } from '../emit.js';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function installSignalHandlers(proc: NodeJS.Process): void {
  for (const signal of HANDLED_SIGNALS) {
    proc.on(signal, function stop() {
      if (deferSignal(signal)) return;
      // Default behaviour: the parent sees the process killed by this signal.
      proc.removeListener(signal, stop);
      proc.kill(proc.pid, signal);
    });
  }
}
