/**
 * What every pass receives. Passes are pure: no file system, console or `process`; they edit
 * the one tree of the file, read the inventory, and speak through `report`.
 */
import type { ASTNode, Collection, JSCodeshift } from 'jscodeshift';
import type { CodeName } from '../src/diagnostics.js';
import type { FileInventory, Inventory, PluginNeed, Verdict } from '../src/inventory.js';
import { fileEntry } from '../src/inventory.js';

export type { PluginNeed };


export interface FileState {
  /** Fastify factory options collected from `app.set`, body parsers, … (name → source text). */
  fastifyOptions: Map<string, string>;
  routerOptions: Map<string, string>;
  plugins: Map<string, PluginNeed>;
  /** Routes or middleware that stay on Express through @fastify/express. */
  needsExpressCompat: boolean;
  /** Extra top-level default imports: local name → module (e.g. `qs`). */
  imports: Map<string, string>;
  /** Extra top-level named imports: name → module (e.g. `STATUS_CODES` from `node:http`). */
  namedImports: Map<string, string>;
  /** Type names from `fastify` the file now uses (`FastifyRequest`, `FastifyReply`). */
  fastifyTypes: Set<string>;
  /** Routers of this file being turned into Fastify plugins (decided by the driver). */
  nativeRouters: Set<string>;
  /**
   * Registrations of plugins that act through an `onRoute` hook (@fastify/compress,
   * @fastify/rate-limit): they only see routes registered after they load, so the order pass
   * puts the routes that follow them into a child plugin.
   */
  onRoutePlugins: Set<any>;
  /** @fastify/static registrations so far (only the first may decorate the reply). */
  staticCount: number;
  /** `app.set('view engine' | 'views', …)` values, for the @fastify/view registration. */
  viewSettings: Map<string, any>;
  /** Shared middleware of this file that could not convert (id → reason). */
  sharedNeedingExpress: Map<string, string>;
  /** Use sites (`file:offset`) of shared middleware that ended up in converted code. */
  sharedUsedNatively: Set<string>;
  /** Whether this call passes the request (argument `index`) to a dual-safe helper in another file. */
  requestHelperAt: (call: any, index: number) => boolean;
  /** Helpers given the request/response, with the roles already rewritten (`request:0`). */
  convertedHelpers: Map<any, Set<string>>;
  /** Functions already converted (a named middleware may be used by several routes and `use`s). */
  convertedFunctions: Set<any>;
  /** Properties handlers read from the request that are not Fastify's (set by middleware). */
  requestProps: Set<string>;
  /** Middleware (not just routes) kept on Express through the compat router. */
  compatMiddleware: boolean;
  /** express-session became @fastify/session: `req.session` is the plugin's, `req.sessionID` its `sessionId`. */
  nativeSession: boolean;
  /** express-session became @fastify/session in another file of the project (Inventory.nativeSession). */
  projectSession: boolean;
  /** Why routes were kept on Express through the compat router (empty: none were). */
  compatRoutes: Set<'HANDLER_COMPAT' | 'REGEX_ROUTE' | 'DYNAMIC_ROUTE'>;
  /** The Fastify route registration call each converted route became (route id → CallExpression). */
  routeCalls: Map<string, any>;
  /** Statements the middleware pass made (`app.addHook(...)`), for the order pass. */
  hookStatements: Set<any>;
  /** Routers whose own middleware (`router.use(fn)`) became hooks or plugins (see not-found.ts). */
  routersWithMiddleware: Set<string>;
  /** Routers that stay on Express, with the reason (marked with a TODO by the routers pass). */
  keptRouters: Map<string, string>;
  /** Routers found unable to convert: the driver runs the file again keeping them on Express. */
  routersNeedingExpress: Map<string, string>;
  /** Comments that sat above an `app.set` folded into an option: option name → comment source. */
  optionComments: Map<string, string>;
  /** Statements (source) to put right after the app is created. */
  afterCreate: string[];
  /** Body parsers that were global in Express, re-applied to routes kept on Express. */
  compatBodyParsers: string[];
  /** Apps that register @fastify/swagger (schemas pass): the docs pass declares their routes after it. */
  docsApps?: Set<string>;
  /**
   * What the passes changed in the inventory that other files read. Files run on several
   * threads, each with its own copy of the inventory: the driver hands these on to the others.
   */
  inventoryWrites: InventoryWrite[];
}

export type InventoryWrite = { kind: 'hoisted'; file: string; name: string } | { kind: 'readsBody'; id: string; value: boolean };

/** Changes the inventory and records it (see FileState.inventoryWrites); the only way passes write to it. */
export function writeInventory(ctx: TransformContext, write: InventoryWrite): void {
  applyInventoryWrite(ctx.inventory, write);
  ctx.state.inventoryWrites.push(write);
}

export function applyInventoryWrite(inventory: Inventory, write: InventoryWrite): void {
  if (write.kind === 'hoisted') {
    const router = fileEntry(inventory.files, write.file)?.apps.find((a) => a.name === write.name && a.kind === 'router');
    if (router) router.hoisted = true;
  } else {
    const entry = inventory.sharedMiddleware?.find((m) => m.id === write.id);
    if (entry) entry.readsBody = write.value;
  }
}

export interface TransformContext {
  j: JSCodeshift;
  root: Collection;
  /** The text `root` was parsed from: untouched nodes still point into it by offset. */
  source: string;
  file: FileInventory;
  inventory: Inventory;
  state: FileState;
  /** Records a diagnostic at a node; with `todo`, also puts a TODO marker above its statement. */
  report(name: CodeName, node: ASTNode, detail?: string, todo?: boolean): void;
  setVerdict(routeId: string, verdict: Verdict): void;
}

/** Apps and the routers being converted: the receivers whose registrations the passes rewrite. */
export function convertedOwners(ctx: TransformContext): Set<string> {
  return new Set([...ctx.file.apps.filter((a) => a.kind === 'app').map((a) => a.name), ...ctx.state.nativeRouters]);
}

export function isRouter(ctx: TransformContext, name: string): boolean {
  return ctx.state.nativeRouters.has(name);
}

export interface Pass {
  name: string;
  run(ctx: TransformContext): void;
}

export function newFileState(): FileState {
  return {
    fastifyOptions: new Map(),
    routerOptions: new Map(),
    plugins: new Map(),
    needsExpressCompat: false,
    imports: new Map(),
    namedImports: new Map(),
    fastifyTypes: new Set(),
    compatBodyParsers: [],
    afterCreate: [],
    optionComments: new Map(),
    nativeRouters: new Set(),
    keptRouters: new Map(),
    routersWithMiddleware: new Set(),
    hookStatements: new Set(),
    routeCalls: new Map(),
    requestProps: new Set(),
    convertedFunctions: new Set(),
    convertedHelpers: new Map(),
    requestHelperAt: () => false,
    sharedNeedingExpress: new Map(),
    sharedUsedNatively: new Set(),
    viewSettings: new Map(),
    compatMiddleware: false,
    nativeSession: false,
    projectSession: false,
    compatRoutes: new Set(),
    staticCount: 0,
    onRoutePlugins: new Set(),
    routersNeedingExpress: new Map(),
    inventoryWrites: [],
  };
}

export { COMPAT_ROUTER } from '../src/inventory.js';

/** A need (in FileState.plugins) for `reply.locals`, decorated on the app rather than a package. */
export const LOCALS_NEED = 'express-to-fastify:reply.locals';
