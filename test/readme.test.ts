/**
 * The README cannot drift from the code: its diagnostics table is exactly what src/diagnostics.ts
 * says (every code, title, severity and hint, in registry order), and its quick start runs scripts
 * that package.json really has — the same `npm test` that .ci/run runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/cli/index.js';
import { CODES } from '../src/diagnostics.js';
import { PROJECT_ROOT } from './helpers/fixtures.js';

const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The text between `<!-- name:start -->` and `<!-- name:end -->`. */
function section(name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme);
  if (!match) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> section`);
  return match[1];
}

/** The diagnostics table as it must read; on a mismatch, paste this into README.md. */
function expectedCodesTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = Object.values(CODES).map((c) => `| ${c.id} | ${cell(c.title)} | ${c.severity} | ${cell(c.hint)} |`);
  return ['| Code | Title | Severity | What to do |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** The command lines of a shell block, comments dropped: `npm ci && npm run example   # …`. */
function commandLines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line.startsWith('npm '));
}

describe('README.md', () => {
  it('lists every diagnostic code with its title, severity and hint', () => {
    const table = section('codes');
    for (const c of Object.values(CODES)) expect(table).toContain(`| ${c.id} | ${c.title} |`);
    expect(table).toBe(expectedCodesTable());
  });

  it('quick start is exactly two commands, both runnable from package.json', () => {
    const block = section('quick-start');
    const lines = commandLines(block);
    expect(lines).toEqual(['npm ci && npm run example', 'npm test']);
    for (const command of lines.flatMap((l) => l.split('&&').map((c) => c.trim()))) {
      if (command === 'npm ci') continue;
      const script = /^npm (?:run (\S+)|(test))$/.exec(command);
      expect(script, `${command} is not an npm script invocation`).not.toBeNull();
      const name = script![1] ?? script![2];
      expect(pkg.scripts, `package.json has no "${name}" script`).toHaveProperty(name);
    }
  });

  it('the example script migrates examples/todo-api into examples/todo-api-fastify', () => {
    expect(pkg.scripts.example).toContain('--root examples/todo-api');
    expect(pkg.scripts.example).toContain('--out examples/todo-api-fastify');
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'examples/todo-api/app.js'))).toBe(true);
  });

  it('CI runs the same test command as the README', () => {
    const ci = fs.readFileSync(path.join(PROJECT_ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^\s*npm test\b/m);
    // The JSON report CI counts from is written by `npm test` itself.
    expect(pkg.scripts.test).toMatch(/^vitest run\b/);
    expect(pkg.scripts.test).toContain('--outputFile.json=.tmp/vitest.json');
  });

  it('documents every option that `migrate --help` lists', async () => {
    let help = '';
    const io = { stdout: (s: string) => (help += s), stderr: () => {}, cwd: PROJECT_ROOT, env: {}, isTTY: false };
    expect(await cli(['migrate', '--help'], io)).toBe(0);
    const flags = [...new Set(help.match(/(?<=^\s+(?:-\w, )?)--[a-z][a-z-]*/gm))];
    expect(flags).toContain('--dry-run');
    for (const flag of flags) expect(readme, `README.md does not mention \`${flag}\``).toContain(`\`${flag}`);
  });
});
