/** Finds the fixture cases: every folder under fixtures/ is one (see DESIGN.md, "fixtures/<concept>-<variant>/"). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');

export interface RequestSpec {
  name?: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON (content-type application/json unless headers say otherwise). */
  body?: string | object;
  /** A multipart/form-data body instead of `body`: text fields (`value`) and files (`content`, sent as UTF-8 text). */
  multipart?: Array<{ name: string; value: string } | { name: string; filename: string; type?: string; content: string }>;
  /**
   * A documented difference the tool does not (yet) remove: the test then asserts that the two
   * answers DO differ, so a fix shows up as a failure that asks for this marker to go.
   */
  knownDifference?: string;
}

export interface RequestsFile {
  entry: string;
  /**
   * Each app keeps the cookies it set, as a browser would, and sends them with the later requests
   * (unless a request gives its own `cookie` header). Off by default: requests are independent.
   */
  cookieJar?: boolean;
  requests: RequestSpec[];
}

export interface Fixture {
  name: string;
  dir: string;
  inputDir: string;
  expectedDir: string;
  hasExpected: boolean;
  /** Absent for transform-only cases. */
  requests?: RequestsFile;
}

export function listFixtures(): Fixture[] {
  if (!fs.existsSync(FIXTURES_DIR)) return [];
  return fs
    .readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(FIXTURES_DIR, d.name, 'input')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(FIXTURES_DIR, name);
      const requestsPath = path.join(dir, 'requests.json');
      return {
        name,
        dir,
        inputDir: path.join(dir, 'input'),
        expectedDir: path.join(dir, 'expected'),
        hasExpected: fs.existsSync(path.join(dir, 'expected')),
        requests: fs.existsSync(requestsPath)
          ? (JSON.parse(fs.readFileSync(requestsPath, 'utf8')) as RequestsFile)
          : undefined,
      };
    });
}

/** Every file under dir, relative, forward slashes, sorted; [] when dir does not exist. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}
