/** The pipeline in a few calls: discover → analyze → transform → format → emit. */
import { analyzeProject } from './analyze/index.js';
import type { Diagnostic } from './diagnostics.js';
import { discover } from './discover.js';
import { emitDryRun, emitInPlace, emitToDir } from './emit.js';
import { formatSource } from './format.js';
import { allMiddleware, allRoutes } from './inventory.js';
import { transformPackageJson } from './package-json.js';
import { transformProject } from './transform.js';
import { buildOpenApi, writeOpenApiFile } from './openapi.js';
import { docsFor, type SchemaRunOptions } from './schema/route-schema.js';
import type { MigrationPlan, Summary } from './types.js';

export interface RunOptions {
  root: string;
  paths: string[];
  mode: 'dry-run' | 'out' | 'in-place';
  outDir?: string;
  force?: boolean;
  /** Route schemas, served docs and the OpenAPI file (src/schema). */
  schemas?: SchemaRunOptions;
}

export interface RunResult {
  plan: MigrationPlan;
  summary: Summary;
  /** For dry runs: the unified diff of every change. */
  diff?: string;
  /** Files written (absolute paths). */
  written: string[];
}

/** Computes every output in memory; nothing is written here. */
export async function planMigration(root: string, paths: string[], schemas: SchemaRunOptions = {}): Promise<MigrationPlan> {
  const discovered = await discover({ root, paths });
  const inventory = analyzeProject(discovered);
  inventory.docs = docsFor(discovered.packageJson, schemas);
  const diagnostics: Diagnostic[] = [];
  const files = transformProject(discovered, inventory, diagnostics);
  if (discovered.packageJson) {
    const pkg = transformPackageJson(discovered.packageJson, inventory, files);
    if (pkg) files.push(pkg);
  }
  for (const f of files) {
    if (f.status === 'changed' && f.after !== undefined && !f.rel.endsWith('package.json')) {
      f.after = await formatSource(f.path, f.after);
      if (f.after === f.before) f.status = 'unchanged';
    }
  }
  return { root: discovered.root, inventory, files, skipped: discovered.skipped, diagnostics };
}

export function summarize(plan: MigrationPlan): Summary {
  const routes = allRoutes(plan.inventory);
  return {
    filesScanned: plan.files.length,
    filesChanged: plan.files.filter((f) => f.status === 'changed').length,
    filesFailed: plan.files.filter((f) => f.status === 'failed').length,
    routesFound: routes.length,
    routesNative: routes.filter((r) => r.verdict.kind === 'native').length,
    routesCompat: routes.filter((r) => r.verdict.kind === 'compat').length,
    routesManual: routes.filter((r) => r.verdict.kind === 'manual').length,
    middlewareFound: allMiddleware(plan.inventory).length,
  };
}

export async function runMigrate(options: RunOptions): Promise<RunResult> {
  const plan = await planMigration(options.root, options.paths, options.schemas);
  const summary = summarize(plan);
  if (options.mode === 'dry-run') return { plan, summary, diff: emitDryRun(plan), written: [] };
  const written =
    options.mode === 'out' ? await emitToDir(plan, options.outDir!, { force: !!options.force }) : await emitInPlace(plan, { force: !!options.force });
  const openapi = options.schemas?.openapi;
  if (openapi) written.push(await writeOpenApiFile(openapi, buildOpenApi(plan.inventory, { strict: options.schemas?.strictSchemas })));
  return { plan, summary, written };
}
