/** The properties every extraction must have, whatever the input: shared by the fuzz tests. */
import { expect } from 'vitest';
import { contractProblems, spanProblems } from '../../src/contract/document-result-schema.js';
import { extract } from '../../src/extract.js';
import type { Resources } from '../../src/resources/resources.js';
import type { DocumentResult } from '../../src/types.js';

/**
 * Runs of a property: `base` in CI, or MARSAD_FUZZ_RUNS when set (a longer campaign run by hand),
 * scaled so that each property keeps its share.
 */
export function fuzzRuns(base: number): number {
  const env = Number(process.env['MARSAD_FUZZ_RUNS']);
  return Number.isInteger(env) && env > 0 ? Math.max(1, Math.round((env * base) / 100)) : base;
}

/**
 * Extracts `text` and checks the result: no throw, valid against the output contract, and every span in
 * bounds and pointing at the text it reports. Returns the result for further checks.
 */
export function checkExtraction(text: string, resources: Resources, published?: string): DocumentResult {
  const result = extract(text, { id: 'fuzz', ...(published ? { published } : {}) }, resources);
  // Through JSON, as `marsad extract` prints it: undefined fields vanish, NaN becomes null.
  const printed: unknown = JSON.parse(JSON.stringify(result));
  expect(contractProblems(printed)).toEqual([]);
  expect(spanProblems(result, text)).toEqual([]);
  return result;
}
