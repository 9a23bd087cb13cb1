/**
 * Lets one pass run alone under `jscodeshift -t dist/transforms/<pass>.js`: jscodeshift hands
 * over one file at a time, so the inventory is built for that file only (mounts across files
 * and the project's Express version are then unknown — the CLI sees the whole project).
 */
import path from 'node:path';
import type { API, FileInfo } from 'jscodeshift';
import { analyzeProject } from '../src/analyze/index.js';
import type { Pass } from './context.js';
import { transformSource } from './run-passes.js';

export function standalone(...passes: Pass[]) {
  return function transform(file: FileInfo, _api: API): string | undefined {
    const rel = path.basename(file.path);
    const inventory = analyzeProject({
      root: path.dirname(path.resolve(file.path)),
      files: [{ path: path.resolve(file.path), rel, text: file.source }],
      packageJson: undefined,
      skipped: [],
    });
    const inv = inventory.files[0];
    if (!inv) return undefined; // no Express here: jscodeshift reports the file as skipped
    const result = transformSource(file.source, inv, inventory, new Set(), new Map(), passes);
    return result.output === file.source ? undefined : result.output;
  };
}
