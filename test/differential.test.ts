/**
 * Differential replay: the original Express app (input/) and the migrated app (expected/) are booted
 * side by side and must answer every request of requests.json alike (DESIGN.md, "Semantics to
 * preserve"). Fixtures without requests.json are transform-only; fixtures without expected/ are
 * skipped until `npm run fixtures:update` has generated it (the engine may not exist yet). The
 * self-test at the bottom proves the harness itself: twin Express servers agree, a different server
 * is caught, and every compared field is really compared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFixtures, PROJECT_ROOT, type Fixture, type RequestSpec } from './helpers/fixtures.js';

// One folder per run: two runs at once (a developer and a watcher) must not share copies.
const WORK_DIR = path.join(PROJECT_ROOT, '.tmp', `diff-${process.pid}`);
const BOOT_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 5_000;
const TEST_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------- what is compared

interface CookieSummary {
  name: string;
  path: string | null;
  /** `session`, `deleted`, `max-age=N` or `expires` (see cookieLifetime). */
  lifetime: string;
  httpOnly: boolean;
  sameSite: string | null;
  secure: boolean;
}

interface ResponseSummary {
  status: number;
  contentType?: string | null;
  body?: string;
  location: string | null;
  cookies: CookieSummary[];
  /** Every other header the app chose to send (framing and per-server noise excluded, see IGNORED_HEADERS). */
  headers: Record<string, string>;
}

type Observed = { summary: ResponseSummary; poweredBy: string | null } | { error: string };

/**
 * Headers that describe the transport or the server brand rather than what the app answered:
 * content-length/transfer-encoding follow from the body (streamed vs buffered), keep-alive timeouts
 * differ by default, and Express alone sends ETag and X-Powered-By (DESIGN.md, "Traps verified").
 * set-cookie, content-type and location are compared on their own.
 */
const IGNORED_HEADERS = new Set([
  'date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'etag', 'x-powered-by',
  'set-cookie', 'content-type', 'location',
  // Compression is negotiated per message (bodies are compared decoded): `compression` and
  // @fastify/compress pick different thresholds for streamed files and vary on it differently.
  'content-encoding',
]);

function normalizeContentType(value: string | null): string | null {
  return value === null ? null : value.toLowerCase().replace(/\s*;\s*/g, ';');
}

/**
 * What a browser does with the cookie's lifetime, not how it was spelled. Max-Age wins over
 * Expires (RFC 6265 §5.3), so Express's extra Expires next to Max-Age changes nothing; a cookie is
 * deleted by Max-Age <= 0 or an Expires in the past (Express clears with the latter, @fastify/cookie
 * with both). The Expires date itself depends on the clock and is not compared.
 */
function cookieLifetime(maxAge: string | undefined, expires: string | undefined): string {
  if (maxAge !== undefined) return Number(maxAge) <= 0 ? 'deleted' : `max-age=${maxAge}`;
  if (expires !== undefined) return Date.parse(expires) <= Date.now() ? 'deleted' : 'expires';
  return 'session';
}

function parseSetCookie(header: string): CookieSummary {
  const [pair, ...attrs] = header.split(';').map((s) => s.trim());
  const attr = new Map(
    attrs.map((a) => {
      const eq = a.indexOf('=');
      return eq === -1 ? [a.toLowerCase(), ''] : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)];
    }),
  );
  return {
    name: pair!.slice(0, pair!.indexOf('=')),
    path: attr.get('path') ?? null,
    lifetime: cookieLifetime(attr.get('max-age'), attr.get('expires')),
    httpOnly: attr.has('httponly'),
    sameSite: attr.get('samesite')?.toLowerCase() ?? null,
    secure: attr.has('secure'),
  };
}

function summarize(res: Response, body: string): ResponseSummary {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (IGNORED_HEADERS.has(name)) return;
    // Vary lists header names, which are case-insensitive and unordered (RFC 9110 §12.5.5).
    if (name === 'vary') {
      const fields = value.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== 'accept-encoding').sort();
      if (fields.length) headers[name] = fields.join(', ');
      return;
    }
    headers[name] = value;
  });
  const summary: ResponseSummary = {
    status: res.status,
    contentType: normalizeContentType(res.headers.get('content-type')),
    body,
    location: res.headers.get('location'),
    cookies: res.headers
      .getSetCookie()
      .map(parseSetCookie)
      .sort((a, b) => a.name.localeCompare(b.name)),
    headers,
  };
  if (res.status >= 300 && res.status < 400) {
    // Redirects: Express writes a "Found. Redirecting to …" body (negotiated, hence its content-type
    // and `Vary: Accept`) that clients never show; Fastify's reply.redirect sends no body at all.
    delete summary.body;
    delete summary.contentType;
    delete headers.vary;
  }
  return summary;
}

// ---------------------------------------------------------------- servers

interface Server {
  port: number;
  child: ChildProcess;
  stderr: () => string;
}

const children = new Set<ChildProcess>();
const killAll = () => children.forEach((c) => c.kill());
// Safety net if the worker goes away without running afterAll: no orphan keeps a port.
process.once('exit', killAll);
afterAll(killAll);
afterAll(() => fs.rmSync(WORK_DIR, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function boot(cwd: string, entry: string): Promise<Server> {
  const port = await freePort();
  const args = /\.[mc]?ts$/.test(entry) ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, PORT: String(port), NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (code ${code}, signal ${signal})`));

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    const why = exited ?? (Date.now() > deadline ? `did not listen within ${BOOT_TIMEOUT_MS} ms` : undefined);
    if (why) {
      child.kill();
      throw new Error(`${path.relative(PROJECT_ROOT, cwd)}/${entry} ${why} on port ${port}. stderr:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, child, stderr: () => stderr };
}

/** The cookies one app set, as a browser keeps them (name → value), for requests.json's `cookieJar`. */
type CookieJar = Map<string, string>;

function updateJar(jar: CookieJar, res: Response): void {
  for (const header of res.headers.getSetCookie()) {
    const summary = parseSetCookie(header);
    const pair = header.split(';')[0]!;
    if (summary.lifetime === 'deleted') jar.delete(summary.name);
    else jar.set(summary.name, pair.slice(pair.indexOf('=') + 1));
  }
}

async function send(port: number, spec: RequestSpec, jar?: CookieJar): Promise<Observed> {
  const headers: Record<string, string> = { ...spec.headers };
  if (jar?.size && !Object.keys(headers).some((h) => h.toLowerCase() === 'cookie')) {
    headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  let body: string | FormData | undefined;
  if (spec.multipart) {
    // fetch writes the multipart body and its content-type (with a boundary) itself.
    body = new FormData();
    for (const part of spec.multipart) {
      if ('value' in part) body.append(part.name, part.value);
      else body.append(part.name, new Blob([part.content], { type: part.type ?? 'application/octet-stream' }), part.filename);
    }
  } else if (typeof spec.body === 'string') {
    body = spec.body;
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  try {
    const res = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
      method: spec.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (jar) updateJar(jar, res);
    return { summary: summarize(res, text), poweredBy: res.headers.get('x-powered-by') };
  } catch (err) {
    // A hang or a dropped connection is an answer too, and must match the other side's.
    const e = err as Error & { cause?: Error };
    return { error: `${e.name}: ${e.cause?.message ?? e.message}` };
  }
}

interface Exchange {
  spec: RequestSpec;
  a: Observed;
  b: Observed;
}

/** Boots both apps, replays the requests in order (they may change state), stops both. */
async function replay(
  a: { cwd: string; entry: string },
  b: { cwd: string; entry: string },
  requests: RequestSpec[],
  { cookieJar = false } = {},
): Promise<Exchange[]> {
  const servers = await Promise.allSettled([boot(a.cwd, a.entry), boot(b.cwd, b.entry)]);
  try {
    const [sa, sb] = servers.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    const out: Exchange[] = [];
    // Each app has its own jar: the two set different cookie values (session ids, signatures).
    const [jarA, jarB] = cookieJar ? [new Map(), new Map()] : [];
    for (const spec of requests) {
      const [ra, rb] = await Promise.all([send(sa!.port, spec, jarA), send(sb!.port, spec, jarB)]);
      out.push({ spec, a: ra, b: rb });
    }
    return out;
  } finally {
    for (const s of servers) if (s.status === 'fulfilled') s.value.child.kill();
  }
}

// ---------------------------------------------------------------- project copies

function isExpress4(inputDir: string): boolean {
  const pkg = JSON.parse(fs.readFileSync(path.join(inputDir, 'package.json'), 'utf8'));
  const range: string = pkg.dependencies?.express ?? pkg.devDependencies?.express ?? '';
  return /^[\^~]?4(\.|$)/.test(range.trim());
}

/**
 * Copies below the project so that Node resolves express, fastify and @fastify/* from the project's
 * node_modules. An Express 4 app gets a local node_modules/express pointing at the express4 alias.
 */
function stage(fromDir: string, toDir: string, { express4 = false } = {}): string {
  fs.rmSync(toDir, { recursive: true, force: true });
  fs.cpSync(fromDir, toDir, { recursive: true });
  if (express4) {
    fs.mkdirSync(path.join(toDir, 'node_modules'), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', 'express4'), path.join(toDir, 'node_modules', 'express'), 'dir');
  }
  return toDir;
}

function stageExpress(f: Fixture, toDir: string): string {
  return stage(f.inputDir, toDir, { express4: isExpress4(f.inputDir) });
}

function requestTitle(spec: RequestSpec, i: number): string {
  const known = spec.knownDifference ? ` [known difference: ${spec.knownDifference}]` : '';
  return `#${i + 1} ${spec.method} ${spec.path}${spec.name ? ` (${spec.name})` : ''}${known}`;
}

/** What must match: the summary (or the error), never poweredBy. */
function pick(o: Observed) {
  return 'summary' in o ? { summary: o.summary } : o;
}

// ---------------------------------------------------------------- Express vs migrated Fastify

const fixtures = listFixtures().filter((f) => f.requests);
const ready = fixtures.filter((f) => f.hasExpected);
// Until the engine has generated expected/ (npm run fixtures:update) there is nothing to compare.
const pending = fixtures.filter((f) => !f.hasExpected);

async function runFixture(f: Fixture): Promise<Exchange[]> {
  const dir = path.join(WORK_DIR, f.name);
  const { entry, requests, cookieJar } = f.requests!;
  return replay(
    { cwd: stageExpress(f, path.join(dir, 'express')), entry },
    { cwd: stage(f.expectedDir, path.join(dir, 'fastify')), entry },
    requests,
    { cookieJar },
  );
}

/**
 * A few fixtures at a time: each has its own ports, copies and state and booting dominates the
 * time, but booting dozens of Node processes at once on a 2-core CI machine starves them all.
 */
const PARALLEL_FIXTURES = 4;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL_FIXTURES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const runs = new Map<string, Promise<Exchange[]>>();
const suiteTitle = (f: Fixture) => `${f.name}: Express vs migrated Fastify`;

/** Whether a `-t` filter (or a skip) left any test of the fixture's suite to run. */
function willRun(file: Readonly<{ tasks?: readonly unknown[] }>, title: string): boolean {
  const suite = (file.tasks as Array<{ name: string; tasks?: Array<{ mode: string }> }> | undefined)?.find((t) => t.name === title);
  return !suite || !suite.tasks || suite.tasks.some((t) => t.mode === 'run');
}

// Vitest reads the first argument as a fixture pattern: it must be destructured, even empty.
// eslint-disable-next-line no-empty-pattern
beforeAll(({}, file) => {
  // Only fixtures with tests to run are booted: a filtered run must not be racing boots whose
  // folders the end of the run deletes.
  for (const f of ready.filter((x) => willRun(file, suiteTitle(x)))) {
    const run = limited(() => runFixture(f));
    // Marked handled here; the rejection is reported by each of the fixture's own tests.
    run.catch(() => {});
    runs.set(f.name, run);
  }
});

const USES_EXPRESS = /\brequire\(\s*['"]express['"]\s*\)|\bfrom\s+['"]express['"]|\bimport\s*\(?\s*['"]express['"]/;

describe.each(ready.map((f) => [suiteTitle(f), f] as const))('%s', (_title, f) => {
  // *compat* fixtures are allowed to keep Express around, mounted through @fastify/express.
  it.skipIf(f.name.includes('compat'))('the migrated entry no longer loads express', () => {
    const source = fs.readFileSync(path.join(f.expectedDir, f.requests!.entry), 'utf8');
    expect(source).not.toMatch(USES_EXPRESS);
  });

  it.each(f.requests!.requests.map((spec, i) => [requestTitle(spec, i), i] as const))(
    '%s',
    async (_title, i) => {
      const { a: express, b: fastify } = (await runs.get(f.name)!)[i]!;
      expect(express, 'the original Express app must answer (fixture broken?)').toHaveProperty('summary');
      if ('summary' in fastify) expect(fastify.poweredBy, 'answered by Express, not Fastify').not.toBe('Express');
      const known = f.requests!.requests[i]!.knownDifference;
      if (known) expect(pick(fastify), `documented difference (${known}) no longer shows: remove the marker`).not.toEqual(pick(express));
      else expect(pick(fastify)).toEqual(pick(express));
    },
    TEST_TIMEOUT_MS,
  );
});

describe.each(pending.map((f) => f.name))('%s', () => {
  it.skip('no expected/ yet: generate it with `npm run fixtures:update` once the engine exists', () => {});
});

// ---------------------------------------------------------------- self-test of the harness

/** Express's own pages for an unknown route or an uncaught error: fixtures must not rely on them. */
const EXPRESS_DEFAULT_PAGE = /<pre>(Cannot \w+ \/|[A-Za-z]*Error\b)/;

describe('harness self-test', () => {
  // DIFF_SELFTEST=all checks every fixture's requests.json against Express; by default only one,
  // preferably an Express 4 one, which also exercises the node_modules/express → express4 link.
  const preferred = fixtures.find((f) => f.name === 'core-cjs-express4') ?? fixtures[0];
  const selfTest = process.env.DIFF_SELFTEST === 'all' ? fixtures : preferred ? [preferred] : [];

  it.each(selfTest.map((f) => [f.name, f] as const))(
    '%s: the same Express app booted twice answers alike',
    async (_name, f) => {
      const cwd = stageExpress(f, path.join(WORK_DIR, 'self-test', f.name));
      const entry = f.requests!.entry;
      const exchanges = await replay({ cwd, entry }, { cwd, entry }, f.requests!.requests, { cookieJar: f.requests!.cookieJar });
      for (const [i, { a, b }] of exchanges.entries()) {
        const title = requestTitle(f.requests!.requests[i]!, i);
        expect(a, title).toHaveProperty('summary');
        expect(b, title).toEqual(a);
        if ('summary' in a) expect(a.summary.body ?? '', `${title} hit an Express default page`).not.toMatch(EXPRESS_DEFAULT_PAGE);
      }
      if (isExpress4(f.inputDir)) {
        const version = fs.realpathSync(path.join(cwd, 'node_modules', 'express'));
        expect(version).toBe(fs.realpathSync(path.join(PROJECT_ROOT, 'node_modules', 'express4')));
      }
    },
    TEST_TIMEOUT_MS,
  );

  it.skipIf(fixtures.length === 0)(
    'a different server is detected as different',
    async () => {
      const f = selfTest[0]!;
      const cwd = stageExpress(f, path.join(WORK_DIR, 'self-test', 'express'));
      const other = path.join(WORK_DIR, 'self-test', 'other');
      fs.rmSync(other, { recursive: true, force: true });
      fs.mkdirSync(other, { recursive: true });
      fs.writeFileSync(
        path.join(other, 'server.cjs'),
        `require('node:http')
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{}');
  })
  .listen(process.env.PORT);
`,
      );
      const exchanges = await replay({ cwd, entry: f.requests!.entry }, { cwd: other, entry: 'server.cjs' }, f.requests!.requests);
      const differing = exchanges.filter(({ a, b }) => !isDeepStrictEqual(pick(a), pick(b)));
      expect(differing.length).toBeGreaterThan(exchanges.length / 2);
    },
    TEST_TIMEOUT_MS,
  );

  it('the cookie jar keeps what the app set and forgets what it cleared', () => {
    const jar: CookieJar = new Map();
    const answer = (...cookies: string[]) => new Response(null, { headers: cookies.map((c) => ['set-cookie', c] as [string, string]) });
    updateJar(jar, answer('sid=s%3Aabc.sig; Path=/; HttpOnly', 'theme=dark; Max-Age=60'));
    expect([...jar]).toEqual([['sid', 's%3Aabc.sig'], ['theme', 'dark']]);
    updateJar(jar, answer('sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'theme=light'));
    expect([...jar]).toEqual([['theme', 'light']]);
  });

  it('every compared field is compared', () => {
    const base = () =>
      new Response('{"ok":true}', {
        status: 200,
        headers: [
          ['content-type', 'application/json; charset=utf-8'],
          ['x-total-count', '3'],
          ['set-cookie', 'session=abc; Max-Age=60; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly; SameSite=Lax'],
        ],
      });
    const same = (r: Response, body = '{"ok":true}') => isDeepStrictEqual(summarize(r, body), summarize(base(), '{"ok":true}'));
    const variant = (edit: (h: Headers) => void, status = 200) => {
      const r = base();
      const headers = new Headers(r.headers);
      edit(headers);
      return new Response(null, { status, headers });
    };
    const cookie = (value: string) => (h: Headers) => h.set('set-cookie', value);

    expect(same(base())).toBe(true);
    // Only spelling differences of the content-type are forgiven.
    expect(same(variant((h) => h.set('content-type', 'Application/JSON;charset=UTF-8')))).toBe(true);
    // Every field that matters is seen.
    expect(same(base(), '{"ok":false}')).toBe(false);
    expect(same(variant(() => {}, 201))).toBe(false);
    expect(same(variant((h) => h.set('content-type', 'text/plain')))).toBe(false);
    expect(same(variant((h) => h.set('location', '/todos/1')))).toBe(false);
    expect(same(variant((h) => h.set('x-total-count', '4')))).toBe(false);
    expect(same(variant((h) => h.set('vary', 'Origin')))).toBe(false);
    expect(same(variant(cookie('sid=abc; Max-Age=60; Path=/; Expires=x; HttpOnly; SameSite=Lax')))).toBe(false);
    expect(same(variant(cookie('session=abc; Max-Age=60000; Path=/; Expires=x; HttpOnly; SameSite=Lax')))).toBe(false);
    expect(same(variant(cookie('session=abc; Max-Age=60; Expires=x; HttpOnly; SameSite=Lax')))).toBe(false);
    // Max-Age takes precedence over Expires, so a missing Expires next to it is the same cookie…
    expect(same(variant(cookie('session=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax')))).toBe(true);
    // …but a cookie without any lifetime lives only for the browser session.
    expect(same(variant(cookie('session=abc; Path=/; HttpOnly; SameSite=Lax')))).toBe(false);
    expect(same(variant(cookie('session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax')))).toBe(false);
    expect(same(variant(cookie('session=abc; Max-Age=60; Path=/; Expires=x; SameSite=Lax')))).toBe(false);
    expect(same(variant(cookie('session=abc; Max-Age=60; Path=/; Expires=x; HttpOnly')))).toBe(false);
    // The cookie value and the expiry date may differ (signatures, clock).
    expect(same(variant(cookie('session=xyz; Max-Age=60; Path=/; Expires=Fri, 02 Jan 2099 00:00:00 GMT; HttpOnly; SameSite=Lax')))).toBe(true);
    // Redirects: the body and its content-type are not compared, the target is.
    const redirect = (location: string, body: string, type: string) =>
      summarize(new Response(body, { status: 302, headers: { location, 'content-type': type } }), body);
    expect(redirect('/books', 'Found. Redirecting to /books', 'text/plain')).toEqual(redirect('/books', '', 'application/json'));
    expect(redirect('/books', '', 'text/plain')).not.toEqual(redirect('/book', '', 'text/plain'));
  });
});
