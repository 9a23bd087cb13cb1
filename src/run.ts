/** The pipeline in a few calls: discover → analyze → transform → format → emit. */
import { analyzeProject } from './analyze/index.js';
import type { Diagnostic } from './diagnostics.js';
import { discover } from './discover.js';
import { emitDryRun, emitInPlace, emitToDir } from './emit.js';
import { UsageError } from './errors.js';
import { Finisher } from './finish.js';
import { defaultConcurrency, WorkerPool } from './pool.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { allMiddleware, allRoutes } from './inventory.js';
import { transformPackageJson } from './package-json.js';
import { EarlyTransforms } from './early-transforms.js';
import { rejectOutput, transformProject } from './transform.js';
import { probeNativeSession } from './session-probe.js';
import { buildOpenApi, writeOpenApiFile } from './openapi.js';
import { docsFor, type SchemaRunOptions } from './schema/route-schema.js';
import type { Discovered, MigrationPlan, SourceFile, Summary } from './types.js';

export interface RunOptions {
  root: string;
  paths: string[];
  mode: 'dry-run' | 'out' | 'in-place';
  outDir?: string;
  force?: boolean;
  /** Route schemas, served docs and the OpenAPI file (src/schema). */
  schemas?: SchemaRunOptions;
  concurrency?: number;
  progress?: Progress;
  onWarning?: (message: string) => void;
}

export interface RunResult {
  plan: MigrationPlan;
  summary: Summary;
  /** For dry runs: the unified diff of every change. */
  diff?: string;
  /** Files written (absolute paths). */
  written: string[];
}

/** Files with Express in them from which transforming and finishing go to worker threads by default. */
const WORKER_THRESHOLD = 24;

export interface PlanOptions {
  /** Threads working at once (the main one included); 1 transforms and finishes every file on the main thread. */
  concurrency?: number;
  /** Compute each changed file's unified diff (dry runs). */
  diff?: boolean;
  progress?: Progress;
  /** Tests: every file transformed on a worker (see TransformOptions.workersOnly). */
  workersOnly?: boolean;
  /** Told what the user should know but that changes no output (a worker thread that failed). */
  onWarning?: (message: string) => void;
}

/** Computes every output in memory; nothing is written here. */
export async function planMigration(root: string, paths: string[], schemas: SchemaRunOptions = {}, options: PlanOptions = {}): Promise<MigrationPlan> {
  const progress = options.progress ?? NO_PROGRESS;
  const warnings: string[] = [];
  try {
    return await plan(root, paths, schemas, options, progress, warnings);
  } finally {
    // After the progress line is gone, so that a warning is not drawn over.
    progress.done();
    for (const w of warnings) options.onWarning?.(w);
  }
}

async function plan(root: string, paths: string[], schemas: SchemaRunOptions, options: PlanOptions, progress: Progress, warnings: string[]): Promise<MigrationPlan> {
  progress.step('reading files');
  const discovered = await discover({ root, paths });
  // A worker takes about half a second to start: worth it only on projects with many files to
  // transform. Started now, they load the engine while the main thread analyses.
  const concurrency = options.concurrency ?? (discovered.files.length >= WORKER_THRESHOLD ? defaultConcurrency() : 1);
  const pool = new WorkerPool(Math.max(0, concurrency - 1));
  try {
    const plan = await transformAndFinish(discovered, schemas, options, progress, pool);
    if (pool.failure) warnings.push(`a worker thread failed (${pool.failure}); the main thread did its work, so the output is the same, only slower`);
    return plan;
  } finally {
    await pool.close();
  }
}

async function transformAndFinish(discovered: Discovered, schemas: SchemaRunOptions, options: PlanOptions, progress: Progress, pool: WorkerPool): Promise<MigrationPlan> {
  progress.step(`analysing ${discovered.files.length} files`);
  // The workers start on the files that depend on no other while the schemas are inferred.
  const early = new EarlyTransforms(pool, new Map(discovered.files.map((f) => [f.rel, f])));
  const docs = docsFor(discovered.packageJson, schemas);
  const inventory = analyzeProject(discovered, {
    // Set before the workers get the inventory: the schemas pass reads it.
    onStructure: (inv) => {
      inv.docs = docs;
      inv.nativeSession = probeNativeSession(inv, new Map(discovered.files.map((f) => [f.rel, f])));
      early.onStructure(inv);
    },
    onFile: (file, newShared) => early.onFile(file, newShared),
  });
  const diagnostics: Diagnostic[] = [];
  const finisher = new Finisher(pool);
  const job = (file: SourceFile, after: string) => ({ rel: file.rel, path: file.path, before: file.text, after, diff: !!options.diff });
  // Files are finished (checked, formatted, diffed) on the workers while the rest transform.
  const files = await transformProject(discovered, inventory, diagnostics, {
    pool,
    early,
    workersOnly: options.workersOnly,
    checkOutput: false,
    onOutput: (file, output) => void finisher.submit(job(file, output)),
    onRound: (round, count) => progress.step(round === 0 ? 'transforming' : `transforming (pass ${round + 1}: routers that stay on Express)`, count),
    onFileDone: () => progress.tick(),
  });
  const changed = files.filter((f) => f.status === 'changed' && f.after !== undefined);
  progress.step('checking and formatting', changed.length);
  finisher.helpInline();
  for (const f of changed) {
    const r = await finisher.submit(job({ rel: f.rel, path: f.path, text: f.before }, f.after!));
    progress.tick();
    if (r.kind === 'config-error') throw new UsageError(r.message);
    if (r.kind === 'unparsable') {
      rejectOutput(f, inventory, diagnostics, r);
      continue;
    }
    f.after = r.text;
    f.patch = r.patch;
    if (f.after === f.before) f.status = 'unchanged';
  }
  if (discovered.packageJson) {
    const pkg = transformPackageJson(discovered.packageJson, inventory, files);
    if (pkg) files.push(pkg);
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
  const plan = await planMigration(options.root, options.paths, options.schemas, { concurrency: options.concurrency, diff: options.mode === 'dry-run', progress: options.progress, onWarning: options.onWarning });
  const summary = summarize(plan);
  if (options.mode === 'dry-run') return { plan, summary, diff: emitDryRun(plan), written: [] };
  const written =
    options.mode === 'out' ? await emitToDir(plan, options.outDir!, { force: !!options.force }) : await emitInPlace(plan, { force: !!options.force });
  const openapi = options.schemas?.openapi;
  if (openapi) written.push(await writeOpenApiFile(openapi, buildOpenApi(plan.inventory, { strict: options.schemas?.strictSchemas })));
  return { plan, summary, written };
}
