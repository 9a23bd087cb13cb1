/**
 * The effort model: developer-days saved = conversion time avoided + documentation time avoided
 * − review time. Every input is either a count taken from the inventory or a named assumption
 * with a stated source; nothing else goes in. Each assumption is a range (low, expected, high),
 * and the estimate is a range too: the low end takes every saving at its low value and the review
 * cost at its high value, the high end the reverse. Pure functions, no I/O.
 */

export const ASSUMPTION_KEYS = [
  'nativeEndpointMinutes',
  'compatEndpointMinutes',
  'documentedEndpointMinutes',
  'middlewareMinutes',
  'reviewMinutesPerFile',
  'hoursPerDay',
] as const;

export type AssumptionKey = (typeof ASSUMPTION_KEYS)[number];

export interface Range {
  low: number;
  expected: number;
  high: number;
}

export interface Assumption extends Range {
  key: AssumptionKey;
  /** What one unit of the assumption is, in words. */
  label: string;
  unit: 'minutes' | 'hours';
  /** Where the value comes from: a cited figure, the derivation, or who overrode it. */
  source: string;
  /** True when the value came from `--assume` or `--assumptions` instead of the defaults. */
  overridden: boolean;
}

export type Assumptions = Record<AssumptionKey, Assumption>;

/** The figures quoted in issue 6 (a reported case, not measured by this tool). */
const DOC_DAYS_REFERENCE = 11; // developer-days to document 34 endpoints by hand
const DOC_ENDPOINTS_REFERENCE = 34;
const DOC_DAYS_SAVED_LOW = 3; // developer-days saved per project on documentation, low end
const DOC_DAYS_SAVED_HIGH = 5; // … high end
const HOURS_PER_DAY = 8;

const docMinutes = (days: number) => (days * HOURS_PER_DAY * 60) / DOC_ENDPOINTS_REFERENCE;

const NO_MEASUREMENT =
  'Assumption of this tool, not a measurement: no published figure was found. Replace it with your own team’s number';

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  nativeEndpointMinutes: {
    key: 'nativeEndpointMinutes',
    label: 'minutes to convert one endpoint to Fastify by hand (handler signature, response calls, registration, a check)',
    unit: 'minutes',
    low: 10,
    expected: 20,
    high: 40,
    source: `${NO_MEASUREMENT} (--assume nativeEndpointMinutes=…).`,
    overridden: false,
  },
  compatEndpointMinutes: {
    key: 'compatEndpointMinutes',
    label: 'minutes avoided per endpoint kept through @fastify/express (only the wiring: the handler still has to be ported)',
    unit: 'minutes',
    low: 0,
    expected: 5,
    high: 10,
    source: `${NO_MEASUREMENT} (--assume compatEndpointMinutes=…). Deliberately small: a compat endpoint is not converted.`,
    overridden: false,
  },
  documentedEndpointMinutes: {
    key: 'documentedEndpointMinutes',
    label: 'minutes to document one endpoint in OpenAPI by hand',
    unit: 'minutes',
    low: docMinutes(DOC_DAYS_SAVED_LOW),
    expected: docMinutes((DOC_DAYS_SAVED_LOW + DOC_DAYS_SAVED_HIGH) / 2),
    high: docMinutes(DOC_DAYS_SAVED_HIGH),
    source:
      `Issue 6 quotes ${DOC_DAYS_REFERENCE} developer-days to document ${DOC_ENDPOINTS_REFERENCE} endpoints by hand and ` +
      `${DOC_DAYS_SAVED_LOW}–${DOC_DAYS_SAVED_HIGH} developer-days saved per project on documentation. The range spreads the ` +
      `${DOC_DAYS_SAVED_LOW}–${DOC_DAYS_SAVED_HIGH} days saved over those ${DOC_ENDPOINTS_REFERENCE} endpoints at ${HOURS_PER_DAY} h a day ` +
      `(low ${DOC_DAYS_SAVED_LOW} d, expected ${(DOC_DAYS_SAVED_LOW + DOC_DAYS_SAVED_HIGH) / 2} d, high ${DOC_DAYS_SAVED_HIGH} d, each × ${HOURS_PER_DAY} × 60 / ${DOC_ENDPOINTS_REFERENCE}); ` +
      `the full hand cost (${DOC_DAYS_REFERENCE} d, ≈ ${Math.round(docMinutes(DOC_DAYS_REFERENCE))} min per endpoint) is not counted, because generated documentation still needs a read-through.`,
    overridden: false,
  },
  middlewareMinutes: {
    key: 'middlewareMinutes',
    label: 'minutes to map one middleware by hand (find the Fastify plugin or hook, carry its options over, register it)',
    unit: 'minutes',
    low: 15,
    expected: 30,
    high: 60,
    source: `${NO_MEASUREMENT} (--assume middlewareMinutes=…).`,
    overridden: false,
  },
  reviewMinutesPerFile: {
    key: 'reviewMinutesPerFile',
    label: 'minutes to review the diff of one changed file (subtracted from the savings)',
    unit: 'minutes',
    low: 5,
    expected: 15,
    high: 30,
    source: `${NO_MEASUREMENT} (--assume reviewMinutesPerFile=…).`,
    overridden: false,
  },
  hoursPerDay: {
    key: 'hoursPerDay',
    label: 'working hours in one developer-day',
    unit: 'hours',
    low: HOURS_PER_DAY,
    expected: HOURS_PER_DAY,
    high: HOURS_PER_DAY,
    source: `A conventional ${HOURS_PER_DAY}-hour working day; the documentation figures above are converted with the same value.`,
    overridden: false,
  },
};

/** What the model counts, all taken from the inventory and the plan. */
export interface EffortInputs {
  nativeEndpoints: number;
  compatEndpoints: number;
  documentedEndpoints: number;
  middlewareMapped: number;
  filesChanged: number;
}

export interface Scenario {
  conversionMinutes: number;
  documentationMinutes: number;
  reviewMinutes: number;
  savedMinutes: number;
  savedDays: number;
}

export interface EffortEstimate {
  formula: string;
  inputs: EffortInputs;
  assumptions: Assumption[];
  low: Scenario;
  expected: Scenario;
  high: Scenario;
}

export const EFFORT_FORMULA =
  'days saved = (nativeEndpoints × nativeEndpointMinutes + compatEndpoints × compatEndpointMinutes + ' +
  'middlewareMapped × middlewareMinutes + documentedEndpoints × documentedEndpointMinutes − ' +
  'filesChanged × reviewMinutesPerFile) / 60 / hoursPerDay';

type Pick = 'low' | 'expected' | 'high';

function scenario(inputs: EffortInputs, a: Assumptions, gain: Pick, cost: Pick): Scenario {
  const conversionMinutes =
    inputs.nativeEndpoints * a.nativeEndpointMinutes[gain] +
    inputs.compatEndpoints * a.compatEndpointMinutes[gain] +
    inputs.middlewareMapped * a.middlewareMinutes[gain];
  const documentationMinutes = inputs.documentedEndpoints * a.documentedEndpointMinutes[gain];
  const reviewMinutes = inputs.filesChanged * a.reviewMinutesPerFile[cost];
  const savedMinutes = conversionMinutes + documentationMinutes - reviewMinutes;
  // More hours in a day means fewer days: the pessimistic end divides by the most hours.
  const savedDays = savedMinutes / 60 / a.hoursPerDay[cost];
  return {
    conversionMinutes: round(conversionMinutes),
    documentationMinutes: round(documentationMinutes),
    reviewMinutes: round(reviewMinutes),
    savedMinutes: round(savedMinutes),
    savedDays: round(savedDays),
  };
}

/** Rounded for display in JSON only (2 decimals); the computation itself is exact. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function estimateEffort(inputs: EffortInputs, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): EffortEstimate {
  return {
    formula: EFFORT_FORMULA,
    inputs,
    assumptions: ASSUMPTION_KEYS.map((k) => ({ ...assumptions[k] })),
    low: scenario(inputs, assumptions, 'low', 'high'),
    expected: scenario(inputs, assumptions, 'expected', 'expected'),
    high: scenario(inputs, assumptions, 'high', 'low'),
  };
}

// ─── Overrides ───────────────────────────────────────────────────────────────────────────────

/** An override: one number (low = expected = high) or a range; `source` says where it comes from. */
export interface Override {
  low: number;
  expected: number;
  high: number;
  source: string;
}

/** Thrown for a malformed override; the CLI turns it into a usage error. */
export class AssumptionError extends Error {}

function checkKey(key: string, where: string): AssumptionKey {
  if ((ASSUMPTION_KEYS as readonly string[]).includes(key)) return key as AssumptionKey;
  throw new AssumptionError(`${where}: unknown assumption "${key}" (known: ${ASSUMPTION_KEYS.join(', ')})`);
}

function checkRange(key: AssumptionKey, r: Range, where: string): Range {
  for (const v of [r.low, r.expected, r.high]) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new AssumptionError(`${where}: ${key} must be a number ≥ 0`);
  }
  if (key === 'hoursPerDay' && r.low <= 0) throw new AssumptionError(`${where}: hoursPerDay must be greater than 0`);
  if (!(r.low <= r.expected && r.expected <= r.high)) throw new AssumptionError(`${where}: ${key} must satisfy low ≤ expected ≤ high`);
  return r;
}

/**
 * `--assume key=value`: `value` is one number (`20`) or `low,expected,high` (`10,20,40`).
 */
export function parseAssumeFlag(text: string): [AssumptionKey, Override] {
  const where = `--assume ${text}`;
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AssumptionError(`${where}: expected key=value, e.g. nativeEndpointMinutes=20 or nativeEndpointMinutes=10,20,40`);
  const key = checkKey(text.slice(0, eq).trim(), where);
  const parts = text.slice(eq + 1).split(',').map((p) => p.trim());
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (nums.some((n) => Number.isNaN(n)) || (nums.length !== 1 && nums.length !== 3)) {
    throw new AssumptionError(`${where}: the value must be a number or low,expected,high`);
  }
  const [low, expected, high] = nums.length === 1 ? [nums[0]!, nums[0]!, nums[0]!] : (nums as [number, number, number]);
  checkRange(key, { low, expected, high }, where);
  return [key, { low, expected, high, source: `Set with --assume ${key}=${parts.join(',')}.` }];
}

/**
 * The content of an `--assumptions` JSON file: `{ "key": 20 }` or
 * `{ "key": { "low": 10, "expected": 20, "high": 40, "source": "our 2024 sprint data" } }`
 * (`low` and `high` default to `expected`). Keys starting with `$` are comments.
 */
export function parseAssumptionsFile(json: unknown, fileLabel: string): Array<[AssumptionKey, Override]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AssumptionError(`${fileLabel}: expected a JSON object of assumptions`);
  }
  const out: Array<[AssumptionKey, Override]> = [];
  for (const [rawKey, value] of Object.entries(json)) {
    if (rawKey.startsWith('$')) continue;
    const key = checkKey(rawKey, fileLabel);
    let range: Range;
    let source = `Set in ${fileLabel}.`;
    if (typeof value === 'number') range = { low: value, expected: value, high: value };
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      for (const k of Object.keys(v)) {
        if (!['low', 'expected', 'high', 'source'].includes(k)) throw new AssumptionError(`${fileLabel}: ${key}: unknown field "${k}" (low, expected, high, source)`);
      }
      if (typeof v.expected !== 'number') throw new AssumptionError(`${fileLabel}: ${key}: "expected" must be a number`);
      range = { low: (v.low ?? v.expected) as number, expected: v.expected, high: (v.high ?? v.expected) as number };
      if (v.source !== undefined) {
        if (typeof v.source !== 'string') throw new AssumptionError(`${fileLabel}: ${key}: "source" must be a string`);
        source = `${v.source} (set in ${fileLabel})`;
      }
    } else throw new AssumptionError(`${fileLabel}: ${key} must be a number or { low, expected, high, source }`);
    checkRange(key, range, fileLabel);
    out.push([key, { ...range, source }]);
  }
  return out;
}

/** The defaults with the overrides applied in order (a later one wins: file first, then flags). */
export function applyOverrides(overrides: Array<[AssumptionKey, Override]>, base: Assumptions = DEFAULT_ASSUMPTIONS): Assumptions {
  const out = Object.fromEntries(ASSUMPTION_KEYS.map((k) => [k, { ...base[k] }])) as Assumptions;
  for (const [key, o] of overrides) out[key] = { ...out[key], low: o.low, expected: o.expected, high: o.high, source: o.source, overridden: true };
  return out;
}
