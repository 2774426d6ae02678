import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateLexiconFromTsv, findDates, findPublicationDate } from '../../src/mentions/dates.js';
import { hijriMonthSpan, hijriToDayNumber, isoOf } from '../../src/mentions/hijri.js';
import { analyzeText } from '../../src/text/analyze-text.js';
import { normalizeString } from '../../src/text/normalize.js';
import type { DateMention } from '../../src/types.js';

const read = (file: string) => readFileSync(new URL(`../../data/lexicons/${file}`, import.meta.url), 'utf8');
const lex = dateLexiconFromTsv(read('months.tsv'), read('date-words.tsv'));

/** A Friday. */
const P = '2023-09-01';

type Row = [
  input: string,
  published: string | null,
  text: string | null,
  start: string | null,
  end: string | null,
  rule: string | null,
];

const ROWS: Row[] = [
  // Day and month, with and without a year; month pairs.
  ['قتل في 26 آب/أغسطس', P, '26 آب/أغسطس', '2023-08-26', '2023-08-26', 'date.day-month'],
  ['في 26 آب (أغسطس) 2023 قتل', null, '26 آب (أغسطس) 2023', '2023-08-26', '2023-08-26', 'date.day-month'],
  ['قتل 5 أيلول', P, '5 أيلول', '2022-09-05', '2022-09-05', 'date.day-month'],
  ['وفي 3 أيار 2019 انشق', null, '3 أيار 2019', '2019-05-03', '2019-05-03', 'date.day-month'],
  ['في ٢٦ آب ٢٠٢٣', null, '٢٦ آب ٢٠٢٣', '2023-08-26', '2023-08-26', 'date.day-month'],
  ['منذ الـ26 من آب', P, 'الـ26 من آب', '2023-08-26', '2023-08-26', 'date.day-month'],
  ['يومي 26 و27 آب 2023', null, 'يومي 26 و27 آب 2023', '2023-08-26', '2023-08-27', 'date.day-month'],
  ['28 مارس 2024', null, '28 مارس 2024', '2024-03-28', '2024-03-28', 'date.day-month'],
  [
    'الثلاثاء 19 تشرين الثاني 2020',
    null,
    'الثلاثاء 19 تشرين الثاني 2020',
    '2020-11-19',
    '2020-11-19',
    'date.day-month',
  ],
  ['في 29 شباط', '2024-03-01', '29 شباط', '2024-02-29', '2024-02-29', 'date.day-month'],
  ['في 29 شباط', '2023-03-01', '29 شباط', '2020-02-29', '2020-02-29', 'date.day-month'],
  ['قتل 14 جانفي 2021', null, '14 جانفي 2021', '2021-01-14', '2021-01-14', 'date.day-month'],
  ['مارس 28, 2024', null, 'مارس 28, 2024', '2024-03-28', '2024-03-28', 'date.month-day'],
  // Numeric dates.
  ['2020.11.19 | 08:23 دمشق', null, '2020.11.19', '2020-11-19', '2020-11-19', 'date.numeric'],
  ['بتاريخ 19/11/2020', null, '19/11/2020', '2020-11-19', '2020-11-19', 'date.numeric'],
  ['نشر في: 2020-11-19', null, '2020-11-19', '2020-11-19', '2020-11-19', 'date.numeric'],
  ['بتاريخ ١٩/١١/٢٠٢٠', null, '١٩/١١/٢٠٢٠', '2020-11-19', '2020-11-19', 'date.numeric'],
  // Months and month parts.
  ['منتصف يونيو/ حزيران 2014', null, 'منتصف يونيو/ حزيران 2014', '2014-06-11', '2014-06-20', 'date.month'],
  ['في مطلع آذار 2015', null, 'مطلع آذار 2015', '2015-03-01', '2015-03-10', 'date.month'],
  ['أواخر شباط 2016', null, 'أواخر شباط 2016', '2016-02-21', '2016-02-29', 'date.month'],
  ['خلال شهر أيار 2017', null, 'شهر أيار 2017', '2017-05-01', '2017-05-31', 'date.month'],
  ['في حزيران الماضي', P, 'حزيران الماضي', '2023-06-01', '2023-06-30', 'date.month'],
  ['في نيسان', P, 'نيسان', '2023-04-01', '2023-04-30', 'date.month'],
  ['شهري تموز وآب 2015', null, 'شهري تموز وآب 2015', '2015-07-01', '2015-08-31', 'date.month'],
  ['عام 2014', null, 'عام 2014', '2014-01-01', '2014-12-31', 'date.year'],
  // Hijri.
  ['15 رمضان 1436', null, '15 رمضان 1436', '2015-07-02', '2015-07-02', 'date.day-month'],
  ['في 1 محرم 1445 هـ', null, '1 محرم 1445 هـ', '2023-07-19', '2023-07-19', 'date.day-month'],
  ['في رمضان 1436', null, 'رمضان 1436', '2015-06-18', '2015-07-16', 'date.month'],
  ['قتل 15 رمضان', '2015-07-10', '15 رمضان', '2015-07-02', '2015-07-02', 'date.day-month'],
  // Relative days.
  ['قتل أمس', P, 'أمس', '2023-08-31', '2023-08-31', 'date.relative-day'],
  ['شملت أمس الخميس', P, 'أمس الخميس', '2023-08-31', '2023-08-31', 'date.relative-day'],
  ['فجر أمس', P, 'فجر أمس', '2023-08-31', '2023-08-31', 'date.relative-day'],
  ['البارحة', P, 'البارحة', '2023-08-31', '2023-08-31', 'date.relative-day'],
  ['وقع بالأمس', P, 'بالأمس', '2023-08-31', '2023-08-31', 'date.relative-day'],
  ['اليوم الجمعة', P, 'اليوم الجمعة', '2023-09-01', '2023-09-01', 'date.relative-day'],
  ['صباح اليوم', P, 'صباح اليوم', '2023-09-01', '2023-09-01', 'date.relative-day'],
  ['أول أمس', P, 'أول أمس', '2023-08-30', '2023-08-30', 'date.relative-day'],
  ['في اليوم التالي', P, null, null, null, null],
  // Weekdays.
  ['الثلاثاء الماضي', P, 'الثلاثاء الماضي', '2023-08-29', '2023-08-29', 'date.weekday'],
  ['الجمعة الماضية', P, 'الجمعة الماضية', '2023-08-25', '2023-08-25', 'date.weekday'],
  ['يوم الجمعة', P, 'يوم الجمعة', '2023-09-01', '2023-09-01', 'date.weekday'],
  ['مساء يوم الأربعاء', P, 'مساء يوم الأربعاء', '2023-08-30', '2023-08-30', 'date.weekday'],
  [
    'يومي الثلاثاء والأربعاء الماضيين',
    P,
    'يومي الثلاثاء والأربعاء الماضيين',
    '2023-08-29',
    '2023-08-30',
    'date.weekday',
  ],
  ['الخميس المقبل', P, 'الخميس المقبل', '2023-09-07', '2023-09-07', 'date.weekday'],
  // Calendar periods and durations.
  ['الأسبوع الماضي', P, 'الأسبوع الماضي', '2023-08-25', '2023-08-31', 'date.relative-period'],
  ['خلال الأسبوع الماضي', P, 'خلال الأسبوع الماضي', '2023-08-25', '2023-08-31', 'date.relative-period'],
  ['الشهر الماضي', P, 'الشهر الماضي', '2023-08-01', '2023-08-31', 'date.relative-period'],
  ['منتصف الشهر الماضي', P, 'منتصف الشهر الماضي', '2023-08-11', '2023-08-20', 'date.relative-period'],
  ['العام الماضي', P, 'العام الماضي', '2022-01-01', '2022-12-31', 'date.relative-period'],
  [
    'خلال الأيام القليلة الماضية',
    P,
    'خلال الأيام القليلة الماضية',
    '2023-08-25',
    '2023-09-01',
    'date.duration',
  ],
  ['خلال يومين', P, 'خلال يومين', '2023-08-30', '2023-09-01', 'date.duration'],
  ['منذ ثلاثة أيام', P, 'منذ ثلاثة أيام', '2023-08-29', '2023-08-29', 'date.duration'],
  ['قبل يومين', P, 'قبل يومين', '2023-08-30', '2023-08-30', 'date.duration'],
  ['منذ أيام', P, 'منذ أيام', '2023-08-25', '2023-08-31', 'date.duration'],
  ['خلال الثلاثة أشهر الأخيرة', P, 'خلال الثلاثة أشهر الأخيرة', '2023-06-01', '2023-09-01', 'date.duration'],
  // Without a publication date: relative expressions kept unresolved, absolute ones resolved.
  ['قتل أمس', null, 'أمس', null, null, 'date.relative-day'],
  ['الأسبوع الماضي', null, 'الأسبوع الماضي', null, null, 'date.relative-period'],
  ['الثلاثاء الماضي', null, 'الثلاثاء الماضي', null, null, 'date.weekday'],
  ['في 26 آب', null, '26 آب', null, null, 'date.day-month'],
  ['قتل أمس', 'غير صالح', 'أمس', null, null, 'date.relative-day'],
  // Not dates.
  ['أب لثلاثة أطفال', P, null, null, null, null],
  ['هذا السلاح محرم دوليا', P, null, null, null, null],
  ['قتل 31/02/2020', P, null, null, null, null],
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
    if (n % 2 === 1) out += '\u0650';
    if (n % 3 === 0 && letter.test(s[i + 1] ?? '')) out += '\u0640';
  }
  return out;
}

function checkSpans(raw: string, found: DateMention[]) {
  const doc = analyzeText(raw);
  let last = -1;
  for (const m of found) {
    expect(doc.raw.slice(m.start, m.end)).toBe(m.text);
    expect(m.start).toBe(doc.tokens[m.tokenStart]!.rawStart);
    expect(m.end).toBeGreaterThanOrEqual(doc.tokens[m.tokenEnd - 1]!.rawEnd);
    expect(m.start).toBeGreaterThanOrEqual(last);
    expect(m.entry).toBeTruthy();
    if (m.startDate && m.endDate) expect(m.startDate <= m.endDate).toBe(true);
    last = m.end;
  }
}

describe('findDates', () => {
  it('has enough table rows', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  it.each(ROWS)('%s (published %s)', (input, published, text, start, end, rule) => {
    const found = findDates(analyzeText(input), published, lex);
    if (text === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((m) => [m.text, m.startDate, m.endDate, m.rule])).toEqual([[text, start, end, rule]]);
    checkSpans(input, found);
  });

  it.each(ROWS)('tatweel and diacritics change nothing: %s', (input, published) => {
    const plain = findDates(analyzeText(input), published, lex);
    const decorated = decorate(input);
    const found = findDates(analyzeText(decorated), published, lex);
    const summary = (m: DateMention) => [m.startDate, m.endDate, m.rule, m.entry, m.tokenStart, m.tokenEnd];
    expect(found.map(summary)).toEqual(plain.map(summary));
    expect(found.map((m) => normalizeString(m.text))).toEqual(plain.map((m) => normalizeString(m.text)));
    checkSpans(decorated, found);
  });

  it('finds several dates in one text, in order', () => {
    const raw = 'انشق أمس الثلاثاء بعد أن اعتقل في 26 آب 2023، وأعدم الأسبوع الماضي';
    const found = findDates(analyzeText(raw), '2023-09-06', lex);
    expect(found.map((m) => [m.text, m.startDate, m.endDate])).toEqual([
      ['أمس الثلاثاء', '2023-09-05', '2023-09-05'],
      ['26 آب 2023', '2023-08-26', '2023-08-26'],
      ['الأسبوع الماضي', '2023-08-30', '2023-09-05'],
    ]);
    checkSpans(raw, found);
  });

  it('never throws on odd input and keeps spans consistent', () => {
    const vocab = [
      'أمس',
      'اليوم',
      'الثلاثاء',
      'الماضي',
      'يوم',
      'منتصف',
      'شهر',
      'آب',
      '/',
      '(',
      ')',
      'أغسطس',
      '26',
      '2023',
      '1436',
      'هـ',
      'رمضان',
      'خلال',
      'يومين',
      'الأيام',
      'القليلة',
      'منذ',
      'ثلاثة',
      '29',
      'شباط',
      '2020.13.45',
      '19/11/2020',
      ',',
      '،',
      'ـ',
      '\u064B',
      '\n',
      'عام',
      'و',
      'ال',
    ];
    const published = fc.constantFrom(null, '2023-09-01', '2024-02-29', 'bad', '2023-02-30', '');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 25 }), published, (parts, pub) => {
        const raw = parts.join(' ');
        const doc = analyzeText(raw);
        const found = findDates(doc, pub, lex);
        checkSpans(raw, found);
        const p = findPublicationDate(doc, lex);
        if (p) expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('findPublicationDate', () => {
  const CASES: [string, string | null, string | null][] = [
    ['مارس 28, 2024\n\nنص الخبر', '2024-03-28', 'مارس 28, 2024'],
    ['2020.11.19 | 08:23 دمشق\nقتل ستة', '2020-11-19', '2020.11.19'],
    ['عنوان الخبر\nالثلاثاء 19 تشرين الثاني 2020\nنص', '2020-11-19', 'الثلاثاء 19 تشرين الثاني 2020'],
    ['نشر في: 2019-05-01\nنص', '2019-05-01', '2019-05-01'],
    ['بتاريخ ١٩/١١/٢٠٢٠\nنص', '2020-11-19', '١٩/١١/٢٠٢٠'],
    ['عنوان\nسطر\nسطر\nفي 5 أيار 2018 قتل', null, null],
    ['عنوان\nقتل أمس ستة', null, null],
    ['في 26 آب قتل', null, null],
    ['', null, null],
  ];
  it.each(CASES)('%j', (raw, date, text) => {
    const p = findPublicationDate(analyzeText(raw), lex);
    expect(p?.date ?? null).toBe(date);
    if (p) expect(raw.slice(p.start, p.end)).toBe(text);
  });
});

describe('hijri conversion', () => {
  it('maps Umm al-Qura dates to Gregorian days', () => {
    expect(isoOf(hijriToDayNumber(1436, 9, 1)!)).toBe('2015-06-18');
    expect(isoOf(hijriToDayNumber(1445, 1, 1)!)).toBe('2023-07-19');
    expect(hijriMonthSpan(1436, 9)!.map(isoOf)).toEqual(['2015-06-18', '2015-07-16']);
    expect(hijriToDayNumber(1436, 13, 1)).toBeNull();
  });
});
