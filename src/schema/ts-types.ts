/**
 * TypeScript types → JSON Schema through the type checker. The analysis Project parses without
 * a standard library (fast, enough for routes); types need one, and need every TypeScript file
 * of the project (a handler's types often live in another file), so this module keeps a second,
 * in-memory Project that is created on the first type query only: a JavaScript project never
 * pays for it. Packages are not resolved (only the project's own files and the ES2022 library):
 * `Request<P, ResBody, ReqBody, Query>` is read from its type arguments, which are the user's
 * own types; anything that would need a package's types reads as unknown (`{}`).
 */
import { Node, Project, ts, type Symbol as TsSymbol, type Type } from 'ts-morph';
import type { SourceFile } from '../types.js';
import { nodesHolding, wrapped } from '../analyze/descendants.js';
import type { PathAliases } from '../analyze/modules.js';
import { objectSchema, refTo, type JsonSchema } from './json-schema.js';

const TS_FILE = /\.([mc]?ts|tsx)$/;
const ANONYMOUS = new Set(['__type', '__object', 'Object', '__function']);

export interface SharedSchemas {
  /** `$id` → schema (without the `$id` key; it is added where the schema is registered). */
  schemas: Record<string, JsonSchema>;
}

/**
 * The deepest node of `kind` that spans exactly `width` characters from token position `start`:
 * what `getDescendantAtStartWithWidth` and a search by kind find. ts-morph's own walk wraps every
 * child on the way (and scans their tokens): on a 5,000-file project that lookup was a tenth of
 * the schema inference.
 */
export function nodeSpanning(sf: ts.SourceFile, start: number, width: number, kind: ts.SyntaxKind): ts.Node | undefined {
  const chain = nodesHolding(sf, start);
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (n.kind === kind && n.end - start === width && n.getStart(sf) === start) return n;
  }
  return undefined;
}

export class TypeOracle {
  private project: Project | undefined;
  private readonly ids = new Map<ts.Type, string>();
  private readonly inProgress = new Set<ts.Type>();
  /** Milliseconds spent creating the Project and answering queries (reported by tests). */
  cost = 0;

  constructor(
    private readonly files: SourceFile[],
    private readonly shared: SharedSchemas,
    private readonly aliases?: PathAliases,
    /** The files types are asked about (the rest is read only when they import it); all when absent. */
    private readonly roots?: Set<string>,
  ) {}

  static hasTypeScript(files: SourceFile[]): boolean {
    return files.some((f) => TS_FILE.test(f.rel) && !f.rel.endsWith('.d.ts'));
  }

  private ensure(): Project {
    if (this.project) return this.project;
    const started = performance.now();
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts'],
        types: [],
        noEmit: true,
        skipLibCheck: true,
        // The files sit at `/<rel>`: with absolute targets the tsconfig aliases resolve here too.
        ...(this.aliases ? { baseUrl: `/${this.aliases.baseUrl ?? ''}`, paths: Object.fromEntries(this.aliases.paths.map((p) => [p.pattern, p.targets.map((t) => `/${t}`)])) } : {}),
      },
    });
    // Only the files asked about are parsed up front; the compiler reads what they import from the
    // in-memory file system, so a 5,000-file project does not parse the modules no route reaches.
    // Files that can declare globals or augment modules are parsed too: they change types from afar.
    const fs = project.getFileSystem();
    for (const f of this.files) {
      if (!TS_FILE.test(f.rel)) continue;
      if (!this.roots || this.roots.has(f.rel) || f.rel.endsWith('.d.ts') || /\bdeclare\s+(global|module)\b/.test(f.text)) {
        project.createSourceFile(`/${f.rel}`, f.text, { overwrite: true });
      } else fs.writeFileSync(`/${f.rel}`, f.text);
    }
    this.project = project;
    this.cost += performance.now() - started;
    return project;
  }

  /** The node of the typed Project at the same place as `node` (of the analysis Project). */
  private twin(node: Node): Node | undefined {
    const rel = node.getSourceFile().getFilePath();
    if (!TS_FILE.test(rel)) return undefined;
    const project = this.ensure();
    const sf = project.getSourceFile(rel) ?? (project.getFileSystem().fileExistsSync(rel) ? project.addSourceFileAtPath(rel) : undefined);
    if (!sf) return undefined;
    const start = node.getStart();
    const width = node.getWidth();
    const exact = nodeSpanning(sf.compilerNode, start, width, node.getKind());
    if (exact) return wrapped(sf, exact);
    const found = sf.getDescendantAtStartWithWidth(start, width);
    if (!found || found.getKind() === node.getKind()) return found;
    // A SyntaxList (or a wrapper) can span the same text: take the node of the same kind.
    const same = (n: Node) => n.getKind() === node.getKind() && n.getStart() === node.getStart() && n.getWidth() === node.getWidth();
    return found.getDescendants().find(same) ?? found.getAncestors().find(same) ?? found;
  }

  private timed<T>(fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.cost += performance.now() - started;
    }
  }

  /** The schema of a type written in the source (`ProductParams`, `{ id: string }`). */
  schemaOfTypeNode(node: Node, opts: { inline?: boolean } = {}): JsonSchema | undefined {
    return this.timed(() => {
      const twin = this.twin(node);
      if (!twin) return undefined;
      return this.toSchema(twin.getType(), twin, opts.inline ? 1 : 0);
    });
  }

  /** The schema of the value an expression evaluates to (`res.json(product)`). */
  schemaOfExpression(node: Node): JsonSchema | undefined {
    return this.timed(() => {
      const twin = this.twin(node);
      if (!twin) return undefined;
      return this.toSchema(twin.getType(), twin, 0);
    });
  }

  /**
   * `inlineDepth` > 0 expands named object types in place (parameters need their properties
   * listed); otherwise a named object type becomes a shared schema and a `$ref`.
   */
  private toSchema(type: Type, at: Node, inlineDepth: number, depth = 0): JsonSchema | undefined {
    if (depth > 12) return {};
    if (type.isAny() || type.isUnknown()) return {};
    if (type.isNever()) return undefined;
    if (type.isUnion() && !type.isBoolean() && !type.isEnum()) return this.unionSchema(type.getUnionTypes(), at, inlineDepth, depth);
    if (type.isEnum()) return this.unionSchema(type.getUnionTypes(), at, inlineDepth, depth);
    if (type.isString() || type.isTemplateLiteral()) return { type: 'string' };
    if (type.isStringLiteral()) return { type: 'string', const: type.getLiteralValue() };
    if (type.isNumber()) return { type: 'number' };
    if (type.isNumberLiteral()) return { type: 'number', const: type.getLiteralValue() };
    if (type.isBoolean()) return { type: 'boolean' };
    if (type.isBooleanLiteral()) return { type: 'boolean', const: type.getText() === 'true' };
    if (type.isNull()) return { type: 'null' };
    if (type.isUndefined() || type.getFlags() & ts.TypeFlags.Void) return undefined;
    if (type.getFlags() & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { type: 'integer' };
    if (type.isArray() || type.isReadonlyArray?.()) {
      const el = type.getArrayElementType() ?? type.getTypeArguments()[0];
      return { type: 'array', items: (el && this.toSchema(el, at, inlineDepth && inlineDepth - 1, depth + 1)) ?? {} };
    }
    if (type.isTuple()) {
      const items = type.getTupleElements().map((t) => this.toSchema(t, at, 0, depth + 1) ?? {});
      return { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length };
    }
    const symbol = type.getSymbol();
    if (symbol?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (type.getCallSignatures().length > 0 && type.getProperties().length === 0) return undefined;
    if (type.isIntersection()) {
      // `A & B`: the properties of both, as one object.
      return this.objectBody(type, at, depth);
    }
    if (type.isObject()) {
      const name = this.nameOf(type);
      if (!name || inlineDepth > 0) return this.objectBody(type, at, depth);
      const known = this.ids.get(type.compilerType);
      if (known) return refTo(known);
      const id = this.freshId(name);
      this.ids.set(type.compilerType, id);
      this.inProgress.add(type.compilerType);
      this.shared.schemas[id] = {}; // placeholder: a recursive type refers to itself
      this.shared.schemas[id] = this.objectBody(type, at, depth);
      this.inProgress.delete(type.compilerType);
      return refTo(id);
    }
    return {};
  }

  private unionSchema(members: Type[], at: Node, inlineDepth: number, depth: number): JsonSchema | undefined {
    let nullable = false;
    const rest: Type[] = [];
    for (const m of members) {
      if (m.isUndefined() || m.getFlags() & ts.TypeFlags.Void) continue;
      if (m.isNull()) nullable = true;
      else rest.push(m);
    }
    // `boolean` arrives as `true | false`.
    const bools = rest.filter((m) => m.isBooleanLiteral());
    const others = rest.filter((m) => !m.isBooleanLiteral());
    const parts: JsonSchema[] = [];
    if (bools.length === 2) parts.push({ type: 'boolean' });
    else for (const b of bools) parts.push({ type: 'boolean', const: b.getText() === 'true' });
    const strings = others.filter((m) => m.isStringLiteral());
    const numbers = others.filter((m) => m.isNumberLiteral());
    if (strings.length > 1) parts.push({ type: 'string', enum: strings.map((m) => m.getLiteralValue()) });
    else if (strings.length === 1) parts.push({ type: 'string', enum: [strings[0]!.getLiteralValue()] });
    if (numbers.length > 1) parts.push({ type: 'number', enum: numbers.map((m) => m.getLiteralValue()) });
    else if (numbers.length === 1) parts.push({ type: 'number', enum: [numbers[0]!.getLiteralValue()] });
    for (const m of others) {
      if (m.isStringLiteral() || m.isNumberLiteral()) continue;
      const s = this.toSchema(m, at, inlineDepth, depth + 1);
      if (s) parts.push(s);
    }
    if (parts.length === 0) return nullable ? { type: 'null' } : undefined;
    if (parts.some((p) => Object.keys(p).length === 0)) return {};
    if (parts.length === 1) {
      const only = parts[0]!;
      if (!nullable) return only;
      if (typeof only.type === 'string' && !only.$ref) {
        const out: JsonSchema = { ...only, type: [only.type, 'null'] };
        if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
        return out;
      }
      return { anyOf: [only, { type: 'null' }] };
    }
    return { anyOf: nullable ? [...parts, { type: 'null' }] : parts };
  }

  private objectBody(type: Type, at: Node, depth: number): JsonSchema {
    const props: Record<string, JsonSchema> = {};
    const declared: string[] = [];
    for (const prop of type.getProperties()) {
      const name = prop.getName();
      if (name.startsWith('__@')) continue; // symbol-keyed
      const propType = this.propertyType(prop, at);
      if (!propType) continue;
      if (propType.getCallSignatures().length > 0 && propType.getProperties().every((p) => p.getName() === 'prototype')) continue;
      const s = this.toSchema(propType, at, 0, depth + 1);
      if (!s) continue;
      props[name] = s;
      const optional = (prop.getFlags() & ts.SymbolFlags.Optional) !== 0 || (propType.isUnion() && propType.getUnionTypes().some((t) => t.isUndefined()));
      if (!optional) declared.push(name);
    }
    const out = objectSchema(props, [], declared);
    const index = type.getStringIndexType() ?? type.getNumberIndexType();
    if (index) out.additionalProperties = this.toSchema(index, at, 0, depth + 1) ?? {};
    return out;
  }

  private propertyType(prop: TsSymbol, at: Node): Type | undefined {
    const decl = prop.getValueDeclaration() ?? prop.getDeclarations()[0];
    try {
      return decl ? prop.getTypeAtLocation(decl) : prop.getTypeAtLocation(at);
    } catch {
      return undefined;
    }
  }

  /** A readable name for a named object type (`Product`, `Page<Product>` → `PageProduct`), or none. */
  private nameOf(type: Type): string | undefined {
    const alias = type.getAliasSymbol();
    const symbol = alias ?? type.getSymbol();
    const name = symbol?.getName();
    if (!name || ANONYMOUS.has(name) || name.startsWith('__')) return undefined;
    const decl = symbol!.getDeclarations()[0];
    // Only the project's own types: a library type (lib.d.ts) has no business being a component.
    if (!decl || decl.getSourceFile().getFilePath().includes('/node_modules/') || decl.getSourceFile().isDeclarationFile()) return undefined;
    const args = (alias ? type.getAliasTypeArguments() : type.getTypeArguments()).map((t) => this.nameOf(t) ?? t.getText().replace(/\W/g, ''));
    return `${name}${args.map((a) => a.charAt(0).toUpperCase() + a.slice(1)).join('')}`.replace(/[^\w]/g, '');
  }

  private freshId(name: string): string {
    if (!(name in this.shared.schemas)) return name;
    for (let i = 2; ; i++) if (!(`${name}${i}` in this.shared.schemas)) return `${name}${i}`;
  }
}

/** `Request<P, ResBody, ReqBody, Query>` / `Response<T>` type arguments of an annotation, if any. */
export function typeArgumentsOf(typeNode: Node | undefined, names: string[]): Node[] | undefined {
  if (!typeNode || !Node.isTypeReference(typeNode)) return undefined;
  const name = typeNode.getTypeName().getText().replace(/^.*\./, '');
  if (!names.includes(name)) return undefined;
  return typeNode.getTypeArguments();
}
