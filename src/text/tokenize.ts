import type { NormalizedText } from './normalize.js';

export type TokenKind = 'word' | 'number' | 'latin' | 'punct';

/** A token of the normalised text; raw offsets point into the original text (UTF-16, end exclusive). */
export interface Token {
  readonly index: number;
  readonly text: string;
  readonly kind: TokenKind;
  /** Offsets into the normalised text. */
  readonly start: number;
  readonly end: number;
  /** Offsets into the raw text. */
  readonly rawStart: number;
  readonly rawEnd: number;
}

const ARABIC_LETTER = /[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]/;
const LATIN = /[A-Za-z\u00C0-\u024F]/;
const DIGIT = /[0-9]/;

function classOf(ch: string): 'ar' | 'lat' | 'dig' | 'space' | 'punct' {
  if (ARABIC_LETTER.test(ch)) return 'ar';
  if (DIGIT.test(ch)) return 'dig';
  if (LATIN.test(ch)) return 'lat';
  if (/\s/.test(ch)) return 'space';
  return 'punct';
}

/**
 * Splits normalised text into word, number, Latin and punctuation tokens. Numbers keep inner separators
 * ("2020.11.19", "1,500", "7") so dates and counts stay one token.
 */
export function tokenize(n: NormalizedText): Token[] {
  const t = n.text;
  const tokens: Token[] = [];
  let i = 0;
  const push = (start: number, end: number, kind: TokenKind) => {
    tokens.push({
      index: tokens.length,
      text: t.slice(start, end),
      kind,
      start,
      end,
      rawStart: n.rawStart[start]!,
      rawEnd: n.rawEnd[end - 1]!,
    });
  };
  while (i < t.length) {
    const c = classOf(t[i]!);
    if (c === 'space') {
      i++;
      continue;
    }
    const start = i;
    if (c === 'ar') {
      while (i < t.length && classOf(t[i]!) === 'ar') i++;
      push(start, i, 'word');
    } else if (c === 'lat') {
      while (i < t.length && (classOf(t[i]!) === 'lat' || classOf(t[i]!) === 'dig')) i++;
      push(start, i, 'latin');
    } else if (c === 'dig') {
      while (
        i < t.length &&
        (classOf(t[i]!) === 'dig' || ('.,/:-'.includes(t[i]!) && i + 1 < t.length && DIGIT.test(t[i + 1]!)))
      )
        i++;
      push(start, i, 'number');
    } else {
      i++;
      push(start, i, 'punct');
    }
  }
  return tokens;
}
