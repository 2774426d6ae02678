/**
 * Clitic analysis for matching: a token yields candidate keys with proclitics (و ف ب ل ك ال لل) and
 * enclitic pronouns removed, so a lexicon entry written once matches "والانشقاق", "بالرقة", "اعتقلهم".
 */

/** A way to read a token: the key left after removing clitics. */
export interface CliticReading {
  readonly key: string;
  /** The key without the article (precomputed: matching asks for it constantly). */
  readonly bare: string;
  /** Code units removed at the front (in the normalised token). */
  readonly prefix: number;
  /** Code units removed at the end. */
  readonly suffix: number;
  readonly proclitics: string;
  /** True when the definite article was part of what was removed. */
  readonly definite: boolean;
}

const CONJUNCTIONS = ['و', 'ف'];
const PREPOSITIONS = ['ب', 'ل', 'ك'];
const ENCLITICS = ['هما', 'هم', 'هن', 'ها', 'ه', 'كم', 'نا'];

/** Drops the article from a key: "الرقه" → "رقه" (only when a stem of 2+ letters remains). */
export function stripArticle(word: string): string {
  return word.startsWith('ال') && word.length > 3 ? word.slice(2) : word;
}

/** Normalised lexicon key of a (normalised) word: article dropped. */
export function wordKey(word: string): string {
  return stripArticle(word);
}

/** Every proclitic reading of a word, most literal first. */
export function procliticReadings(word: string): CliticReading[] {
  const out: CliticReading[] = [];
  const seen = new Set<string>();
  const add = (key: string, prefix: number, proclitics: string, definite: boolean) => {
    if (key.length < 2 || seen.has(key + '|' + prefix)) return;
    seen.add(key + '|' + prefix);
    out.push({ key, bare: stripArticle(key), prefix, suffix: 0, proclitics, definite });
  };
  const withArticle = (w: string, prefix: number, pro: string) => {
    add(w, prefix, pro, false);
    if (w.startsWith('ال') && w.length > 3) add(w.slice(2), prefix + 2, pro + 'ال', true);
    if (pro.endsWith('ل') && w.startsWith('ل') && w.length > 2) {
      // "للرقة" = ل + الرقة: the article's alef is dropped after lam.
      add(w.slice(1), prefix + 1, pro + 'ال', true);
    }
  };
  withArticle(word, 0, '');
  let rest = word;
  let prefix = 0;
  let pro = '';
  if (CONJUNCTIONS.includes(rest[0] ?? '') && rest.length > 2) {
    rest = rest.slice(1);
    prefix = 1;
    pro = word[0]!;
    withArticle(rest, prefix, pro);
  }
  if (
    PREPOSITIONS.includes(rest[0] ?? '') &&
    rest.length > 2 &&
    (rest[0] !== 'ك' || rest.startsWith('كال'))
  ) {
    const p = rest[0]!;
    withArticle(rest.slice(1), prefix + 1, pro + p);
  }
  return out;
}

/** Readings with an enclitic pronoun removed as well (for verbs and nouns with possessives). */
export function encliticReadings(r: CliticReading): CliticReading[] {
  const out: CliticReading[] = [];
  for (const e of ENCLITICS) {
    if (r.key.endsWith(e) && r.key.length - e.length >= 3) {
      const key = r.key.slice(0, -e.length);
      out.push({ ...r, key, bare: stripArticle(key), suffix: e.length });
    }
  }
  return out;
}

/** All readings of a word: proclitics, then enclitics, most literal first. */
export function readings(word: string): CliticReading[] {
  const pro = procliticReadings(word);
  return [...pro, ...pro.flatMap(encliticReadings)];
}

/**
 * A memo of readings for one document's run: the same word recurs often in an article. It is created by
 * the caller and passed along, so no state outlives an extraction.
 */
export class ReadingCache {
  private readonly all = new Map<string, readonly CliticReading[]>();
  private readonly pro = new Map<string, readonly CliticReading[]>();
  readings(word: string): readonly CliticReading[] {
    let r = this.all.get(word);
    if (!r) this.all.set(word, (r = readings(word)));
    return r;
  }
  private readonly memo = new WeakMap<object, Map<string, unknown[]>>();
  /** Memoises a computation per lexicon index, a variant name (options) and a token position. */
  remember<T>(index: object, variant: string, position: number, compute: () => T): T {
    let m = this.memo.get(index);
    if (!m) this.memo.set(index, (m = new Map()));
    let slots = m.get(variant);
    if (!slots) m.set(variant, (slots = []));
    const hit = slots[position];
    if (hit !== undefined) return hit as T;
    const v = compute();
    slots[position] = v;
    return v;
  }
  proclitic(word: string): readonly CliticReading[] {
    let r = this.pro.get(word);
    if (!r) this.pro.set(word, (r = procliticReadings(word)));
    return r;
  }
}
