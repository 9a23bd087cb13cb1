/** What every command reads first: the project root and the paths inside it, and --concurrency. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CliIO } from './context.js';

export const exists = (p: string) => access(p).then(() => true, () => false);

/**
 * The root and the paths relative to it. Paths are typed relative to where the user stands and
 * checked here, so a message names a path as the user typed it, not relative to --root.
 */
export async function resolveTargets(args: { root?: string | string[]; paths?: string[] }, io: CliIO): Promise<{ root: string; paths: string[] }> {
  // yargs turns a repeated option into an array; which one the user meant is anyone's guess.
  if (Array.isArray(args.root)) throw new UsageError('--root was given more than once');
  if (args.root === '') throw new UsageError('--root needs a folder');
  const root = path.resolve(io.cwd, args.root ?? '.');
  if (!(await exists(root))) throw new UsageError(`root not found: ${args.root}`);
  const paths: string[] = [];
  for (const p of args.paths?.length ? args.paths : [root]) {
    const abs = path.resolve(io.cwd, p);
    if (!(await exists(abs))) throw new UsageError(`path not found: ${p}`);
    paths.push(path.relative(root, abs) || '.');
  }
  return { root, paths };
}

export const CONCURRENCY_OPTION = {
  type: 'number',
  describe: 'Threads to use, the main one included (1: everything on one thread); the output is the same either way',
  defaultDescription: 'the number of cores, at most 4',
  requiresArg: true,
} as const;

export function concurrencyFrom(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 64) throw new UsageError('--concurrency takes a whole number from 1 to 64');
  return value;
}
