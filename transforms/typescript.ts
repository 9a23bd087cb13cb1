/**
 * TypeScript types: Express's `Request<P, ResBody, ReqBody, Query>` / `Response` annotations
 * become `FastifyRequest<{ Params; Body; Querystring }>` / `FastifyReply`, and inline handlers
 * get a route generic, so that migrated code type-checks against Fastify's own types.
 * Express types a body as `any` and a query as parsed strings; the generics say the same so
 * that code which compiled before still compiles (schemas tighten this later).
 */
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import type { FileState } from './context.js';
import type { FastifyPath } from './paths.js';

type Node = any;

const QUERY_TYPE = 'Record<string, string | undefined>';

function paramsType(fp: FastifyPath): string {
  const names = [...fp.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const fields = names.map((n) => `${n}: string`);
  if (fp.path.includes('*')) fields.push(`'*': string`);
  return `{ ${fields.join('; ')} }`;
}

/** Which of params/query/body a converted function reads. */
function usedParts(j: JSCodeshift, fn: Node, requestName: string): Set<string> {
  const used = new Set<string>();
  j(fn)
    .find(j.MemberExpression, { object: { type: 'Identifier', name: requestName } })
    .forEach((p: any) => {
      const prop = p.node.property.name;
      if (prop === 'params' || prop === 'query' || prop === 'body') used.add(prop);
    });
  return used;
}

function genericFor(fp: FastifyPath, used: Set<string>, explicit: { params?: string; body?: string; query?: string }): string | undefined {
  const fields: string[] = [];
  const params = explicit.params ?? (used.has('params') ? paramsType(fp) : undefined);
  if (params) fields.push(`Params: ${params}`);
  const query = explicit.query ?? (used.has('query') ? QUERY_TYPE : undefined);
  if (query) fields.push(`Querystring: ${query}`);
  const body = explicit.body ?? (used.has('body') ? 'any' : undefined);
  if (body) fields.push(`Body: ${body}`);
  return fields.length ? `{ ${fields.join('; ')} }` : undefined;
}

function typeNameOf(ref: Node): string | undefined {
  if (ref?.type !== 'TSTypeReference') return undefined;
  const n = ref.typeName;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'TSQualifiedName') return n.right.name;
  return undefined;
}

function parseType(j: JSCodeshift, text: string): Node {
  const program: any = j(`let x: ${text};`, { parser: 'ts' } as any).find(j.VariableDeclarator).paths()[0]!.node;
  return program.id.typeAnnotation.typeAnnotation;
}

/**
 * Retypes the request/reply parameters of a converted function. Returns true when the first
 * parameter carried an explicit Express type (then no route generic is needed).
 */
export function retypeParams(j: JSCodeshift, fn: Node, fp: FastifyPath, state: FileState, offset = 0): string | undefined | false {
  const [reqP, resP, nextP] = fn.params.slice(offset);
  let explicit: string | undefined | false = false;
  const reqType = reqP?.typeAnnotation?.typeAnnotation;
  if (typeNameOf(reqType) === 'Request') {
    explicit = undefined;
    const args: Node[] = reqType.typeParameters?.params ?? [];
    const text = (n: Node) => (n ? j(n).toSource() : undefined);
    const generic = genericFor(fp, usedParts(j, fn, reqP.name), {
      params: text(args[0]),
      body: text(args[2]),
      query: args[3] ? text(args[3]) : undefined,
    });
    reqP.typeAnnotation.typeAnnotation = parseType(j, generic ? `FastifyRequest<${generic}>` : 'FastifyRequest');
    state.fastifyTypes.add('FastifyRequest');
    explicit = generic;
  }
  const resType = resP?.typeAnnotation?.typeAnnotation;
  if (typeNameOf(resType) === 'Response') {
    resP.typeAnnotation.typeAnnotation = parseType(j, 'FastifyReply');
    state.fastifyTypes.add('FastifyReply');
  }
  if (typeNameOf(nextP?.typeAnnotation?.typeAnnotation) === 'NextFunction') {
    nextP.typeAnnotation.typeAnnotation = parseType(j, 'HookHandlerDoneFunction');
    state.fastifyTypes.add('HookHandlerDoneFunction');
  }
  return explicit;
}

/**
 * `const auth: RequestHandler = (req, res, next) => …` converted to a hook: the declared type
 * becomes Fastify's, or TypeScript would type the new parameters as Express's.
 */
export function retypeDeclaredHook(j: JSCodeshift, fnPath: ASTPath, state: FileState): void {
  const decl: Node = fnPath.parent?.node;
  if (decl?.type !== 'VariableDeclarator' || decl.init !== fnPath.node) return;
  if (typeNameOf(decl.id.typeAnnotation?.typeAnnotation) !== 'RequestHandler') return;
  decl.id.typeAnnotation.typeAnnotation = parseType(j, 'preHandlerHookHandler');
  state.fastifyTypes.add('preHandlerHookHandler');
}

/** `app.get('/x/:id', async (request, reply) => …)` → `app.get<{ Params: { id: string } }>(…)`. */
export function addRouteGeneric(j: JSCodeshift, call: ASTPath, fp: FastifyPath, state: FileState): void {
  const node: any = call.node;
  const handler = node.arguments[node.arguments.length - 1];
  if (!handler || !handler.params) return;
  const explicit = retypeParams(j, handler, fp, state);
  // With an options object (preHandler) TypeScript no longer infers the route's types from the
  // handler's annotation, so the call says them too.
  const hasOptions = node.arguments.length > 2;
  if (explicit !== false && !(hasOptions && explicit)) return;
  const requestName = handler.params[0]?.name;
  if (!requestName) return;
  const generic = explicit || genericFor(fp, usedParts(j, handler, requestName), {});
  if (!generic || node.typeParameters || node.typeArguments) return;
  node.typeParameters = j.tsTypeParameterInstantiation([parseType(j, generic)]);
}
