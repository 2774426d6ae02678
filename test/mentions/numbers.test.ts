import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNumbers, numberLexiconFromTsv, parseDigits } from '../../src/mentions/numbers.js';
import { parseTsv } from '../../src/resources/tsv.js';
import { analyzeText } from '../../src/text/analyze-text.js';
import { normalizeString } from '../../src/text/normalize.js';
import type { NumberMention } from '../../src/types.js';

const read = (file: string) => readFileSync(new URL(`../../data/lexicons/${file}`, import.meta.url), 'utf8');
const numbersTsv = read('numbers.tsv');
const lex = numberLexiconFromTsv(numbersTsv, read('countable-nouns.tsv'));

type Expected = [text: string, min: number | null, max: number | null, rule: string];

const ROWS: [string, Expected[]][] = [
  // Words, with and without proclitics.
  ['قتل ستة من عناصر التنظيم', [['ستة', 6, 6, 'number.words']]],
  ['بقي عنصر واحد في الموقع', [['واحد', 1, 1, 'number.words']]],
  ['أعدم التنظيم خمسة وعشرين شاباً', [['خمسة وعشرين', 25, 25, 'number.words']]],
  ['نزحت ثلاثمئة وخمسون عائلة', [['ثلاثمئة وخمسون', 350, 350, 'number.words']]],
  ['وستة آخرون اعتقلوا', [['وستة', 6, 6, 'number.words']]],
  ['مرت القافلة بأربعة حواجز', [['بأربعة', 4, 4, 'number.words']]],
  ['سلّم السلاح لخمسة مسلحين', [['لخمسة', 5, 5, 'number.words']]],
  ['العناصر الستة فروا', [['الستة', 6, 6, 'number.words']]],
  ['في الذكرى الخمسة والعشرين', [['الخمسة والعشرين', 25, 25, 'number.words']]],
  ['جرح خمسة عشر مقاتلا', [['خمسة عشر', 15, 15, 'number.words']]],
  ['اعتقلت خمس عشرة امرأة', [['خمس عشرة', 15, 15, 'number.words']]],
  ['هرب اثنا عشر عنصرا', [['اثنا عشر', 12, 12, 'number.words']]],
  ['احترقت إحدى عشرة سيارة', [['إحدى عشرة', 11, 11, 'number.words']]],
  ['دفع ثلاثة آلاف وخمسمئة دولار', [['ثلاثة آلاف وخمسمئة', 3500, 3500, 'number.words']]],
  ['بلغ العدد ألف وثلاثمئة وخمسة وعشرون', [['ألف وثلاثمئة وخمسة وعشرون', 1325, 1325, 'number.words']]],
  ['لجأ مئتي ألف نازح', [['مئتي ألف', 200000, 200000, 'number.words']]],
  ['قدر عددهم بعشرين ألفاً', [['بعشرين ألفاً', 20000, 20000, 'number.words']]],
  ['أنفق ثلاث مئة دينار', [['ثلاث مئة', 300, 300, 'number.words']]],
  ['أحصي مليون وخمسمئة ألف لاجئ', [['مليون وخمسمئة ألف', 1500000, 1500000, 'number.words']]],
  [
    'قتل ستة وأصيب سبعة',
    [
      ['ستة', 6, 6, 'number.words'],
      ['سبعة', 7, 7, 'number.words'],
    ],
  ],
  [
    'ستة وسبعة',
    [
      ['ستة', 6, 6, 'number.words'],
      ['وسبعة', 7, 7, 'number.words'],
    ],
  ],
  // Digits.
  ['قتل 6 مدنيين', [['6', 6, 6, 'number.digits']]],
  ['وصل 200 مقاتل إلى المدينة', [['200', 200, 200, 'number.digits']]],
  ['نزوح 1,500 شخص', [['1,500', 1500, 1500, 'number.digits']]],
  ['فرار 1.5 ألف عنصر', [['1.5 ألف', 1500, 1500, 'number.digits']]],
  ['مقتل ٢٠٠ شخص', [['٢٠٠', 200, 200, 'number.digits']]],
  ['تهجير ١٬٥٠٠ عائلة', [['١٬٥٠٠', 1500, 1500, 'number.digits']]],
  ['خلال الـ24 ساعة', [['الـ24', 24, 24, 'number.digits']]],
  [
    'قتل 3 وجرح 5',
    [
      ['3', 3, 3, 'number.digits'],
      ['5', 5, 5, 'number.digits'],
    ],
  ],
  ['سقط 10-15 قتيلا', [['10-15', 10, 15, 'number.range']]],
  [
    'في 26 آب 2023',
    [
      ['26', 26, 26, 'number.digits'],
      ['2023', 2023, 2023, 'number.digits'],
    ],
  ],
  // Vague quantities.
  ['قتل عشرات العناصر', [['عشرات', 20, 99, 'number.vague']]],
  ['هجّر مئات المدنيين', [['مئات', 200, 999, 'number.vague']]],
  ['نزح آلاف السكان', [['آلاف', 2000, 9999, 'number.vague']]],
  ['عشرات الآلاف من النازحين', [['عشرات الآلاف', 20000, 99000, 'number.vague']]],
  ['انشق عدد من عناصره', [['عدد من', 2, 9, 'number.vague']]],
  ['شهدت المدينة عدة انشقاقات', [['عدة', 2, 9, 'number.vague']]],
  ['لجأ بعض العناصر إلى الفرار', [['بعض', 2, null, 'number.vague']]],
  ['شجعت عدد كبير من الأنصار', [['عدد كبير من', 10, null, 'number.vague']]],
  // Modifiers.
  ['فر أكثر من مئة عنصر', [['أكثر من مئة', 100, null, 'number.modifier']]],
  ['وأكثر من ١٥٠ عنصرا', [['وأكثر من ١٥٠', 150, null, 'number.modifier']]],
  ['قتل نحو 200 شخص', [['نحو 200', 180, 220, 'number.modifier']]],
  ['ما يقارب 200 عنصر', [['ما يقارب 200', 180, 220, 'number.modifier']]],
  ['قرابة أربعين مقاتلا', [['قرابة أربعين', 36, 44, 'number.modifier']]],
  ['حوالى 50 سيارة', [['حوالى 50', 45, 55, 'number.modifier']]],
  ['ما لا يقل عن عشرة أشخاص', [['ما لا يقل عن عشرة', 10, null, 'number.modifier']]],
  ['أقل من عشرين', [['أقل من عشرين', null, 20, 'number.modifier']]],
  ['عشرة على الأقل', [['عشرة على الأقل', 10, null, 'number.modifier']]],
  ['قتل 250 تقريباً', [['250 تقريباً', 225, 275, 'number.modifier']]],
  ['عشرون ونيف', [['عشرون ونيف', 21, 29, 'number.modifier']]],
  ['بين 10 و15 قتيلا', [['بين 10 و15', 10, 15, 'number.between']]],
  ['ما بين عشرة وعشرين', [['ما بين عشرة وعشرين', 10, 20, 'number.between']]],
  // Duals.
  ['أعدم عنصرين من التنظيم', [['عنصرين', 2, 2, 'number.dual']]],
  ['انشق القياديان', [['القياديان', 2, 2, 'number.dual']]],
  ['دمرت الغارة منزلين', [['منزلين', 2, 2, 'number.dual']]],
  ['عثر على جثتين', [['جثتين', 2, 2, 'number.dual']]],
  ['اعتقل عنصرين اثنين', [['عنصرين اثنين', 2, 2, 'number.dual']]],
  // Not numbers.
  ['انسحب المقاتلين', []],
  ['في القرن الخامس عشر', []],
  ['بنسبة 50 بالمئة', []],
  ['ارتفع 30%', []],
  ['اجتمعوا يوم الاثنين', []],
  ['قتل أحد العناصر', []],
  ['توجه نحو المدينة', []],
  ['لست أدري', []],
  ['في الساعة 08:23', []],
  ['2020.11.19', []],
];

/** Inserts tatweel inside words and diacritics after letters; normalisation must undo both. */
function decorate(s: string): string {
  const letter = /[\u0621-\u063A\u0641-\u064A]/;
  let out = '';
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    out += ch;
    if (!letter.test(ch)) continue;
    n++;
    if (n % 2 === 0) out += '\u064E';
    if (n % 3 === 0 && letter.test(s[i + 1] ?? '')) out += '\u0640';
  }
  return out;
}

const summary = (m: NumberMention) => [m.min, m.max, m.rule, m.entry, m.vague, m.tokenStart, m.tokenEnd];

function checkSpans(raw: string, found: NumberMention[]) {
  const doc = analyzeText(raw);
  let last = -1;
  for (const m of found) {
    expect(doc.raw.slice(m.start, m.end)).toBe(m.text);
    expect(m.start).toBe(doc.tokens[m.tokenStart]!.rawStart);
    expect(m.end).toBeGreaterThanOrEqual(doc.tokens[m.tokenEnd - 1]!.rawEnd);
    expect(m.start).toBeGreaterThanOrEqual(last);
    expect(m.tokenEnd).toBeGreaterThan(m.tokenStart);
    expect(typeof m.rule).toBe('string');
    expect(m.entry).toBeTruthy();
    last = m.end;
  }
}

describe('findNumbers', () => {
  it('has enough table rows', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  it.each(ROWS)('%s', (input, expected) => {
    const found = findNumbers(analyzeText(input), lex);
    expect(found.map((m) => [m.text, m.min, m.max, m.rule])).toEqual(expected);
    checkSpans(input, found);
  });

  it.each(ROWS)('tatweel and diacritics change nothing: %s', (input) => {
    const plain = findNumbers(analyzeText(input), lex);
    const decorated = decorate(input);
    if ((input.match(/[\u0621-\u064A]/g) ?? []).length >= 2) expect(decorated).not.toBe(input);
    const found = findNumbers(analyzeText(decorated), lex);
    expect(found.map(summary)).toEqual(plain.map(summary));
    // The raw span still names the same words.
    expect(found.map((m) => normalizeString(m.text))).toEqual(plain.map((m) => normalizeString(m.text)));
    checkSpans(decorated, found);
  });

  it('marks vague quantities and exact numbers', () => {
    const [exact, vague] = findNumbers(analyzeText('قتل ستة وجرح عشرات'), lex);
    expect(exact?.vague).toBe(false);
    expect(vague?.vague).toBe(true);
  });

  it('reads every standalone number word of the lexicon as its value', () => {
    const rows = parseTsv(numbersTsv, 'numbers.tsv').filter((r) =>
      ['unit', 'ten', 'hundred', 'thousand', 'million'].includes(r['kind'] ?? ''),
    );
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      const found = findNumbers(analyzeText(`قتل ${row['form']} أمس`), lex);
      expect(
        found.map((m) => [m.min, m.max]),
        row['form'],
      ).toEqual([[Number(row['value']), Number(row['value'])]]);
    }
  });

  it('parses digit tokens', () => {
    expect(parseDigits('1,500')).toBe(1500);
    expect(parseDigits('1.5')).toBe(1.5);
    expect(parseDigits('19/11/2020')).toBeNull();
    expect(parseDigits('08:23')).toBeNull();
  });

  it('never throws and keeps mentions sorted, non-overlapping and on their raw spans', () => {
    const vocab = [
      'ستة',
      'وعشرون',
      'عشر',
      'مئة',
      'ألف',
      'آلاف',
      'عشرات',
      'أكثر',
      'من',
      'نحو',
      'بين',
      'و',
      'ال',
      'عنصرين',
      'الاثنين',
      'بالمئة',
      '%',
      '12',
      '1,500',
      '٣',
      '2020.11.19',
      '-',
      '،',
      '.',
      'ـ',
      '\u064B',
      'قتل',
      '\n',
      ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 30 }), (parts) => {
        const raw = parts.join(' ');
        const found = findNumbers(analyzeText(raw), lex);
        checkSpans(raw, found);
      }),
      { numRuns: 300 },
    );
  });
});
