/**
 * What every pass receives. Passes are pure: no file system, console or `process`; they edit
 * the one tree of the file, read the inventory, and speak through `report`.
 */
import type { ASTNode, Collection, JSCodeshift } from 'jscodeshift';
import type { CodeName } from '../src/diagnostics.js';
import type { FileInventory, Inventory, Verdict } from '../src/inventory.js';

/** Packages the migrated file needs registered on the Fastify app, with their options source. */
export interface PluginNeed {
  /** npm package, e.g. `@fastify/formbody`. */
  pkg: string;
  /** Local binding name to import it under. */
  local: string;
  /** Source text of the options object, if any. */
  options?: string;
}

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
  /** Comments that sat above an `app.set` folded into an option: option name → comment source. */
  optionComments: Map<string, string>;
  /** Statements (source) to put right after the app is created. */
  afterCreate: string[];
  /** Body parsers that were global in Express, re-applied to routes kept on Express. */
  compatBodyParsers: string[];
}

export interface TransformContext {
  j: JSCodeshift;
  root: Collection;
  file: FileInventory;
  inventory: Inventory;
  state: FileState;
  /** Records a diagnostic at a node; with `todo`, also puts a TODO marker above its statement. */
  report(name: CodeName, node: ASTNode, detail?: string, todo?: boolean): void;
  setVerdict(routeId: string, verdict: Verdict): void;
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
  };
}

/** The local name of the router that keeps unconvertible routes and middleware on Express. */
export const COMPAT_ROUTER = 'expressCompat';
