/**
 * Route schemas from evidence, strongest first: the app's own validation (zod, express-validator,
 * guards that answer 4xx), TypeScript types (through the type checker, see ts-types.ts), then
 * plain usage (path parameters, query keys and body properties read, literal shapes sent, status
 * codes). Runs once per analysis, after routes are known; writes `route.schemas` and
 * `inventory.schemas` (shared schemas by `$id`). Reads only: every edit happens in the passes.
 *
 * The behaviour rule (DESIGN.md): schemas describe what the Express handler actually received
 * and sent. Query and path values are strings; `required` lists only what the old code enforced
 * (the types' own `required` is kept aside for `--strict-schemas`).
 */
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import { Node, SyntaxKind, type CallExpression, type Expression, type SourceFile as TsSourceFile } from 'ts-morph';
import type { FileInventory, Inventory, Route, RouteSchemas } from '../inventory.js';
import { fileEntry } from '../inventory.js';
import type { Discovered } from '../types.js';
import { toFastifyPath } from '../../transforms/paths.js';
import { DECLARED_REQUIRED, isEmptySchema, mergeSchemas, objectSchema, refTo, type JsonSchema } from './json-schema.js';
import { TypeOracle, typeArgumentsOf } from './ts-types.js';
import { readPathAliases, type PathAliases } from '../analyze/modules.js';
import { isZodExpression, zodToSchema, type ZodContext } from './zod.js';
import { validatorChain } from './validators.js';
import { descendantsOfKind, innermostNodeAt } from '../analyze/descendants.js';

type Fn = Node & { getParameters(): Node[]; getBody(): Node | undefined };
type Part = 'body' | 'query' | 'params';

/** What the functions of one route tell. */
interface Evidence {
  body?: JsonSchema;
  bodyStrength: number;
  query?: JsonSchema;
  queryStrength: number;
  /** Body / query properties the old code rejected requests without (4xx guards, validators). */
  enforced: Record<Part, Set<string>>;
  /** typeof guards: the type the old code insisted on. */
  enforcedTypes: Record<Part, Map<string, string>>;
  responses: Map<string, { schema?: JsonSchema; media?: string }>;
  /** `Response<T>` annotation: the JSON body type when a send's own value says nothing. */
  declaredResponse?: JsonSchema;
  evidence: Set<string>;
}

// Strength of a body/query description: a stronger one replaces a weaker one, equal ones merge.
const USAGE = 1;
const TYPES = 2;
const VALIDATION = 3;

export interface InferOptions {
  /** Parses a project file (relative path) with the analysis Project, if it exists. */
  sourceFileOf(rel: string): TsSourceFile | undefined;
  /**
   * Called once a file's routes have their schemas, with the shared schemas named since the last
   * call: a file can be transformed from then on (see src/early-transforms.ts).
   */
  onFile?(file: FileInventory, newShared: Record<string, unknown>): void;
}

/** Timing of the last inference (ms), for the tests that keep it cheap. */
export const inferenceCost = { total: 0, types: 0 };

function aliasesOf(discovered: Discovered): PathAliases | undefined {
  try {
    return discovered.tsconfig ? readPathAliases(discovered.tsconfig.text) : undefined;
  } catch {
    return undefined;
  }
}

export function inferSchemas(inventory: Inventory, discovered: Discovered, options: InferOptions): void {
  const started = performance.now();
  const shared: Record<string, JsonSchema> = {};
  const oracle = TypeOracle.hasTypeScript(discovered.files) ? new TypeOracle(discovered.files, { schemas: shared }, aliasesOf(discovered), new Set(inventory.files.map((f) => f.file))) : undefined;
  const infer = new Inference(inventory, options, oracle, shared);
  const operationIds = operationIdsOf(inventory);
  const handedOn = new Set<string>();
  for (const file of inventory.files) {
    const sf = options.sourceFileOf(file.file);
    for (const route of sf ? file.routes : []) {
      try {
        route.schemas = infer.route(route, sf!);
      } catch {
        // Inference is best effort: a route it cannot read keeps its path parameters only.
        route.schemas = { params: paramsSchema(route, inventory.expressMajor) };
      }
    }
    for (const route of file.routes) route.schemas.operationId = operationIds.get(route);
    if (options.onFile) {
      // A named type's schema is complete once the route that named it is.
      const newShared: Record<string, unknown> = {};
      for (const id of Object.keys(shared)) {
        if (handedOn.has(id)) continue;
        handedOn.add(id);
        newShared[id] = shared[id];
      }
      options.onFile(file, newShared);
    }
  }
  if (Object.keys(shared).length) inventory.schemas = shared;
  inferenceCost.total = performance.now() - started;
  inferenceCost.types = oracle?.cost ?? 0;
}

/** `{ id: string }` for the path's parameters (always strings; present unless optional). */
export function paramsSchema(route: Route, expressMajor: 4 | 5 | undefined): JsonSchema | undefined {
  const p = route.fullPath ?? route.path;
  if (p === undefined) return undefined;
  const r = toFastifyPath(p, expressMajor);
  if (!r.ok) return undefined;
  const props: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const m of r.value.path.matchAll(/:(\w+)(\([^)]*\))?(\?)?/g)) {
    props[m[1]!] = { type: 'string' };
    if (!m[3]) required.push(m[1]!);
  }
  if (r.value.path.includes('*')) props['*'] = { type: 'string' };
  if (Object.keys(props).length === 0) return undefined;
  return objectSchema(props, required);
}

class Inference {
  constructor(
    private readonly inventory: Inventory,
    private readonly options: InferOptions,
    private readonly oracle: TypeOracle | undefined,
    private readonly shared: Record<string, JsonSchema>,
  ) {}

  /** The file's zod bindings, read once per file (every handler of the file asks). */
  private readonly zodContexts = new Map<TsSourceFile, ZodContext>();
  private zodOf(sf: TsSourceFile): ZodContext {
    let zctx = this.zodContexts.get(sf);
    if (!zctx) this.zodContexts.set(sf, (zctx = zodContext(sf, this)));
    return zctx;
  }

  route(route: Route, sf: TsSourceFile): RouteSchemas {
    const schemas: RouteSchemas = {};
    const evidence: Evidence = {
      bodyStrength: 0,
      queryStrength: 0,
      enforced: { body: new Set(), query: new Set(), params: new Set() },
      enforcedTypes: { body: new Map(), query: new Map(), params: new Map() },
      responses: new Map(),
      evidence: new Set(),
    };
    const params = paramsSchema(route, this.inventory.expressMajor);
    if (params) {
      schemas.params = params;
      evidence.evidence.add('path');
    }
    const call = findRouteCall(sf, route.location.offset);
    if (call) {
      const chained = route.path !== undefined && Node.isCallExpression((call.getExpression() as any).getExpression?.());
      const args = chained ? call.getArguments() : call.getArguments().slice(1);
      for (const [i, arg] of args.entries()) this.argument(arg, evidence, i === args.length - 1);
      const doc = jsDocOf(call, args[args.length - 1], this);
      if (doc.summary) schemas.summary = doc.summary;
      if (doc.description) schemas.description = doc.description;
    }
    const query = this.withEnforced(evidence.query, evidence, 'query');
    if (query && Object.keys((query.properties as object) ?? {}).length) schemas.querystring = query;
    const body = this.withEnforced(evidence.body, evidence, 'body');
    if (body && !isEmptySchema(body) && route.method !== 'GET' && route.method !== 'HEAD') schemas.body = body;
    if (evidence.responses.size) {
      schemas.response = {};
      const types: Record<string, string> = {};
      for (const [status, r] of [...evidence.responses].sort(([a], [b]) => a.localeCompare(b))) {
        schemas.response[status] = r.schema ?? {};
        if (r.media && r.media !== 'application/json') types[status] = r.media;
      }
      if (Object.keys(types).length) schemas.responseTypes = types;
    }
    const tag = tagOf(route, this.inventory);
    if (tag) schemas.tags = [tag];
    if (evidence.evidence.size) schemas.evidence = [...evidence.evidence].sort();
    return schemas;
  }

  /** Folds what guards enforced into a body/query schema (an `allOf` over a shared `$ref`). */
  private withEnforced(schema: JsonSchema | undefined, ev: Evidence, part: Part): JsonSchema | undefined {
    const required = [...ev.enforced[part]];
    const types = ev.enforcedTypes[part];
    if (!required.length && !types.size) return schema;
    const props: Record<string, JsonSchema> = {};
    for (const name of new Set([...required, ...types.keys()])) props[name] = types.has(name) ? { type: types.get(name)! } : {};
    const extra = objectSchema(props, required);
    if (schema?.$ref) {
      return { allOf: [schema, { required }] };
    }
    // The declared schema keeps its own description of each property; guards add to it.
    const merged = mergeSchemas(schema, part === 'query' ? stringValues(extra) : extra)!;
    return merged;
  }

  /** One function (or validator) passed to the route. */
  private argument(arg: Node, ev: Evidence, isHandler: boolean): void {
    if (Node.isArrayLiteralExpression(arg)) {
      for (const el of arg.getElements()) this.argument(el, ev, false);
      return;
    }
    const chain = validatorChain(arg);
    if (chain) {
      ev.evidence.add('validator');
      const target = chain.location === 'body' ? 'body' : chain.location === 'query' ? 'query' : undefined;
      if (target) {
        const part: JsonSchema = objectSchema({ [chain.field]: chain.schema }, chain.optional ? [] : [chain.field]);
        this.addPart(ev, target, target === 'query' ? stringValues(part) : part, VALIDATION, true);
      }
      return;
    }
    if (Node.isCallExpression(arg)) {
      // `validate(CreateUser)`, `validateBody(schema)`: a middleware factory given a zod schema.
      const callee = arg.getExpression().getText();
      const a = arg.getArguments()[0];
      const zctx = this.zodOf(arg.getSourceFile());
      if (a && arg.getArguments().length === 1 && isZodExpression(a, zctx)) {
        const s = zodToSchema(a, zctx);
        if (s) {
          const target: Part = /query/i.test(callee) ? 'query' : /param/i.test(callee) ? 'params' : 'body';
          ev.evidence.add('zod');
          if (target !== 'params') this.addPart(ev, target, target === 'query' ? stringValues(s, true) : s, VALIDATION, true);
        }
        return;
      }
    }
    const fn = resolveFunction(arg, this);
    if (fn) this.fn(fn, ev, isHandler);
  }

  private addPart(ev: Evidence, part: 'body' | 'query', schema: JsonSchema, strength: number, enforcing = false): void {
    const key = part === 'body' ? 'bodyStrength' : 'queryStrength';
    // Query parameters are listed one by one (OpenAPI parameters): a shared schema is inlined.
    if (part === 'query' && typeof schema.$ref === 'string') {
      const target = this.shared[schema.$ref.replace(/#.*$/, '')];
      if (!target) return;
      schema = stringValues(target, true);
    }
    const current = ev[part];
    if (!current || strength > ev[key]) {
      // A stronger description replaces a weaker one, but keeps the properties the weaker saw.
      ev[part] = strength > ev[key] && current && !schema.$ref && !current.$ref && enforcing ? mergeSchemas(schema, stripRequired(current)) : schema;
      ev[key] = strength;
    } else if (strength === ev[key] || (!current.$ref && !schema.$ref)) {
      ev[part] = strength < ev[key] && !current.$ref ? mergeSchemas(current, stripRequired(schema)) : mergeSchemas(current, schema);
    }
  }

  private fn(fn: Fn, ev: Evidence, isHandler: boolean): void {
    const [reqP, resP] = fn.getParameters() as any[];
    const reqName = reqP && Node.isIdentifier(reqP.getNameNode()) ? reqP.getName() : undefined;
    const resName = resP && Node.isIdentifier(resP.getNameNode()) ? resP.getName() : undefined;
    const body = fn.getBody();
    if (!body) return;
    const typed = this.oracle && /\.([mc]?ts|tsx)$/.test(fn.getSourceFile().getFilePath());
    // Destructured request parameter: `({ params, query, body }, res) => …`.
    if (reqP && Node.isObjectBindingPattern(reqP.getNameNode())) {
      for (const el of reqP.getNameNode().getElements()) {
        const prop = (el.getPropertyNameNode()?.getText() ?? el.getName()) as string;
        if (prop === 'query' || prop === 'body') this.readUsage(body, el.getName(), prop, ev, true);
      }
    }
    if (typed && reqP) {
      const args = typeArgumentsOf(reqP.getTypeNode(), ['Request']);
      if (args?.[2] && args[2].getText() !== 'unknown' && args[2].getText() !== 'any') {
        const s = this.oracle!.schemaOfTypeNode(args[2]);
        if (s && !isEmptySchema(s)) {
          this.addPart(ev, 'body', s, TYPES);
          ev.evidence.add('types');
        }
      }
      if (args?.[3] && args[3].getText() !== 'unknown' && args[3].getText() !== 'any') {
        const s = this.oracle!.schemaOfTypeNode(args[3], { inline: true });
        if (s && s.type === 'object') {
          this.addPart(ev, 'query', stringValues(s), TYPES);
          ev.evidence.add('types');
        }
      }
      if (isHandler && args?.[1] && resP) {
        // Request<P, ResBody>: the body the handler means to send.
        const s = this.oracle!.schemaOfTypeNode(args[1]);
        if (s && !isEmptySchema(s)) ev.declaredResponse ??= s;
      }
    }
    if (typed && resP) {
      const args = typeArgumentsOf(resP.getTypeNode(), ['Response']);
      if (args?.[0] && isHandler) {
        const s = this.oracle!.schemaOfTypeNode(args[0]);
        if (s && !isEmptySchema(s)) ev.declaredResponse = s;
      }
    }
    if (reqName) {
      this.readUsage(body, `${reqName}.query`, 'query', ev);
      this.readUsage(body, `${reqName}.body`, 'body', ev);
      this.readValidation(body, reqName, ev, !!typed);
    }
    if (resName) {
      this.readGuards(body, reqName, resName, ev);
      this.readSends(body, resName, ev, !!typed);
    }
  }

  /** Properties read from `req.query` / `req.body` (member access and destructuring). */
  private readUsage(body: Node, base: string, part: 'query' | 'body', ev: Evidence, isLocal = false): void {
    const names = new Set<string>();
    const defaults = new Map<string, string>();
    const aliases = new Set<string>(isLocal ? [base] : []);
    const matches = (n: Node) => n.getText() === base || (Node.isIdentifier(n) && aliases.has(n.getText()));
    // `const q = req.query` (an alias), then `q.page`.
    for (const decl of nodesOf(body, SyntaxKind.VariableDeclaration)) {
      const init = decl.getInitializer();
      if (!init || !matches(unwrap(init))) continue;
      const nameNode = decl.getNameNode();
      if (Node.isIdentifier(nameNode)) aliases.add(nameNode.getText());
      else if (Node.isObjectBindingPattern(nameNode)) {
        for (const el of nameNode.getElements()) {
          if (el.getDotDotDotToken()) continue;
          const name = el.getPropertyNameNode()?.getText().replace(/^['"]|['"]$/g, '') ?? el.getName();
          names.add(name);
          // `const { page = '1' } = req.query`: the handler's default, worth documenting.
          const init = el.getInitializer();
          if (part === 'query' && init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init))) defaults.set(name, init.getLiteralValue());
        }
      }
    }
    for (const acc of nodesOf(body, SyntaxKind.PropertyAccessExpression)) {
      if (matches(acc.getExpression())) names.add(acc.getName());
    }
    for (const acc of nodesOf(body, SyntaxKind.ElementAccessExpression)) {
      const a = acc.getArgumentExpression();
      if (matches(acc.getExpression()) && a && (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a))) names.add(a.getLiteralValue());
    }
    if (names.size === 0) return;
    const props: Record<string, JsonSchema> = {};
    for (const n of [...names].sort()) props[n] = part === 'query' ? { type: 'string', ...(defaults.has(n) ? { default: defaults.get(n) } : {}) } : {};
    this.addPart(ev, part, objectSchema(props), USAGE);
    ev.evidence.add('usage');
  }

  /** `Schema.parse(req.body)`, `safeParse`, `req.body as T`, `const b: T = req.body`. */
  private readValidation(body: Node, reqName: string, ev: Evidence, typed: boolean): void {
    const zctx = this.zodOf(body.getSourceFile());
    for (const call of nodesOf(body, SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !/^(safe)?[pP]arse(Async)?$/.test(callee.getName())) continue;
      const a = call.getArguments()[0];
      const part = a?.getText() === `${reqName}.body` ? 'body' : a?.getText() === `${reqName}.query` ? 'query' : undefined;
      if (!part || !isZodExpression(callee.getExpression(), zctx)) continue;
      const s = zodToSchema(callee.getExpression(), zctx);
      if (!s) continue;
      this.addPart(ev, part, part === 'query' ? stringValues(s, true) : s, VALIDATION, true);
      ev.evidence.add('zod');
    }
    if (!typed) return;
    for (const as of nodesOf(body, SyntaxKind.AsExpression)) {
      const inner = unwrap(as.getExpression());
      if (inner.getText() !== `${reqName}.body`) continue;
      const s = this.oracle!.schemaOfTypeNode(as.getTypeNodeOrThrow());
      if (s && !isEmptySchema(s)) {
        this.addPart(ev, 'body', s, TYPES);
        ev.evidence.add('types');
      }
    }
    for (const decl of nodesOf(body, SyntaxKind.VariableDeclaration)) {
      const init = decl.getInitializer();
      const typeNode = decl.getTypeNode();
      if (!init || !typeNode || unwrap(init).getText() !== `${reqName}.body`) continue;
      const s = this.oracle!.schemaOfTypeNode(typeNode);
      if (s && !isEmptySchema(s)) {
        this.addPart(ev, 'body', s, TYPES);
        ev.evidence.add('types');
      }
    }
  }

  /**
   * `if (!name || typeof price !== 'number') return res.status(400)…`: the old code rejected
   * requests without these properties, so they are required (and typed) in every mode.
   */
  private readGuards(body: Node, reqName: string | undefined, resName: string, ev: Evidence): void {
    if (!reqName) return;
    // Locals destructured from the request: `const { name } = req.body`.
    const locals = new Map<string, { part: 'body' | 'query'; prop: string }>();
    for (const decl of nodesOf(body, SyntaxKind.VariableDeclaration)) {
      const init = decl.getInitializer();
      const nameNode = decl.getNameNode();
      if (!init || !Node.isObjectBindingPattern(nameNode)) continue;
      const src = unwrap(init).getText();
      const part = src === `${reqName}.body` ? 'body' : src === `${reqName}.query` ? 'query' : undefined;
      if (!part) continue;
      for (const el of nameNode.getElements()) {
        if (!el.getDotDotDotToken() && !el.getInitializer()) locals.set(el.getName(), { part, prop: el.getPropertyNameNode()?.getText() ?? el.getName() });
      }
    }
    const refOf = (e: Node): { part: 'body' | 'query'; prop: string } | undefined => {
      const n = unwrap(e);
      if (Node.isIdentifier(n)) return locals.get(n.getText());
      if (Node.isPropertyAccessExpression(n)) {
        const obj = n.getExpression().getText();
        if (obj === `${reqName}.body`) return { part: 'body', prop: n.getName() };
        if (obj === `${reqName}.query`) return { part: 'query', prop: n.getName() };
      }
      return undefined;
    };
    for (const stmt of nodesOf(body, SyntaxKind.IfStatement)) {
      if (!rejects(stmt.getThenStatement(), resName)) continue;
      for (const cond of orOperands(stmt.getExpression())) {
        const c = unwrap(cond);
        // `!x`, `x === undefined`, `x == null`
        if (Node.isPrefixUnaryExpression(c) && c.getOperatorToken() === SyntaxKind.ExclamationToken) {
          const r = refOf(c.getOperand());
          if (r) ev.enforced[r.part].add(r.prop);
          continue;
        }
        if (Node.isBinaryExpression(c)) {
          const op = c.getOperatorToken().getText();
          const [l, rgt] = [unwrap(c.getLeft()), unwrap(c.getRight())];
          if ((op === '===' || op === '==') && /^(undefined|null)$/.test(rgt.getText())) {
            const r = refOf(l);
            if (r) ev.enforced[r.part].add(r.prop);
          }
          if ((op === '!==' || op === '!=') && Node.isTypeOfExpression(l) && (Node.isStringLiteral(rgt) || Node.isNoSubstitutionTemplateLiteral(rgt))) {
            const r = refOf(l.getExpression());
            const t = rgt.getLiteralValue();
            if (r && ['string', 'number', 'boolean', 'object'].includes(t)) {
              ev.enforced[r.part].add(r.prop);
              if (r.part === 'body') ev.enforcedTypes.body.set(r.prop, t);
            }
          }
          if ((op === '!==' || op === '!=') && Node.isCallExpression(l) && l.getExpression().getText() === 'Array.isArray') {
            // `!Array.isArray(x)` is a prefix unary; this branch covers `Array.isArray(x) !== true`.
          }
        }
        if (Node.isPrefixUnaryExpression(c) && Node.isCallExpression(c.getOperand())) {
          const inner = c.getOperand() as CallExpression;
          if (inner.getExpression().getText() === 'Array.isArray' && inner.getArguments()[0]) {
            const r = refOf(inner.getArguments()[0]!);
            if (r?.part === 'body') {
              ev.enforced.body.add(r.prop);
              ev.enforcedTypes.body.set(r.prop, 'array');
            }
          }
        }
      }
      ev.evidence.add('usage');
    }
  }

  /** Every send on the response: status → what is sent. */
  private readSends(body: Node, resName: string, ev: Evidence, typed: boolean): void {
    for (const call of nodesOf(body, SyntaxKind.CallExpression)) {
      // Only the outermost call of a chain (`res.status(404).json(x)`).
      const parent = call.getParent();
      if (Node.isPropertyAccessExpression(parent) && Node.isCallExpression(parent.getParent())) continue;
      const links = chainLinks(call, resName);
      if (!links) continue;
      let status: string | undefined;
      let sent: { schema?: JsonSchema; media?: string } | undefined;
      for (const { name, args } of links) {
        if (name === 'status' || name === 'sendStatus') {
          const v = args[0] && numericValue(args[0]);
          status = v !== undefined ? String(v) : 'default';
          if (name === 'sendStatus') sent = { schema: { type: 'string' }, media: 'text/plain' };
        } else if (name === 'json' || name === 'jsonp') {
          sent = { schema: args[0] ? this.valueSchema(args[0], ev, typed) : { type: 'null' }, media: 'application/json' };
        } else if (name === 'send') {
          sent = args[0] ? this.sendSchema(args[0], ev, typed) : {};
        } else if (name === 'end') {
          sent = { schema: { type: 'null' } };
        } else if (name === 'redirect') {
          const v = args.length > 1 ? numericValue(args[0]!) : undefined;
          status ??= String(v ?? 302);
          sent = { schema: { type: 'null' } };
        } else if (name === 'render') {
          sent = { schema: { type: 'string' }, media: 'text/html' };
        } else if (name === 'sendFile' || name === 'download') {
          sent = {};
        }
      }
      if (!sent) continue;
      const key = status ?? '200';
      const prev = ev.responses.get(key);
      ev.responses.set(key, prev ? { schema: alternatives(prev.schema, sent.schema), media: prev.media ?? sent.media } : sent);
      ev.evidence.add(typed ? 'types' : 'usage');
    }
  }

  private sendSchema(arg: Node, ev: Evidence, typed: boolean): { schema?: JsonSchema; media?: string } {
    const a = unwrap(arg);
    if (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a) || Node.isTemplateExpression(a)) return { schema: { type: 'string' }, media: 'text/html' };
    if (Node.isObjectLiteralExpression(a) || Node.isArrayLiteralExpression(a)) return { schema: this.valueSchema(a, ev, typed), media: 'application/json' };
    const s = this.valueSchema(a, ev, typed);
    if (s.type === 'string') return { schema: s, media: 'text/html' };
    if (s.type === 'object' || s.type === 'array' || s.$ref) return { schema: s, media: 'application/json' };
    return {};
  }

  /** The schema of a value sent as JSON: the checker's type in TypeScript, the literal's shape otherwise. */
  valueSchema(expr: Node, ev: Evidence | undefined, typed: boolean): JsonSchema {
    if (typed && this.oracle) {
      const s = this.oracle.schemaOfExpression(expr);
      if (s && !isEmptySchema(s)) return s;
      if (ev?.declaredResponse) return ev.declaredResponse;
    }
    const literal = shapeOf(expr, 0);
    if (ev?.declaredResponse && isEmptySchema(literal)) return ev.declaredResponse;
    return literal;
  }

  resolve(id: Node): Expression | undefined {
    return resolveIdentifier(id, this.options);
  }

  sourceFileOf(rel: string): TsSourceFile | undefined {
    return this.options.sourceFileOf(rel);
  }

  share(name: string, schema: JsonSchema): JsonSchema {
    const existing = this.shared[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
      for (let i = 2; ; i++) {
        const id = `${name}${i}`;
        if (!this.shared[id] || JSON.stringify(this.shared[id]) === JSON.stringify(schema)) {
          this.shared[id] = schema;
          return refTo(id);
        }
      }
    }
    this.shared[name] = schema;
    return refTo(name);
  }
}

// ---------------------------------------------------------------- helpers over the AST

/** A function body's nodes of a kind, the body itself included (an arrow's expression body). */
function nodesOf<K extends SyntaxKind>(body: Node, kind: K) {
  const all = descendantsOfKind(body, kind);
  return body.getKind() === kind ? [body as (typeof all)[number], ...all] : all;
}

function unwrap(n: Node): Node {
  let cur = n;
  while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isNonNullExpression(cur) || Node.isAwaitExpression(cur) || Node.isSatisfiesExpression(cur)) {
    cur = cur.getExpression();
  }
  return cur;
}

function findRouteCall(sf: TsSourceFile, offset: number): CallExpression | undefined {
  // The method name's identifier (`get` in `app.get(`): a node, so no token walk is needed.
  const node = innermostNodeAt(sf, offset);
  const name = node && Node.isIdentifier(node) ? node : undefined;
  const access = name?.getParent();
  if (!access || !Node.isPropertyAccessExpression(access)) return undefined;
  const call = access.getParent();
  return call && Node.isCallExpression(call) && call.getExpression() === access ? call : undefined;
}

function numericValue(n: Node): number | undefined {
  const u = unwrap(n);
  if (Node.isNumericLiteral(u)) return u.getLiteralValue();
  return undefined;
}

/** `res.status(404).json(x)` → [{status,[404]}, {json,[x]}] when the chain starts at `res`. */
function chainLinks(call: CallExpression, resName: string): { name: string; args: Node[] }[] | undefined {
  const links: { name: string; args: Node[] }[] = [];
  let cur: Node = call;
  while (Node.isCallExpression(cur)) {
    const callee = cur.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    links.unshift({ name: callee.getName(), args: cur.getArguments() });
    cur = callee.getExpression();
  }
  return Node.isIdentifier(cur) && cur.getText() === resName ? links : undefined;
}

/** Whether a statement answers an error (`res.status(4xx)…`, `res.sendStatus(4xx)`, throw, next(err)). */
function rejects(stmt: Node, resName: string): boolean {
  if (nodesOf(stmt, SyntaxKind.ThrowStatement).length) return true;
  return nodesOf(stmt, SyntaxKind.CallExpression).some((n) => {
    const links = chainLinks(n, resName);
    const status = links?.find((l) => l.name === 'status' || l.name === 'sendStatus');
    const v = status?.args[0] && numericValue(status.args[0]);
    if (v !== undefined && v >= 400 && v < 500) return true;
    return Node.isIdentifier(n.getExpression()) && n.getExpression().getText() === 'next' && n.getArguments().length === 1;
  });
}

function orOperands(e: Node): Node[] {
  const u = unwrap(e);
  if (Node.isBinaryExpression(u) && u.getOperatorToken().getKind() === SyntaxKind.BarBarToken) return [...orOperands(u.getLeft()), ...orOperands(u.getRight())];
  return [u];
}

/** A function passed by name, as a wrapper's argument, or imported from another file. */
function resolveFunction(arg: Node, infer: Inference, depth = 0): Fn | undefined {
  if (depth > 4) return undefined;
  const a = unwrap(arg);
  if (Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a)) return a as unknown as Fn;
  if (Node.isCallExpression(a)) {
    // asyncHandler(fn), catchAsync(fn): the wrapped function.
    const inner = a.getArguments().find((x) => Node.isArrowFunction(x) || Node.isFunctionExpression(x) || Node.isIdentifier(x));
    return inner && a.getArguments().length === 1 ? resolveFunction(inner, infer, depth + 1) : undefined;
  }
  if (Node.isIdentifier(a) || Node.isPropertyAccessExpression(a)) {
    const target = infer.resolve(a);
    if (target && target !== a) return resolveFunction(target, infer, depth + 1);
  }
  return undefined;
}

/**
 * What an identifier (or `ns.name`) stands for: a local function or const initialiser, or the
 * export of a project file it is imported from (`import { list } from './ctrl.js'`,
 * `const ctrl = require('./ctrl')` + `ctrl.list`).
 */
export function resolveIdentifier(id: Node, options: InferOptions, depth = 0): Expression | undefined {
  if (depth > 5) return undefined;
  const sf = id.getSourceFile();
  if (Node.isPropertyAccessExpression(id)) {
    const obj = id.getExpression();
    if (!Node.isIdentifier(obj)) return undefined;
    const spec = moduleOf(obj.getText(), sf);
    const target = spec !== undefined ? resolveRelative(sf, spec, options) : undefined;
    return target ? exported(target, id.getName(), options, depth + 1) : undefined;
  }
  if (!Node.isIdentifier(id)) return undefined;
  const name = id.getText();
  const local = localDefinition(sf, name);
  if (local) return local;
  // Imported by name.
  for (const imp of sf.getImportDeclarations()) {
    const spec = imp.getModuleSpecifierValue();
    const named = imp.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
    const isDefault = imp.getDefaultImport()?.getText() === name;
    if (!named && !isDefault) continue;
    const target = resolveRelative(sf, spec, options);
    return target ? exported(target, named ? named.getName() : 'default', options, depth + 1) : undefined;
  }
  // const { list } = require('./ctrl')
  for (const decl of sf.getVariableDeclarations()) {
    const init = decl.getInitializer();
    const nameNode = decl.getNameNode();
    if (!init || !Node.isObjectBindingPattern(nameNode)) continue;
    const el = nameNode.getElements().find((e) => e.getName() === name);
    const spec = requireSpecifier(init);
    if (!el || !spec) continue;
    const target = resolveRelative(sf, spec, options);
    return target ? exported(target, el.getPropertyNameNode()?.getText() ?? name, options, depth + 1) : undefined;
  }
  return undefined;
}

function localDefinition(sf: TsSourceFile, name: string): Expression | undefined {
  const fn = sf.getFunction(name);
  if (fn) return fn as unknown as Expression;
  const decl = sf.getVariableDeclaration(name);
  const init = decl?.getInitializer();
  if (init && !requireSpecifier(init)) return init;
  return undefined;
}

function requireSpecifier(init: Node): string | undefined {
  const u = unwrap(init);
  if (Node.isCallExpression(u) && u.getExpression().getText() === 'require') {
    const a = u.getArguments()[0];
    if (a && Node.isStringLiteral(a)) return a.getLiteralValue();
  }
  return undefined;
}

/** The module specifier a local namespace (`import * as ctrl`, `const ctrl = require(…)`) names. */
function moduleOf(local: string, sf: TsSourceFile): string | undefined {
  for (const imp of sf.getImportDeclarations()) {
    if (imp.getNamespaceImport()?.getText() === local || imp.getDefaultImport()?.getText() === local) return imp.getModuleSpecifierValue();
  }
  const decl = sf.getVariableDeclaration(local);
  return decl?.getInitializer() ? requireSpecifier(decl.getInitializerOrThrow()) : undefined;
}

function relTarget(sf: TsSourceFile, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return path.posix.join(path.posix.dirname(sf.getFilePath().replace(/^\//, '')), spec);
}

function resolveRelative(sf: TsSourceFile, spec: string, options: InferOptions): TsSourceFile | undefined {
  const base = relTarget(sf, spec);
  if (!base) return undefined;
  const stem = base.replace(/\.(c|m)?js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.js`, `${stem}.mts`, `${stem}.mjs`, `${stem}.cjs`, `${stem}.cts`, `${stem}/index.ts`, `${stem}/index.js`]) {
    const f = options.sourceFileOf(candidate);
    if (f) return f;
  }
  return undefined;
}

/** The expression a module exports under a name (ESM export, `exports.x =`, `module.exports = { x }`). */
function exported(sf: TsSourceFile, name: string, options: InferOptions, depth: number): Expression | undefined {
  if (name !== 'default') {
    const local = localDefinition(sf, name);
    if (local && (sf.getFunction(name)?.isExported() || sf.getVariableStatement((s) => s.getDeclarations().some((d) => d.getName() === name))?.isExported())) return local;
  }
  for (const stmt of sf.getStatements()) {
    if (Node.isExportAssignment(stmt) && name === 'default') {
      const e = stmt.getExpression();
      return Node.isIdentifier(e) ? (localDefinition(sf, e.getText()) ?? e) : e;
    }
    if (!Node.isExpressionStatement(stmt)) continue;
    const e = stmt.getExpression();
    if (!Node.isBinaryExpression(e) || e.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = e.getLeft().getText();
    const right = e.getRight();
    if (left === `exports.${name}` || left === `module.exports.${name}`) return Node.isIdentifier(right) ? (localDefinition(sf, right.getText()) ?? right) : right;
    if (left === 'module.exports') {
      if (name === 'default' && !Node.isObjectLiteralExpression(right)) return Node.isIdentifier(right) ? (localDefinition(sf, right.getText()) ?? right) : right;
      if (Node.isObjectLiteralExpression(right)) {
        const prop = right.getProperty(name);
        if (prop && Node.isShorthandPropertyAssignment(prop)) return localDefinition(sf, name);
        if (prop && Node.isPropertyAssignment(prop)) {
          const init = prop.getInitializerOrThrow();
          return Node.isIdentifier(init) ? (localDefinition(sf, init.getText()) ?? init) : init;
        }
        if (prop && Node.isMethodDeclaration(prop)) return prop as unknown as Expression;
      }
    }
  }
  void options;
  void depth;
  return undefined;
}

/** zod bindings of a file (`import { z } from 'zod'`, `const z = require('zod')`). */
function zodContext(sf: TsSourceFile, infer: Inference): ZodContext {
  const names = new Set<string>();
  for (const imp of sf.getImportDeclarations()) {
    if (!/^zod(\/|$)/.test(imp.getModuleSpecifierValue())) continue;
    for (const n of imp.getNamedImports()) if (n.getName() === 'z') names.add(n.getAliasNode()?.getText() ?? 'z');
    const def = imp.getDefaultImport() ?? imp.getNamespaceImport();
    if (def) names.add(def.getText());
  }
  for (const decl of sf.getVariableDeclarations()) {
    const spec = decl.getInitializer() && requireSpecifier(decl.getInitializerOrThrow());
    if (!spec || !/^zod(\/|$)/.test(spec)) continue;
    const nameNode = decl.getNameNode();
    if (Node.isIdentifier(nameNode)) names.add(nameNode.getText());
    else if (Node.isObjectBindingPattern(nameNode)) for (const el of nameNode.getElements()) if ((el.getPropertyNameNode()?.getText() ?? el.getName()) === 'z') names.add(el.getName());
  }
  // Schemas imported from a schemas module use that module's zod binding.
  if (names.size === 0) names.add('z');
  return { names, resolve: (id) => infer.resolve(id), share: (name, schema) => infer.share(name, schema) };
}

/** The JSON shape of a literal value (JavaScript without types): `{ ok: true }` → object of boolean. */
export function shapeOf(expr: Node, depth: number): JsonSchema {
  if (depth > 8) return {};
  const e = unwrap(expr);
  if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) || Node.isTemplateExpression(e)) return { type: 'string' };
  if (Node.isNumericLiteral(e)) return { type: Number.isInteger(e.getLiteralValue()) ? 'integer' : 'number' };
  if (Node.isTrueLiteral(e) || Node.isFalseLiteral(e)) return { type: 'boolean' };
  if (Node.isNullLiteral(e)) return { type: 'null' };
  if (Node.isPrefixUnaryExpression(e)) {
    if (e.getOperatorToken() === SyntaxKind.ExclamationToken) return { type: 'boolean' };
    if (Node.isNumericLiteral(e.getOperand())) return shapeOf(e.getOperand(), depth + 1);
  }
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getText();
    if (['===', '!==', '==', '!=', '<', '>', '<=', '>=', 'instanceof', 'in'].includes(op)) return { type: 'boolean' };
    if (op === '??' || op === '||') {
      const r = alternatives(shapeOf(e.getLeft(), depth + 1), shapeOf(e.getRight(), depth + 1));
      return r ?? {};
    }
  }
  if (Node.isConditionalExpression(e)) return alternatives(shapeOf(e.getWhenTrue(), depth + 1), shapeOf(e.getWhenFalse(), depth + 1)) ?? {};
  if (Node.isCallExpression(e)) {
    const callee = e.getExpression().getText();
    if (callee === 'String' || /\.(toString|toISOString|toUpperCase|toLowerCase|trim|join)$/.test(callee)) return { type: 'string' };
    if (callee === 'Number' || callee === 'parseInt' || callee === 'parseFloat') return { type: 'number' };
    if (callee === 'Boolean' || /\.(includes|startsWith|endsWith|has|some|every)$/.test(callee)) return { type: 'boolean' };
  }
  if (Node.isObjectLiteralExpression(e)) {
    const props: Record<string, JsonSchema> = {};
    const present: string[] = [];
    let open = false;
    for (const p of e.getProperties()) {
      if (Node.isPropertyAssignment(p)) {
        const nameNode = p.getNameNode();
        if (Node.isComputedPropertyName(nameNode)) {
          open = true;
          continue;
        }
        const key = Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(nameNode.getLiteralValue()) : nameNode.getText();
        props[key] = shapeOf(p.getInitializerOrThrow(), depth + 1);
        present.push(key);
      } else if (Node.isShorthandPropertyAssignment(p)) {
        props[p.getName()] = shapeOf(p.getNameNode(), depth + 1);
        present.push(p.getName());
      } else if (Node.isSpreadAssignment(p)) {
        const spread = shapeOf(p.getExpression(), depth + 1);
        if (spread.type === 'object' && spread.properties) {
          for (const [k, v] of Object.entries(spread.properties as Record<string, JsonSchema>)) if (!(k in props)) props[k] = v;
          if (spread.additionalProperties !== undefined) open = true;
        } else open = true;
      }
      else if (Node.isMethodDeclaration(p)) continue;
    }
    const s = objectSchema(props, [], present);
    if (open) s.additionalProperties = true;
    return s;
  }
  if (Node.isArrayLiteralExpression(e)) {
    let items: JsonSchema | undefined;
    for (const el of e.getElements()) {
      if (Node.isSpreadElement(el)) return { type: 'array' };
      items = items ? alternatives(items, shapeOf(el, depth + 1)) : shapeOf(el, depth + 1);
    }
    return items ? { type: 'array', items } : { type: 'array' };
  }
  if (Node.isTypeOfExpression(e)) return { type: 'string' };
  if (Node.isPropertyAccessExpression(e) && e.getName() === 'length') return { type: 'integer' };
  if (Node.isCallExpression(e)) {
    // `rows.filter(…)`, `db.find(…)`: what a known array holds.
    const callee = e.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      if (['filter', 'slice', 'sort', 'reverse', 'concat', 'toSorted'].includes(method) || method === 'find' || method === 'at') {
        const arr = shapeOf(callee.getExpression(), depth + 1);
        if (arr.type === 'array') return method === 'find' || method === 'at' ? ((arr.items as JsonSchema) ?? {}) : arr;
      }
    }
  }
  if (Node.isIdentifier(e)) {
    // A constant or local variable initialised with something readable (`const user = db.find(…)`).
    const decl = declarationOf(e);
    const init = decl && Node.isVariableDeclaration(decl) && Node.isIdentifier(decl.getNameNode()) ? decl.getInitializer() : undefined;
    if (init && init !== e && !init.getDescendants().includes(e)) return shapeOf(init, depth + 1);
  }
  return {};
}

/** The declaration an identifier refers to (the analysis Project binds names without types). */
function declarationOf(id: Node): Node | undefined {
  try {
    return id.getSymbol()?.getDeclarations()[0];
  } catch {
    return undefined;
  }
}

/**
 * Two values that may be sent under the same status: one schema describing either. Objects merge
 * their properties; a key is present (declared required) only when both always send it.
 */
export function alternatives(a: JsonSchema | undefined, b: JsonSchema | undefined): JsonSchema | undefined {
  if (!a) return b;
  if (!b) return a;
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (isEmptySchema(a) || isEmptySchema(b)) return {};
  if (a.type === 'object' && b.type === 'object' && !a.$ref && !b.$ref) {
    const pa = (a.properties ?? {}) as Record<string, JsonSchema>;
    const pb = (b.properties ?? {}) as Record<string, JsonSchema>;
    const props: Record<string, JsonSchema> = {};
    for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) props[k] = k in pa && k in pb ? (alternatives(pa[k], pb[k]) ?? {}) : (pa[k] ?? pb[k])!;
    const da = new Set((a[DECLARED_REQUIRED] as string[]) ?? []);
    const both = ((b[DECLARED_REQUIRED] as string[]) ?? []).filter((k) => da.has(k));
    const out = objectSchema(props, [], both);
    if (a.additionalProperties !== undefined || b.additionalProperties !== undefined) out.additionalProperties = true;
    return out;
  }
  if (a.type === 'array' && b.type === 'array') return { type: 'array', items: alternatives(a.items as JsonSchema, b.items as JsonSchema) ?? {} };
  if (typeof a.type === 'string' && a.type === b.type && !a.enum && !b.enum && !a.const && !b.const) return { ...a, ...b };
  const parts = [...((a.anyOf as JsonSchema[]) ?? [a]), ...((b.anyOf as JsonSchema[]) ?? [b])];
  const unique = parts.filter((p, i) => parts.findIndex((q) => JSON.stringify(q) === JSON.stringify(p)) === i);
  return unique.length === 1 ? unique[0] : { anyOf: unique };
}

/** Query and path values are strings at run time: other declared types become strings. */
function stringValues(s: JsonSchema, validated = false): JsonSchema {
  if (s.type !== 'object' || !s.properties) return s;
  const props: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(s.properties as Record<string, JsonSchema>)) {
    const isStringy = (x: JsonSchema): boolean => x.type === 'string' || (Array.isArray(x.type) && x.type.includes('string')) || x.type === 'array';
    const stringy = isStringy(v) || (Array.isArray(v.anyOf) && (v.anyOf as JsonSchema[]).every(isStringy));
    // The app's own validation (z.coerce.number()) is the source saying otherwise.
    props[k] = stringy || (validated && v.type) ? v : { type: 'string', ...(v.description ? { description: v.description } : {}) };
  }
  return { ...s, properties: props };
}

function stripRequired(s: JsonSchema): JsonSchema {
  const out = { ...s };
  delete out.required;
  return out;
}

// ---------------------------------------------------------------- docs: JSDoc, tags, ids

function jsDocOf(call: CallExpression, handlerArg: Node | undefined, infer: Inference): { summary?: string; description?: string } {
  const stmt = call.getFirstAncestor((a) => Node.isStatement(a)) ?? call;
  let text = lastJsDoc(stmt);
  if (!text && handlerArg) {
    const fn = resolveFunction(handlerArg, infer);
    // `function list() {}`, `const list = () => …`, `exports.list = function () {}`: the statement holding it.
    const holder = fn && (Node.isFunctionDeclaration(fn) ? fn : fn.getFirstAncestor((a) => Node.isStatement(a)));
    if (holder && holder !== stmt) text = lastJsDoc(holder);
  }
  if (!text) return {};
  const lines = text
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trimEnd());
  const tags = new Map<string, string>();
  const prose: string[] = [];
  let inTag: string | undefined;
  for (const l of lines) {
    const m = l.match(/^@(\w+)\s*(.*)$/);
    if (m) {
      inTag = m[1];
      if (m[1] === 'summary' || m[1] === 'description') tags.set(m[1], m[2]!.trim());
      continue;
    }
    if (inTag) {
      if ((inTag === 'summary' || inTag === 'description') && l.trim()) tags.set(inTag, `${tags.get(inTag)} ${l.trim()}`.trim());
      continue;
    }
    prose.push(l);
  }
  const body = prose.join('\n').trim();
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
  let summary = tags.get('summary');
  let description = tags.get('description');
  if (!summary && paragraphs.length) {
    const first = paragraphs[0]!;
    const sentence = first.match(/^(.+?[.!?])(\s|$)/)?.[1] ?? first;
    summary = sentence.replace(/\.$/, '');
    const rest = [first.slice(sentence.length).trim(), ...paragraphs.slice(1)].filter(Boolean).join('\n\n');
    if (rest && !description) description = rest;
  } else if (!description && paragraphs.length) description = paragraphs.join('\n\n');
  return { summary, description };
}

function lastJsDoc(node: Node): string | undefined {
  const ranges = node.getLeadingCommentRanges();
  const last = ranges[ranges.length - 1];
  if (!last || last.getKind() !== SyntaxKind.MultiLineCommentTrivia) return undefined;
  const text = last.getText();
  return text.startsWith('/**') && !text.startsWith('/***') ? text : undefined;
}

/** Routes of a router get a tag: its file name (`routes/users.js` → `users`), or its name. */
function tagOf(route: Route, inventory: Inventory): string | undefined {
  const file = fileEntry(inventory.files, route.location.file);
  const owner = file?.apps.find((a) => a.name === route.owner);
  if (!owner || owner.kind !== 'router') return undefined;
  const hasApp = file!.apps.some((a) => a.kind === 'app');
  if (!hasApp) {
    const base = path.posix.basename(route.location.file).replace(/\.[^.]+$/, '');
    const stem = base === 'index' ? path.posix.basename(path.posix.dirname(route.location.file)) : base;
    const tag = stem.replace(/[.-](routes?|router|controller)$/i, '');
    if (tag && tag !== '.' && !/^(routes?|router)$/i.test(tag)) return tag;
  }
  const named = route.owner.replace(/(Router|Routes?)$/, '');
  return named && named !== 'router' ? named : undefined;
}

/** `getProductsById`, or the handler's own name when it has a telling one. Unique per inventory. */
/** Unique operation ids in file order (they depend on the routes' names and paths only). */
function operationIdsOf(inventory: Inventory): Map<Route, string> {
  const used = new Map<string, number>();
  const ids = new Map<Route, string>();
  for (const file of inventory.files) {
    for (const route of file.routes) {
      const base = operationBase(route);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      ids.set(route, n === 0 ? base : `${base}${n + 1}`);
    }
  }
  return ids;
}

const GENERIC_NAMES = /^(handler|handle|cb|callback|fn|middleware|route|controller|wrap|asyncHandler)$/i;

function operationBase(route: Route): string {
  const name = route.handler.kind === 'identifier' ? route.handler.name : undefined;
  if (name && !GENERIC_NAMES.test(name) && /^[A-Za-z_$][\w$]*$/.test(name)) return name;
  const p = route.fullPath ?? route.path ?? 'dynamic';
  const words: string[] = [];
  for (const seg of p.split('/').filter(Boolean)) {
    const param = seg.match(/^[:*]?(\w+)/);
    if (seg.startsWith(':') || seg.startsWith('*') || seg.startsWith('{')) words.push('By', cap(seg.replace(/[^\w]/g, '') || 'wildcard'));
    else if (param) words.push(cap(seg.replace(/[^\w]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')));
  }
  const method = route.method === 'ALL' ? 'any' : route.method.toLowerCase();
  return `${method}${words.join('') || 'Root'}`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** HTTP status text for a response description. */
export function statusText(status: string): string {
  if (status === 'default') return 'Default Response';
  return STATUS_CODES[Number(status)] ?? 'Response';
}
