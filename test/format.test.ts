import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
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

describe('formatSource: config errors and line endings', () => {
  it('throws a one-line UsageError for a config Prettier cannot read', async () => {
    const root = tmpProject({ '.prettierrc': '{ "semi": false, ', 'a.js': ugly });
    const error = await formatSource(path.join(root, 'a.js'), ugly).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^invalid Prettier config .*\.prettierrc: .* \(fix it, or remove it to migrate without formatting\)$/);
    expect((error as Error).message).not.toContain('\n');
  });

  it("keeps a CRLF file's line endings unless the config sets endOfLine", async () => {
    const crlf = 'const a = {b:1}\r\nconst c = 2\r\n';
    const root = tmpProject({ '.prettierrc': '{"semi":false}', 'a.js': crlf, 'lf/.prettierrc': '{"endOfLine":"lf"}', 'lf/a.js': crlf });
    expect(await formatSource(path.join(root, 'a.js'), crlf)).toBe('const a = { b: 1 }\r\nconst c = 2\r\n');
    expect(await formatSource(path.join(root, 'lf/a.js'), crlf)).toBe('const a = { b: 1 };\nconst c = 2;\n');
  });
});
