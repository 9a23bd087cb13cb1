/**
 * One status line on stderr while a long run works ("transforming 120/500 files"), redrawn in
 * place at most ten times a second and erased at the end. Only on an interactive terminal: never
 * in CI, in a pipe or in a log file, where it would only be noise.
 */
export interface Progress {
  /** A new step; `total` when its items can be counted. */
  step(label: string, total?: number): void;
  /** One more item of the current step done. */
  tick(): void;
  /** Erases the line. */
  done(): void;
}

export const NO_PROGRESS: Progress = { step() {}, tick() {}, done() {} };

export function terminalProgress(write: (s: string) => void, now: () => number = () => performance.now()): Progress {
  let label = '';
  let total: number | undefined;
  let count = 0;
  let drawnAt = -Infinity;
  let shown = false;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - drawnAt < 100) return;
    drawnAt = t;
    shown = true;
    write(`\r\x1b[K${label}${total !== undefined ? ` ${count}/${total}` : ''}…`);
  };
  return {
    step(next, of) {
      label = next;
      total = of;
      count = 0;
      draw(true);
    },
    tick() {
      count++;
      draw(total !== undefined && count === total);
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/** The progress line for a command: on when stderr is an interactive terminal outside CI. */
export function progressFor(io: { stderr: (s: string) => void; stderrTTY?: boolean; env: Record<string, string | undefined> }): Progress {
  if (!io.stderrTTY || io.env.CI || io.env.TERM === 'dumb') return NO_PROGRESS;
  return terminalProgress(io.stderr);
}

/** Where a run's warnings go: one line each on stderr, whatever the terminal. */
export function warningTo(io: { stderr: (s: string) => void }): (message: string) => void {
  return (message) => io.stderr(`express-to-fastify: warning: ${message}\n`);
}
