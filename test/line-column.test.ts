/**
 * src/analyze/line-column.ts must answer exactly what ts-morph's getLineAndColumnAtPos answers
 * (it replaces it for speed): every position of texts with LF, CRLF, lone CR, Unicode line
 * separators, a final newline or none, and an empty file.
 */
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { lineAndColumnAt } from '../src/analyze/line-column.js';

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noLib: true } });

function check(name: string, text: string): void {
  const sf = project.createSourceFile(`/${name}.js`, text, { overwrite: true });
  for (let pos = 0; pos <= text.length; pos++) expect(lineAndColumnAt(sf, pos), `${name} @${pos}`).toEqual(sf.getLineAndColumnAtPos(pos));
}

describe('lineAndColumnAt', () => {
  it('matches ts-morph on hand-picked texts', () => {
    check('empty', '');
    check('lf', "const a = 1;\napp.get('/', h);\n");
    check('crlf', 'a();\r\nb();\r\n\r\nc();');
    check('cr', 'a();\rb();\r\rc();\n');
    check('separators', 'a("\u2028");\u2029b();\nc();');
    check('no-final-newline', 'x\ny');
  });

  it('matches ts-morph on random texts', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['a', ' ', '\n', '\r\n', '\r', 'x = 1;', '\u2028'];
    for (let n = 0; n < 200; n++) {
      let text = '';
      const len = Math.floor(rand() * 40);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(rand() * pieces.length)];
      check(`random${n}`, text);
    }
  });

  it('follows a file that was overwritten with new text', () => {
    const sf = project.createSourceFile('/over.js', 'a\nb', { overwrite: true });
    expect(lineAndColumnAt(sf, 2)).toEqual({ line: 2, column: 1 });
    sf.replaceWithText('\n\n\nb');
    expect(lineAndColumnAt(sf, 3)).toEqual(sf.getLineAndColumnAtPos(3));
  });
});
