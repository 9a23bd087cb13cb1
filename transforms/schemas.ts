/**
 * Route schemas and served docs. Every converted route gets the `schema` the inventory inferred
 * for it (params, querystring, body, responses by status, operationId, summary, tags); named
 * types become shared schemas (`app.addSchema({ $id })`, referenced as `{ $ref: 'Product#' }`);
 * the app registers @fastify/swagger and @fastify/swagger-ui so that /docs serves them.
 *
 * Behaviour (DESIGN.md, "Schemas that do not change behaviour"): Express validated and filtered
 * nothing, and Fastify would reject, coerce, strip (Ajv) and drop response properties
 * (fast-json-stringify) from these schemas. So, unless `--strict-schemas`, the app keeps
 * Express's behaviour in two lines: a validator that accepts what it is given unchanged and a
 * serializer that is JSON.stringify, as Fastify uses without a schema. The schemas then document
 * (OpenAPI, /docs) without enforcing; removing those two lines turns enforcement on.
 *
 * @fastify/swagger learns routes from an `onRoute` hook, so it must have loaded before the routes
 * are declared: the docs pass (after `order`) moves the app's top-level routes into a plugin
 * registered after it (routers are plugins already).
 */
import { programPath } from './ast.js';
import type { JSCodeshift } from 'jscodeshift';
import type { Route } from '../src/inventory.js';
import { docsOptions, enforcingParts, fastifyRouteSchema, servedRoutes, sharedSchemasFor } from '../src/schema/route-schema.js';
import { printJs } from '../src/schema/print.js';
import { type Pass, type TransformContext } from './context.js';
import { standalone } from './standalone.js';
import { settledExpression } from './fast-template.js';

type Node = any;

function quoteOf(ctx: TransformContext): "'" | '"' {
  let single = 0;
  let double = 0;
  ctx.root.find(ctx.j.StringLiteral).forEach((p: any) => {
    const raw: string | undefined = p.node.extra?.raw;
    if (raw?.startsWith("'")) single++;
    else if (raw?.startsWith('"')) double++;
  });
  ctx.root.find(ctx.j.Literal).forEach((p: any) => {
    if (typeof p.node.value !== 'string') return;
    if (p.node.raw?.startsWith("'")) single++;
    else if (p.node.raw?.startsWith('"')) double++;
  });
  return double > single ? '"' : "'";
}

/** Where the schema goes in a call rebuilt from text: replaced by the schema's node after the parse. */
const SCHEMA_SLOT = '__e2f_schema__';

/**
 * Adds `schema` to the route call's options (a new options argument when it has none). With
 * options already there, the call is rebuilt from source text (as routes.ts does), so that
 * recast keeps the printed schema as it is instead of spacing the object out.
 */
function addSchemaOption(j: JSCodeshift, path: Node, source: string): Node {
  const call = path.node;
  const args: Node[] = call.arguments;
  if (args.length < 2) return call;
  const existing = args.length >= 3 && args[1].type === 'ObjectExpression' ? args[1] : undefined;
  if (!existing) {
    args.splice(1, 0, j.objectExpression([j.objectProperty(j.identifier('schema'), settledExpression(j, source))]));
    return call;
  }
  if (existing.properties.some((p: Node) => (p.key?.name ?? p.key?.value) === 'schema')) return call;
  const typeArgs = call.typeParameters ?? call.typeArguments;
  const callee = j(call.callee).toSource() + (typeArgs ? j(typeArgs).toSource() : '');
  const rest = existing.properties.map((p: Node) => j(p).toSource());
  // The schema goes in after the parse, in the slot's place: recast indents it as the slot, and
  // the template parses (and walks for its placeholders) only the short call around it.
  const options = `{\n  ${rest.join(',\n  ')},\n  schema: ${SCHEMA_SLOT}\n}`;
  const others = args.slice(2);
  const strings = [`${callee}(`, `, ${options}, `, ...others.slice(1).map(() => ', '), ')'];
  const replaced = path.replace(j.template.expression(strings as any, args[0], ...others));
  const rebuilt = replaced[0]?.node;
  if (!rebuilt) return call;
  rebuilt.arguments[1].properties.at(-1).value = settledExpression(j, source);
  return rebuilt;
}

export const schemasPass: Pass = {
  name: 'schemas',
  run(ctx) {
    const docs = docsOptions(ctx.inventory);
    if (docs.off) return;
    const { j, state } = ctx;
    const quote = quoteOf(ctx);
    const strict = docs.strict;
    const paths = new Map<Node, Node>();
    if (state.routeCalls.size) ctx.root.find(j.CallExpression).forEach((p: Node) => paths.set(p.node, p));
    for (const route of ctx.file.routes) {
      const call = state.routeCalls.get(route.id);
      const path = call && paths.get(call);
      if (!path) continue;
      const schema = fastifyRouteSchema(route, strict);
      if (!schema) continue;
      state.routeCalls.set(route.id, addSchemaOption(j, path, printJs(schema, { quote })));
    }
    for (const app of ctx.file.apps) {
      if (app.kind !== 'app') continue;
      const served = servedRoutes(ctx.inventory, ctx.file.file, app.name, new Set(state.routeCalls.keys()));
      if (served.length === 0) continue;
      const parts = served.map(enforcingParts);
      if (!strict && parts.some((p) => p.request)) {
        state.afterCreate.push(
          `// Express validated no request: the schemas below document the API (/docs) without rejecting,\n` +
            `// coercing or stripping anything. Remove this line to have Fastify enforce them.\n` +
            `${app.name}.setValidatorCompiler(() => () => true);`,
        );
      }
      if (!strict && parts.some((p) => p.response)) {
        state.afterCreate.push(
          `// Responses are sent whole, as Express sent them (a response schema would drop unlisted properties).\n` +
            `${app.name}.setSerializerCompiler(() => (data) => JSON.stringify(data));`,
        );
      }
      for (const shared of sharedSchemasFor(ctx.inventory, served, strict)) {
        state.afterCreate.push(`${app.name}.addSchema(${printJs(shared, { quote })});`);
      }
      if (docsRoute(ctx, served)) registerDocs(ctx, app.name, served, quote);
    }
  },
};

/** The docs route, unless docs are off or the app already has a route there. */
function docsRoute(ctx: TransformContext, served: Route[]): string | undefined {
  const docs = docsOptions(ctx.inventory);
  if (docs.route === false || served.length === 0) return undefined;
  const prefix = docs.route.replace(/\/$/, '') || '/docs';
  const clash = ctx.inventory.files.some((f) => f.routes.some((r) => r.fullPath !== undefined && (r.fullPath === prefix || r.fullPath.startsWith(`${prefix}/`))));
  return clash ? undefined : prefix;
}

function registerDocs(ctx: TransformContext, appName: string, served: Route[], quote: "'" | '"'): void {
  const { state } = ctx;
  const docs = docsOptions(ctx.inventory);
  const prefix = docsRoute(ctx, served)!;
  state.imports.set('fastifySwagger', '@fastify/swagger');
  state.imports.set('fastifySwaggerUi', '@fastify/swagger-ui');
  const info = { title: docs.title ?? 'API', version: docs.version ?? '1.0.0' };
  const openapi = printJs({ openapi: { openapi: '3.1.0', info } }, { quote }).slice(0, -2).trimEnd();
  const shared = sharedSchemasFor(ctx.inventory, served, docs.strict).length > 0;
  // Shared schemas keep their names as OpenAPI components (instead of def-0, def-1, …).
  const resolver = shared ? `,\n  refResolver: { buildLocalReference: (json, baseUri, fragment, i) => String(json.$id ?? \`def-\${i}\`) }` : '';
  state.afterCreate.push(`${appName}.register(fastifySwagger, ${openapi}${resolver}\n});`);
  // Helmet's default Content-Security-Policy would block the UI's inline script.
  const csp = state.imports.has('fastifyHelmet') ? ', staticCSP: true' : '';
  state.afterCreate.push(`${appName}.register(fastifySwaggerUi, { routePrefix: ${quote}${prefix}${quote}${csp} });`);
  state.docsApps ??= new Set();
  state.docsApps.add(appName);
}

// ---------------------------------------------------------------- docs pass: routes after swagger

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'route']);

function receiverAndMethod(stmt: Node): { receiver?: string; method?: string } {
  if (stmt?.type !== 'ExpressionStatement' || stmt.expression.type !== 'CallExpression') return {};
  const callee = stmt.expression.callee;
  if (callee.type !== 'MemberExpression') return {};
  let obj = callee.object;
  while (obj.type === 'CallExpression' && obj.callee.type === 'MemberExpression') obj = obj.callee.object;
  return { receiver: obj.type === 'Identifier' ? obj.name : undefined, method: callee.property?.name };
}

export const docsPass: Pass = {
  name: 'docs',
  run(ctx) {
    const { j, state } = ctx;
    if (!state.docsApps?.size) return;
    const program: Node = programPath(ctx.root).node;
    for (const appName of state.docsApps) {
      const body: Node[] = program.body;
      const moved = body.filter((s) => {
        const { receiver, method } = receiverAndMethod(s);
        return receiver === appName && ROUTE_METHODS.has(method ?? '') && s.expression.arguments.length >= 2;
      });
      if (moved.length === 0) continue;
      const param: Node = j.identifier(appName);
      if (ctx.file.language === 'ts') {
        param.typeAnnotation = j.tsTypeAnnotation(j.tsTypeReference(j.identifier('FastifyInstance')));
        state.fastifyTypes.add('FastifyInstance');
      }
      const fn: Node = j.functionExpression(j.identifier('routes'), [param], j.blockStatement(moved));
      fn.async = true;
      const register: Node = j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(appName), j.identifier('register')), [fn]));
      register.comments = [j.commentLine(' @fastify/swagger (/docs) documents the routes declared after it has loaded: they are declared in this plugin.', true, false)];
      const at = body.indexOf(moved[0]);
      const rest = body.filter((s) => !moved.includes(s));
      rest.splice(at, 0, register);
      body.length = 0;
      body.push(...rest);
    }
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/schemas.js <files>`. */
export default standalone(schemasPass, docsPass);
