/**
 * Paths and ignore rules → the source files of a run, read once as text.
 *
 * What is left out, and said so in `skipped` (one entry per folder or file):
 * - folders of installed or generated files (SKIPPED_DIRS) and folders git ignores;
 * - files git ignores (inside a work tree), declaration files (silently: they are never apps);
 * - files larger than MAX_SOURCE_BYTES, binary files, files that are not UTF-8 (UTF-16, Latin-1…);
 * - minified or generated files (`*.min.js`, a `sourceMappingURL` comment, an `@generated` tag,
 *   long lines packed with statements);
 * - Flow-annotated files (`@flow`): the passes do not rewrite Flow types, so the file is left as is;
 * - unreadable files and folders, and symlinks that point outside the root (never followed).
 * A skipped file that mentions express is flagged `attention`: it may hold routes nobody migrated.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeFsError, UsageError } from './errors.js';
import type { DiscoverOptions, Discovered, Skipped, SourceFile } from './types.js';

const run = promisify(execFile);

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
/** Folders that hold installed, generated or tooling files, never the app's own source (→ why). */
export const SKIPPED_DIRS = new Map([
  ['node_modules', 'installed packages'],
  ['bower_components', 'installed packages'],
  ['jspm_packages', 'installed packages'],
  ['.git', ''], // never worth mentioning
  ['dist', 'build output'],
  ['build', 'build output'],
  ['out', 'build output'],
  ['.next', 'build output'],
  ['.nuxt', 'build output'],
  ['.output', 'build output'],
  ['.svelte-kit', 'build output'],
  ['coverage', 'test coverage output'],
  ['.nyc_output', 'test coverage output'],
  ['.yarn', 'package manager files'],
]);
/** Larger files are skipped: hand-written servers are far smaller; bundles and data are not ours. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

// fatal: a lossy decode would corrupt the file when it is written back.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Cheap text test, the same the analysis uses to decide a file is worth parsing. */
const mentionsExpress = (text: string) => /['"]express['"]/.test(text);

export async function discover(opts: DiscoverOptions): Promise<Discovered> {
  const root = path.resolve(opts.root);
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat) throw new UsageError(`root not found: ${opts.root}`);
  if (!rootStat.isDirectory()) throw new UsageError(`the root is not a folder: ${opts.root}`);
  const realRoot = await realpath(root);
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

  const toRead: { abs: string; rel: string }[] = [];
  for (const [abs, explicit] of candidates) {
    const rel = toRel(root, abs);
    const reason = nameReason(rel);
    if (reason) {
      // A walk meets declaration files all the time; only a surprise is worth reporting.
      if (explicit || reason === 'minified (.min.js)') skipped.push({ rel, reason });
      continue;
    }
    toRead.push({ abs, rel });
  }
  const files: SourceFile[] = [];
  for (const file of await readAll(toRead)) {
    if ('reason' in file) skipped.push(file);
    else files.push(file);
  }
  files.sort((a, b) => compare(a.rel, b.rel));
  skipped.sort((a, b) => compare(a.rel, b.rel));

  const tsconfig = await readTsconfig(root);
  return { root, files, packageJson: await findPackageJson(root, starts[0] ?? root), ...(tsconfig ? { tsconfig } : {}), skipped };
}

/** The root's own tsconfig.json (not one above it: its paths would name folders outside the run). */
async function readTsconfig(root: string): Promise<SourceFile | undefined> {
  const candidate = path.join(root, 'tsconfig.json');
  const bytes = await readFile(candidate).catch(() => undefined);
  return bytes === undefined ? undefined : { path: candidate, rel: 'tsconfig.json', text: new TextDecoder('utf-8').decode(bytes) };
}

async function walk(
  dir: string,
  root: string,
  realRoot: string,
  listed: Listing | undefined,
  out: Map<string, boolean>,
  skipped: Skipped[],
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    skipped.push({ rel: `${toRel(root, dir)}/`, reason: `unreadable folder (${describeFsError(error, root).reason})` });
    return;
  }
  entries.sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    const rel = toRel(root, abs);
    if (entry.isDirectory()) {
      const why = SKIPPED_DIRS.get(entry.name);
      if (why !== undefined) {
        if (why) skipped.push({ rel: `${rel}/`, reason: why });
        continue;
      }
      // Ignored by git, or holding nothing git would list: worth a line only if it holds code.
      if (listed && !listed.dirs.has(rel)) {
        if (await holdsSource(abs)) skipped.push({ rel: `${rel}/`, reason: 'ignored by git (.gitignore)' });
        continue;
      }
      await walk(abs, root, realRoot, listed, out, skipped);
    } else if (entry.isSymbolicLink()) {
      // Never followed: a target inside the root is found on its own, one outside is not ours to edit.
      const target = await realpath(abs).catch(() => undefined);
      if (!target || isInside(realRoot, target)) continue;
      const isDir = (await stat(target).catch(() => undefined))?.isDirectory();
      if (isDir) skipped.push({ rel: `${rel}/`, reason: 'symlink to a folder outside the root' });
      else if (hasSourceExtension(entry.name)) skipped.push({ rel, reason: 'symlink to a file outside the root' });
    } else if (entry.isFile()) {
      if (!hasSourceExtension(entry.name)) continue;
      if (listed && !listed.files.has(rel)) {
        if (!/\.d\.[cm]?ts$/.test(entry.name)) skipped.push({ rel, reason: 'ignored by git (.gitignore)' });
        continue;
      }
      if (!out.has(abs)) out.set(abs, false);
    }
  }
}

/** Whether a folder holds a source file, looking at a bounded number of entries. */
async function holdsSource(dir: string): Promise<boolean> {
  let budget = 2000;
  const queue = [dir];
  while (queue.length && budget > 0) {
    const entries = await readdir(queue.shift()!, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (--budget <= 0) break;
      if (e.isFile() && hasSourceExtension(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) return true;
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) queue.push(path.join(e.parentPath, e.name));
    }
  }
  return false;
}

/** Why a file is not a source file by its name alone ('' when it is one). */
function nameReason(rel: string): string {
  const base = path.posix.basename(rel);
  if (!hasSourceExtension(base)) return 'not a JavaScript or TypeScript file';
  if (/\.d\.[cm]?ts$/.test(base)) return 'type declaration file';
  if (/\.min\.[cm]?js$/.test(base)) return 'minified (.min.js)';
  return '';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

/**
 * Reads the files a few at a time, results in the order given: one after another, the round trips
 * to the file system's thread pool took about 1.4 s of a 5,000-file run, all of it before the
 * analysis could start.
 */
async function readAll(toRead: { abs: string; rel: string }[]): Promise<(SourceFile | Skipped)[]> {
  const out = new Array<SourceFile | Skipped>(toRead.length);
  let next = 0;
  const reader = async () => {
    while (next < toRead.length) {
      const i = next++;
      out[i] = await readSource(toRead[i]!.abs, toRead[i]!.rel);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, toRead.length) }, reader));
  return out;
}

/** Reads under way at once: libuv's pool has 4 threads; a few more keep it busy between callbacks. */
const READ_CONCURRENCY = 16;

/**
 * Reads a candidate as UTF-8 text, or says why not. A UTF-8 BOM is not part of the text the
 * engine sees: the writer puts it back (emit.ts), so the file keeps it.
 */
async function readSource(abs: string, rel: string): Promise<SourceFile | Skipped> {
  let bytes: Buffer;
  try {
    const st = await stat(abs);
    if (st.size > MAX_SOURCE_BYTES) return { rel, reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB` };
    bytes = await readFile(abs);
  } catch (error) {
    return { rel, reason: `unreadable (${describeFsError(error, abs).reason})`, attention: true };
  }
  const sniff = bytes.subarray(0, 64 * 1024).toString('latin1');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { rel, reason: 'UTF-16 encoded; only UTF-8 files are migrated (convert it, then run again)', attention: true };
  }
  if (bytes.includes(0)) return { rel, reason: 'binary (contains a NUL byte)' };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return {
      rel,
      reason: 'not valid UTF-8 (Latin-1 or another legacy encoding?); convert it to UTF-8, then run again',
      ...(mentionsExpress(sniff) ? { attention: true } : {}),
    };
  }
  const generated = generatedReason(text);
  if (generated) return { rel, reason: generated };
  if (isFlow(text)) {
    return {
      rel,
      reason: 'Flow type annotations (@flow): not migrated, the tool does not rewrite Flow types',
      ...(mentionsExpress(text) ? { attention: true } : {}),
    };
  }
  return { path: abs, rel, text };
}

/** Why the file looks generated or minified ('' when it looks hand-written). */
export function generatedReason(text: string): string {
  if (endsWithSourceMap(text)) return 'generated (has a sourceMappingURL comment)';
  if (/@generated\b/.test(leadingComments(text))) return 'generated (@generated)';
  if (looksMinified(text)) return 'minified (long lines packed with statements)';
  return '';
}

/** A `//# sourceMappingURL=…` line (inline data URLs included) as the file's last non-blank line. */
function endsWithSourceMap(text: string): boolean {
  const at = Math.max(text.lastIndexOf('//# sourceMappingURL='), text.lastIndexOf('//@ sourceMappingURL='));
  if (at === -1) return false;
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  return text.slice(lineStart, at).trim() === '' && (lineEnd === -1 || text.slice(lineEnd).trim() === '');
}

/** The comments a file starts with (after a shebang): where pragmas such as `@flow` live. */
function leadingComments(text: string): string {
  return /^(?:#![^\n]*\n)?(?:\s*(?:\/\/[^\n]*|\/\*[^]*?\*\/))+/.exec(text.slice(0, 8192))?.[0] ?? '';
}

/**
 * Bundles and minified vendor files: most of the bytes sit on lines over 1,000 characters that
 * are packed with statements. A hand-written file with one long string or data line is not.
 */
function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let longBytes = 0;
  let statements = 0;
  for (const line of text.split('\n')) {
    if (line.length < 1000) continue;
    longBytes += line.length;
    statements += line.match(/;|\bfunction\b|\breturn\b|=>/g)?.length ?? 0;
  }
  return longBytes > text.length / 2 && statements / longBytes > 0.003;
}

/** `@flow` in the leading comments, as Flow itself requires. */
function isFlow(text: string): boolean {
  const head = leadingComments(text);
  return /@flow\b/.test(head) && !/@noflow\b/.test(head);
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
    const excludes = [...SKIPPED_DIRS.keys()].map((d) => `--exclude=${d}/`);
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
    const bytes = await readFile(candidate).catch(() => undefined);
    if (bytes !== undefined) {
      const text = new TextDecoder('utf-8').decode(bytes); // strips a BOM; emit puts it back
      return { path: candidate, rel: toRel(root, candidate), text };
    }
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
