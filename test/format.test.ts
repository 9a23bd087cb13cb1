import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../src/format.js';
import { tmpProject } from './helpers/tmp.js';

const ugly = 'const a = {b:1,c:"x"}\n';

describe('formatSource', () => {
  it('leaves the text alone when the project has no Prettier config', async () => {
    const root = tmpProject({ 'a.js': ugly });
    expect(await formatSource(path.join(root, 'a.js'), ugly)).toBe(ugly);
  });

  it("formats with the project's config and the parser for the file's extension", async () => {
    const root = tmpProject({ '.prettierrc': '{"singleQuote":true,"semi":false}', 'src/a.ts': ugly });
    expect(await formatSource(path.join(root, 'src/a.ts'), ugly)).toBe("const a = { b: 1, c: 'x' }\n");
  });

  it('respects .prettierignore', async () => {
    const root = tmpProject({ '.prettierrc': '{}', '.prettierignore': 'legacy/\n', 'legacy/a.js': ugly });
    expect(await formatSource(path.join(root, 'legacy/a.js'), ugly)).toBe(ugly);
  });

  it('returns the text unchanged when Prettier fails, and says why', async () => {
    const root = tmpProject({ '.prettierrc': '{}' });
    const errors: unknown[] = [];
    expect(await formatSource(path.join(root, 'bad.js'), 'const = ;', (e) => errors.push(e))).toBe('const = ;');
    expect(errors).toHaveLength(1);
  });
});
