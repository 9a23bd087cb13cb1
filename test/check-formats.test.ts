/**
 * Every `check --format` on the three fixture apps (Express, half-migrated, fully migrated), and
 * the SARIF output validated against the official SARIF 2.1.0 JSON schema (vendored in
 * test/fixtures-check/schema/, see its README for where it comes from).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderGithub } from '../src/check/render.js';
import type { CheckOutcome, Finding } from '../src/check/types.js';
import { cli } from '../src/cli/index.js';
import { PROJECT_ROOT } from './helpers/fixtures.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures-check');
const APPS = { 'express-app': 11, 'half-migrated': 13, 'fully-migrated': 0 } as const;
type App = keyof typeof APPS;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'schema/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

/** Runs `check` from the repository root, as CI would from a checkout. */
async function check(app: App, ...flags: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), cwd: PROJECT_ROOT, env: {}, isTTY: false };
  const code = await cli(['check', '--root', `test/fixtures-check/${app}`, ...flags], io);
  return { code, stdout, stderr };
}

const apps = Object.entries(APPS) as [App, number][];

describe('check --format text', () => {
  it.each(apps)('%s: findings grouped by file, a fix hint each, then the verdict', async (app, count) => {
    const { code, stdout, stderr } = await check(app);
    expect(stderr).toBe('');
    expect(code).toBe(count ? 1 : 0);
    const lines = stdout.trimEnd().split('\n');
    const findingLines = lines.filter((l) => /^ {2}\d+:\d+ +E2F2\d\d {2}/.test(l));
    expect(findingLines).toHaveLength(count);
    expect(lines.filter((l) => /^ +fix: /.test(l))).toHaveLength(count);
    // Each file heading sits on its own line, unindented, before its findings.
    const headings = lines.filter((l) => /^\S/.test(l) && !l.startsWith('check '));
    expect(new Set(headings).size).toBe(headings.length);
    expect(lines.at(-1)).toBe(
      count
        ? `check failed: ${count} Express usages left in ${headings.length} files`
        : 'check passed: no Express left (3 files checked)',
    );
  });

  it('colours only on a terminal', async () => {
    let out = '';
    const io = { stdout: (s: string) => (out += s), stderr: () => {}, cwd: PROJECT_ROOT, env: {}, isTTY: true };
    await cli(['check', '--root', 'test/fixtures-check/half-migrated'], io);
    expect(out).toContain('\x1b[31mE2F204\x1b[39m');
    expect((await check('half-migrated')).stdout).not.toContain('\x1b[');
  });
});

describe('check --format json', () => {
  it.each(apps)('%s: one object with every finding', async (app, count) => {
    const { code, stdout } = await check(app, '--format', 'json');
    expect(code).toBe(count ? 1 : 0);
    const json = JSON.parse(stdout);
    expect(json.passed).toBe(count === 0);
    expect(json.summary).toMatchObject({ total: count, new: count, baselined: 0, fixed: 0, maxRemaining: null });
    expect(json.findings).toHaveLength(count);
    for (const f of json.findings as Finding[]) {
      expect(f).toMatchObject({ code: expect.stringMatching(/^E2F2\d\d$/), severity: 'error', line: expect.any(Number), column: expect.any(Number) });
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.hint.length).toBeGreaterThan(0);
    }
    expect(new Set(json.findings.map((f: Finding) => f.fingerprint)).size).toBe(count);
  });
});

describe('check --format github', () => {
  it.each(apps)('%s: one workflow command per finding, paths from the checkout', async (app, count) => {
    const { code, stdout } = await check(app, '--format', 'github');
    expect(code).toBe(count ? 1 : 0);
    const lines = stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(count);
    for (const c of commands) {
      expect(c).toMatch(new RegExp(`^::error file=test/fixtures-check/${app}/[^,:]+,line=\\d+,col=\\d+,title=E2F2\\d\\d [^:,]+::\\S.*$`));
    }
    expect(lines.at(-1)).toMatch(/^check (passed|failed): /);
  });

  it('escapes what would end a property or a command', () => {
    const f: Finding = {
      code: 'E2F204',
      name: 'CHECK_ROUTE',
      severity: 'error',
      message: 'Route served by Express: GET /a,b:c 100%\nnext',
      hint: 'Port it.',
      file: 'we,ird:name.js',
      line: 3,
      column: 5,
      fingerprint: 'x',
    };
    const outcome: CheckOutcome = { findings: [f], fixed: [], filesScanned: 1, total: 1, newCount: 1, baselined: 0, baselineUsed: false, maxRemaining: undefined, passed: false, reasons: ['x'] };
    const [line] = renderGithub(outcome, { root: '/r', cwd: '/r' }).split('\n');
    expect(line).toBe('::error file=we%2Cird%3Aname.js,line=3,col=5,title=E2F204 Route served by Express::Route served by Express: GET /a,b:c 100%25%0Anext. Port it.');
  });
});

describe('check --format sarif', () => {
  it('the vendored schema is the SARIF 2.1.0 one', () => {
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(schema.properties.version.enum).toEqual(['2.1.0']);
    // It rejects what is not SARIF, so a pass below means something.
    expect(validateSarif({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it.each(apps)('%s: valid SARIF 2.1.0, one result per finding, rules for every code', async (app, count) => {
    const { code, stdout } = await check(app, '--format', 'sarif');
    expect(code).toBe(count ? 1 : 0);
    const log = JSON.parse(stdout);
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('express-to-fastify');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['E2F201', 'E2F202', 'E2F203', 'E2F204', 'E2F205', 'E2F206', 'E2F207', 'E2F208']);
    expect(run.results).toHaveLength(count);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(new RegExp(`^test/fixtures-check/${app}/`));
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(r.partialFingerprints['expressToFastify/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.baselineState).toBeUndefined();
    }
  });
});
