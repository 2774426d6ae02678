import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHeader, type ParsedHeader } from '../../src/ingest/header.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();

const BODY =
  'قتل مدنيان وأصيب ثلاثة آخرون، مساء أمس، بقصف مدفعي استهدف الأحياء السكنية في المدينة.\nوقال مصدر محلي إن القصف استمر ساعة.';

interface Expected {
  outlet?: string;
  byline?: string;
  dateline?: string;
  published?: string;
  title?: string;
}

/**
 * [header, expected]: the input is header + BODY, and bodyStart must be header.length (the body's first
 * character). An empty header means "no header": bodyStart 0 and nothing found.
 */
const ROWS: Array<[string, Expected]> = [
  // "خاص OUTLET", "خاص – OUTLET"
  ['خاص لفرات_بوست\n', { outlet: 'فرات بوست' }],
  ['خاص – عين الفرات\n\n', { outlet: 'عين الفرات' }],
  ['خاص لـ الرقة تذبح بصمت\n', { outlet: 'الرقة تذبح بصمت' }],
  // "OUTLET | PLACE – COUNTRY (NAME)", "OUTLET – (NAME)"
  [
    'أخبار الآن | الرقة – سوريا (سامر الأحمد)\n',
    { outlet: 'أخبار الآن', dateline: 'الرقة', byline: 'سامر الأحمد' },
  ],
  ['بلدي نيوز – (هاني العلي)\n', { outlet: 'بلدي نيوز', byline: 'هاني العلي' }],
  // "NAME: OUTLET", after a date line "Month D, YYYY"
  ['ياسر الحسن: كلنا شركاء\n', { outlet: 'كلنا شركاء', byline: 'ياسر الحسن' }],
  [
    'أبريل 3, 2023\n\nفادي الخليل: كلنا شركاء\n',
    { outlet: 'كلنا شركاء', byline: 'فادي الخليل', published: '2023-04-03' },
  ],
  ['نيسان 12, 2017\n\n', { published: '2017-04-12' }],
  // "YYYY.MM.DD | HH:MM PLACE", then "خاص – OUTLET"
  ['2019.04.07 | 17:05 حمص\n', { dateline: 'حمص', published: '2019-04-07' }],
  [
    '2018.11.14 | 09:15 الميادين\nخاص – دير الزور 24\n\n',
    { outlet: 'دير الزور 24', dateline: 'الميادين', published: '2018-11-14' },
  ],
  // "OUTLET – PLACE", "OUTLET – خاص", "OUTLET – PLACE (خاص)"
  ['عنب بلدي – حماة\n', { outlet: 'عنب بلدي', dateline: 'حماة' }],
  ['دير الزور 24 – خاص\n', { outlet: 'دير الزور 24' }],
  ['بلدي نيوز – درعا (خاص)\n', { outlet: 'بلدي نيوز', dateline: 'درعا' }],
  ['ريف إدلب الجنوبي – نداء سوريا\n', { outlet: 'نداء سوريا', dateline: 'ريف إدلب الجنوبي' }],
  // "OUTLET/ PLACE – WEEKDAY D MONTH YYYY": an outlet missing from outlets.tsv is the source-like segment
  [
    'شفق نيوز/ كركوك – الثلاثاء 16 آذار 2021\n',
    { outlet: 'شفق نيوز', dateline: 'كركوك', published: '2021-03-16' },
  ],
  [
    'السومرية نيوز / ديالى\nالأحد 5 أيار 2019\n\n',
    { outlet: 'السومرية نيوز', dateline: 'ديالى', published: '2019-05-05' },
  ],
  [
    'بغداد/ المدى\nالثلاثاء 24 أيلول 2019\n\n',
    { outlet: 'المدى', dateline: 'بغداد', published: '2019-09-24' },
  ],
  ['الحدث اليوم – دمشق\n', { outlet: 'الحدث اليوم', dateline: 'دمشق' }],
  // Outlet alone on a line, then a date line
  [
    'المرصد السوري لحقوق الإنسان\n2016-09-20\n\n',
    { outlet: 'المرصد السوري لحقوق الإنسان', published: '2016-09-20' },
  ],
  [
    'وكالة ستيب الإخبارية\n2019-01-03 | 14:05\n\n',
    { outlet: 'وكالة ستيب الإخبارية', published: '2019-01-03' },
  ],
  // Bylines: a label, or a name after the outlet
  [
    'نورث برس – القامشلي\nإعداد: ليلى حسن\nالأحد 14 شباط/ فبراير 2021\n\n',
    { outlet: 'نورث برس', dateline: 'القامشلي', byline: 'ليلى حسن', published: '2021-02-14' },
  ],
  [
    'بقلم: رامي السعيد\nحلب – 3 أيار 2019\n',
    { byline: 'رامي السعيد', dateline: 'حلب', published: '2019-05-03' },
  ],
  [
    'أورينت نت – سلمى الخطيب\nالخميس 23 آذار 2017\n\n',
    { outlet: 'أورينت نت', byline: 'سلمى الخطيب', published: '2017-03-23' },
  ],
  // Hijri and Gregorian on one line: the Gregorian day is the publication date
  [
    'الرقة تذبح بصمت\nالخميس 5 ذو القعدة 1436 – 20 آب 2015\n\n',
    { outlet: 'الرقة تذبح بصمت', published: '2015-08-20' },
  ],
  // A title above the header
  [
    'قصف جوي يطال قرى في ريف حماة\n\nخاص – فرات بوست\n\n',
    { outlet: 'فرات بوست', title: 'قصف جوي يطال قرى في ريف حماة' },
  ],
  // A dateline leading into the first paragraph
  ['دمشق (رويترز) – ', { outlet: 'رويترز', dateline: 'دمشق' }],
  ['حماة-سانا: ', { outlet: 'سانا', dateline: 'حماة' }],
  ['الحسكة (نورث برس) – ', { outlet: 'نورث برس', dateline: 'الحسكة' }],
  // Line ends, byte order mark, bidirectional marks
  [
    'عنب بلدي – إدلب\r\n14 أيار 2019\r\n\r\n',
    { outlet: 'عنب بلدي', dateline: 'إدلب', published: '2019-05-14' },
  ],
  ['\uFEFF\u200Fخاص – دير الزور 24\u200F\n', { outlet: 'دير الزور 24' }],
  // No header
  ['', {}],
];

/** Texts whose top is no header: bodyStart 0 and nothing found. */
const NO_HEADER: string[] = [
  BODY,
  `الاغتيالات تتواصل في ريف دير الزور الشرقي.. فما الذي يجري؟\n\n\n${BODY}`,
  `مقتل قيادي – دير الزور\n${BODY}`,
  `قتل 5 مدنيين في قصف على ريف إدلب الجنوبي يوم 3 أيار 2019\n${BODY}`,
  '',
  '\n\n  \n',
];

function expected(header: string, e: Expected): ParsedHeader {
  return {
    outlet: e.outlet ?? null,
    byline: e.byline ?? null,
    dateline: e.dateline ?? null,
    published: e.published ?? null,
    title: e.title ?? null,
    bodyStart: header.length,
  };
}

describe('parseHeader', () => {
  it('has a table of at least 20 header forms', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ROWS)('%j', (header, e) => {
    const text = header + BODY;
    const got = parseHeader(text, resources);
    expect(got).toEqual(expected(header, e));
    expect(text.slice(got.bodyStart).startsWith(BODY)).toBe(true);
  });

  it.each(NO_HEADER)('finds no header in %j', (text) => {
    expect(parseHeader(text, resources)).toEqual({
      outlet: null,
      byline: null,
      dateline: null,
      published: null,
      title: null,
      bodyStart: 0,
    });
  });

  it('ends at the text when there is no body', () => {
    const text = 'عنب بلدي – حلب\n';
    expect(parseHeader(text, resources)).toMatchObject({
      outlet: 'عنب بلدي',
      dateline: 'حلب',
      bodyStart: text.length,
    });
  });

  it('prefers an outlet of outlets.tsv to a source-like segment on a later line', () => {
    const header = 'وكالة الأنباء المحلية – حلب\nخاص – عنب بلدي\n\n';
    expect(parseHeader(header + BODY, resources)).toMatchObject({
      outlet: 'عنب بلدي',
      bodyStart: header.length,
    });
  });

  it('reads at most four header lines', () => {
    const header = 'عنب بلدي – حلب\n2019-05-14\nخاص\nبقلم: رامي السعيد\n';
    const got = parseHeader(`${header}إدلب\n${BODY}`, resources);
    expect(got.bodyStart).toBe(header.length);
  });

  it('never throws, and bodyStart stays inside the text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              'خاص',
              ' – ',
              ' | ',
              '(',
              ')',
              ':',
              '\n',
              '\r\n',
              'دير الزور 24',
              '2020.11.19',
              'محمد',
            ),
          ),
          { maxLength: 12 },
        ),
        (parts) => {
          const text = parts.join('');
          const got = parseHeader(text, resources);
          expect(got.bodyStart).toBeGreaterThanOrEqual(0);
          expect(got.bodyStart).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 300 },
    );
    expect(parseHeader(undefined as unknown as string, resources).bodyStart).toBe(0);
  });
});
