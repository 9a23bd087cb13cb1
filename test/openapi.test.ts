/**
 * OpenAPI 3.1 from the inventory (src/openapi.ts): every document validates against the OpenAPI
 * 3.1 schema (@seriousme/openapi-schema-validator), `.yaml` and `.json` say the same, the
 * `openapi` command documents an unmigrated app, and a booted migrated app serves at /docs/json
 * the operations the written file lists. `--strict-schemas` is shown to change behaviour on the
 * very requests the schemas-* differential fixtures replay (so those fixtures prove something).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyze/index.js';
import { cli } from '../src/cli/index.js';
import { discover } from '../src/discover.js';
import { buildOpenApi, schemaCoverage, type OpenApiDocument } from '../src/openapi.js';
import { planMigration, runMigrate } from '../src/run.js';
import { listFixtures, PROJECT_ROOT } from './helpers/fixtures.js';

const WORK = path.join(PROJECT_ROOT, '.tmp', `openapi-${process.pid}`);
const children = new Set<ChildProcess>();
afterAll(() => {
  children.forEach((c) => c.kill());
  fs.rmSync(WORK, { recursive: true, force: true });
});

async function validate(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const res = await new Validator().validate(doc as object);
  return { valid: res.valid, errors: res.errors };
}

function operations(doc: OpenApiDocument, filter: (op: Record<string, unknown>) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      if (filter(op)) out.push(`${method.toUpperCase()} ${p} ${op.operationId}`);
    }
  }
  return out.sort();
}

async function run(argv: string[], cwd = PROJECT_ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

const fixture = (name: string) => listFixtures().find((f) => f.name === name)!;

describe('the written document', () => {
  // Every fixture with routes: the document must validate whatever the app looks like.
  const cases = listFixtures().filter((f) => f.name !== 'parse-error');
  it.each(cases.map((f) => [f.name, f] as const))('%s: validates against OpenAPI 3.1', async (_name, f) => {
    // What `openapi` does (no transform): discover and analyze.
    const doc = buildOpenApi(analyzeProject(await discover({ root: f.inputDir, paths: ['.'] })));
    const res = await validate(doc);
    expect(res.errors, JSON.stringify(res.errors, null, 2)).toBeUndefined();
    expect(res.valid).toBe(true);
  });

  it('has operation ids, parameters, bodies, responses per status and shared components', async () => {
    const plan = await planMigration(fixture('ts-express5-service').inputDir, ['.']);
    const doc = buildOpenApi(plan.inventory) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'catalog-service', version: '1.0.0' });
    expect(doc.paths['/products'].get.parameters).toEqual([
      { name: 'tag', in: 'query', schema: { type: 'string' } },
      { name: 'maxPrice', in: 'query', schema: { type: 'string' } },
    ]);
    expect(doc.paths['/products/{id}'].get.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/products'].post.requestBody.content['application/json'].schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/CreateProductBody' }, { required: ['name', 'price'] }],
    });
    expect(Object.keys(doc.paths['/products'].post.responses)).toEqual(['201', '403', '422']);
    expect(doc.paths['/products/{id}'].delete.responses['204']).toEqual({ description: 'No Content' });
    expect(Object.keys(doc.components.schemas)).toEqual(['CreateProductBody', 'Product']);
    // The default mode documents only what the old code enforced; --strict-schemas the types' required too.
    expect(doc.components.schemas.Product).not.toHaveProperty('required');
    expect((buildOpenApi(plan.inventory, { strict: true }) as any).components.schemas.Product.required).toEqual(['id', 'name', 'price', 'tags']);
  });

  it('migrate --openapi writes .json and .yaml alike (and nothing with --dry-run)', async () => {
    const root = fixture('schemas-ts-zod').inputDir;
    const out = path.join(WORK, 'written');
    const json = await run(['migrate', '--root', root, '--out', path.join(out, 'app'), '--force', '--openapi', path.join(out, 'api.json')]);
    expect(json.code, json.stderr).toBe(0);
    const yaml = await run(['migrate', '--root', root, '--out', path.join(out, 'app'), '--force', '--openapi', path.join(out, 'api.yaml')]);
    expect(yaml.code, yaml.stderr).toBe(0);
    const fromJson = JSON.parse(fs.readFileSync(path.join(out, 'api.json'), 'utf8'));
    expect(parseYaml(fs.readFileSync(path.join(out, 'api.yaml'), 'utf8'))).toEqual(fromJson);
    expect((await validate(fromJson)).valid).toBe(true);
    const dry = await run(['migrate', '--root', root, '--dry-run', '--openapi', path.join(out, 'dry.json')]);
    expect(dry.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'dry.json'))).toBe(false);
  });

  it('`openapi -o` documents an app that is not migrated; without -o it prints JSON', async () => {
    const root = fixture('routers-nested-cjs').inputDir;
    const file = path.join(WORK, 'cmd', 'openapi.yml');
    const res = await run(['openapi', '--root', root, '-o', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/wrote .*openapi\.yml: \d+ operations/);
    const doc = parseYaml(fs.readFileSync(file, 'utf8'));
    expect((await validate(doc)).valid).toBe(true);
    const printed = await run(['openapi', '--root', root]);
    expect(JSON.parse(printed.stdout)).toEqual(doc);
    expect((await run(['openapi', '--root', path.join(root, 'nope')])).code).toBe(2);
  });
});

// ---------------------------------------------------------------- booted migrated apps

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

async function boot(dir: string, entry: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = /\.ts$/.test(entry) ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return { url: `http://127.0.0.1:${port}`, child };
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${entry} did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Migrates a fixture's input/ into a folder below the project (so fastify resolves) and boots it. */
async function migrated(name: string, schemas: Parameters<typeof runMigrate>[0]['schemas'] = {}) {
  const f = fixture(name);
  const dir = path.join(WORK, `${name}-${schemas?.strictSchemas ? 'strict' : 'default'}`);
  const result = await runMigrate({ root: f.inputDir, paths: ['.'], mode: 'out', outDir: dir, force: true, schemas });
  const server = await boot(dir, f.requests!.entry);
  return { ...server, inventory: result.plan.inventory };
}

describe('served docs', () => {
  it.each(['schemas-js-usage', 'schemas-ts-zod'])(
    '%s: /docs/json lists the operations of the written document; /docs serves Swagger UI',
    async (name) => {
      const { url, child, inventory } = await migrated(name);
      try {
        const served = (await (await fetch(`${url}/docs/json`)).json()) as OpenApiDocument;
        const written = buildOpenApi(inventory);
        // Routes kept on Express (@fastify/express) are invisible to @fastify/swagger.
        expect(operations(served)).toEqual(operations(written, (op) => !op['x-express-to-fastify']));
        for (const [p, item] of Object.entries(written.paths)) {
          for (const [m, op] of Object.entries(item as Record<string, any>)) {
            const s = (served.paths[p] as any)[m];
            expect(Object.keys(s.responses).sort(), `${m} ${p}`).toEqual(Object.keys(op.responses).sort());
            expect((s.parameters ?? []).map((x: any) => `${x.in}:${x.name}`).sort(), `${m} ${p}`).toEqual((op.parameters ?? []).map((x: any) => `${x.in}:${x.name}`).sort());
            expect(!!s.requestBody, `${m} ${p}`).toBe(!!op.requestBody);
          }
        }
        expect((await validate(served)).valid).toBe(true);
        const ui = await fetch(`${url}/docs/`);
        expect(ui.status).toBe(200);
        expect(await ui.text()).toMatch(/swagger/i);
      } finally {
        child.kill();
      }
    },
    60_000,
  );

  it(
    '--strict-schemas enforces them: the requests the schemas-* fixtures replay answer differently',
    async () => {
      const { url, child } = await migrated('schemas-js-usage', { strictSchemas: true, docsRoute: false });
      try {
        // Default mode (the differential fixture): 200 with an array; strict: 400 (`role` must be a string).
        expect((await fetch(`${url}/users?role=admin&role=ops`)).status).toBe(400);
        // Default mode: the app's own 422; strict: Fastify's 400 for the missing `email`.
        const r = await fetch(`${url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Grace"}' });
        expect(r.status).toBe(400);
        expect((await fetch(`${url}/docs/json`)).status).toBe(404);
      } finally {
        child.kill();
      }
    },
    60_000,
  );
});

describe('migrate options', () => {
  it('--docs-route moves Swagger UI, --no-docs leaves it out (the schemas stay), --strict-schemas enforces', async () => {
    const root = fixture('schemas-js-usage').inputDir;
    const appOf = async (schemas: Parameters<typeof planMigration>[2]) => (await planMigration(root, ['.'], schemas)).files.find((f) => f.rel === 'app.js')!.after!;
    expect(await appOf({ docsRoute: 'api-docs/' })).toContain("app.register(fastifySwaggerUi, { routePrefix: '/api-docs' });");
    const noDocs = await appOf({ docsRoute: false });
    expect(noDocs).not.toMatch(/swagger/i);
    expect(noDocs).toContain('schema: {');
    expect(noDocs).toContain('app.setValidatorCompiler(() => () => true);');
    const strict = await appOf({ strictSchemas: true });
    expect(strict).not.toContain('setValidatorCompiler');
    expect(strict).not.toContain('setSerializerCompiler');
    const out = path.join(WORK, 'cli-no-docs');
    const res = await run(['migrate', '--root', root, '--out', out, '--force', '--no-docs']);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'app.js'), 'utf8')).not.toMatch(/swagger/i);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')).dependencies).not.toHaveProperty('@fastify/swagger');
  });
});

describe('coverage', () => {
  it('every route of the TypeScript services has its parameters, bodies and responses documented', async () => {
    // POST /projects/:id/archive and POST /tasks/:id/done take no body: the only body-less ones.
    const bodyless: Record<string, number> = { 'schemas-ts-service': 2 };
    for (const name of ['ts-express5-service', 'schemas-ts-zod', 'schemas-ts-service']) {
      const plan = await planMigration(fixture(name).inputDir, ['.']);
      const c = schemaCoverage(plan.inventory);
      expect(c.withBody, name).toBe(c.takingBody - (bodyless[name] ?? 0));
      expect(c.withResponse, name).toBe(c.routes);
      expect(c.responsesWithSchema, name).toBe(c.responses);
    }
  });
});
