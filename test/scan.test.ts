/**
 * `scan` (an assessment: tables, --json, --report, exit 0, nothing written but the reports) and
 * `migrate --report` (the report next to a real migration, the headline in the summary), run
 * through the CLI on copies of the fixture apps with the real engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli, type CliIO } from '../src/cli/index.js';
import { DEFAULT_ASSUMPTIONS } from '../src/report/effort.js';
import type { ReportData } from '../src/report/index.js';
import { FIXTURES_DIR, PROJECT_ROOT } from './helpers/fixtures.js';
import { tmpProject } from './helpers/tmp.js';

async function run(argv: string[], cwd: string, extra: Partial<CliIO> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false, ...extra });
  return { code, stdout, stderr };
}

/** A copy of a fixture's input in a fresh temp folder (the project), plus a sibling folder for outputs. */
function copyFixture(name: string): { dir: string; project: string } {
  const dir = tmpProject();
  const project = path.join(dir, 'project');
  fs.cpSync(path.join(FIXTURES_DIR, name, 'input'), project, { recursive: true });
  return { dir, project };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dir, p)] = `${fs.statSync(p).mtimeMs} ${fs.readFileSync(p, 'utf8')}`;
  }
  return out;
}

const validate = new Ajv2020({ strict: true, formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/ } }).compile(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schema/report.schema.json'), 'utf8')) as object,
);

describe('scan', () => {
  it('prints every app, router, route and middleware with its verdict, writes nothing, exits 0', async () => {
    const { dir, project } = copyFixture('routers-nested-cjs');
    const before = snapshot(dir);
    const { code, stdout, stderr } = await run(['scan', '--root', 'project'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    for (const section of ['apps and routers (4)', 'routes (8)', 'middleware (7)', 'needs a human', 'summary: 8 endpoints']) expect(stdout).toContain(section);
    expect(stdout).toMatch(/^ {2}GET +\/api\/v1\/books\/:id +routes\/books\.js:30 +native/m);
    expect(stdout).toMatch(/^ {2}DELETE +\/api\/v1\/books\/:id +routes\/books\.js:46 +native/m);
    expect(stdout).toMatch(/^ {2}router +router +\/api\/v1\/authors +routes\/authors\.js:3 +native/m);
    expect(stdout).toMatch(/^ {2}express\.json +app +app\.js:5 +native/m);
    expect(fs.existsSync(path.join(project, 'report.html'))).toBe(false);
  });

  it('exits 0 even when routes need a human, and names file:line and the reason', async () => {
    const { dir } = copyFixture('core-compat-res');
    const { code, stdout } = await run(['scan', '--root', 'project'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}GET +\/orders\.csv +app\.js:26 +compat +Route handler kept on an Express router/m);
    expect(stdout).toMatch(/^ {2}app\.js:26 {2}E2F102 {2}GET \/orders\.csv: /m);
  });

  it('--json prints the report, valid against the schema, with the same totals', async () => {
    const { dir } = copyFixture('core-cjs-express4');
    const { code, stdout, stderr } = await run(['scan', '--root', 'project', '--json'], dir);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as ReportData;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.command).toBe('scan');
    expect(report.totals.endpoints).toBe(9);
    expect(report.routes.map((r) => `${r.method} ${r.path}`)).toContain('PATCH /todos/:id');
  });

  it('--report writes Markdown, JSON and HTML by extension, each once', async () => {
    const { dir, project } = copyFixture('routers-nested-cjs');
    const before = snapshot(project);
    const args = ['scan', '--root', 'project', '--report', 'out/r.md', '--report', 'out/r.json', '--report', 'out/r.html', '--report', 'out/r.md'];
    const { code, stdout } = await run(args, dir);
    expect(code).toBe(0);
    expect(snapshot(project)).toEqual(before);
    expect(stdout).toContain('report (markdown): out/r.md\nreport (json): out/r.json\nreport (html): out/r.html\n');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/r.json'), 'utf8')) as ReportData;
    expect(validate(json)).toBe(true);
    expect(json.totals.endpoints).toBe(8);
    const md = fs.readFileSync(path.join(dir, 'out/r.md'), 'utf8');
    expect(md).toContain('| Endpoints found | 8 |');
    // Links go from the report's folder to the sources.
    expect(md).toContain('[routes/books.js:30](../project/routes/books.js#L30)');
    const html = fs.readFileSync(path.join(dir, 'out/r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('href="../project/routes/books.js#L30"');
  });

  it('--assume and --assumptions change the estimate and are cited', async () => {
    const { dir } = copyFixture('core-cjs-express4');
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ reviewMinutesPerFile: { expected: 0, source: 'no review' } }));
    const base = JSON.parse((await run(['scan', '--root', 'project', '--json'], dir)).stdout) as ReportData;
    const changed = JSON.parse((await run(['scan', '--root', 'project', '--json', '--assume', 'nativeEndpointMinutes=60', '--assumptions', 'a.json'], dir)).stdout) as ReportData;
    const native = changed.effort.assumptions.find((a) => a.key === 'nativeEndpointMinutes')!;
    expect(native).toMatchObject({ low: 60, expected: 60, high: 60, overridden: true });
    expect(native.source).toContain('--assume nativeEndpointMinutes=60');
    expect(changed.effort.assumptions.find((a) => a.key === 'reviewMinutesPerFile')?.source).toBe('no review (set in a.json)');
    expect(changed.effort.expected.reviewMinutes).toBe(0);
    expect(changed.effort.expected.savedDays).toBeGreaterThan(base.effort.expected.savedDays);
    const t = changed.totals;
    const doc = DEFAULT_ASSUMPTIONS.documentedEndpointMinutes.expected;
    expect(changed.effort.expected.savedDays).toBeCloseTo((t.native * 60 + t.compat * 5 + t.middleware.mapped * 30 + t.openapiOperations * doc) / 60 / 8, 2);
  });

  it.each([
    [['--report', 'r.txt'], 'unknown report format'],
    [['--report', 'package.json'], 'refusing to overwrite a package.json'],
    [['--assume', 'speed=10'], 'unknown assumption "speed"'],
    [['--assume', 'nativeEndpointMinutes=fast'], 'must be a number'],
    [['--assumptions', 'missing.json'], '--assumptions missing.json: no such file'],
    [['project/nope'], 'path not found: project/nope'],
  ])('%j is a usage error (exit 2, one line)', async (flags, message) => {
    const { dir } = copyFixture('core-cjs-express4');
    const { code, stdout, stderr } = await run(['scan', '--root', 'project', ...flags], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
    expect(fs.existsSync(path.join(dir, 'r.txt'))).toBe(false);
  });

  it('--help documents the flags and the exit code', async () => {
    const { code, stdout } = await run(['scan', '--help'], PROJECT_ROOT);
    expect(code).toBe(0);
    for (const flag of ['--json', '--report', '--assume', '--assumptions', '--root']) expect(stdout).toContain(flag);
    expect(stdout).toContain('Exit codes: 0 the scan ran');
  });
});

describe('migrate --report', () => {
  it('writes the report after the migration and adds the headline to the summary', async () => {
    const { dir } = copyFixture('core-cjs-express4');
    const { code, stdout } = await run(['migrate', '--root', 'project', '--out', 'migrated', '--report', 'report.html', '--report', 'report.json'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('estimated effort saved: ');
    expect(stdout).toContain('developer-days (range ');
    expect(stdout).toMatch(/report \(html\): report\.html\nreport \(json\): report\.json\n$/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportData;
    expect(validate(json)).toBe(true);
    expect(json).toMatchObject({ command: 'migrate', mode: 'out', project: { outDir: path.join(dir, 'migrated') } });
    expect(json.totals.files.changed).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('data-card="endpoints"><span class="value">9</span>');
  });

  it('--dry-run puts the report lines on stderr with the summary; --json lists the reports', async () => {
    const { dir } = copyFixture('core-cjs-express4');
    const dry = await run(['migrate', '--root', 'project', '--dry-run', '--report', 'r.md'], dir);
    expect(dry.stdout).toMatch(/^diff --git/);
    expect(dry.stdout).not.toContain('report (markdown)');
    expect(dry.stderr).toContain('report (markdown): r.md');
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain('mode migrate --dry-run (nothing written)');
    const json = await run(['migrate', '--root', 'project', '--dry-run', '--json', '--report', 'r.json'], dir);
    expect(JSON.parse(json.stdout).reports).toEqual([path.join(dir, 'r.json')]);
  });

  it('a bad --report fails before anything is written', async () => {
    const { dir, project } = copyFixture('core-cjs-express4');
    const before = snapshot(dir);
    const { code, stderr } = await run(['migrate', '--root', 'project', '--out', 'migrated', '--report', 'r.pdf'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown report format');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.existsSync(path.join(project, '..', 'migrated'))).toBe(false);
  });
});
