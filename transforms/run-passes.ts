/** Runs a list of passes over one file's text: one parse, one print. */
import { createRequire } from 'node:module';
import jscodeshift, { type Collection, type JSCodeshift } from 'jscodeshift';
import { makeDiagnostic, type CodeName, type Diagnostic } from '../src/diagnostics.js';
import type { FileInventory, Inventory, Verdict } from '../src/inventory.js';
import { installFastFind } from './fast-find.js';
import { installFastTemplate } from './fast-template.js';
import { newFileState, type FileState, type Pass, type TransformContext } from './context.js';

const require = createRequire(import.meta.url);

export function parserFor(rel: string): string {
  if (/\.tsx$/.test(rel)) return 'tsx';
  if (/\.[mc]?ts$/.test(rel)) return 'ts';
  return 'babylon';
}

export interface FileTransformResult {
  output: string;
  diagnostics: Diagnostic[];
  verdicts: Map<string, Verdict>;
  state: FileState;
}

/** Runs the passes over one file's text. Throws on a parse error (the caller reports it). */
export function transformSource(
  text: string,
  file: FileInventory,
  inventory: Inventory,
  nativeRouters: Set<string> = new Set(),
  keptRouters: Map<string, string> = new Map(),
  passes: Pass[],
  parsed?: Collection,
): FileTransformResult {
  const j = jscodeshiftFor(file.file);
  // A hashbang line survives recast only as a comment: `#!` → `//` keeps every offset.
  const hashbang = text.startsWith('#!') ? text.slice(0, text.search(/\r?\n|$/)) : undefined;
  let root;
  const source = hashbang ? `//${text.slice(2)}` : text;
  try {
    root = parsed && !hashbang ? parsed : j(source);
  } catch (e) {
    throw new SourceParseError(e);
  }
  const diagnostics: Diagnostic[] = [];
  const verdicts = new Map<string, Verdict>();
  const ctx: TransformContext = {
    j,
    root,
    source,
    file,
    inventory,
    state: {
      ...newFileState(),
      nativeRouters,
      keptRouters,
      projectSession: !!inventory.nativeSession,
      requestHelperAt: (call: any, index: number) => helperSites(inventory).has(`${file.file}:${call.start}:${index}`),
    },
    report(name: CodeName, node: any, detail?: string) {
      const loc = node?.loc?.start;
      diagnostics.push(makeDiagnostic(name, file.file, loc?.line ?? 0, (loc?.column ?? 0) + 1, detail));
    },
    setVerdict(id, verdict) {
      verdicts.set(id, verdict);
    },
  };
  for (const pass of passes) pass.run(ctx);
  const quote = /^\s*(import|const|var|let)[^\n]*"/m.test(text) && !/^\s*(import|const|var|let)[^\n]*'/m.test(text) ? 'double' : 'single';
  const lineTerminator = text.includes('\r\n') ? '\r\n' : '\n';
  let output = root.toSource({ quote, lineTerminator, arrowParensAlways: true } as any);
  // recast reprints a directive with its own semicolon after the one it kept.
  output = output.replace(/^((['"])use strict\2;);/m, '$1');
  if (hashbang) {
    const commented = `//${hashbang.slice(2)}`;
    const at = output.indexOf(commented);
    if (at !== -1) output = output.slice(0, at) + output.slice(at + commented.length).replace(/^\r?\n/, '');
    output = `${hashbang}${lineTerminator}${output.replace(/^\r?\n/, '')}`;
  }
  // The state outlives the file (the driver reads what it learnt); the tree it points into must not.
  for (const nodes of [ctx.state.routeCalls, ctx.state.hookStatements, ctx.state.onRoutePlugins, ctx.state.convertedFunctions, ctx.state.convertedHelpers, ctx.state.viewSettings]) nodes.clear();
  return { output, diagnostics, verdicts, state: ctx.state };
}


/** The input itself did not parse (as opposed to a transform failing on valid input). */
export class SourceParseError extends Error {
  readonly loc?: { line: number; column: number };
  constructor(readonly cause: unknown) {
    super(String((cause as Error)?.message ?? cause));
    this.loc = (cause as { loc?: { line: number; column: number } }).loc;
  }
}

/** `file:offset:argIndex` of every call that hands the request to a shared helper, built once per inventory. */
const helperIndex = new WeakMap<object, Set<string>>();
function helperSites(inventory: Inventory): Set<string> {
  let sites = helperIndex.get(inventory);
  if (!sites) {
    sites = new Set();
    for (const h of inventory.requestHelpers ?? []) for (const u of h.uses) sites.add(`${u.file}:${u.offset}:${h.index}`);
    helperIndex.set(inventory, sites);
  }
  return sites;
}

type ParserObject = { parse(code: string): unknown };
const getParser = require('jscodeshift/src/getParser') as (name: string) => ParserObject;
const parsers = new Map<string, ParserObject>();

/** jscodeshift's parser object for a parser name (Babel with jscodeshift's options), one per name. */
function parserObject(name: string): ParserObject {
  let parser = parsers.get(name);
  if (!parser) parsers.set(name, (parser = getParser(name)));
  return parser;
}

/**
 * Throws (with the position in `loc`) if `text` does not parse as the file's language. The same
 * parser and options as jscodeshift's, without recast's copy of the tree: a check, not a parse to use.
 */
export function checkParses(rel: string, text: string): void {
  parserObject(parserFor(rel)).parse(text);
}

/** jscodeshift bound to the parser for a file; `withParser` rebuilds its API, so one per parser. */
const apis = new Map<string, JSCodeshift>();
export function jscodeshiftFor(rel: string): JSCodeshift {
  const parser = parserFor(rel);
  let api = apis.get(parser);
  if (!api) {
    api = jscodeshift.withParser(parser);
    installFastFind(api);
    installFastTemplate(api, parserObject(parser));
    apis.set(parser, api);
  }
  return api;
}
