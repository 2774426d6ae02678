/** Real articles, damaged the ways text gets damaged on its way from a web page to a file. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

/** The seed articles (outside the repository, when present) and the repository's dev articles. */
export function fuzzArticles(): string[] {
  const dirs = [
    fileURLToPath(new URL('../../../shared/corpus/seeds/', import.meta.url)),
    fileURLToPath(new URL('../fixtures/dev/articles/', import.meta.url)),
  ];
  return dirs
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => readFileSync(d + f, 'utf8')),
    );
}

const BIDI = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];
const JOINERS = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];
const DIACRITICS = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0670'];
const EMOJI = ['😀', '🇸🇾', '👨‍👩‍👧', '🏳️‍🌈', '👍🏽', '💥', '\uD83D', '\uDE00'];
const LATIN = ['ISIS', 'Deir ez-Zor', 'SDF', '(AFP)', 'https://example.org/a?b=1', 'Москва', '北京'];

/** One damage: where (a fraction of the length, so it fits any text) and what. */
type Edit =
  | { kind: 'delete' | 'duplicate'; at: number; length: number }
  | { kind: 'swap'; at: number; to: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'sprinkle'; text: string; every: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const insertion = fc.oneof(
  fc.constantFrom('\u0640', '\u0640\u0640\u0640', ...DIACRITICS, ...BIDI, ...JOINERS, ...EMOJI, ...LATIN),
  fc.constantFrom('\n', '\r\n', '\t', '\u00A0', '\u0000', '\u0007', '\u001B[0m', '\u2028', '\u2029'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete' as const, 'duplicate' as const),
    at: fraction,
    length: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    at: fraction,
    to: fraction,
    length: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, text: insertion }),
  // Marks after every n-th character: tatweel or diacritics in every word, bidi controls everywhere.
  fc.record({
    kind: fc.constant('sprinkle' as const),
    text: insertion,
    every: fc.integer({ min: 1, max: 40 }),
  }),
);

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.kind === 'sprinkle' ? 0 : e.at * (text.length + 1));
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'duplicate':
      return text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
    case 'swap': {
      const span = text.slice(at, at + e.length);
      const rest = text.slice(0, at) + text.slice(at + e.length);
      const to = Math.floor(e.to * (rest.length + 1));
      return rest.slice(0, to) + span + rest.slice(to);
    }
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'sprinkle': {
      let out = '';
      for (let k = 0; k < text.length; k += e.every) out += text.slice(k, k + e.every) + e.text;
      return out;
    }
  }
}

/** An article with up to `maxEdits` damages; offsets may cut surrogate pairs, as real damage does. */
export function mutatedArticle(articles: readonly string[], maxEdits = 6): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...articles), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([article, edits]) => edits.reduce(apply, article));
}
