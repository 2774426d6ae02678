/**
 * Inputs made to hurt extraction, by name: each is built on demand (several are megabytes). The repo's
 * dev articles give the Arabic, so the inputs do not depend on files outside the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEV = fileURLToPath(new URL('../fixtures/dev/articles/', import.meta.url));

function devText(): string {
  return readdirSync(DEV)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(DEV + f, 'utf8'))
    .join('\n\n');
}

/** Repeats `unit` (a function of the repetition) up to `n` times, joined. */
function times(n: number, unit: (k: number) => string): string {
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(unit(k));
  return parts.join('');
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

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
  '\u200F',
];

export const PATHOLOGICAL_INPUTS: Readonly<Record<string, () => string>> = {
  '1 MB of Arabic without punctuation or line breaks': () => {
    // Real reporting with every mark and line break taken out: one sentence of a megabyte.
    const words = devText()
      .replace(/[^\u0621-\u064A\u0660-\u0669 ]+/g, ' ')
      .replace(/ +/g, ' ')
      .trim();
    let text = words;
    while (utf8Length(text) < 1_000_000) text += ' ' + words;
    return text;
  },
  'one trigger word 100,000 times': () => 'انشق '.repeat(100_000),
  'one trigger word 100,000 times, each its own sentence': () => 'انشق عنصر. '.repeat(100_000),
  'one place name 100,000 times': () => 'الرقة '.repeat(100_000),
  'negated triggers 50,000 times': () => 'لم ينشق أي عنصر في الرقة ولن يعتقل '.repeat(50_000),
  'quotes and brackets nested 10,000 deep': () => {
    const open = ['«', '"', '(', '['];
    const close = ['»', '"', ')', ']'];
    const depth = 10_000;
    const core = ' انشق القيادي أبو محمد عن تنظيم داعش في مدينة الرقة أمس ';
    return times(depth, (k) => open[k % 4]!) + core + times(depth, (k) => close[(depth - 1 - k) % 4]!);
  },
  'bidi controls after every character': () => {
    const text = devText();
    return times(text.length, (k) => text[k]! + BIDI[k % BIDI.length]!);
  },
  'Arabic, Latin, Cyrillic and CJK mixed': () => {
    const words = [
      'انشق',
      'عنصر',
      'defected',
      'Raqqa',
      'ISIS',
      'Москва',
      'боевик',
      '北京',
      '攻击',
      'في',
      'الرقة',
      'داعش',
      '。',
      '.',
      '١٢',
      '2024',
    ];
    return times(100_000, (k) => words[(k * 7) % words.length]! + ' ');
  },
  'emoji, ZWJ sequences, surrogate pairs and lone surrogates': () => {
    const units = ['👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇸🇾', '💥', '\uD83D', '\uDE00', 'انشق', 'عنصر', 'في', 'الرقة', '😀😀'];
    return times(100_000, (k) => units[(k * 5) % units.length]! + (k % 3 ? ' ' : ''));
  },
  'only diacritics and tatweel': () => {
    const marks = '\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670\u0640';
    return times(200_000, (k) => marks[k % marks.length]!);
  },
  '50,000 numbers': () =>
    times(50_000, (k) => {
      const n =
        k % 4 === 0
          ? String(k)
          : k % 4 === 1
            ? String(k % 1000).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))
            : k % 4 === 2
              ? 'عشرات'
              : '1,500';
      // A trigger now and then: numbers are read only in sentences that have one.
      return k % 50 === 0 ? `اعتقل ${n} عنصرا ` : `${n} `;
    }),
  'a list of 50,000 items under a colon': () =>
    'أسماء المعتقلين:\n' + times(50_000, (k) => `- أحمد محمد ${k}\n`),
};
