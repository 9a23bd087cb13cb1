/**
 * The only writer. The plan is complete before any of this runs, so every refusal happens
 * before the first byte is written and a failing file can never leave a project half-migrated.
 *
 * Writes go in two phases. First every new content is written to a temp file next to its
 * target (same folder, so the same file system), with the target's mode, owner and UTF-8 BOM,
 * and fsynced; a failure or an interruption here removes the temp files and leaves every file as
 * it was. Then the temp files are renamed over their targets in one synchronous loop, which a
 * signal cannot split: a run stopped by SIGINT/SIGTERM leaves each file either old or new, and
 * no temp file behind. The process's signal handlers (bin/) ask `deferSignal` first.
 *
 * Nothing is written outside the root: a changed file outside it (a package.json above
 * `--root`) or reached through a symlink that leaves it is not written, and is listed in
 * `skipped` instead.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { renameSync, unlinkSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, readlink, realpath, rename, stat, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasUtf8Bom, isInside } from './discover.js';
import { describeFsError, InterruptedError, UsageError } from './errors.js';
import { unifiedPatch } from './line-diff.js';
import type { FileOutcome, MigrationPlan } from './types.js';

const run = promisify(execFile);

/** Folders never copied to an output folder: installed or repository state, not the project. */
const NOT_COPIED = new Set(['node_modules', '.git']);

type Changed = FileOutcome & { after: string };

// ─── Interruption ────────────────────────────────────────────────────────────────────────────
let writing = 0;
let pendingSignal: NodeJS.Signals | undefined;

/**
 * For the process's signal handler: true when files are being written, in which case the signal
 * is noted and honoured at the next safe point (the run then throws InterruptedError); false when
 * nothing is being written and the process may stop at once.
 */
export function deferSignal(signal: NodeJS.Signals): boolean {
  if (writing === 0) return false;
  pendingSignal ??= signal;
  return true;
}

const writingListeners = new Set<(writing: boolean) => void>();

/**
 * Calls `listener(true)` when writing starts and `listener(false)` when it ends. The signal
 * handlers (bin/) are installed only meanwhile: a JavaScript handler cannot run while the main
 * thread transforms (synchronously, for minutes on a big code base), so outside the writes the
 * process keeps the default, immediate reaction to Ctrl-C.
 */
export function onWritingChange(listener: (writing: boolean) => void): () => void {
  writingListeners.add(listener);
  return () => writingListeners.delete(listener);
}

async function whileWriting<T>(work: () => Promise<T>): Promise<T> {
  if (writing++ === 0) for (const l of writingListeners) l(true);
  try {
    return await work();
  } finally {
    if (--writing === 0) {
      pendingSignal = undefined;
      for (const l of writingListeners) l(false);
    }
  }
}

function checkInterrupted(what: string): void {
  if (pendingSignal) throw new InterruptedError(pendingSignal, `interrupted by ${pendingSignal}: ${what}`);
}

// ─── What may be written ─────────────────────────────────────────────────────────────────────

/** Changed files inside the root; the others are listed in plan.skipped (once) and not written. */
function changedFiles(plan: MigrationPlan): Changed[] {
  const root = path.resolve(plan.root);
  const out: Changed[] = [];
  for (const f of plan.files) {
    if (f.status !== 'changed' || f.after === undefined || f.after === f.before) continue;
    if (isInside(root, f.path)) out.push(f as Changed);
    else skip(plan, f.rel, 'outside the root, so not written: apply this change yourself or pass a --root that contains it');
  }
  return out;
}

function skip(plan: MigrationPlan, rel: string, reason: string): void {
  if (!plan.skipped.some((s) => s.rel === rel && s.reason === reason)) plan.skipped.push({ rel, reason, attention: true });
}

/** A git-style unified diff of every changed file (`git apply` takes it); '' when nothing changed. */
export function emitDryRun(plan: MigrationPlan): string {
  return changedFiles(plan)
    .map((f) => `diff --git a/${f.rel} b/${f.rel}\n${f.patch ?? unifiedDiff(f.rel, f.before, f.after!)}`)
    .join('');
}

/** Work the line diff may do (lines × edit distance) before it settles for replacing the file. */
const DIFF_BUDGET = 4_000_000;

/**
 * A minimal diff when it is cheap to find; otherwise (thousands of changed lines: Myers' diff is
 * quadratic there) one hunk that replaces the whole file. Both apply the same; the cap depends on
 * the sizes only, so the output is the same on every machine.
 */
export function unifiedDiff(rel: string, before: string, after: string): string {
  const lines = countLines(before) + countLines(after);
  const patch = unifiedPatch(`a/${rel}`, `b/${rel}`, before, after, Math.max(200, Math.floor(DIFF_BUDGET / Math.max(1, lines))));
  return patch ?? wholeFilePatch(rel, before, after);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

function wholeFilePatch(rel: string, before: string, after: string): string {
  const split = (text: string) => {
    if (text === '') return { lines: [] as string[], eofNewline: true };
    const lines = text.split('\n');
    const eofNewline = lines[lines.length - 1] === '';
    if (eofNewline) lines.pop();
    return { lines, eofNewline };
  };
  const a = split(before);
  const b = split(after);
  const range = (n: number) => `${n === 0 ? 0 : 1},${n}`;
  const out = [`--- a/${rel}`, `+++ b/${rel}`, `@@ -${range(a.lines.length)} +${range(b.lines.length)} @@`];
  const side = (sign: string, { lines, eofNewline }: { lines: string[]; eofNewline: boolean }) => {
    for (const l of lines) out.push(sign + l);
    if (!eofNewline) out.push('\\ No newline at end of file');
  };
  side('-', a);
  side('+', b);
  return `${out.join('\n')}\n`;
}

interface WriteJob {
  /** As the user knows it: relative to the root, or the output folder. */
  rel: string;
  target: string;
  data: string;
  mode?: number;
  owner?: { uid: number; gid: number };
  tmp?: string;
}

// ─── --out ───────────────────────────────────────────────────────────────────────────────────

/**
 * Writes a migrated copy of the whole project under plan.root to `outDir` (absolute, or relative
 * to plan.root) and returns every path written.
 */
export async function emitToDir(plan: MigrationPlan, outDir: string, opts: { force: boolean }): Promise<string[]> {
  const root = path.resolve(plan.root);
  const out = path.resolve(root, outDir);
  const [realRoot, realOut] = [await realpath(root), await realpathOfNearest(out)];
  if (isInside(root, out) || isInside(realRoot, realOut)) {
    throw new UsageError(`the output folder ${out} is inside the project ${root}; choose a folder outside it`);
  }
  if (isInside(out, root) || isInside(realOut, realRoot)) {
    throw new UsageError(`the output folder ${out} contains the project ${root}; choose a folder outside it`);
  }
  const outStat = await stat(out).catch(() => undefined);
  if (outStat && !outStat.isDirectory()) throw new UsageError(`the output path ${out} is not a folder`);
  if (outStat && !opts.force && (await fsStep(`read the output folder ${out}`, () => readdir(out))).length > 0) {
    throw new UsageError(`the output folder ${out} is not empty; pass --force to overwrite files in it`);
  }
  const changed = changedFiles(plan);

  return whileWriting(async () => {
    const replaced = new Set(changed.map((f) => f.rel));
    const written: string[] = [];
    await fsStep(`create the output folder ${out}`, () => mkdir(out, { recursive: true }));
    const inOut = insideChecker(await realpath(out));
    await copyTree(root, out, '', replaced, written, inOut);
    const jobs: WriteJob[] = [];
    for (const f of changed) {
      const target = path.join(out, ...f.rel.split('/'));
      await inOut(path.dirname(target));
      await fsStep(`create a folder for ${f.rel} in ${out}`, () => mkdir(path.dirname(target), { recursive: true }));
      const source = await readFile(f.path).catch(() => undefined);
      const st = await stat(f.path).catch(() => undefined);
      jobs.push({ rel: f.rel, target, data: withBom(f.after, source), mode: st && st.mode & 0o7777 });
    }
    await commit(jobs, 'the output folder is incomplete');
    written.push(...jobs.map((j) => j.target));
    return written.sort();
  });
}

async function copyTree(
  root: string,
  out: string,
  rel: string,
  replaced: Set<string>,
  written: string[],
  inOut: (p: string) => Promise<void>,
): Promise<void> {
  const entries = await fsStep(`read ${rel || 'the project'}`, () => readdir(path.join(root, rel), { withFileTypes: true }));
  for (const entry of entries) {
    checkInterrupted(`the output folder ${out} is incomplete`);
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const from = path.join(root, childRel);
    const to = path.join(out, childRel);
    if (entry.isDirectory()) {
      if (NOT_COPIED.has(entry.name)) continue;
      await inOut(to);
      await fsStep(`create ${to}`, () => mkdir(to, { recursive: true }));
      await copyTree(root, out, childRel, replaced, written, inOut);
    } else if (entry.isSymbolicLink()) {
      // Copied as a link: following it could pull in (or loop over) files outside the project.
      await inOut(path.dirname(to));
      await unlink(to).catch(() => {});
      await fsStep(`create the link ${to}`, async () => symlink(await readlink(from), to));
      written.push(to);
    } else if (entry.isFile() && !replaced.has(childRel)) {
      await inOut(path.dirname(to));
      await copyFileAtomic(from, to);
      written.push(to);
    }
  }
}

/** Refuses a folder that resolves (through a symlink already in the output) outside the output. */
function insideChecker(realOut: string): (dir: string) => Promise<void> {
  const seen = new Map<string, boolean>();
  return async (dir) => {
    let ok = seen.get(dir);
    if (ok === undefined) {
      ok = isInside(realOut, await realpathOfNearest(dir));
      seen.set(dir, ok);
    }
    if (!ok) throw new UsageError(`${dir} leads outside the output folder ${realOut} (a symlink?); remove it, then run again`);
  };
}

async function copyFileAtomic(from: string, to: string): Promise<void> {
  const tmp = tempNameFor(to);
  try {
    await copyFile(from, tmp); // keeps the mode
    await rename(tmp, to);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw fsError(`copy ${from} to ${to}`, error);
  }
}

// ─── In place ────────────────────────────────────────────────────────────────────────────────

/** Overwrites the changed files where they are, refusing a work tree with uncommitted changes. */
export async function emitInPlace(plan: MigrationPlan, opts: { force: boolean }): Promise<string[]> {
  const root = path.resolve(plan.root);
  const changed = changedFiles(plan);
  // Nothing to write means nothing to lose: no reason to insist on a clean tree.
  if (changed.length === 0) return [];
  if (!opts.force && (await hasUncommittedChanges(root))) {
    throw new UsageError(
      `${root} has uncommitted changes; commit or stash them, or pass --force (the migration rewrites files in place)`,
    );
  }
  return whileWriting(async () => {
    const realRoot = await realpath(root);
    const jobs: WriteJob[] = [];
    const written: string[] = [];
    for (const f of changed) {
      checkInterrupted('no file was changed');
      // Through the link, so a symlinked source file stays a symlink; never to outside the root.
      const target = await realpath(f.path).catch(() => f.path);
      if (!isInside(realRoot, target)) {
        skip(plan, f.rel, 'a symlink to a file outside the root, so not written');
        continue;
      }
      const current = await fsStep(`read ${f.rel}`, () => readFile(target));
      // The engine saw the text without its BOM (discover.ts), so compare and write it back that way.
      if (new TextDecoder('utf-8').decode(current) !== f.before) {
        throw new UsageError(`${f.rel} changed on disk while the tool was running; no file was changed (run the tool again)`);
      }
      const st = await fsStep(`read ${f.rel}`, () => stat(target));
      jobs.push({ rel: f.rel, target, data: withBom(f.after, current), mode: st.mode & 0o7777, owner: { uid: st.uid, gid: st.gid } });
      written.push(f.path);
    }
    await commit(jobs, 'no file was changed');
    return written;
  });
}

/**
 * Replaces `file` with `text` so that readers see either the old or the new content, never a
 * mix. The mode is `mode`, else the existing file's, else the default.
 */
export async function writeFileAtomic(file: string, text: string, mode?: number): Promise<void> {
  const st = await stat(file).catch(() => undefined);
  mode ??= st && st.mode & 0o7777;
  await whileWriting(() => commit([{ rel: file, target: file, data: text, mode, owner: st && { uid: st.uid, gid: st.gid } }], 'the file was not changed'));
}

/**
 * Phase 1: every temp file, written and fsynced (undone entirely on failure or interruption).
 * Phase 2: every rename, synchronously, so that no signal handler runs in between.
 */
async function commit(jobs: WriteJob[], nothingDone: string): Promise<void> {
  try {
    for (const job of jobs) {
      checkInterrupted(nothingDone);
      job.tmp = tempNameFor(job.target);
      await writeTemp(job);
    }
    checkInterrupted(nothingDone);
  } catch (error) {
    await Promise.all(jobs.map((j) => j.tmp && unlink(j.tmp).catch(() => {})));
    if (error instanceof InterruptedError || error instanceof UsageError) throw error;
    throw fsError(`write ${jobs.find((j) => j.tmp && isFor(error, j.tmp))?.rel ?? 'a file'}`, error, `; ${nothingDone}`);
  }
  let done = 0;
  try {
    for (const job of jobs) {
      renameSync(job.tmp!, job.target);
      done++;
    }
  } catch (error) {
    for (const job of jobs.slice(done)) {
      try {
        unlinkSync(job.tmp!);
      } catch {
        // already gone
      }
    }
    const which = jobs.slice(0, done).map((j) => j.rel);
    throw fsError(
      `replace ${jobs[done]!.rel}`,
      error,
      `; ${done} of ${jobs.length} files were written${which.length ? ` (${which.join(', ')})` : ''}, the others are unchanged`,
    );
  }
  // Make the renames themselves durable; a failure here changes nothing that was written.
  for (const dir of new Set(jobs.map((j) => path.dirname(j.target)))) {
    const handle = await open(dir, 'r').catch(() => undefined);
    await handle?.sync().catch(() => {});
    await handle?.close().catch(() => {});
  }
  // A signal that arrived during the renames is delivered only now: the work is done, say so.
  checkInterrupted(jobs.length === 1 ? 'the file was written' : `all ${jobs.length} files were written`);
}

async function writeTemp(job: WriteJob): Promise<void> {
  const handle = await open(job.tmp!, 'wx', job.mode ?? 0o666);
  try {
    await handle.writeFile(job.data, 'utf8');
    // open() applies the umask; the original's mode must survive as it was.
    if (job.mode !== undefined) await handle.chmod(job.mode);
    // Run as root on someone else's file: the file keeps its owner (best effort otherwise).
    if (job.owner) await handle.chown(job.owner.uid, job.owner.gid).catch(() => {});
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function withBom(text: string, original: Uint8Array | undefined): string {
  return original && hasUtf8Bom(original) && !text.startsWith('\uFEFF') ? `\uFEFF${text}` : text;
}

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.e2f-${randomBytes(6).toString('hex')}.tmp`);
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

function isFor(error: unknown, p: string): boolean {
  return (error as NodeJS.ErrnoException)?.path === p;
}

/** A file-system failure as one line the user can act on ("cannot write a.js: permission denied"). */
function fsError(what: string, error: unknown, tail = ''): Error {
  if (error instanceof UsageError || error instanceof InterruptedError) return error;
  const { reason } = describeFsError(error);
  return new UsageError(`cannot ${what}: ${reason}${tail}`, { cause: error });
}

async function fsStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw fsError(what, error);
  }
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearest(p: string): Promise<string> {
  const rest: string[] = [];
  for (let dir = p; ; dir = path.dirname(dir)) {
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...rest.reverse());
    if (path.dirname(dir) === dir) return p;
    rest.push(path.basename(dir));
  }
}

/** True when git reports changes under `root`; false outside a work tree or without git. */
async function hasUncommittedChanges(root: string): Promise<boolean> {
  try {
    const { stdout } = await run('git', ['status', '--porcelain', '--', '.'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim() !== '';
  } catch {
    return false;
  }
}
