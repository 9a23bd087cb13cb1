/**
 * `check` from the command line: the ratchet end to end on the half-migrated fixture (fails with
 * the remaining routes listed, passes with a baseline, fails again on a new Express route,
 * passes on a fully migrated app), exact exit codes, usage errors, and `migrate --dry-run
 * --exit-code`.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/cli/index.js';
import { PROJECT_ROOT } from './helpers/fixtures.js';
import { tmpProject } from './helpers/tmp.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures-check');

function copyOf(name: string): string {
  const dir = tmpProject();
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

const NEW_ROUTE = "router.delete('/reports/:id', (req, res) => res.sendStatus(204));\n\nmodule.exports = router;";

describe('check: the ratchet, end to end', () => {
  it('fails with the remaining routes, passes with a baseline, fails on a new Express route, passes once migrated', async () => {
    const dir = copyOf('half-migrated');

    const first = await run(['check'], dir);
    expect(first.code).toBe(1);
    for (const route of ['GET /export', 'GET /legacy/reports', 'POST /legacy/reports']) expect(first.stdout).toContain(`Route served by Express: ${route}`);
    expect(first.stdout).toContain('check failed: 13 Express usages left in 3 files');

    const update = await run(['check', '--baseline', '.e2f-baseline.json', '--update-baseline'], dir);
    expect(update).toMatchObject({ code: 0, stderr: 'wrote 13 entries to .e2f-baseline.json\n' });
    const baseline = JSON.parse(readFileSync(path.join(dir, '.e2f-baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ tool: 'express-to-fastify', version: 1 });
    expect(baseline.findings).toHaveLength(13);
    expect(Object.keys(baseline.findings[0]).sort()).toEqual(['code', 'file', 'fingerprint', 'message']);

    const allowed = await run(['check', '--baseline', '.e2f-baseline.json'], dir);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe('check passed: 13 Express usages left in 3 files, all allowed by the baseline\n');

    // Someone adds an Express route, and moves the others down a few lines while at it.
    const legacy = path.join(dir, 'routes/legacy.js');
    writeFileSync(legacy, `// Reports still on Express.\n\n${readFileSync(legacy, 'utf8').replace('module.exports = router;', NEW_ROUTE)}`);
    const grown = await run(['check', '--baseline', '.e2f-baseline.json'], dir);
    expect(grown.code).toBe(1);
    expect(grown.stdout).toBe(
      [
        'routes/legacy.js',
        '  15:8  E2F204  Route served by Express: DELETE /legacy/reports/:id (router.delete)',
        '                fix: Port it to a Fastify route with an `async (request, reply)` handler that returns its payload.',
        '',
        'check failed: 14 Express usages left in 3 files, 1 not in the baseline',
        '',
      ].join('\n'),
    );

    const github = await run(['check', '--baseline', '.e2f-baseline.json', '--format', 'github'], dir);
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      '::error file=routes/legacy.js,line=15,col=8,title=E2F204 Route served by Express::Route served by Express: DELETE /legacy/reports/:id (router.delete). Port it to a Fastify route with an `async (request, reply)` handler that returns its payload.',
    ]);

    const sarif = JSON.parse((await run(['check', '--baseline', '.e2f-baseline.json', '--format', 'sarif'], dir)).stdout);
    const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState);
    expect(states.filter((s: string) => s === 'new')).toHaveLength(1);
    expect(states.filter((s: string) => s === 'unchanged')).toHaveLength(13);

    const migrated = await run(['check'], copyOf('fully-migrated'));
    expect(migrated).toMatchObject({ code: 0, stdout: 'check passed: no Express left (3 files checked)\n', stderr: '' });
  });

  it('says when the baseline can be tightened', async () => {
    const dir = copyOf('half-migrated');
    await run(['check', '--baseline', 'b.json', '--update-baseline'], dir);
    // The compat route is ported by hand: one entry fewer is needed.
    const app = path.join(dir, 'app.js');
    writeFileSync(app, readFileSync(app, 'utf8').replace(/expressCompat\.get\('\/export'[\s\S]*?\n\}\);\n/, ''));
    const { code, stdout } = await run(['check', '--baseline', 'b.json', '--format', 'json'], dir);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.summary).toMatchObject({ total: 12, new: 0, baselined: 12, fixed: 1 });
    expect(json.fixed[0].message).toBe('Route served by Express: GET /export (expressCompat.get, through @fastify/express)');
    expect((await run(['check', '--baseline', 'b.json'], dir)).stdout).toContain('1 baseline entry fixed since (run with --update-baseline to lock that in)');
  });

  it('--update-baseline on some paths keeps the entries of the others', async () => {
    const dir = copyOf('half-migrated');
    await run(['check', '--baseline', 'b.json', '--update-baseline'], dir);
    const read = () => JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')).findings as { file: string }[];
    expect(read()).toHaveLength(13);
    writeFileSync(path.join(dir, 'routes/legacy.js'), 'module.exports = {};\n');
    expect((await run(['check', 'routes/legacy.js', '--baseline', 'b.json', '--update-baseline'], dir)).code).toBe(0);
    expect(read()).toHaveLength(9);
    expect(read().some((e) => e.file === 'routes/legacy.js')).toBe(false);
    expect((await run(['check', '--baseline', 'b.json'], dir)).code).toBe(0);
  });

  it('--max-remaining: exit 0 at the bar, 1 above it', async () => {
    const dir = path.join(FIXTURES, 'half-migrated');
    expect((await run(['check', '--max-remaining', '13'], dir)).code).toBe(0);
    const over = await run(['check', '--max-remaining', '12'], dir);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('check failed: 13 Express usages left in 3 files, more than --max-remaining 12');
    expect((await run(['check', '--max-remaining', '0'], path.join(FIXTURES, 'fully-migrated'))).code).toBe(0);
  });

  it('checks only the paths given, relative to where it runs, like migrate', async () => {
    const root = path.join(FIXTURES, 'half-migrated');
    const one = await run(['check', '--root', root, path.join(root, 'routes/users.js'), '--format', 'json'], PROJECT_ROOT);
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['routes/users.js']);
  });
});

describe('check: usage errors exit 2 with one line', () => {
  it.each([
    [['check', '--update-baseline'], 'express-to-fastify: --update-baseline needs --baseline <file>\n'],
    [['check', '--max-remaining', '-1'], 'express-to-fastify: --max-remaining takes a whole number, 0 or more\n'],
    [['check', '--max-remaining', 'many'], 'express-to-fastify: --max-remaining takes a whole number, 0 or more\n'],
    [['check', '--baseline', 'nope.json'], 'express-to-fastify: baseline not found: nope.json (create it with --update-baseline)\n'],
    [['check', 'nope'], 'express-to-fastify: path not found: nope\n'],
    [['check', '--root', 'nope'], 'express-to-fastify: root not found: nope\n'],
    [['check', '--bogus'], 'express-to-fastify: unknown argument: --bogus (see --help)\n'],
  ])('%j', async (argv, message) => {
    const dir = copyOf('fully-migrated');
    const { code, stdout, stderr } = await run(argv, dir);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('a folder with no source files is not a pass', async () => {
    const dir = tmpProject({ 'README.md': '# nothing here\n' });
    expect(await run(['check'], dir)).toEqual({ code: 2, stdout: '', stderr: 'express-to-fastify: no JavaScript or TypeScript files found in .\n' });
  });

  it('an unknown format or a file that is not a baseline', async () => {
    const dir = copyOf('fully-migrated');
    const format = await run(['check', '--format', 'xml'], dir);
    expect(format).toEqual({ code: 2, stdout: '', stderr: 'express-to-fastify: unknown --format xml: use text, json, github, sarif\n' });
    writeFileSync(path.join(dir, 'bad.json'), '{ "findings": [] }');
    expect(await run(['check', '--baseline', 'bad.json'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'express-to-fastify: not an express-to-fastify baseline (version 1): bad.json\n',
    });
    writeFileSync(path.join(dir, 'broken.json'), '{');
    expect((await run(['check', '--baseline', 'broken.json'], dir)).stderr).toBe('express-to-fastify: baseline is not valid JSON: broken.json\n');
  });

  it('check --help lists its flags, and the README documents each', async () => {
    const { code, stdout } = await run(['check', '--help'], PROJECT_ROOT);
    expect(code).toBe(0);
    const flags = [...new Set(stdout.match(/(?<=^\s+(?:-\w, )?)--[a-z][a-z-]*/gm))];
    expect(flags).toEqual(expect.arrayContaining(['--format', '--baseline', '--update-baseline', '--max-remaining', '--root']));
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const flag of flags) expect(readme, `README.md does not mention \`${flag}\``).toContain(`\`${flag}`);
    expect(readme).toContain('npx express-to-fastify check');
  });
});

describe('migrate --dry-run --exit-code', () => {
  const APP = "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.json({ ok: true }));\napp.listen(3000);\n";

  it('exits 1 when there is a diff, where a plain --dry-run exits 0; writes nothing', async () => {
    const dir = tmpProject({ 'app.js': APP, 'package.json': '{ "name": "a", "dependencies": { "express": "^5.1.0" } }\n' });
    const plain = await run(['migrate', '--dry-run'], dir);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('diff --git a/app.js b/app.js');
    const gated = await run(['migrate', '--dry-run', '--exit-code'], dir);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toBe(plain.stdout);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(APP);
  });

  it('exits 0 when there is nothing to change', async () => {
    const dir = copyOf('fully-migrated');
    const { code, stdout } = await run(['migrate', '--dry-run', '--exit-code'], dir);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('needs --dry-run', async () => {
    const dir = tmpProject({ 'app.js': APP });
    expect(await run(['migrate', '--exit-code'], dir)).toEqual({ code: 2, stdout: '', stderr: 'express-to-fastify: --exit-code needs --dry-run\n' });
    expect(existsSync(path.join(dir, 'app.js'))).toBe(true);
  });
});
