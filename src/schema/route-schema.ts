/**
 * The Fastify route `schema` option for a route of the inventory, and which routes (and shared
 * schemas) an app serves: what transforms/schemas.ts writes into the migrated code.
 */
import type { DocsOptions, Inventory, Route } from '../inventory.js';
import { fileEntry } from '../inventory.js';
import { reachableShared, renderSchema, type JsonSchema } from './json-schema.js';

export const DEFAULT_DOCS: DocsOptions = { route: '/docs', strict: false };

export function docsOptions(inventory: Inventory): DocsOptions {
  return inventory.docs ?? DEFAULT_DOCS;
}

/** `{ operationId, summary, tags, params, querystring, body, response }` for Fastify and @fastify/swagger. */
export function fastifyRouteSchema(route: Route, strict: boolean): Record<string, unknown> | undefined {
  const s = route.schemas;
  const out: Record<string, unknown> = {};
  if (s.operationId) out.operationId = s.operationId;
  if (s.summary) out.summary = s.summary;
  if (s.description) out.description = s.description;
  if (s.tags?.length) out.tags = s.tags;
  if (s.params) out.params = renderSchema(s.params, strict);
  if (s.querystring) out.querystring = renderSchema(s.querystring, strict);
  if (s.body) out.body = renderSchema(s.body, strict);
  if (s.response && Object.keys(s.response).length) {
    const response: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(s.response)) {
      const rendered = renderSchema(schema as JsonSchema, strict);
      const media = s.responseTypes?.[status];
      // Not JSON (HTML from res.send(string), text from sendStatus): said with its media type.
      response[status] = media ? { content: { [media]: { schema: rendered } } } : rendered;
    }
    out.response = response;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Whether a route schema has parts Fastify would validate or serialise with. */
export function enforcingParts(route: Route): { request: boolean; response: boolean } {
  const s = route.schemas;
  return { request: !!(s.querystring || s.body), response: !!(s.response && Object.keys(s.response).length) };
}

/**
 * Routes an app serves natively: its own (those that became Fastify routes) and those of the
 * routers mounted under it that became plugins, through nested mounts.
 */
export function servedRoutes(inventory: Inventory, file: string, appName: string, nativeHere: Set<string>): Route[] {
  const out: Route[] = [];
  const seen = new Set<string>();
  const visit = (f: string, owner: string, depth: number) => {
    const key = `${f}#${owner}`;
    if (seen.has(key) || depth > 20) return;
    seen.add(key);
    const inv = fileEntry(inventory.files, f);
    if (!inv) return;
    for (const r of inv.routes) {
      if (r.owner !== owner) continue;
      if (f === file ? nativeHere.has(r.id) : r.verdict.kind === 'native') out.push(r);
    }
    for (const m of inv.middleware) {
      if (m.owner !== owner || !m.router) continue;
      const router = fileEntry(inventory.files, m.router.file)?.apps.find((a) => a.name === m.router!.name);
      if (router?.kind === 'router' && router.verdict?.kind !== 'compat') visit(m.router.file, m.router.name, depth + 1);
    }
  };
  visit(file, appName, 0);
  return out;
}

/** Shared schemas (by `$id`) the given routes refer to, rendered for the mode, with their `$id`. */
export function sharedSchemasFor(inventory: Inventory, routes: Route[], strict: boolean): Record<string, unknown>[] {
  const shared = (inventory.schemas ?? {}) as Record<string, JsonSchema>;
  const roots = routes.map((r) => fastifyRouteSchema(r, strict));
  return reachableShared(roots, shared).map((id) => ({ $id: id, ...renderSchema(shared[id]!, strict) }));
}

/** What `migrate` was asked about schemas and docs (CLI flags). */
export interface SchemaRunOptions {
  /** Write the OpenAPI document to this file (absolute path; `.json`, `.yaml` or `.yml`). */
  openapi?: string;
  /** Where the migrated app serves Swagger UI (`/docs`), or false for `--no-docs`. */
  docsRoute?: string | false;
  /** `--strict-schemas`: let Fastify validate and serialise with the schemas. */
  strictSchemas?: boolean;
  /** No route schemas and no docs at all (the migration as it was before schemas). */
  off?: boolean;
}

/** The docs options of a run, with the API's title and version from package.json. */
export function docsFor(packageJson: { text: string } | undefined, options: SchemaRunOptions = {}): DocsOptions {
  let title: string | undefined;
  let version: string | undefined;
  try {
    const pkg = packageJson ? (JSON.parse(packageJson.text) as { name?: unknown; version?: unknown }) : {};
    if (typeof pkg.name === 'string') title = pkg.name;
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // An unreadable package.json only means a generic title.
  }
  const route = options.docsRoute === undefined ? '/docs' : options.docsRoute === false ? false : `/${options.docsRoute.replace(/^\/+|\/+$/g, '')}`;
  return { route, strict: !!options.strictSchemas, title, version, ...(options.off ? { off: true } : {}) };
}
