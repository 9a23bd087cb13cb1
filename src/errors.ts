/**
 * Errors the user can act on. The CLI prints their message on one line, never a stack trace
 * (`--debug` adds it), and exits with their code:
 * - UsageError (2): a bad flag, a missing path, a dirty work tree, a file it cannot read or write…
 * - InterruptedError (128 + signal number: 130 for SIGINT, 143 for SIGTERM): the run was stopped.
 * Anything else is a bug and is reported as such (exit 2).
 */
import { constants } from 'node:os';
import path from 'node:path';

export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** SIGINT/SIGTERM arrived while files were being written; the message says what was written. */
export class InterruptedError extends Error {
  readonly exitCode: number;
  constructor(
    readonly signal: NodeJS.Signals,
    message: string,
  ) {
    super(message);
    this.name = 'InterruptedError';
    this.exitCode = 128 + (constants.signals[signal] ?? 2);
  }
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  EBUSY: 'busy',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
};

/** True for a Node.js file-system error (it has a `code` such as EACCES). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** `{ path, reason }` of a file-system error, in words: "permission denied (EACCES)". */
export function describeFsError(error: unknown, base?: string): { path?: string; reason: string } {
  if (!isFsError(error)) return { reason: error instanceof Error ? error.message : String(error) };
  const code = error.code!;
  const reason = FS_REASONS[code] ? `${FS_REASONS[code]} (${code})` : code;
  const p = error.path ?? (error as { dest?: string }).dest;
  return { path: p && base ? path.relative(base, p) || p : p, reason };
}
