/**
 * SIGINT, SIGTERM and SIGHUP while the tool runs. While files are being written a signal is
 * honoured at the next safe point (emit.ts: every file is then either old or new, and the run
 * ends with exit code 128 + the signal's number); otherwise it stops the process at once, as it
 * would without us: the handlers are installed only while files are written (see
 * onWritingChange). Takes the process as an argument: only bin/ hands it over.
 */
import { deferSignal, onWritingChange } from '../emit.js';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function installSignalHandlers(proc: NodeJS.Process): void {
  const handlers = HANDLED_SIGNALS.map((signal) => {
    const stop = () => {
      if (deferSignal(signal)) return;
      // Default behaviour: the parent sees the process killed by this signal.
      proc.removeListener(signal, stop);
      proc.kill(proc.pid, signal);
    };
    return [signal, stop] as const;
  });
  // Only while files are written: the rest of the run keeps Node's default, immediate stop.
  onWritingChange((writing) => {
    for (const [signal, stop] of handlers) {
      if (writing) proc.on(signal, stop);
      else proc.removeListener(signal, stop);
    }
  });
}
