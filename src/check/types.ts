/** Shapes of `check`: findings (plain JSON), the baseline file, and the verdict of a run. */
import type { CodeName, Severity } from '../diagnostics.js';

/** The codes `check` reports (E2F2xx in src/diagnostics.ts). */
export const CHECK_CODE_NAMES = [
  'CHECK_IMPORT',
  'CHECK_APP',
  'CHECK_ROUTER',
  'CHECK_ROUTE',
  'CHECK_MIDDLEWARE',
  'CHECK_RESPONSE',
  'CHECK_REQUEST',
  'CHECK_NEXT',
] as const satisfies readonly CodeName[];

export type CheckCodeName = (typeof CHECK_CODE_NAMES)[number];

/** What the detectors produce, before fingerprints are given. */
export interface RawFinding {
  name: CheckCodeName;
  /** Root-relative, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** 0-based offset of the node in the file: orders findings and tells duplicates apart. */
  offset: number;
  /** What was found, for the message: `GET /users (app.get)`. */
  detail: string;
  /**
   * The finding's code, normalised (no whitespace, comments, semicolons or trailing commas;
   * string literals in one quote style): the part of the fingerprint that survives formatting.
   */
  anchor: string;
  route?: { method: string; path: string | null };
}

export type BaselineState = 'new' | 'unchanged';

export interface Finding {
  code: string; // E2F2xx
  name: CheckCodeName;
  severity: Severity;
  /** `Title: detail`. */
  message: string;
  /** One line: what to do about it. */
  hint: string;
  file: string;
  line: number;
  column: number;
  /** Stable across line shifts and formatting: see src/check/fingerprint.ts. */
  fingerprint: string;
  route?: { method: string; path: string | null };
  /** Set when a baseline was given: `unchanged` findings are allowed by it. */
  baseline?: BaselineState;
}

/** One entry of a baseline file. Only `fingerprint` is compared; the rest is for humans. */
export interface BaselineEntry {
  fingerprint: string;
  code: string;
  file: string;
  message: string;
}

export interface BaselineFile {
  tool: 'express-to-fastify';
  version: 1;
  findings: BaselineEntry[];
}

export interface CheckOutcome {
  /** Every finding, in file order, each marked against the baseline when one was given. */
  findings: Finding[];
  /** Baseline entries (in the checked paths) that no longer match a finding: fixed since. */
  fixed: BaselineEntry[];
  filesScanned: number;
  total: number;
  /** Findings the baseline does not allow (all of them without a baseline). */
  newCount: number;
  baselined: number;
  baselineUsed: boolean;
  maxRemaining: number | undefined;
  /** false when something is new, or more remain than --max-remaining allows. */
  passed: boolean;
  /** Why it failed, one short phrase each. */
  reasons: string[];
}
