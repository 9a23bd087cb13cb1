/** Paths and ignore rules → the source files of a run, read once as text. */
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from './errors.js';
import type { DiscoverOptions, Discovered, Skipped, SourceFile } from './types.js';

const run = promisify(execFile);

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
/** Folders that hold installed, generated or tooling files, never the app's own source. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'out']);
const MAX_BYTES = 2 * 1024 * 1024;

export async function discover(opts: DiscoverOptions): Promise<Discovered> {
  const root = path.resolve(opts.root);
  const realRoot = await realpath(root).catch(() => {
    throw new UsageError(`root not found: ${opts.root}`);
  });
  const skipped: Skipped[] = [];
  const listed = await gitListing(root);
  // Explicitly named files bypass the ignore rules (the user asked for them); walked ones do not.
  const candidates = new Map<string, boolean>(); // abs path → explicit
  const starts: string[] = [];

  for (const p of opts.paths) {
    const abs = path.resolve(root, p);
    if (!isInside(root, abs)) throw new UsageError(`path is outside the root ${root}: ${p}`);
    const real = await realpath(abs).catch(() => {
      throw new UsageError(`path not found: ${p}`);
    });
    if (!isInside(realRoot, real)) throw new UsageError(`path is outside the root ${root}: ${p}`);
    starts.push(abs);
    const st = await stat(abs);
    if (st.isDirectory()) await walk(abs, root, realRoot, listed, candidates, skipped);
    else candidates.set(abs, true);
  }

  const files: SourceFile[] = [];
  for (const [abs, explicit] of candidates) {
    const rel = toRel(root, abs);
    const reason = nameReason(rel);
    if (reason) {
      // A walk meets declaration files all the time; only a surprise is worth reporting.
      if (explicit || reason === 'minified') skipped.push({ rel, reason });
      continue;
    }
    const file = await readSource(abs, rel);
    if ('reason' in file) skipped.push(file);
    else files.push(file);
  }
  files.sort((a, b) => compare(a.rel, b.rel));
  skipped.sort((a, b) => compare(a.rel, b.rel));

  return { root, files, packageJson: await findPackageJson(root, starts[0] ?? root), skipped };
}

async function walk(
  dir: string,
  root: string,
  realRoot: string,
  listed: Listing | undefined,
  out: Map<string, boolean>,
  skipped: Skipped[],
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    const rel = toRel(root, abs);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      if (listed && !listed.dirs.has(rel)) continue; // ignored by git, or holds nothing git would list
      await walk(abs, root, realRoot, listed, out, skipped);
    } else if (entry.isSymbolicLink()) {
      // Never followed: a target inside the root is found on its own, one outside is not ours to edit.
      if (!hasSourceExtension(entry.name)) continue;
      const target = await realpath(abs).catch(() => undefined);
      if (target && !isInside(realRoot, target)) skipped.push({ rel, reason: 'symlink to a file outside the root' });
    } else if (entry.isFile()) {
      if (!hasSourceExtension(entry.name)) continue;
      if (listed && !listed.files.has(rel)) continue;
      if (!out.has(abs)) out.set(abs, false);
    }
  }
}

/** Why a file is not a source file by its name alone ('' when it is one). */
function nameReason(rel: string): string {
  const base = path.posix.basename(rel);
  if (!hasSourceExtension(base)) return 'not a JavaScript or TypeScript file';
  if (/\.d\.[cm]?ts$/.test(base)) return 'type declaration file';
  if (/\.min\.[cm]?js$/.test(base)) return 'minified';
  return '';
}

async function readSource(abs: string, rel: string): Promise<SourceFile | Skipped> {
  const st = await stat(abs);
  if (st.size > MAX_BYTES) return { rel, reason: 'larger than 2 MB' };
  const bytes = await readFile(abs);
  if (bytes.includes(0)) return { rel, reason: 'binary (contains a NUL byte)' };
  let text: string;
  try {
    // fatal: a lossy decode would corrupt the file when it is written back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { rel, reason: 'not valid UTF-8' };
  }
  if (looksMinified(text)) return { rel, reason: 'minified' };
  return { path: abs, rel, text };
}

/** Bundles and minified vendor files: very long lines on average, not just one long string. */
function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  const lines = text.split('\n');
  return text.length / lines.length > 500 && lines.some((l) => l.length > 2000);
}

interface Listing {
  files: Set<string>;
  /** Every folder that holds a listed file, so the walk can prune the rest. */
  dirs: Set<string>;
}

/** The files git would track (tracked + untracked, minus ignored), relative to root; undefined without git. */
async function gitListing(root: string): Promise<Listing | undefined> {
  let stdout: string;
  try {
    // The -x patterns keep an un-ignored node_modules from flooding the listing of untracked files.
    const excludes = [...SKIPPED_DIRS].map((d) => `--exclude=${d}/`);
    ({ stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...excludes, '-z'], {
      cwd: root,
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    }));
  } catch {
    return undefined; // git missing, or root is not in a work tree
  }
  const files = new Set(stdout.split('\0').filter(Boolean));
  // An empty listing means the root itself is ignored (e.g. a generated folder inside a repo):
  // fall back to the fixed skip list rather than finding nothing.
  if (files.size === 0) return undefined;
  const dirs = new Set<string>();
  for (const f of files) {
    for (let d = path.posix.dirname(f); d !== '.' && !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
  }
  return { files, dirs };
}

/** Nearest package.json at or above `from`, up to the filesystem root. */
async function findPackageJson(root: string, from: string): Promise<SourceFile | undefined> {
  let dir = from;
  const st = await stat(from).catch(() => undefined);
  if (st && !st.isDirectory()) dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    const text = await readFile(candidate, 'utf8').catch(() => undefined);
    if (text !== undefined) return { path: candidate, rel: toRel(root, candidate), text };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasSourceExtension(name: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(name));
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
