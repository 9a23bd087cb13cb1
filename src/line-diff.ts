/**
 * The line diff behind `--dry-run`: the same patch text as jsdiff's `createTwoFilesPatch` (4 lines
 * of context, file headers only), computed about ten times faster.
 *
 * jsdiff runs Myers' algorithm with two objects allocated per diagonal per edit step and string
 * comparisons in the snakes; a migrated file differs from its original on most lines (new
 * handlers, schemas, the project's Prettier style), so that was about 5 ms a file, a tenth of a
 * large run's finishing. This is the same algorithm, step for step (same diagonal order, same
 * choice between insertion and removal, same pruning), on interned line numbers in typed arrays.
 * The edit path is kept as parent links, as jsdiff keeps it as linked components. Hunks are built
 * as jsdiff builds them and printed with jsdiff's own `formatPatch`. test/line-diff.test.ts
 * compares the two on every fixture and on random texts.
 */
import { formatPatch, FILE_HEADERS_ONLY } from 'diff';

const NONE = -2;
const COMMON = 0;
const ADD = 1;
const REMOVE = 2;
type Op = typeof COMMON | typeof ADD | typeof REMOVE;

interface Component {
  op: Op;
  lines: string[];
}

/** jsdiff's line tokens: each line with its line break ("\n" or "\r\n"), no empty token. */
function lineTokens(text: string): string[] {
  const parts = text.split(/(\n|\r\n)/);
  if (!parts[parts.length - 1]) parts.pop();
  const tokens: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2) tokens[tokens.length - 1] += parts[i];
    else tokens.push(parts[i]!);
  }
  return tokens.filter((t) => t !== '');
}

/** The edit path of one diagonal: records in growable typed arrays, linked to their parents. */
class PathRecords {
  parent = new Int32Array(1024);
  endX = new Int32Array(1024);
  op = new Uint8Array(1024);
  size = 0;

  add(parent: number, op: Op, endX: number): number {
    if (this.size === this.parent.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.endX = grow(this.endX);
      this.op = grow(this.op);
    }
    this.parent[this.size] = parent;
    this.op[this.size] = op;
    this.endX[this.size] = endX;
    return this.size++;
  }
}

/**
 * jsdiff's `diffLines(old, new, { maxEditLength })` as operations with their lines, or undefined
 * when the edit distance exceeds `maxEditLength`.
 */
export function diffLineComponents(before: string, after: string, maxEditLength: number): Component[] | undefined {
  const oldTokens = lineTokens(before);
  const newTokens = lineTokens(after);
  const ids = new Map<string, number>();
  const idOf = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(oldTokens, idOf);
  const b = Int32Array.from(newTokens, idOf);
  const oldLen = a.length;
  const newLen = b.length;
  const records = new PathRecords();

  // Edit length 0: the common start, on diagonal 0 (x: the last old line taken, y = x - k).
  let seedX = -1;
  while (seedX + 1 < newLen && seedX + 1 < oldLen && a[seedX + 1] === b[seedX + 1]) seedX++;
  const seed = records.add(-1, COMMON, seedX);
  if (seedX + 1 >= oldLen && seedX + 1 >= newLen) return components(records, seed, oldTokens, newTokens);

  const maxD = Math.min(oldLen + newLen, maxEditLength);
  const offset = maxD + 1;
  const bestX = new Int32Array(2 * maxD + 3).fill(NONE);
  const bestRecord = new Int32Array(2 * maxD + 3);
  bestX[offset] = seedX;
  bestRecord[offset] = seed;
  let minK = -Infinity;
  let maxK = Infinity;
  for (let d = 1; d <= maxD; d++) {
    for (let k = Math.max(minK, -d); k <= Math.min(maxK, d); k += 2) {
      const removeX = bestX[offset + k - 1]!;
      const addX = bestX[offset + k + 1]!;
      const removeRecord = bestRecord[offset + k - 1]!;
      // jsdiff drops the path it removes from: it is read by no one after this.
      if (removeX !== NONE) bestX[offset + k - 1] = NONE;
      const canAdd = addX !== NONE && addX - k >= 0 && addX - k < newLen;
      const canRemove = removeX !== NONE && removeX + 1 < oldLen;
      if (!canAdd && !canRemove) {
        bestX[offset + k] = NONE;
        continue;
      }
      const adding = !canRemove || (canAdd && removeX < addX);
      let x = adding ? addX : removeX + 1;
      let y = x - k;
      while (y + 1 < newLen && x + 1 < oldLen && a[x + 1] === b[y + 1]) {
        x++;
        y++;
      }
      const record = records.add(adding ? bestRecord[offset + k + 1]! : removeRecord, adding ? ADD : REMOVE, x);
      if (x + 1 >= oldLen && y + 1 >= newLen) return components(records, record, oldTokens, newTokens);
      bestX[offset + k] = x;
      bestRecord[offset + k] = record;
      if (x + 1 >= oldLen) maxK = Math.min(maxK, k - 1);
      if (y + 1 >= newLen) minK = Math.max(minK, k + 1);
    }
  }
  return undefined;
}

/** The path ending at `last` as jsdiff's components: runs of additions or removals merged, common runs between them. */
function components(records: PathRecords, last: number, oldTokens: string[], newTokens: string[]): Component[] {
  const runs: { op: Op; count: number }[] = [];
  const push = (op: Op, count: number) => {
    const top = runs[runs.length - 1];
    if (top && top.op === op && op !== COMMON) top.count += count;
    else runs.push({ op, count });
  };
  for (let r = last; r !== -1; r = records.parent[r]!) {
    const parent = records.parent[r]!;
    const op = records.op[r] as Op;
    const startX = parent === -1 ? -1 : op === REMOVE ? records.endX[parent]! + 1 : records.endX[parent]!;
    const common = records.endX[r]! - startX;
    if (common > 0) push(COMMON, common);
    if (op !== COMMON) push(op, 1);
  }
  runs.reverse();
  const out: Component[] = [];
  let oldPos = 0;
  let newPos = 0;
  for (const { op, count } of runs) {
    if (op === REMOVE) {
      out.push({ op, lines: oldTokens.slice(oldPos, (oldPos += count)) });
    } else {
      out.push({ op, lines: newTokens.slice(newPos, (newPos += count)) });
      if (op === COMMON) oldPos += count;
    }
  }
  return out;
}

const CONTEXT = 4;

interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** jsdiff's structuredPatch hunks (4 lines of context), from the components above. */
function hunksOf(diff: Component[]): Hunk[] {
  diff.push({ op: COMMON, lines: [] }); // closes the last hunk, as in jsdiff
  const hunks: Hunk[] = [];
  const context = (lines: string[]) => lines.map((l) => ` ${l}`);
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let curRange: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < diff.length; i++) {
    const { op, lines } = diff[i]!;
    if (op !== COMMON) {
      if (!oldRangeStart) {
        const prev = diff[i - 1];
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (prev) {
          curRange = context(prev.lines.slice(-CONTEXT));
          oldRangeStart -= curRange.length;
          newRangeStart -= curRange.length;
        }
      }
      for (const line of lines) curRange.push((op === ADD ? '+' : '-') + line);
      if (op === ADD) newLine += lines.length;
      else oldLine += lines.length;
      continue;
    }
    if (oldRangeStart) {
      if (lines.length <= CONTEXT * 2 && i < diff.length - 2) {
        curRange.push(...context(lines));
      } else {
        const contextSize = Math.min(lines.length, CONTEXT);
        curRange.push(...context(lines.slice(0, contextSize)));
        hunks.push({ oldStart: oldRangeStart, oldLines: oldLine - oldRangeStart + contextSize, newStart: newRangeStart, newLines: newLine - newRangeStart + contextSize, lines: curRange });
        oldRangeStart = 0;
        newRangeStart = 0;
        curRange = [];
      }
    }
    oldLine += lines.length;
    newLine += lines.length;
  }
  for (const hunk of hunks) {
    for (let i = 0; i < hunk.lines.length; i++) {
      if (hunk.lines[i]!.endsWith('\n')) {
        hunk.lines[i] = hunk.lines[i]!.slice(0, -1);
      } else {
        hunk.lines.splice(i + 1, 0, '\\ No newline at end of file');
        i++;
      }
    }
  }
  return hunks;
}

/**
 * `createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { headerOptions:
 * FILE_HEADERS_ONLY, maxEditLength })`: undefined when the edit distance exceeds maxEditLength.
 */
export function unifiedPatch(oldName: string, newName: string, before: string, after: string, maxEditLength: number): string | undefined {
  const diff = diffLineComponents(before, after, maxEditLength);
  if (!diff) return undefined;
  return formatPatch({ oldFileName: oldName, newFileName: newName, oldHeader: undefined, newHeader: undefined, hunks: hunksOf(diff) }, FILE_HEADERS_ONLY);
}
