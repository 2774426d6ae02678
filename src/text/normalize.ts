/**
 * Matching normalisation for Arabic news text with an offset map back to the raw text.
 *
 * Every normaliser works on one UTF-16 code unit at a time and returns its replacement (possibly empty),
 * so the composed normaliser can record, for each output code unit, the raw code unit it came from.
 * Offsets into the raw text are never lost.
 */

/** A per-character normaliser: returns the replacement for one code unit ('' deletes it). */
export type CharNormalizer = (ch: string) => string;

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/;

/** Removes harakat, tanween, shadda, sukun, dagger alef and Quranic marks. */
export const removeDiacritics: CharNormalizer = (ch) => (DIACRITICS.test(ch) ? '' : ch);

/** Removes tatweel (kashida), the elongation character. */
export const removeTatweel: CharNormalizer = (ch) => (ch === '\u0640' ? '' : ch);

/** Maps hamza-carrying and wasla alef forms to bare alef. */
export const normalizeAlef: CharNormalizer = (ch) => ('أإآٱ'.includes(ch) ? 'ا' : ch);

/** Maps hamza on waw and on ya to their bare letters (ؤ → و, ئ → ي). */
export const normalizeHamza: CharNormalizer = (ch) => (ch === 'ؤ' ? 'و' : ch === 'ئ' ? 'ي' : ch);

/** Maps ta marbuta to ha, as news spelling alternates the two. */
export const normalizeTehMarbuta: CharNormalizer = (ch) => (ch === 'ة' ? 'ه' : ch);

/** Maps alef maqsura to ya, as news spelling alternates the two. */
export const normalizeAlefMaqsura: CharNormalizer = (ch) => (ch === 'ى' ? 'ي' : ch);

/** Maps Persian letter variants (keheh, farsi yeh) to their Arabic forms. */
export const normalizePersianLetters: CharNormalizer = (ch) =>
  ch === 'ک' ? 'ك' : ch === 'ی' || ch === 'ي' ? 'ي' : ch;

/** Maps Arabic-Indic and Persian digits to ASCII digits. */
export const normalizeDigits: CharNormalizer = (ch) => {
  const c = ch.charCodeAt(0);
  if (c >= 0x0660 && c <= 0x0669) return String.fromCharCode(c - 0x0660 + 48);
  if (c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(c - 0x06f0 + 48);
  return ch;
};

const ZERO_WIDTH = new Set(['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD']);
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/;

/** Removes zero-width characters, the soft hyphen and the byte-order mark. */
export const removeZeroWidth: CharNormalizer = (ch) => (ZERO_WIDTH.has(ch) ? '' : ch);

/** Removes bidirectional control marks (LRM, RLM, ALM, embeddings, isolates). */
export const removeBidiMarks: CharNormalizer = (ch) => (BIDI.test(ch) ? '' : ch);

/** Maps no-break and typographic spaces and tabs to a plain space; line breaks stay. */
export const normalizeSpaces: CharNormalizer = (ch) =>
  /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\v\f]/.test(ch) ? ' ' : ch === '\r' ? '\n' : ch;

/** Maps every double and single quote style to the ASCII double quote. */
export const normalizeQuotes: CharNormalizer = (ch) => ("”“«»„‟″〝〞＂‘’‚‛′'`".includes(ch) ? '"' : ch);

/** Maps Arabic punctuation variants to a canonical form (Arabic comma stays, it is a clause mark). */
export const normalizePunctuation: CharNormalizer = (ch) =>
  ch === '٫'
    ? '.'
    : ch === '٬'
      ? ','
      : ch === '۔'
        ? '.'
        : ch === '–' || ch === '—'
          ? '-'
          : ch === '_'
            ? ' '
            : ch;

/** The chain used for matching, in order. */
export const MATCH_NORMALIZERS: readonly CharNormalizer[] = [
  removeZeroWidth,
  removeBidiMarks,
  removeTatweel,
  removeDiacritics,
  normalizeAlef,
  normalizeHamza,
  normalizeTehMarbuta,
  normalizeAlefMaqsura,
  normalizePersianLetters,
  normalizeDigits,
  normalizeSpaces,
  normalizeQuotes,
  normalizePunctuation,
];

/** The default chain precomputed for Latin, Arabic and Arabic Supplement code units (a constant). */
const FAST_TABLE: readonly string[] = Array.from({ length: 0x0780 }, (_, c) =>
  normalizeChar(String.fromCharCode(c), MATCH_NORMALIZERS),
);

/** Normalised text with, for each code unit, the raw span it came from. */
export interface NormalizedText {
  readonly raw: string;
  readonly text: string;
  /** rawStart[i]: raw offset of normalised code unit i. */
  readonly rawStart: Int32Array;
  /** rawEnd[i]: raw end offset (exclusive) of normalised code unit i. */
  readonly rawEnd: Int32Array;
}

/** Applies a normaliser chain to one character. */
export function normalizeChar(ch: string, chain: readonly CharNormalizer[] = MATCH_NORMALIZERS): string {
  let out = ch;
  for (const f of chain) {
    if (out === '') return '';
    out = out.length === 1 ? f(out) : [...out].map(f).join('');
  }
  return out;
}

/** Expands presentation-form ligatures (lam-alef) before per-character normalisation. */
function expandLigature(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xfef5 && c <= 0xfefc) return 'لا';
  if ((c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc)) return ch.normalize('NFKC');
  return ch;
}

/** Normalises raw text for matching, keeping an offset map back into the raw text. */
export function normalizeText(
  raw: string,
  chain: readonly CharNormalizer[] = MATCH_NORMALIZERS,
): NormalizedText {
  const starts: number[] = [];
  const ends: number[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    let ch = raw[i]!;
    let width = 1;
    const code = raw.charCodeAt(i);
    // Keep surrogate pairs whole so no lone surrogate is produced.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length) {
      const next = raw.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        ch = raw.slice(i, i + 2);
        width = 2;
      }
    }
    const out =
      width === 2
        ? ch
        : chain === MATCH_NORMALIZERS && code < FAST_TABLE.length
          ? FAST_TABLE[code]!
          : normalizeChar(expandLigature(ch), chain);
    for (let k = 0; k < out.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    text += out;
    i += width - 1;
  }
  return { raw, text, rawStart: Int32Array.from(starts), rawEnd: Int32Array.from(ends) };
}

/** Normalises a lexicon entry or a name the same way as text (no offsets needed). */
export function normalizeString(s: string): string {
  return normalizeText(s).text.replace(/\s+/g, ' ').trim();
}

/**
 * A name as it should be reported: the raw spelling (hamza, ta marbuta kept) without tatweel, diacritics,
 * invisible marks, quotes or extra spaces.
 */
export function cleanName(raw: string): string {
  return normalizeText(raw, [
    removeZeroWidth,
    removeBidiMarks,
    removeTatweel,
    removeDiacritics,
    normalizeSpaces,
    normalizeQuotes,
  ])
    .text.replace(/"/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Maps a normalised span [start, end) back to the raw span. */
export function toRawSpan(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (n.text.length === 0) return { start: 0, end: 0 };
  const s = Math.min(Math.max(start, 0), n.text.length - 1);
  const e = Math.min(Math.max(end, s + 1), n.text.length);
  return { start: n.rawStart[s]!, end: n.rawEnd[e - 1]! };
}
