/**
 * Inputs made to hurt: huge, repetitive, nested, full of invisible controls. Each must complete with a
 * valid result. Not a timing test (figures are in docs/reliability.md, "Extraction fuzzing"); before the fixes several of
 * these took minutes or more, so the test timeout is the bound.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentResult } from '../../src/types.js';
import { builtinResources } from '../helpers/resources.js';
import { checkExtraction } from './check-extraction.js';
import { PATHOLOGICAL_INPUTS } from './pathological-inputs.js';

const res = builtinResources();

/** What some inputs must still find: speed must not come from reading less. */
const FINDS: Record<string, (out: DocumentResult) => void> = {
  'one trigger word 100,000 times': (out) => expect(out.events.map((e) => e.type)).toEqual(['defection']),
  'one trigger word 100,000 times, each its own sentence': (out) =>
    expect(out.events.map((e) => e.type)).toEqual(['defection']),
  'one place name 100,000 times': (out) => {
    expect(out.entities.length).toBe(100_000);
    expect(new Set(out.entities.map((e) => e.canonical))).toEqual(new Set(['الرقة']));
  },
  'quotes and brackets nested 10,000 deep': (out) =>
    expect(out.events.map((e) => [e.type, e.location?.name])).toEqual([['defection', 'الرقة']]),
  '1 MB of Arabic without punctuation or line breaks': (out) =>
    expect(out.events.length).toBeGreaterThan(1000),
};

describe('pathological inputs', () => {
  for (const [name, make] of Object.entries(PATHOLOGICAL_INPUTS)) {
    it(`completes with a valid result: ${name}`, () => {
      const out = checkExtraction(make(), res);
      FINDS[name]?.(out);
    }, 120_000);
  }
});
