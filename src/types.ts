/** Shapes passed between the pipeline stages (discover → analyze → transform → format → emit). */
import type { Diagnostic } from './diagnostics.js';
import type { Inventory } from './inventory.js';

export interface DiscoverOptions {
  /** Absolute folder every path is resolved against and every write stays inside. */
  root: string;
  /** Files or folders, relative to root or absolute. */
  paths: string[];
}

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the root, forward slashes. */
  rel: string;
  text: string;
}

export interface Skipped {
  /** Relative path; a folder ends with `/`. */
  rel: string;
  reason: string;
  /** Set when the file looks like Express code that the run left alone: a human should look. */
  attention?: boolean;
}

export interface Discovered {
  root: string;
  /** Candidate source files, already read, sorted by rel. */
  files: SourceFile[];
  /** The package.json that governs the root (nearest at or above it), if any. */
  packageJson: SourceFile | undefined;
  /** The root's tsconfig.json, if any (its `baseUrl`/`paths` aliases resolve imports). */
  tsconfig?: SourceFile;
  skipped: Skipped[];
}

export type FileStatus = 'changed' | 'unchanged' | 'failed';

export interface FileOutcome {
  rel: string;
  path: string;
  status: FileStatus;
  before: string;
  /** The new text when status is `changed`. */
  after?: string;
  /** The unified diff of `before` → `after`, when it was computed ahead (dry runs, in a worker). */
  patch?: string;
}

export interface MigrationPlan {
  root: string;
  inventory: Inventory;
  files: FileOutcome[];
  skipped: Skipped[];
  diagnostics: Diagnostic[];
}

export interface Summary {
  filesScanned: number;
  filesChanged: number;
  filesFailed: number;
  routesFound: number;
  routesNative: number;
  routesCompat: number;
  routesManual: number;
  middlewareFound: number;
}
