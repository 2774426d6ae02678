/**
 * Near-duplicate documents: MinHash signatures of word shingles, and locality-sensitive bands to find
 * candidates without comparing every pair. A repost on an aggregator with its own header, footer and a
 * changed sentence keeps most three-word shingles of the original (Jaccard ≥ 0.6), while two outlets
 * writing the same story in their own words share few (< 0.2). Pure and browser-safe.
 */
import { normalizeString } from '../text/normalize.js';

/** Permutations per signature: 16 bands of 4 rows (two documents at Jaccard 0.6 share a band with p ≈ 0.9). */
export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;
const SHINGLE = 3;

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mix (murmur3 finaliser) of a hash and a seed: one "permutation" per seed. */
function mix(h: number, seed: number): number {
  let x = (h ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The distinct word shingles of a text, hashed (normalised: hamza, ta marbuta, diacritics do not count). */
export function shingles(text: string): Set<number> {
  const words =
    normalizeString(text)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  if (words.length < SHINGLE) {
    if (words.length) out.add(fnv1a(words.join(' ')));
    return out;
  }
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(fnv1a(words.slice(i, i + SHINGLE).join(' ')));
  return out;
}

/** The MinHash signature of a text: SIGNATURE_SIZE minima, as one hex string (8 digits each). */
export function minhash(text: string): string {
  const hashes = [...shingles(text)];
  const parts: string[] = [];
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    let min = 0xffffffff;
    for (const h of hashes) {
      const v = mix(h, k + 1);
      if (v < min) min = v;
    }
    parts.push(min.toString(16).padStart(8, '0'));
  }
  return parts.join('');
}

/** The estimated Jaccard similarity of two signatures: the share of equal minima. */
export function similarity(a: string, b: string): number {
  if (a.length !== b.length || !a.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 8) if (a.slice(i, i + 8) === b.slice(i, i + 8)) same++;
  return same / (a.length / 8);
}

/** The band keys of a signature: documents sharing one are candidates (band index and a 32-bit key). */
export function bands(signature: string): Array<{ band: number; key: number }> {
  const out: Array<{ band: number; key: number }> = [];
  for (let b = 0; b < BANDS; b++) {
    const rows = signature.slice(b * ROWS * 8, (b + 1) * ROWS * 8);
    // Signed 32-bit: fits an INTEGER column on both backends.
    out.push({ band: b, key: fnv1a(rows) | 0 });
  }
  return out;
}

/** Near-duplicates at or above this estimated Jaccard similarity of their shingles. */
export const NEAR_DUPLICATE = 0.6;
