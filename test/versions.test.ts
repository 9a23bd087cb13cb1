/**
 * The versions a migrated package.json gets (src/versions.ts) are the majors the differential
 * test runs the migrated apps against: this project's own devDependencies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { OUTPUT_VERSIONS } from '../src/versions.js';
import { PROJECT_ROOT } from './helpers/fixtures.js';

const major = (range: string) => range.replace(/^[\^~]/, '').split('.')[0];

it('every output version has the major of the devDependency the tests run', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const dev: Record<string, string> = pkg.devDependencies;
  for (const [name, range] of Object.entries(OUTPUT_VERSIONS)) {
    expect(dev[name], `${name} is not a devDependency`).toBeDefined();
    expect(major(range), name).toBe(major(dev[name]!));
  }
});
