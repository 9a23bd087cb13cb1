/**
 * The ratchet: a baseline file records the findings a team accepts for now; `check --baseline`
 * fails only on findings it does not list. Entries carry a message and file for the humans who
 * review the file in a diff; only the fingerprint is compared.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../emit.js';
import { UsageError } from '../errors.js';
import type { BaselineEntry, BaselineFile, Finding } from './types.js';

export async function readBaseline(file: string, shownAs: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`baseline not found: ${shownAs} (create it with --update-baseline)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`baseline is not valid JSON: ${shownAs}`);
  }
  const d = data as Partial<BaselineFile> | null;
  const valid =
    !!d &&
    d.tool === 'express-to-fastify' &&
    d.version === 1 &&
    Array.isArray(d.findings) &&
    d.findings.every((e) => !!e && typeof e === 'object' && typeof (e as BaselineEntry).fingerprint === 'string');
  if (!valid) throw new UsageError(`not an express-to-fastify baseline (version 1): ${shownAs}`);
  return d as BaselineFile;
}

export function toEntry(f: Finding): BaselineEntry {
  return { fingerprint: f.fingerprint, code: f.code, file: f.file, message: f.message };
}

/** Sorted so that the file diffs well: by file, code, message, fingerprint. */
export function makeBaseline(entries: BaselineEntry[]): BaselineFile {
  const key = (e: BaselineEntry) => [e.file, e.code, e.message, e.fingerprint];
  const sorted = [...entries].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
  return { tool: 'express-to-fastify', version: 1, findings: sorted };
}

export function serializeBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Atomic (src/emit.ts): a reader never sees half a baseline. */
export async function writeBaseline(file: string, baseline: BaselineFile): Promise<void> {
  await writeFileAtomic(file, serializeBaseline(baseline));
}
