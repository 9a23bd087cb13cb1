/**
 * Inventory → OpenAPI 3.1, from the same route schemas the migrated code carries (so the written
 * document and the one @fastify/swagger serves at /docs/json describe the same operations).
 * Pure data → data; `renderOpenApi` picks JSON or YAML by file extension.
 */
import { stringify as yamlStringify } from 'yaml';
import { allRoutes, type Inventory, type Route } from './inventory.js';
import { DECLARED_REQUIRED, isObjectSchema, reachableShared, renderSchema, type JsonSchema } from './schema/json-schema.js';
import { statusText } from './schema/index.js';
import { toFastifyPath } from '../transforms/paths.js';

export interface OpenApiOptions {
  title?: string;
  version?: string;
  /** `--strict-schemas`: the types' declared `required` become `required`. */
  strict?: boolean;
}

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

const METHODS_OF_ALL = ['get', 'put', 'post', 'delete', 'options', 'patch'];

/** `/users/:id` (Express) → `/users/{id}` (OpenAPI), through the Fastify path the route became. */
export function openApiPath(route: Route, expressMajor: 4 | 5 | undefined): string | undefined {
  const p = route.fullPath;
  if (p === undefined) return undefined;
  const r = toFastifyPath(p, expressMajor);
  if (!r.ok) return undefined;
  return r.value.path
    .replace(/:(\w+)(\([^)]*\))?\??/g, '{$1}')
    .replace(/\*$/, '{*}');
}

/** Fastify's `$ref: 'Product#'` → OpenAPI's `#/components/schemas/Product`. */
function toComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponents);
  if (!isObjectSchema(value)) return value;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) out[k] = `#/components/schemas/${v.replace(/#.*$/, '')}`;
    else if (k === 'required' || k === 'enum' || k === 'const' || k === DECLARED_REQUIRED) out[k] = v;
    else out[k] = toComponents(v);
  }
  return out;
}

function parametersOf(schema: unknown, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!isObjectSchema(schema) || !isObjectSchema(schema.properties)) return [];
  const required = new Set((schema.required as string[]) ?? []);
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, s]) => {
    const { description, ...rest } = s;
    const p: Record<string, unknown> = { name, in: where };
    if (description) p.description = description;
    // A path parameter is always required in OpenAPI (an optional one is a second path).
    if (where === 'path' || required.has(name)) p.required = true;
    p.schema = toComponents(rest);
    return p;
  });
}

function operation(route: Route, strict: boolean, method: string): Record<string, unknown> {
  const s = route.schemas;
  const op: Record<string, unknown> = {};
  if (s.operationId) op.operationId = route.method === 'ALL' ? `${s.operationId}${method[0]!.toUpperCase()}${method.slice(1)}` : s.operationId;
  if (s.summary) op.summary = s.summary;
  if (s.description) op.description = s.description;
  if (s.tags?.length) op.tags = s.tags;
  const parameters = [...parametersOf(renderSchema(s.params, strict), 'path'), ...parametersOf(renderSchema(s.querystring, strict), 'query')];
  if (parameters.length) op.parameters = parameters;
  if (s.body !== undefined) {
    op.requestBody = { content: { 'application/json': { schema: toComponents(renderSchema(s.body, strict)) } } };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(s.response ?? {})) {
    const rendered = renderSchema(schema as JsonSchema, strict);
    const r: Record<string, unknown> = { description: statusText(status) };
    if (!(isObjectSchema(rendered) && rendered.type === 'null')) {
      r.content = { [s.responseTypes?.[status] ?? 'application/json']: { schema: toComponents(rendered) } };
    }
    responses[status] = r;
  }
  op.responses = Object.keys(responses).length ? responses : { '200': { description: 'Default Response' } };
  if (route.verdict.kind !== 'native') op['x-express-to-fastify'] = route.verdict.kind;
  return op;
}

export function buildOpenApi(inventory: Inventory, options: OpenApiOptions = {}): OpenApiDocument {
  const strict = !!options.strict;
  const paths: Record<string, Record<string, unknown>> = {};
  const routes = allRoutes(inventory)
    .filter((r) => openApiPath(r, inventory.expressMajor) !== undefined)
    .sort((a, b) => openApiPath(a, inventory.expressMajor)!.localeCompare(openApiPath(b, inventory.expressMajor)!));
  for (const route of routes) {
    const p = openApiPath(route, inventory.expressMajor)!;
    const item = (paths[p] ??= {});
    const methods = route.method === 'ALL' ? METHODS_OF_ALL : [route.method.toLowerCase()];
    for (const m of methods) if (!(m in item)) item[m] = operation(route, strict, m);
  }
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: options.title ?? inventory.docs?.title ?? 'API', version: options.version ?? inventory.docs?.version ?? '1.0.0' },
    paths,
  };
  // Only the shared schemas some route refers to (inference may have met others on the way).
  const shared = (inventory.schemas ?? {}) as Record<string, JsonSchema>;
  const used = reachableShared(allRoutes(inventory).map((r) => r.schemas), shared);
  if (used.length) {
    doc.components = { schemas: Object.fromEntries(used.map((id) => [id, toComponents(renderSchema(shared[id], strict))])) };
  }
  return doc;
}

/** The document as the file's extension asks: `.yaml`/`.yml` → YAML, anything else → JSON. */
export function renderOpenApi(doc: OpenApiDocument, file: string): string {
  if (/\.ya?ml$/i.test(file)) return yamlStringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Routes with a schema for the body / responses, against those that take a body / send anything. */
export function schemaCoverage(inventory: Inventory): Record<string, number> {
  const routes = allRoutes(inventory);
  const takesBody = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
  return {
    routes: routes.length,
    withParams: routes.filter((r) => r.schemas.params).length,
    withQuery: routes.filter((r) => r.schemas.querystring).length,
    takingBody: takesBody.length,
    withBody: takesBody.filter((r) => r.schemas.body).length,
    withResponse: routes.filter((r) => Object.keys(r.schemas.response ?? {}).length).length,
    responses: routes.reduce((n, r) => n + Object.keys(r.schemas.response ?? {}).length, 0),
    responsesWithSchema: routes.reduce((n, r) => n + Object.values(r.schemas.response ?? {}).filter((s) => isObjectSchema(s) && Object.keys(s).length > 0).length, 0),
  };
}

/** Writes the document (atomically: a temporary file renamed over the target). Returns the path. */
export async function writeOpenApiFile(file: string, doc: OpenApiDocument): Promise<string> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, renderOpenApi(doc, file));
  await rename(tmp, file);
  return file;
}
