/**
 * JSON Schema as plain data, and the few operations inference needs: merging what two pieces of
 * evidence say, and rendering for a mode (default: `required` only where the old code enforced
 * it; `--strict-schemas`: also what the types declare).
 */
export type JsonSchema = { [key: string]: unknown };

/** Object schemas: properties the types declare required but the old code never enforced. */
export const DECLARED_REQUIRED = 'x-declared-required';

export function isObjectSchema(s: unknown): s is JsonSchema {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

export function objectSchema(props: Record<string, JsonSchema>, required: string[] = [], declared: string[] = []): JsonSchema {
  const s: JsonSchema = { type: 'object', properties: props };
  const req = [...new Set(required)];
  const decl = [...new Set(declared)].filter((n) => !req.includes(n));
  if (req.length) s.required = req;
  if (decl.length) s[DECLARED_REQUIRED] = decl;
  return s;
}

/** Whether a schema says nothing (`{}`, or only a description). */
export function isEmptySchema(s: JsonSchema | undefined): boolean {
  return !s || Object.keys(s).every((k) => k === 'description');
}

/**
 * Combines two descriptions of the same value: properties are united, a known type wins over
 * none, `required` lists are united (each one is evidence that the old code enforced it).
 */
export function mergeSchemas(a: JsonSchema | undefined, b: JsonSchema | undefined): JsonSchema | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.$ref || b.$ref) return a.$ref ? a : b;
  if (a.type === 'object' || b.type === 'object' || a.properties || b.properties) {
    const pa = (a.properties ?? {}) as Record<string, JsonSchema>;
    const pb = (b.properties ?? {}) as Record<string, JsonSchema>;
    const props: Record<string, JsonSchema> = { ...pa };
    for (const [k, v] of Object.entries(pb)) props[k] = mergeSchemas(pa[k], v)!;
    const out: JsonSchema = { ...b, ...a, type: 'object', properties: props };
    const req = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
    const decl = [...new Set([...((a[DECLARED_REQUIRED] as string[]) ?? []), ...((b[DECLARED_REQUIRED] as string[]) ?? [])])].filter((n) => !req.includes(n));
    delete out.required;
    delete out[DECLARED_REQUIRED];
    if (req.length) out.required = req;
    if (decl.length) out[DECLARED_REQUIRED] = decl;
    return out;
  }
  // Scalars: the first (stronger) description wins unless it says nothing.
  return isEmptySchema(a) ? { ...b, ...(a.description ? { description: a.description } : {}) } : a;
}

/** The schema for the mode: declared-required folded into `required` (strict) or dropped. */
export function renderSchema<T>(value: T, strict: boolean): T {
  if (Array.isArray(value)) return value.map((v) => renderSchema(v, strict)) as T;
  if (!isObjectSchema(value)) return value;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === DECLARED_REQUIRED) continue;
    // `properties`, `$defs`… hold names, not keywords: a property may be called "required".
    out[k] = k === 'required' || k === 'enum' || k === 'const' || k === 'examples' ? v : renderSchema(v, strict);
  }
  if (strict && Array.isArray(value[DECLARED_REQUIRED])) {
    out.required = [...new Set([...((out.required as string[]) ?? []), ...(value[DECLARED_REQUIRED] as string[])])];
  }
  return out as T;
}

/** Every `$ref` target named in a schema (`Product#` → `Product`). */
export function refsOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsOf(v, into);
  else if (isObjectSchema(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v.replace(/#.*$/, ''));
      else refsOf(v, into);
    }
  }
  return into;
}

/** Shared schemas reachable from some schemas, through the shared schemas' own refs. */
export function reachableShared(roots: unknown[], shared: Record<string, unknown>): string[] {
  const seen = new Set<string>();
  const queue = [...refsOf(roots)];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id) || !(id in shared)) continue;
    seen.add(id);
    queue.push(...refsOf(shared[id]));
  }
  return [...seen].sort();
}

/** `$ref: 'Product#'` (Fastify's shared-schema reference) for a shared schema id. */
export const refTo = (id: string): JsonSchema => ({ $ref: `${id}#` });
