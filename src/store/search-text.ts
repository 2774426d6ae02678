/**
 * The full-text form of a document and of a query. Both sides use the matching normalisation (hamza, ta
 * marbuta, diacritics, tatweel …); the document side also indexes every clitic-free reading of each word
 * ("بالاعتقال" is indexed as بالاعتقال, الاعتقال and اعتقال), and plural "ات" is dropped on both sides, so
 * "اعتقال" finds "بالاعتقال", "إعدام" finds "اعدام" and "الاغتيالات" finds "الاغتيال". The same text is
 * indexed by SQLite FTS5 and PostgreSQL's `simple` text search configuration: words are plain letters and
 * digits separated by spaces.
 */
import { normalizeString, normalizeText, toRawSpan } from '../text/normalize.js';
import { procliticReadings, readings } from '../text/clitics.js';

const WORD = /[\p{L}\p{N}]+/gu;

/** Drops a feminine plural "ات" when a stem of three letters or more remains. */
function singular(word: string): string {
  return word.length >= 5 && word.endsWith('ات') ? word.slice(0, -2) : word;
}

/** The index terms of one normalised word (the word first, no duplicates). */
export function wordTerms(word: string): string[] {
  const out = new Set<string>([word, singular(word)]);
  for (const r of readings(word)) {
    for (const k of [r.key, r.bare]) {
      if (k.length < 2) continue;
      out.add(k);
      out.add(singular(k));
    }
  }
  return [...out];
}

/** The indexed form of a raw text: for each word, its index terms, space separated. */
export function searchText(raw: string): string {
  const words = normalizeString(raw).toLowerCase().match(WORD) ?? [];
  return words.map((w) => wordTerms(w).join(' ')).join(' ');
}

/** The search key of one normalised query word: article and clitics before it removed, plural dropped. */
export function queryKey(word: string): string {
  // Proclitics are only removed together with the article ("بالاعتقال", "والإعدام"), where reading them
  // as clitics is safe; a bare initial و or ب may be part of the word ("وليد", "بيان").
  const definite = procliticReadings(word).filter((r) => r.definite);
  const key = definite.length ? definite[definite.length - 1]!.key : word;
  return singular(key);
}

/** The search keys of a query (all must match), normalised; empty for a query without words. */
export function queryKeys(query: string): string[] {
  const words = normalizeString(query).toLowerCase().match(WORD) ?? [];
  return [...new Set(words.map(queryKey))];
}

/**
 * A short excerpt of the raw text around the first word that matches one of the keys (the start of the
 * text when none does), on word boundaries where possible.
 */
export function snippet(raw: string, keys: readonly string[], width = 80): string {
  const wanted = new Set(keys);
  const norm = normalizeText(raw);
  let span = { start: 0, end: 0 };
  for (const m of norm.text.matchAll(WORD)) {
    if (wordTerms(m[0].toLowerCase()).some((t) => wanted.has(t))) {
      span = toRawSpan(norm, m.index, m.index + m[0].length);
      break;
    }
  }
  let from = Math.max(0, span.start - width);
  let to = Math.min(raw.length, span.end + width);
  if (from > 0) {
    const space = raw.indexOf(' ', from);
    if (space !== -1 && space < span.start) from = space + 1;
  }
  if (to < raw.length) {
    const space = raw.lastIndexOf(' ', to);
    if (space > span.end) to = space;
  }
  const text = raw.slice(from, to).replace(/\s+/g, ' ').trim();
  return (from > 0 ? '…' : '') + text + (to < raw.length ? '…' : '');
}
