/**
 * ts-morph's `SourceFile.getLineAndColumnAtPos`, answered from an index of the file's line breaks.
 * ts-morph counts the newlines before the position on every call, which makes locating every
 * route of a file quadratic in its length (about 4 s of the analysis on the 5,000-file stress
 * bench). Same answers: the line is 1 + the number of `\n` before the position, and the column
 * is 1 + the distance from the last `\n` or `\r` before it.
 */
import type { SourceFile } from 'ts-morph';

interface Breaks {
  text: string;
  /** Offsets of `\n`, ascending. */
  newlines: number[];
  /** Offsets of `\n` and `\r`, ascending. */
  breaks: number[];
}

const cache = new WeakMap<SourceFile, Breaks>();

function breaksOf(sf: SourceFile): Breaks {
  const text = sf.getFullText();
  let b = cache.get(sf);
  if (b && b.text === text) return b;
  const newlines: number[] = [];
  const breaks: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) newlines.push(i);
    if (c === 10 || c === 13) breaks.push(i);
  }
  b = { text, newlines, breaks };
  cache.set(sf, b);
  return b;
}

/** How many entries of ascending `xs` are below `pos`. */
function countBelow(xs: number[], pos: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function lineAndColumnAt(sf: SourceFile, pos: number): { line: number; column: number } {
  const { newlines, breaks } = breaksOf(sf);
  const before = countBelow(breaks, pos);
  const lineStart = before === 0 ? 0 : breaks[before - 1]! + 1;
  return { line: countBelow(newlines, pos) + 1, column: pos - lineStart + 1 };
}
