/**
 * The migration report: its totals are the inventory's (every route once, across files), its
 * checklist names every item that needs a human with file:line and reason, its estimate follows
 * the stated formula, and the JSON validates against the published schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/diagnostics.js';
import { allMiddleware, allRoutes } from '../src/inventory.js';
import {
  applyOverrides,
  AssumptionError,
  DEFAULT_ASSUMPTIONS,
  estimateEffort,
  parseAssumeFlag,
  parseAssumptionsFile,
  type EffortInputs,
} from '../src/report/effort.js';
import { buildReport, formatFor, renderJson, renderMarkdown, type ReportData } from '../src/report/index.js';
import { planMigration } from '../src/run.js';
import type { MigrationPlan } from '../src/types.js';
import { FIXTURES_DIR, PROJECT_ROOT } from './helpers/fixtures.js';
import { tmpProject } from './helpers/tmp.js';

const META = { command: 'scan', mode: 'scan', toolVersion: '0.0.0-test' } as const;

const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schema/report.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

function expectValid(report: unknown) {
  const ok = validate(JSON.parse(JSON.stringify(report)));
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

const plans = new Map<string, Promise<MigrationPlan>>();
const planFor = (fixture: string) => {
  if (!plans.has(fixture)) plans.set(fixture, planMigration(path.join(FIXTURES_DIR, fixture, 'input'), ['.']));
  return plans.get(fixture)!;
};

describe.each(['routers-nested-cjs', 'core-cjs-express4'])('report totals on fixtures/%s', (fixture) => {
  it('equal the inventory, every route once across files', async () => {
    const plan = await planFor(fixture);
    const report = buildReport(plan, META);
    const routes = allRoutes(plan.inventory);
    const t = report.totals;
    expect(t.endpoints).toBe(routes.length);
    expect(report.routes.map((r) => r.id).sort()).toEqual(routes.map((r) => r.id).sort());
    expect(new Set(report.routes.map((r) => r.id)).size).toBe(report.routes.length);
    expect(t.native + t.compat + t.manual).toBe(t.endpoints);
    for (const kind of ['native', 'compat', 'manual'] as const) expect(t[kind]).toBe(routes.filter((r) => r.verdict.kind === kind).length);
    // Per file: each route sits in the file that registers it.
    for (const f of plan.inventory.files) expect(report.routes.filter((r) => r.file === f.file)).toHaveLength(f.routes.length);
    const mw = allMiddleware(plan.inventory).filter((m) => m.known !== 'router');
    expect(t.middleware.found).toBe(mw.length);
    expect(t.middleware.mapped).toBe(mw.filter((m) => m.verdict.kind === 'native').length);
    expect(t.files.scanned).toBe(plan.files.length);
    expect(t.files.changed).toBe(plan.files.filter((f) => f.status === 'changed').length);
    expect(t.needsHuman).toBe(report.checklist.length);
    // Schemas: exactly what the routes carry (none until schema inference lands), nothing claimed.
    const parts = routes.map((r) => ['params', 'querystring', 'body'].filter((k) => k in r.schemas).length + Object.keys(r.schemas.response ?? {}).length);
    expect(t.schemasInferred).toBe(parts.reduce((x, y) => x + y, 0));
    expect(t.openapiOperations).toBe(parts.filter((n, i) => n > 0 && routes[i]!.fullPath !== undefined).length);
    expect(report.effort.inputs).toEqual({
      nativeEndpoints: t.native,
      compatEndpoints: t.compat,
      documentedEndpoints: t.openapiOperations,
      middlewareMapped: t.middleware.mapped,
      filesChanged: t.files.changed,
    });
    expectValid(report);
  });

  it('lists the package.json changes', async () => {
    const report = buildReport(await planFor(fixture), META);
    const changes = report.packageJson?.changes ?? [];
    expect(changes).toContainEqual(expect.objectContaining({ section: 'dependencies', name: 'express', change: 'removed' }));
    expect(changes).toContainEqual(expect.objectContaining({ section: 'dependencies', name: 'fastify', change: 'added', before: null }));
  });
});

describe('report on the nested routers fixture', () => {
  it('resolves full paths across files', async () => {
    const report = buildReport(await planFor('routers-nested-cjs'), META);
    expect(report.totals.endpoints).toBe(8);
    expect(report.routes.filter((r) => r.file === 'routes/books.js').map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/books',
      'GET /api/v1/books/:id',
      'POST /api/v1/books',
      'DELETE /api/v1/books/:id',
    ]);
    expect(report.totals.routers.found).toBe(3);
    expect(report.totals.routerMounts).toBe(3);
    expect(report.project.name).toBe('bookshop-api');
  });
});

describe('needs a human', () => {
  const files = {
    'package.json': JSON.stringify({ name: 'mixed', dependencies: { express: '^4.21.2', 'body-parser': '^1.20.0' } }, null, 2) + '\n',
    'app.js': [
      "const express = require('express');",
      "const legacy = require('./legacy');",
      'const app = express();',
      'app.use(legacy());',
      "app.get(/^\\/re(g|x)$/, (req, res) => res.json({ ok: true }));",
      "app.get('/ok', (req, res) => res.json({ ok: true }));",
      "app.get('/page', (req, res) => res.render('page'));",
      'app.listen(3000);',
      '',
    ].join('\n'),
    'broken.js': ["const express = require('express');", 'const router = express.Router();', "router.get('/drafts', (req, res) => res.json([]));", 'module.exports = router;', 'if (', ''].join('\n'),
  };

  it('has every warning and error, and every non-native route, with file:line and reason', async () => {
    const root = tmpProject(files);
    const plan = await planMigration(root, ['.']);
    const report = buildReport(plan, META);
    expectValid(report);
    for (const d of plan.diagnostics.filter((x) => x.severity !== 'info')) {
      expect(report.checklist).toContainEqual(expect.objectContaining({ file: d.file, line: d.line, code: d.code, reason: d.message }));
    }
    for (const r of report.routes.filter((x) => x.verdict !== 'native')) {
      expect(r.reason).not.toBe('');
      expect(r.codes.every((c) => /^E2F\d{3}$/.test(c))).toBe(true);
      // Covered by an item on its own line, or (a file that does not parse) by one for its file.
      const covered = report.checklist.some((c) => c.file === r.file && (c.line === r.line || c.code === CODES.PARSE_ERROR.id));
      expect(covered, `${r.method} ${r.path} at ${r.file}:${r.line}`).toBe(true);
    }
    expect(report.routes.find((r) => r.file === 'broken.js')).toMatchObject({ verdict: 'manual', codes: [CODES.PARSE_ERROR.id] });
    expect(report.checklist.find((c) => c.file === 'broken.js')).toMatchObject({ code: CODES.PARSE_ERROR.id, severity: 'error' });
    expect(report.routes.find((r) => r.path === '/ok')).toMatchObject({ verdict: 'native', reason: '' });
    expect(report.totals.files.failed).toBe(1);
    expect(report.apps.find((a) => a.file === 'broken.js')?.verdict).toBe('manual');
    // The checklist reads in file order.
    const keys = report.checklist.map((c) => `${c.file}:${String(c.line).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('effort model', () => {
  const inputs: EffortInputs = { nativeEndpoints: 10, compatEndpoints: 2, documentedEndpoints: 4, middlewareMapped: 3, filesChanged: 5 };
  const a = DEFAULT_ASSUMPTIONS;

  it('follows the stated formula for low, expected and high', () => {
    const e = estimateEffort(inputs);
    const saved = (gain: 'low' | 'expected' | 'high', cost: 'low' | 'expected' | 'high') =>
      (10 * a.nativeEndpointMinutes[gain] +
        2 * a.compatEndpointMinutes[gain] +
        3 * a.middlewareMinutes[gain] +
        4 * a.documentedEndpointMinutes[gain] -
        5 * a.reviewMinutesPerFile[cost]) /
      60 /
      a.hoursPerDay[cost];
    expect(e.expected.savedDays).toBeCloseTo(saved('expected', 'expected'), 2);
    expect(e.low.savedDays).toBeCloseTo(saved('low', 'high'), 2);
    expect(e.high.savedDays).toBeCloseTo(saved('high', 'low'), 2);
    expect(e.low.savedDays).toBeLessThanOrEqual(e.expected.savedDays);
    expect(e.expected.savedDays).toBeLessThanOrEqual(e.high.savedDays);
    expect(e.expected.reviewMinutes).toBe(5 * a.reviewMinutesPerFile.expected);
    expect(e.formula).toContain('nativeEndpoints × nativeEndpointMinutes');
  });

  it('derives the documentation default from the figures it cites', () => {
    const doc = a.documentedEndpointMinutes;
    // 3–5 developer-days per 34 endpoints, 8 hours a day.
    expect(doc.low).toBeCloseTo((3 * 8 * 60) / 34, 6);
    expect(doc.expected).toBeCloseTo((4 * 8 * 60) / 34, 6);
    expect(doc.high).toBeCloseTo((5 * 8 * 60) / 34, 6);
    expect(doc.source).toContain('11 developer-days to document 34 endpoints');
    expect(doc.source).toContain('3–5 developer-days saved per project');
    for (const x of Object.values(a)) {
      expect(x.source.length, x.key).toBeGreaterThan(20);
      expect(x.low <= x.expected && x.expected <= x.high, x.key).toBe(true);
    }
  });

  it('documentation saves nothing while no endpoint is documented', () => {
    const e = estimateEffort({ ...inputs, documentedEndpoints: 0 });
    expect(e.low.documentationMinutes + e.expected.documentationMinutes + e.high.documentationMinutes).toBe(0);
  });

  it('responds to overridden assumptions', () => {
    const base = estimateEffort(inputs);
    const more = estimateEffort(inputs, applyOverrides([parseAssumeFlag('nativeEndpointMinutes=60')]));
    expect(more.expected.conversionMinutes - base.expected.conversionMinutes).toBe(10 * (60 - a.nativeEndpointMinutes.expected));
    expect(more.expected.savedDays).toBeGreaterThan(base.expected.savedDays);
    // A single number has no range.
    const onlyNative = { nativeEndpoints: 10, compatEndpoints: 0, documentedEndpoints: 0, middlewareMapped: 0, filesChanged: 0 };
    const single = estimateEffort(onlyNative, applyOverrides([parseAssumeFlag('nativeEndpointMinutes=60')]));
    expect([single.low.conversionMinutes, single.expected.conversionMinutes, single.high.conversionMinutes]).toEqual([600, 600, 600]);
    const slowReview = estimateEffort(inputs, applyOverrides([parseAssumeFlag('reviewMinutesPerFile=1,2,3')]));
    expect(slowReview.low.reviewMinutes).toBe(15);
    expect(slowReview.high.reviewMinutes).toBe(5);
    const shortDays = estimateEffort(inputs, applyOverrides([parseAssumeFlag('hoursPerDay=4')]));
    expect(shortDays.expected.savedDays).toBeCloseTo(base.expected.savedDays * 2, 1);
    const withSource = applyOverrides(parseAssumptionsFile({ middlewareMinutes: { expected: 45, source: 'team log' }, $comment: 'ignored' }, 'a.json'));
    expect(withSource.middlewareMinutes).toMatchObject({ low: 45, expected: 45, high: 45, overridden: true, source: 'team log (set in a.json)' });
    // Flags come after the file, so they win.
    const both = applyOverrides([...parseAssumptionsFile({ hoursPerDay: 6 }, 'a.json'), parseAssumeFlag('hoursPerDay=7')]);
    expect(both.hoursPerDay.expected).toBe(7);
    expect(estimateEffort(inputs, both).assumptions.find((x) => x.key === 'hoursPerDay')?.source).toContain('--assume');
  });

  it.each([
    ['nativeEndpointMinutes'],
    ['nope=3'],
    ['nativeEndpointMinutes=abc'],
    ['nativeEndpointMinutes=1,2'],
    ['nativeEndpointMinutes=3,2,1'],
    ['nativeEndpointMinutes=-1'],
    ['hoursPerDay=0'],
  ])('rejects --assume %s', (flag) => {
    expect(() => parseAssumeFlag(flag)).toThrow(AssumptionError);
  });

  it.each([[[]], [{ nope: 1 }], [{ middlewareMinutes: 'x' }], [{ middlewareMinutes: { low: 1 } }], [{ middlewareMinutes: { expected: 1, extra: 2 } }]])(
    'rejects the assumptions file %j',
    (json) => {
      expect(() => parseAssumptionsFile(json, 'a.json')).toThrow(AssumptionError);
    },
  );
});

describe('renderers', () => {
  async function sample(): Promise<ReportData> {
    const root = tmpProject({
      'package.json': '{ "name": "x|y", "dependencies": { "express": "^5.1.0" } }\n',
      'app.js': [
        "const express = require('express');",
        'const app = express();',
        "app.get('/<script>alert(1)</script>|*x*', (req, res) => res.json({}));",
        "app.get('/a', (req, res) => res.render('x'));",
        '',
      ].join('\n'),
    });
    return buildReport(await planMigration(root, ['.']), META);
  }

  it('picks the format by extension', () => {
    expect(formatFor('r.md')).toBe('markdown');
    expect(formatFor('out/R.HTML')).toBe('html');
    expect(formatFor('a.json')).toBe('json');
    expect(formatFor('a.htm')).toBe('html');
    expect(formatFor('a.txt')).toBeUndefined();
    expect(formatFor('json')).toBeUndefined();
  });

  it('JSON is the data, versioned and valid', async () => {
    const report = await sample();
    const json = JSON.parse(renderJson(report)) as ReportData;
    expect(json.schemaVersion).toBe(1);
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
    expectValid(json);
    // The schema is strict: an unknown field or a wrong type fails.
    expect(validate({ ...json, extra: 1 })).toBe(false);
    expect(validate({ ...json, totals: { ...json.totals, endpoints: -1 } })).toBe(false);
  });

  it('Markdown has every section, and code cannot inject HTML or break a table', async () => {
    const report = await sample();
    const text = renderMarkdown(report, { linkBase: '' });
    for (const h of ['## Summary', '## Needs a human', '## Routes', '## Middleware', '## package.json changes', '## Effort estimate']) expect(text).toContain(h);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const routeRow = text.split('\n').find((l) => l.startsWith('| GET | /&lt;script&gt;'))!;
    expect(routeRow.split(/(?<!\\)\|/).length).toBe(8); // 6 cells, nothing split by the `|` in the path
    expect(text).toMatch(/\[app\.js:4\]\(app\.js#L4\)/);
    expect(text).toContain(`| Endpoints found | ${report.totals.endpoints} |`);
    for (const x of report.effort.assumptions) expect(text).toContain(x.key);
    expect(text).not.toMatch(/\b\d+(\.\d+)?x faster\b/i);
  });

  it('the published package ships the schema', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });
});

describe('README', () => {
  it('lists every effort assumption with its default values', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const table = /<!-- assumptions:start -->\n([\s\S]*?)<!-- assumptions:end -->/.exec(readme)?.[1] ?? '';
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => /^\| `(\w+)`/.exec(r)![1])).toEqual(Object.keys(DEFAULT_ASSUMPTIONS));
    const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
    for (const a of Object.values(DEFAULT_ASSUMPTIONS)) {
      expect(table).toContain(`| \`${a.key}\` | ${fmt(a.low)} | ${fmt(a.expected)} | ${fmt(a.high)} |`);
    }
  });
});
