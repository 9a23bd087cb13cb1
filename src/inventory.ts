/**
 * The route inventory: the single source of truth of a run (see ../shared/DESIGN.md).
 * Plain data only, so that it serialises to JSON unchanged: the transforms, the report,
 * `--json` and `check` all read it instead of rediscovering routes on their own.
 */

/** Where something is in the source. `line` and `column` are 1-based; `offset` is 0-based. */
export interface Location {
  file: string; // path relative to the run's root, with forward slashes
  line: number;
  column: number;
  offset: number;
}

/**
 * How an item converts: `native` (idiomatic Fastify), `compat` (kept working through a
 * fallback such as @fastify/express), `manual` (left as it was for a human, with a reason).
 */
export type VerdictKind = 'native' | 'compat' | 'manual';

export interface Verdict {
  kind: VerdictKind;
  /** Diagnostic codes (see src/diagnostics.ts) that explain a `compat` or `manual` verdict. */
  codes: string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'ALL';

/** JSON Schema fragments inferred for one route; filled by src/schema (later issues). */
export interface RouteSchemas {
  params?: unknown;
  querystring?: unknown;
  body?: unknown;
  response?: Record<string, unknown>;
}

export interface Route {
  id: string; // stable within a run: `${file}:${offset}:${method}`
  method: HttpMethod;
  /** The path as written in the source (undefined when it is not a literal). */
  path: string | undefined;
  /** The full path with mount prefixes resolved, in Express syntax. */
  fullPath: string | undefined;
  /** Identifier of the app or router the route is registered on. */
  owner: string;
  location: Location;
  /** Number of functions passed before the final handler (route-level middleware). */
  middlewareCount: number;
  handler: HandlerRef;
  schemas: RouteSchemas;
  verdict: Verdict;
}

export interface HandlerRef {
  kind: 'inline' | 'identifier' | 'other';
  name?: string;
  location?: Location;
}

export interface Middleware {
  id: string;
  owner: string;
  /** The mount path given to `use` (undefined means every path). */
  path: string | undefined;
  /** What it is when we recognise it: `express.json`, `cors`, `router`, … or `unknown`. */
  known: string;
  location: Location;
  verdict: Verdict;
  /** When the argument is a router (same file or imported): where it is built. */
  router?: RouterRef;
  /** How many functions the `use` call passes (a router mounts cleanly only alone). */
  siblings: number;
}

export interface RouterRef {
  file: string;
  name: string;
}

export interface App {
  /** Local name of the Express app (`app`, `server`, …). */
  name: string;
  kind: 'app' | 'router';
  location: Location;
  /** `app.set(name, value)` settings seen with literal values. */
  settings: Record<string, unknown>;
  /** Routers: the mount prefix under which its routes are served (first mount found). */
  prefix?: string;
  /** Routers: whether it became a Fastify plugin (`native`) or stays on Express (`compat`). */
  verdict?: Verdict;
  /** Routers: plugins its routes need registered on the app (e.g. @fastify/cookie). */
  needs?: PluginNeed[];
}

/** A Fastify plugin a migrated file needs registered on its app. */
export interface PluginNeed {
  /** npm package, e.g. `@fastify/formbody`. */
  pkg: string;
  /** Local binding name to import it under. */
  local: string;
  /** Source text of the options object, if any. */
  options?: string;
}

export interface FileInventory {
  file: string;
  /** Module system of the file as written. */
  moduleKind: 'esm' | 'cjs';
  language: 'js' | 'ts';
  /** Local names bound to the `express` module (default import or require). */
  expressNames: string[];
  apps: App[];
  routes: Route[];
  middleware: Middleware[];
}

export interface Inventory {
  version: 1;
  root: string;
  /** Express major version the project depends on, when package.json says so. */
  expressMajor: 4 | 5 | undefined;
  /** Request properties migrated handlers read that middleware sets (`req.user`), across files. */
  requestProps?: string[];
  files: FileInventory[];
}

export function allRoutes(inventory: Inventory): Route[] {
  return inventory.files.flatMap((f) => f.routes);
}

export function allMiddleware(inventory: Inventory): Middleware[] {
  return inventory.files.flatMap((f) => f.middleware);
}

export function routeId(file: string, offset: number, method: string): string {
  return `${file}:${offset}:${method}`;
}

/**
 * The local name of the Express router that keeps unconvertible routes and middleware working
 * through @fastify/express. Analysis ignores it, so a second run leaves it alone.
 */
export const COMPAT_ROUTER = 'expressCompat';
