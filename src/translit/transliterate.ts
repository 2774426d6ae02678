/**
 * Latin spellings of Arabic names for English reports ("أبو ليث الطواطحة" → "Abu Laith al-Tawatiha").
 * Arabic script does not write short vowels, so a letter-by-letter spelling can only be approximate:
 * name words are looked up first in a table of the spellings English-language reporting uses
 * (data/lexicons/translit.tsv), and only unknown words are spelled by letter with a simple, consistent
 * scheme (the article as "al-", ة as "a", long vowels from ا و ي, a short "a" between two consonants at
 * the start of a word). Pure and browser-safe.
 */
import { normalizeString } from '../text/normalize.js';
import { parseTsv } from '../resources/tsv.js';

export interface TranslitTable {
  /** normalised Arabic word → Latin spelling */
  readonly words: ReadonlyMap<string, string>;
}

export function parseTranslitTable(tsv: string): TranslitTable {
  const words = new Map<string, string>();
  for (const r of parseTsv(tsv, 'translit.tsv', ['id', 'word', 'latin']))
    words.set(keyOf(r['word']!), r['latin']!);
  return { words };
}

const keyOf = (word: string) => normalizeString(word).replace(/\s+/g, '');

const LETTERS: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ء: "'",
  ئ: "'",
  ؤ: "'",
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: "'",
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  و: 'w',
  ي: 'y',
  ى: 'a',
};
const VOWEL_LETTERS = new Set(['ا', 'و', 'ي', 'ى', 'آ']);

const capitalise = (s: string) =>
  s.replace(/^(['-]*)(\p{L})/u, (_m, pre: string, c: string) => pre + c.toUpperCase());

/** A word not in the table, letter by letter. */
function spell(word: string): string {
  const letters = [...word.replace(/[\u064B-\u065F\u0670\u0640]/g, '')];
  let out = '';
  letters.forEach((ch, i) => {
    const prev = letters[i - 1];
    const next = letters[i + 1];
    const consonantBefore = prev !== undefined && !VOWEL_LETTERS.has(prev);
    if (ch === 'و') out += i === 0 || !consonantBefore ? 'w' : next === 'ا' ? 'w' : 'u';
    else if (ch === 'ي')
      out += i === 0 || !consonantBefore || next === 'ا' ? 'y' : i === letters.length - 1 ? 'i' : 'ai';
    else if (ch === 'ة') out += 'a';
    else if (ch === 'ا' && i > 0) out += 'a';
    else out += LETTERS[ch] ?? ch;
    // Two consonants at the start: an unwritten short vowel between them ("كندري" → "Kandari").
    if (i === 0 && next !== undefined && !VOWEL_LETTERS.has(ch) && !VOWEL_LETTERS.has(next) && ch !== 'ا')
      out += 'a';
  });
  return out.replace(/aa+/g, 'a').replace(/''+/g, "'");
}

/**
 * One word: the table, else the article and the rest separately, else letter by letter. Names are
 * capitalised; the article is "al-" except at the start of the name.
 */
function word(w: string, table: TranslitTable, first: boolean): string {
  const known = table.words.get(keyOf(w));
  if (known) return first || !known.startsWith('al-') ? capitalise(known) : known;
  const article = /^(ال|إل)(.{2,})$/u.exec(w);
  if (article) {
    const rest = table.words.get(keyOf(article[2]!)) ?? capitalise(spell(article[2]!));
    return `${first ? 'Al' : 'al'}-${capitalise(rest)}`;
  }
  return capitalise(spell(w));
}

/** The Latin spelling of a name (words not in Arabic script are kept). */
export function transliterate(name: string, table: TranslitTable): string {
  const words = name
    .replace(/[”“"«»]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!/\p{Script=Arabic}/u.test(w)) {
      out.push(w);
      continue;
    }
    // "عبد" + a name of God: "Abd al-Rahman", one name.
    if (keyOf(w) === keyOf('عبد') && words[i + 1]) {
      const next = words[i + 1]!;
      out.push(keyOf(next) === keyOf('الله') ? 'Abdullah' : `Abd ${word(next, table, false)}`);
      i++;
      continue;
    }
    out.push(word(w, table, out.length === 0));
  }
  return out.join(' ');
}

/** The Arabic words of a name that the table does not know (spelled letter by letter). */
export function unknownWords(name: string, table: TranslitTable): string[] {
  return name
    .replace(/[”“"«»]/g, ' ')
    .split(/\s+/)
    .filter((w) => /\p{Script=Arabic}/u.test(w))
    .filter((w) => {
      if (table.words.has(keyOf(w))) return false;
      const article = /^(ال|إل)(.{2,})$/u.exec(w);
      return !(article && table.words.has(keyOf(article[2]!)));
    });
}
