/**
 * Phrase lookup shared by the number and date recognisers: lexicon forms of one or more words, indexed by
 * their first word, matched against tokens with optional proclitics on the first token. Pure.
 */
import type { TextDoc } from '../text/analyze-text.js';
import { procliticReadings, type CliticReading, type ReadingCache } from '../text/clitics.js';
import { normalizeString } from '../text/normalize.js';
import { TsvError, type TsvRow } from '../resources/tsv.js';

export interface Phrase {
  readonly id: string;
  /** Normalised words of the form. */
  readonly words: readonly string[];
}

/** Phrases by their first word, longest first. */
export type PhraseIndex<E extends Phrase> = ReadonlyMap<string, readonly E[]>;

export interface PhraseMatch<E extends Phrase> {
  readonly entry: E;
  /** Token range [start, end). */
  readonly start: number;
  readonly end: number;
  readonly reading: CliticReading;
}

export interface MatchOptions {
  /** Allow proclitics (conjunctions, prepositions, the article) on the first token. */
  clitics?: boolean;
  /** Only readings whose proclitics are a bare conjunction waw (with or without the article). */
  conjunction?: boolean;
  /** Whether the definite article may be among the removed proclitics. Default: allowed. */
  article?: 'allow' | 'forbid' | 'require';
}

/** Splits a lexicon form into normalised words. */
export function formWords(form: string): string[] {
  return normalizeString(form)
    .split(' ')
    .filter((w) => w.length > 0);
}

export function buildPhraseIndex<E extends Phrase>(entries: readonly E[]): PhraseIndex<E> {
  const index = new Map<string, E[]>();
  for (const e of entries) {
    const first = e.words[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    if (!list.some((x) => x.words.join(' ') === e.words.join(' ') && x.id === e.id)) list.push(e);
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

const LITERAL = (text: string): CliticReading => ({
  key: text,
  bare: text,
  prefix: 0,
  suffix: 0,
  proclitics: '',
  definite: false,
});

/** The ways to read token text as a lexicon key under the options, most literal first. */
export function tokenReadings(text: string, opts: MatchOptions = {}, cache?: ReadingCache): CliticReading[] {
  const pro = (w: string) => (cache ? cache.proclitic(w) : procliticReadings(w));
  let list: CliticReading[];
  if (opts.conjunction) {
    list = pro(text).filter((r) => r.prefix > 0 && isConjunction(r));
  } else if (opts.clitics) {
    list = [LITERAL(text), ...pro(text).filter((r) => r.prefix > 0)];
  } else {
    list = [LITERAL(text)];
  }
  const article = opts.article ?? 'allow';
  if (article === 'forbid') list = list.filter((r) => !r.definite);
  if (article === 'require') list = list.filter((r) => r.definite);
  return list;
}

/** The conjunction waw (U+0648) and the article alef-lam (U+0627 U+0644), spelled as escapes. */
const WAW = '\u0648';
const ARTICLE = '\u0627\u0644';

/** True when the reading removed only a conjunction waw (and maybe the article after it). */
function isConjunction(r: CliticReading): boolean {
  return r.proclitics === WAW || r.proclitics === WAW + ARTICLE;
}

const ACCEPT_ALL = (): boolean => true;

/** Every phrase of the index that matches at token i, longest first. */
export function matchPhrases<E extends Phrase>(
  doc: TextDoc,
  i: number,
  index: PhraseIndex<E>,
  opts: MatchOptions = {},
  accept: (e: E) => boolean = ACCEPT_ALL,
): PhraseMatch<E>[] {
  // The unfiltered answer depends only on the position and options: remember it per document, then
  // filter (the filter only drops entries, so filtering afterwards gives the same list).
  const variant = `${opts.clitics ? 1 : 0}${opts.conjunction ? 1 : 0}${opts.article ?? ''}`;
  const all = doc.cache.remember(index, variant, i, () =>
    matchPhrasesUncached(doc, i, index, opts, ACCEPT_ALL),
  );
  return accept === ACCEPT_ALL ? all : all.filter((m) => accept(m.entry));
}

function matchPhrasesUncached<E extends Phrase>(
  doc: TextDoc,
  i: number,
  index: PhraseIndex<E>,
  opts: MatchOptions,
  accept: (e: E) => boolean,
): PhraseMatch<E>[] {
  const tok = doc.tokens[i];
  if (!tok) return [];
  const out: PhraseMatch<E>[] = [];
  for (const reading of tokenReadings(tok.text, opts, doc.cache)) {
    for (const entry of index.get(reading.key) ?? []) {
      if (!accept(entry)) continue;
      let ok = true;
      for (let k = 1; k < entry.words.length; k++) {
        if (doc.tokens[i + k]?.text !== entry.words[k]) {
          ok = false;
          break;
        }
      }
      if (ok) out.push({ entry, start: i, end: i + entry.words.length, reading });
    }
  }
  return out.sort((a, b) => b.end - a.end);
}

/** The first (longest) match at token i, or null. */
export function matchPhrase<E extends Phrase>(
  doc: TextDoc,
  i: number,
  index: PhraseIndex<E>,
  opts: MatchOptions = {},
  accept: (e: E) => boolean = () => true,
): PhraseMatch<E> | null {
  return matchPhrases(doc, i, index, opts, accept)[0] ?? null;
}

/** Reads a required cell of a TSV row, or throws a TsvError naming the file and line. */
export function cell(row: TsvRow, column: string, file: string): string {
  const v = row[column] ?? '';
  if (v === '') throw new TsvError(file, Number(row['__line'] ?? 0), `empty "${column}"`);
  return v;
}

/** True for diacritics and tatweel, which normalisation removes. */
function isTrailingMark(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x0610 && c <= 0x061a) || c === 0x0640 || (c >= 0x064b && c <= 0x065f) || c === 0x0670;
}

/** Raw text of tokens [a, b), with trailing diacritics and tatweel. */
export function rawSpan(doc: TextDoc, a: number, b: number): { start: number; end: number; text: string } {
  const start = doc.tokens[a]?.rawStart ?? 0;
  let end = doc.tokens[b - 1]?.rawEnd ?? start;
  // Take in marks the normaliser deleted at the end of the last token (tanween, tatweel).
  while (end < doc.raw.length && isTrailingMark(doc.raw[end] ?? '')) end++;
  return { start, end, text: doc.raw.slice(start, end) };
}

/** True when token i+1 directly follows token i with no space (a clitic written against digits). */
export function adjacent(doc: TextDoc, i: number): boolean {
  const a = doc.tokens[i];
  const b = doc.tokens[i + 1];
  return a !== undefined && b !== undefined && a.end === b.start;
}
