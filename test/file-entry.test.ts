/** `fileEntry` (src/inventory.ts) answers as `files.find((f) => f.file === rel)` does, as files are added. */
import { expect, it } from 'vitest';
import { fileEntry, type FileInventory } from '../src/inventory.js';

const entry = (file: string, tag: string) => ({ file, tag }) as unknown as FileInventory;

it('gives the first entry of a file, or undefined, and sees files added later', () => {
  const files = [entry('a.js', '1'), entry('b.js', '1'), entry('a.js', '2')];
  const names = ['a.js', 'b.js', 'c.js', 'd.js', ''];
  const check = () => {
    for (const name of names) expect(fileEntry(files, name), name).toBe(files.find((f) => f.file === name));
  };
  check();
  files.push(entry('c.js', '1'));
  check();
  files.push(entry('c.js', '2'), entry('d.js', '1'));
  check();
  // Another array holding the same names has its own index.
  const other = [entry('d.js', 'other')];
  expect(fileEntry(other, 'd.js')).toBe(other[0]);
  expect(fileEntry(files, 'd.js')).toBe(files[5]);
});
