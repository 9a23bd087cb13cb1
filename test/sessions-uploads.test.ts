/**
 * express-session → @fastify/session and multer → @fastify/multipart (transforms/plugins.ts,
 * transforms/uploads.ts): what converts is in fixtures/middleware-session and
 * fixtures/middleware-multer (answers compared with Express); here, the options that cannot
 * convert keep the middleware on Express, and the TODO marker says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planMigration } from '../src/run.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'e2f-sessions-uploads-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

let count = 0;
async function migrate(source: string, deps: Record<string, string>, file = 'app.js') {
  const root = path.join(base, `case-${count++}`);
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'demo', dependencies: { express: '^4.21.2', ...deps } }, null, 2)}\n`);
  fs.writeFileSync(path.join(root, file), source);
  const plan = await planMigration(root, ['.']);
  const out = plan.files.find((f) => f.rel === file);
  const pkg = plan.files.find((f) => f.rel === 'package.json');
  return { code: out?.after ?? source, pkg: JSON.parse(pkg?.after ?? '{}'), diagnostics: plan.diagnostics };
}

const sessionApp = (options: string, head = '') => `const express = require('express');
const session = require('express-session');
${head}
const app = express();
// Sessions for the login.
app.use(session(${options}));
app.get('/me', (req, res) => {
  res.json({ user: req.session.user ?? null, id: req.sessionID });
});
app.listen(3000);
`;

describe('express-session', () => {
  it('converts with express-session defaults spelled out for @fastify/session', async () => {
    const { code, pkg } = await migrate(sessionApp("{ secret: 'a secret of thirty-two characters!!', resave: true, store: new session.MemoryStore() }"), { 'express-session': '^1.19.0' });
    expect(code).toContain("app.register(fastifyCookie, { parseOptions: { path: '/', sameSite: false } });");
    expect(code).toContain(
      "// Sessions for the login.\n// express-session's defaults, where @fastify/session's differ: cookie named connect.sid, not re-sent with every response, not Secure.\n" +
        "app.register(fastifySession, { secret: 'a secret of thirty-two characters!!', cookieName: 'connect.sid', rolling: false, cookie: { secure: false } });",
    );
    expect(code).toContain('id: request.session.sessionId');
    expect(code).not.toMatch(/require\('express-session'\)/);
    expect(pkg.dependencies).toEqual({ fastify: expect.any(String), '@fastify/cookie': expect.any(String), '@fastify/session': expect.any(String), '@fastify/swagger': expect.any(String), '@fastify/swagger-ui': expect.any(String) });
  });

  it.each([
    ["{ secret: 'keyboard cat' }", 'the secret is shorter than the 32 characters @fastify/session requires'],
    ["{ secret: 'a secret of thirty-two characters!!', store: new RedisStore({ client }) }", 'a session store other than the MemoryStore'],
    ["{ secret: 'a secret of thirty-two characters!!', genid: () => 'x' }", 'option genid has no @fastify/session equivalent'],
    ["{ secret: 'a secret of thirty-two characters!!', proxy: true }", 'option proxy has no @fastify/session equivalent'],
    ["{ secret: 'a secret of thirty-two characters!!', cookie: { secure: 'auto' } }", "cookie.secure: 'auto' behaves differently"],
    ['sessionOptions', 'the session options are not an object literal'],
  ])('keeps %s on Express and says why', async (options, why) => {
    const { code, diagnostics } = await migrate(sessionApp(options), { 'express-session': '^1.19.0' });
    expect(code).toMatch(/expressCompat\.use\(\s*session\(/);
    expect(code).toMatch(new RegExp(`TODO\\(express-to-fastify\\): E2F101 .*${why.replace(/[()'.*]/g, '\\$&')}`));
    expect(diagnostics.some((d) => d.code === 'E2F101' && d.message.includes(why))).toBe(true);
    expect(code).not.toContain('fastifySession');
  });

  it('warns about a secret only known at run time', async () => {
    const { code, diagnostics } = await migrate(sessionApp('{ secret: process.env.SESSION_SECRET }'), { 'express-session': '^1.19.0' });
    expect(code).toContain('app.register(fastifySession, { secret: process.env.SESSION_SECRET,');
    expect(diagnostics.some((d) => d.code === 'E2F106' && d.message.includes('shorter than 32 characters'))).toBe(true);
  });

  it('declares the session data as open in TypeScript, as express-session did', async () => {
    const source = `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 'a secret of thirty-two characters!!', cookie: { maxAge: 60000 } }));
app.get('/me', (req, res) => {
  res.json({ user: req.session.user });
});
app.listen(3000);
`;
    const { code } = await migrate(source, { 'express-session': '^1.19.0' }, 'app.ts');
    expect(code).toContain("import fastifySession from '@fastify/session';");
    expect(code).toMatch(/interface Session \{\n\s+\[key: string\]: any;\n\s+\}/);
    expect(code).not.toMatch(/session\?: any/);
  });
});

const uploadApp = (options: string) => `const express = require('express');
const multer = require('multer');
const app = express();
const upload = multer(${options});
app.post('/up', upload.single('f'), (req, res) => {
  res.json({ name: req.file && req.file.originalname });
});
app.listen(3000);
`;

describe('multer', () => {
  it('converts memory and disk storage through the generated helper', async () => {
    const { code, pkg } = await migrate(uploadApp("{ dest: 'uploads/', limits: { files: 2 } }"), { multer: '^2.5.0' });
    expect(code).toContain("const upload = multerUploads({ dest: 'uploads/', limits: { files: 2 } });");
    expect(code).toContain("preHandler: upload.single('f')");
    expect(code).toContain('function multerUploads(');
    expect(code).toContain('app.register(fastifyMultipart);');
    expect(code).not.toMatch(/require\('multer'\)/);
    expect(pkg.dependencies['@fastify/multipart']).toBeDefined();
    expect(pkg.dependencies.multer).toBeUndefined();
  });

  it.each([
    ['{ storage: multer.diskStorage({ destination: (req, file, cb) => cb(null, "x") }) }', 'a storage engine other than memoryStorage()'],
    ['{ fileFilter: (req, file, cb) => cb(null, true) }', 'multer option fileFilter'],
    ['{ limits: (req) => ({ fileSize: 1 }) }', 'limits computed per request'],
  ])('keeps the route on Express for %s', async (options, why) => {
    const { code } = await migrate(uploadApp(options), { multer: '^2.5.0' });
    expect(code).toContain("expressCompat.post('/up', upload.single('f')");
    expect(code).toContain(why);
    expect(code).not.toContain('multerUploads');
  });

  it('gives converted routes their own instance when another route stays on multer', async () => {
    const source = `${uploadApp('{}').replace('app.listen(3000);\n', '')}app.post('/raw', upload.single('f'), (req, res) => {
  res.write('x');
  res.end();
});
app.listen(3000);
`;
    const { code } = await migrate(source, { multer: '^2.5.0' });
    expect(code).toContain('const upload = multer({});');
    expect(code).toContain('const uploadFastify = multerUploads();');
    expect(code).toContain("preHandler: uploadFastify.single('f')");
    expect(code).toContain("expressCompat.post('/raw', upload.single('f')");
  });
});
