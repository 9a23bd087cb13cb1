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

/**
 * JSON Schemas inferred for one route by src/schema, strongest evidence first (TypeScript types,
 * the app's own validation, usage). They describe what the Express handler received and sent:
 * `required` lists only what the old code enforced (see DESIGN.md, "Schemas that do not change
 * behaviour"); object schemas may carry `x-declared-required` (what the types declare), which
 * only `--strict-schemas` turns into `required`. `$ref`s name `Inventory.schemas` entries.
 */
export interface RouteSchemas {
  params?: unknown;
  querystring?: unknown;
  body?: unknown;
  /** By status code (`'200'`, `'404'`, or `'default'` when the status is computed). */
  response?: Record<string, unknown>;
  /** Media type of a response when it is not JSON (`text/html; charset=utf-8`, `text/plain`). */
  responseTypes?: Record<string, string>;
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  /** Which evidence the schemas came from: `path`, `types`, `zod`, `validator`, `usage`, `literal`. */
  evidence?: string[];
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
  /** Apps handed to other code (`setupRoutes(app)`), which would call Express's API on it. */
  passedTo?: string;
  /** Routers: the name the module exports it under (`default` for module.exports / export default). */
  exportName?: string;
  /** Routers: the app at the top of its mount chain. */
  rootApp?: RouterRef;
  /**
   * Routers kept on Express but mounted by a router that became a plugin: the root app mounts
   * them on its compat router under their full prefix instead.
   */
  hoisted?: boolean;
  /** Routers: whether it became a Fastify plugin (`native`) or stays on Express (`compat`). */
  verdict?: Verdict;
  /** Routers: plugins its routes need registered on the app (e.g. @fastify/cookie). */
  needs?: PluginNeed[];
  /**
   * Apps: what the app answers a request that no route took, once the routers mounted before it
   * let it through (Express runs a router's middleware for unknown paths under its prefix, then
   * falls through to this). Routers with middleware reproduce it in their own 404 handler.
   */
  notFound?: NotFoundAnswer;
}

/**
 * `default`: no catch-all (the migrated app answers with Fastify's default 404); `handler`: a
 * trailing inline `(req, res)` catch-all, with its source and the module-level names it mentions
 * (a copy elsewhere cannot see them); `other`: something else follows the mounts.
 */
export type NotFoundAnswer =
  | { kind: 'default' }
  | { kind: 'handler'; source: string; language: 'js' | 'ts'; moduleNames: string[] }
  | { kind: 'other' };

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
  /**
   * `app[method](path, handler)`: registrations whose method is computed, so the tool cannot tell
   * which route they make. They stay on Express (E2F103); `offset` is the call's start.
   */
  computedRoutes?: Array<{ owner: string; location: Location }>;
  /** Local names of Express apps imported from another file of the run (to start them). */
  importedApps?: string[];
  /** The analysis failed on this file (it is left as it is and reported). */
  error?: string;
  /** Request helpers this file exports (`local#argIndex`), rewritten in place to dual-safe reads. */
  helperExports?: string[];
  /** Middleware functions this file exports to other files (converted to hooks in place). */
  sharedExports?: string[];
}

/** A function given the request by callers in other files (`tokenFrom(req)`). */
export interface RequestHelper {
  file: string;
  local: string;
  index: number;
  /** Offsets of the calls that pass it the request. */
  uses: Array<{ file: string; offset: number }>;
}

/** A middleware function (or factory of one) defined in one file and used in others. */
export interface SharedMiddleware {
  id: string; // `${file}#${local}`
  file: string;
  local: string;
  /** `requireRole('admin')`: the export returns the middleware. */
  factory: boolean;
  /** Used both as a factory and directly: left on Express. */
  mixed?: boolean;
  uses: Array<{ file: string; offset: number }>;
  verdict?: Verdict;
  /** Reads the request body: runs as preHandler rather than onRequest when used globally. */
  readsBody?: boolean;
}

export interface Inventory {
  version: 1;
  root: string;
  /** Express major version the project depends on, when package.json says so. */
  expressMajor: 4 | 5 | undefined;
  /** Request helpers shared between files (see src/analyze/helpers.ts). */
  requestHelpers?: RequestHelper[];
  /** Middleware shared between files (see SharedMiddleware). */
  sharedMiddleware?: SharedMiddleware[];
  /** Request properties migrated handlers read that middleware sets (`req.user`), across files. */
  requestProps?: string[];
  /**
   * express-session becomes @fastify/session (src/session-probe.ts): every file, not only the
   * app's, then reads `req.sessionID` as `request.session.sessionId`. Unset outside a full run.
   */
  nativeSession?: boolean;
  /** Shared JSON Schemas by `$id` (named types used by routes): `addSchema` and OpenAPI components. */
  schemas?: Record<string, unknown>;
  /** Route schemas and served docs for the migrated app (set by the run's options). */
  docs?: DocsOptions;
  files: FileInventory[];
}

export interface DocsOptions {
  /** Where @fastify/swagger-ui serves the docs (`/docs`), or false for no served docs. */
  route: string | false;
  /** Enforce the schemas (validation, serialisation, declared `required`): behaviour changes. */
  strict: boolean;
  /** No route schemas at all. */
  off?: boolean;
  /** Title and version of the API (from package.json). */
  title?: string;
  version?: string;
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

const fileIndexes = new WeakMap<FileInventory[], Map<string, FileInventory>>();

/**
 * The entry of file `rel` in `files` (the first, as `find` gives): from an index, rebuilt when
 * files were added. An app that mounts 5,000 routers asked `find` once per mount and route.
 */
export function fileEntry(files: FileInventory[], rel: string): FileInventory | undefined {
  let index = fileIndexes.get(files);
  if (!index || index.size !== files.length) {
    index = new Map();
    for (const f of files) if (!index.has(f.file)) index.set(f.file, f);
    fileIndexes.set(files, index);
  }
  return index.get(rel);
}
