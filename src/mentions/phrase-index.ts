import { normalizeString } from '../text/normalize.js';
import { readings, stripArticle, type CliticReading, type ReadingCache } from '../text/clitics.js';
import type { Token } from '../text/tokenize.js';

/** How the first word of an entry may be inflected. */
export type Inflection = 'none' | 'verb' | 'noun';

const SUFFIXES: Record<Inflection, readonly string[]> = {
  none: [''],
  verb: ['', 'ت', 'وا', 'ا', 'تا', 'ن', 'نا', 'تم', 'و'],
  noun: ['', 'ات', 'ه', 'ين', 'ون', 'ان', 'ي', 'يه', 'يين', 'تين', 'تان', 'يات', 'ا'],
};
const ALL_SUFFIXES = [...new Set(Object.values(SUFFIXES).flat())].sort((a, b) => b.length - a.length);

export interface PhraseEntry<T> {
  readonly id: string;
  readonly words: readonly string[];
  readonly inflection: Inflection;
  readonly data: T;
}

export interface PhraseIndex<T> {
  readonly byFirst: ReadonlyMap<string, readonly PhraseEntry<T>[]>;
  readonly maxWords: number;
  /** The suffixes any entry accepts, longest first (just '' for an index without inflection). */
  readonly suffixes: readonly string[];
  /** Every inflected spelling of a first word → the entries it can be, with the suffix read off. */
  readonly byForm: ReadonlyMap<string, ReadonlyArray<{ entry: PhraseEntry<T>; suffix: string }>>;
}

export interface PhraseMatch<T> {
  readonly entry: PhraseEntry<T>;
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly reading: CliticReading;
  /** Code units of inflection and pronoun read off the first word. */
  readonly inflected: number;
}

/** Key of a lexicon form: normalised, each word without its article. */
export function phraseWords(form: string): string[] {
  return normalizeString(form).replace(/["()]/g, ' ').split(/\s+/).filter(Boolean).map(stripArticle);
}

export function buildPhraseIndex<T>(
  items: ReadonlyArray<{ id: string; form: string; inflection?: Inflection; data: T }>,
): PhraseIndex<T> {
  const byFirst = new Map<string, PhraseEntry<T>[]>();
  let maxWords = 1;
  for (const it of items) {
    const words = phraseWords(it.form);
    if (!words.length) continue;
    const entry: PhraseEntry<T> = { id: it.id, words, inflection: it.inflection ?? 'none', data: it.data };
    const list = byFirst.get(words[0]!) ?? [];
    list.push(entry);
    byFirst.set(words[0]!, list);
    maxWords = Math.max(maxWords, words.length);
  }
  const used = new Set(items.map((it) => it.inflection ?? 'none'));
  const suffixes = ALL_SUFFIXES.filter((s) => [...used].some((u) => SUFFIXES[u].includes(s)));
  // Spell out the inflected forms once, so matching is one lookup per reading.
  const byForm = new Map<string, Array<{ entry: PhraseEntry<T>; suffix: string }>>();
  for (const list of byFirst.values()) {
    for (const entry of list) {
      for (const suffix of SUFFIXES[entry.inflection]) {
        const form = entry.words[0]! + suffix;
        const at = byForm.get(form) ?? [];
        at.push({ entry, suffix });
        byForm.set(form, at);
      }
    }
  }
  return { byFirst, maxWords, suffixes, byForm };
}

function restMatches(
  tokens: readonly Token[],
  i: number,
  words: readonly string[],
  cache?: ReadingCache,
): boolean {
  for (let k = 1; k < words.length; k++) {
    const t = tokens[i + k];
    if (!t || t.kind === 'punct') return false;
    if (stripArticle(t.text) !== words[k]) {
      // "للمعروف" style clitics inside a phrase: accept a proclitic reading as well.
      if (
        !(cache ? cache.readings(t.text) : readings(t.text)).some(
          (r) => r.suffix === 0 && stripArticle(r.key) === words[k],
        )
      )
        return false;
    }
  }
  return true;
}

/** Every entry matching at token i (first word read with clitics and inflection), longest first. */
export function matchAt<T>(
  tokens: readonly Token[],
  i: number,
  index: PhraseIndex<T>,
  cache?: ReadingCache,
): PhraseMatch<T>[] {
  if (cache) return cache.remember(index, '', i, () => matchAtUncached(tokens, i, index, cache));
  return matchAtUncached(tokens, i, index, cache);
}

function matchAtUncached<T>(
  tokens: readonly Token[],
  i: number,
  index: PhraseIndex<T>,
  cache?: ReadingCache,
): PhraseMatch<T>[] {
  const t = tokens[i];
  if (!t || t.kind !== 'word') return [];
  const out: PhraseMatch<T>[] = [];
  const seen = new Set<string>();
  const inflected = index.suffixes.length > 1;
  for (const r of cache ? cache.readings(t.text) : readings(t.text)) {
    // Pronoun suffixes only ever attach to inflected entries.
    if (r.suffix > 0 && !inflected) continue;
    const key0 = r.bare;
    const tied = r.suffix > 0 && r.key.endsWith('ت') ? r.key.slice(0, -1) + 'ه' : null;
    if (!index.byForm.has(key0) && (tied === null || !index.byForm.has(tied))) continue;
    for (const key of tied === null ? [key0] : [key0, tied]) {
      for (const { entry: e, suffix: suf } of index.byForm.get(key) ?? []) {
        {
          if (seen.has(e.id) || key.length - suf.length < 2) continue;
          // A verb never takes the article: "الصادرة" (issued) is not "صادر" (confiscated).
          if (e.inflection === 'verb' && r.definite) continue;
          if (r.suffix === 0 || e.inflection !== 'none') {
            if (!restMatches(tokens, i, e.words, cache)) continue;
            seen.add(e.id);
            out.push({
              entry: e,
              tokenStart: i,
              tokenEnd: i + e.words.length,
              reading: r,
              inflected: suf.length + r.suffix,
            });
          }
        }
      }
    }
  }
  // Longest first; among equals, the least inflected reading ("انشقاقات" is the plural entry, not
  // "انشقاق" + ات).
  return out.sort((a, b) => b.tokenEnd - a.tokenEnd || a.inflected - b.inflected);
}

/** Greedy left-to-right longest non-overlapping matches. */
export function findPhrases<T>(
  tokens: readonly Token[],
  index: PhraseIndex<T>,
  accept: (m: PhraseMatch<T>) => boolean = () => true,
  cache?: ReadingCache,
): PhraseMatch<T>[] {
  const out: PhraseMatch<T>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = matchAt(tokens, i, index, cache).find(accept);
    if (m) {
      out.push(m);
      i = m.tokenEnd - 1;
    }
  }
  return out;
}
