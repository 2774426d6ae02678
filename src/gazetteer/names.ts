/** Helpers shared by the gazetteer importers: Arabic name checks, administrative prefixes, results. */
import type { Place } from '../types.js';

/** What an importer returns: the places read, the rows left out on purpose, and the bad rows. */
export interface ImportResult {
  places: Place[];
  /** Rows read but not imported (feature class not kept, other country, historical place …). */
  skipped: number;
  /** One message per bad row: `<file>:<line>: <message>`. Bad rows are never thrown. */
  errors: string[];
}

/**
 * Arabic-script names written with Arabic letters only (no Persian, Urdu or Kurdish letters), with
 * optional vowel marks, tatweel, spaces, hyphens and apostrophes.
 */
const ARABIC_NAME = /^[\u0621-\u063A\u0640-\u0652\u0670 '-]+$/;
const ARABIC_LETTER = /[\u0621-\u063A\u0641-\u064A]/;

export function isArabicName(name: string): boolean {
  return ARABIC_NAME.test(name) && ARABIC_LETTER.test(name);
}

/** Administrative words that prefix some names ("مركز البوكمال", "ناحية السوسة", "قضاء سنجار"). */
const ADMIN_PREFIX = /^(?:محافظة|محافظه|منطقة|منطقه|ناحية|ناحيه|قضاء|مركز)\s+/;

/** The name without its administrative prefixes ("ناحية مركز الحسكة" → "الحسكة"), or null if it has none. */
export function bareName(name: string): string | null {
  let bare = name.trim();
  while (ADMIN_PREFIX.test(bare)) {
    const next = bare.replace(ADMIN_PREFIX, '').trim();
    if (!next) break;
    bare = next;
  }
  return bare !== name.trim() ? bare : null;
}

/** Collapses runs of white space and trims. */
export function cleanText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The last path segment of a file name ("data/SY.txt" → "SY.txt"); pure, no node:path. */
export function fileBaseName(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? file;
}

/** Appends the items of `more` that `list` lacks, in order. */
export function addUnique(list: string[], ...more: string[]): string[] {
  for (const item of more) if (item && !list.includes(item)) list.push(item);
  return list;
}

/** A row error in the `<file>:<line>: <message>` form the CLI prints. */
export function rowError(file: string, line: number, message: string): string {
  return `${file}:${line}: ${message}`;
}

/** Whether a point is a valid WGS84 position (and not the 0,0 placeholder some tables use). */
export function validPoint(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
  );
}

/** Parses a decimal coordinate cell; NaN when it is not a plain number. */
export function parseCoordinate(cell: string | undefined): number {
  const s = (cell ?? '').trim();
  return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
}
