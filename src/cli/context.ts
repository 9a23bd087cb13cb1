/** What every command gets: the outside world (passed in, never `process`) and a place for its result. */

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /** Whether stderr is an interactive terminal (the progress line); absent means no. */
  stderrTTY?: boolean;
}

export interface CommandContext {
  io: CliIO;
  /**
   * Set by the command's handler. Handlers catch their own errors and store them here, so that
   * yargs never sees (and never prints or swallows) an engine error.
   */
  result: { exitCode: number; error?: unknown };
}

export interface Colors {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
}

/** Plain ANSI codes: a dependency (or styleText, whose TTY checks read `process`) would be overkill. */
export function colors(io: CliIO): Colors {
  const on = io.isTTY && !io.env.NO_COLOR;
  const sgr = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39) };
}
