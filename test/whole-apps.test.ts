/**
 * Whole applications (issue 3): a router's middleware for unknown paths under its prefix, routes
 * registered with a computed method, and tsconfig `paths` aliases. The fixtures
 * (service-shop-cjs, service-ts-routers, ts-paths-aliases) replay the behaviour against Express;
 * these cases pin the decisions that a replay cannot show.
 */
import { describe, expect, it } from 'vitest';
import { readPathAliases, resolveModule } from '../src/analyze/modules.js';
import { planMigration } from '../src/run.js';
import { tmpProject } from './helpers/tmp.js';

const after = (plan: Awaited<ReturnType<typeof planMigration>>, rel: string) => plan.files.find((f) => f.rel === rel)?.after;

const ROUTER = `const express = require('express');
const router = express.Router();
router.use((req, res, next) => {
  if (!req.get('x-token')) return res.status(401).json({ error: 'no token' });
  next();
});
router.get('/', (req, res) => {
  res.json([]);
});
module.exports = router;
`;

function appWith(tail: string): string {
  return `const express = require('express');
const users = require('./users');
const TEXT = 'gone';
const app = express();
app.use('/users', users);
${tail}module.exports = app;
`;
}

describe("router middleware for unknown paths under the router's prefix", () => {
  it("copies the app's catch-all into the router's 404 handler", async () => {
    const dir = tmpProject({ 'app.js': appWith("app.use((req, res) => {\n  res.status(404).json({ error: 'nope', url: req.originalUrl });\n});\n"), 'users.js': ROUTER });
    const users = after(await planMigration(dir, ['.']), 'users.js')!;
    expect(users).toContain("  fastify.setNotFoundHandler(async (request, reply) => {\n    reply.code(404);\n    return { error: 'nope', url: request.originalUrl };\n  });\n}");
  });

  it("reproduces Fastify's default 404 when the app has no catch-all", async () => {
    const dir = tmpProject({ 'app.js': appWith(''), 'users.js': ROUTER });
    const users = after(await planMigration(dir, ['.']), 'users.js')!;
    expect(users).toContain("return { message: `Route ${request.method}:${request.url} not found`, error: 'Not Found', statusCode: 404 };");
  });

  it('adds none when the catch-all reads a name of the app module (a copy could not see it)', async () => {
    const dir = tmpProject({ 'app.js': appWith('app.use((req, res) => {\n  res.status(404).send(TEXT);\n});\n'), 'users.js': ROUTER });
    const plan = await planMigration(dir, ['.']);
    expect(after(plan, 'app.js')).toContain('app.setNotFoundHandler(');
    expect(after(plan, 'users.js')).not.toContain('setNotFoundHandler');
  });

  it("keeps the router's own catch-all as its only 404 handler", async () => {
    const dir = tmpProject({ 'app.js': appWith(''), 'users.js': ROUTER.replace('module.exports', "router.use((req, res) => {\n  res.status(404).json({ error: 'no such user route' });\n});\nmodule.exports") });
    const users = after(await planMigration(dir, ['.']), 'users.js')!;
    expect(users.match(/setNotFoundHandler/g)).toHaveLength(1);
    expect(users).toMatch(/fastify\.setNotFoundHandler\(async \(request, reply\) => \{\s+reply\.code\(404\);\s+return \{ error: 'no such user route' \};/);
  });

  it('adds none to a router without middleware, nor to one mounted without a prefix', async () => {
    const bare = tmpProject({ 'app.js': appWith(''), 'users.js': ROUTER.replace(/router\.use\([\s\S]*?\n\}\);\n/, '') });
    expect(after(await planMigration(bare, ['.']), 'users.js')).not.toContain('setNotFoundHandler');
    const atRoot = tmpProject({ 'app.js': appWith('').replace("app.use('/users', users)", 'app.use(users)'), 'users.js': ROUTER });
    const plan = await planMigration(atRoot, ['.']);
    expect(after(plan, 'users.js')).toContain('async function usersRoutes(fastify)');
    expect(after(plan, 'users.js')).not.toContain('setNotFoundHandler');
  });
});

describe('routes with a computed method', () => {
  it('are recorded by the analysis and kept on Express with E2F103', async () => {
    const dir = tmpProject({
      'app.js': "const express = require('express');\nconst app = express();\nfor (const m of ['get', 'post']) app[m]('/x', (req, res) => res.json({ m: req.method }));\napp.listen(3000);\n",
    });
    const plan = await planMigration(dir, ['.']);
    expect(plan.inventory.files[0]!.computedRoutes).toEqual([{ owner: 'app', location: expect.objectContaining({ line: 3 }) }]);
    expect(plan.diagnostics.map((d) => d.code)).toContain('E2F103');
    expect(after(plan, 'app.js')).toMatch(/^for \(const m of \['get', 'post'\]\)\s+expressCompat\[m\]\('\/x', \(req, res\) => res\.json\(\{ m: req\.method \}\)\);$/m);
    expect(after(plan, 'app.js')).toContain('app.use(expressCompat);');
  });
});

describe('tsconfig paths aliases', () => {
  const files = new Set(['src/routes/users.ts', 'src/routes/index.ts', 'lib/util.js', 'src/app.ts']);

  it('reads baseUrl and paths from a tsconfig with comments and trailing commas', () => {
    const aliases = readPathAliases('{\n  // aliases\n  "compilerOptions": { "baseUrl": "./", "paths": { "@/*": ["src/*",], "~lib": ["lib/util"], }, },\n}');
    expect(aliases).toEqual({ baseUrl: '.', paths: [{ pattern: '@/*', targets: ['src/*'] }, { pattern: '~lib', targets: ['lib/util'] }] });
    expect(readPathAliases('{ "compilerOptions": { "strict": true } }')).toBeUndefined();
  });

  it('resolves aliased specifiers like tsc: exact patterns, the longest wildcard, then baseUrl', () => {
    const aliases = readPathAliases('{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["*"], "@/routes/*": ["routes/*"], "~lib": ["../lib/util"] } } }')!;
    expect(resolveModule('src/app.ts', '@/routes/users', files, aliases)).toBe('src/routes/users.ts');
    expect(resolveModule('src/app.ts', '@/routes', files, aliases)).toBe('src/routes/index.ts');
    expect(resolveModule('src/app.ts', '~lib', files, aliases)).toBe('lib/util.js');
    expect(resolveModule('src/app.ts', 'routes/users', files, aliases)).toBe('src/routes/users.ts');
    expect(resolveModule('src/app.ts', 'express', files, aliases)).toBeUndefined();
    expect(resolveModule('src/app.ts', '@/routes/users', files)).toBeUndefined();
  });

  it('paths without baseUrl are relative to the tsconfig', () => {
    const aliases = readPathAliases('{ "compilerOptions": { "paths": { "#routes/*": ["./src/routes/*"] } } }')!;
    expect(resolveModule('src/app.ts', '#routes/users', files, aliases)).toBe('src/routes/users.ts');
    expect(resolveModule('src/app.ts', 'routes/users', files, aliases)).toBeUndefined();
  });
});
