// The gazetteer importers (GeoNames dumps, OCHA tables and OpenSyria-shaped JSON) and the CSV reader, on
// small fixtures written here, then on the shared data files when they are present.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/gazetteer/csv.js';
import {
  admin1ParentsFromTsv,
  arabicForms,
  geonamesKind,
  placesFromGeonames,
} from '../../src/gazetteer/import-geonames.js';
import { placesFromOcha } from '../../src/gazetteer/import-ocha.js';
import { bareName, isArabicName } from '../../src/gazetteer/names.js';
import type { Place } from '../../src/types.js';

// describe.runIf still runs the block that collects the tests: a missing shared file must not throw there.
const readIfPresent = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

const SHARED = (rel: string) =>
  fileURLToPath(new URL(`../../../shared/data/gazetteer/${rel}`, import.meta.url));
const ADMIN1 = fileURLToPath(new URL('../../data/gazetteer/geonames-admin1.tsv', import.meta.url));

/** One GeoNames dump line (19 tab-separated columns) from the fields that matter here. */
function gnLine(f: {
  id: number;
  name: string;
  alt: string[];
  lat: string;
  lon: string;
  cls: string;
  code: string;
  cc?: string;
  admin1?: string;
  pop?: number;
}): string {
  return [
    f.id,
    f.name,
    f.name,
    f.alt.join(','),
    f.lat,
    f.lon,
    f.cls,
    f.code,
    f.cc ?? 'SY',
    '',
    f.admin1 ?? '07',
    '',
    '',
    '',
    f.pop ?? 0,
    '',
    '250',
    'Asia/Damascus',
    '2024-01-01',
  ].join('\t');
}

// Invented places (names and points made up for the tests).
const DUMP_ROWS = [
  gnLine({
    id: 9900001,
    name: 'An Najmah',
    alt: ['Najma', 'النجمة', 'مدينة النجمة', 'نجمة'],
    lat: '35.2001',
    lon: '40.1002',
    cls: 'P',
    code: 'PPLA',
    pop: 90000,
  }),
  gnLine({
    id: 9900002,
    name: 'Tall al Ward',
    alt: ['Tell el Ward', 'تل الورد', 'تلّ الورد', 'تل ورد'],
    lat: '35.3',
    lon: '40.2',
    cls: 'P',
    code: 'PPL',
    pop: 12000,
  }),
  gnLine({
    id: 9900003,
    name: 'Kharbat Sunbul',
    alt: ['خربة سنبل', 'خربه سنبول', 'گوند سنبل'],
    lat: '35.4',
    lon: '40.3',
    cls: 'P',
    code: 'PPL',
    pop: 0,
  }),
  gnLine({
    id: 9900004,
    name: 'Mintaqat al Wadi al Akhdar',
    alt: ['منطقة الوادي الأخضر'],
    lat: '35.5',
    lon: '40.4',
    cls: 'A',
    code: 'ADM2',
  }),
  gnLine({
    id: 9900005,
    name: 'Matar an Najmah al Askari',
    alt: ['مطار النجمة العسكري'],
    lat: '35.21',
    lon: '40.12',
    cls: 'S',
    code: 'AIRB',
  }),
  gnLine({
    id: 9900006,
    name: 'Qaryat Qadimah',
    alt: ['قرية قديمة'],
    lat: '35.6',
    lon: '40.5',
    cls: 'P',
    code: 'PPLW',
  }),
];
const BAD_COLUMNS = '9900007\tBroken\tBroken\t\t35.1\t40.1\tP\tPPL';
const BAD_POINT = gnLine({
  id: 9900008,
  name: 'Nowhere',
  alt: ['لا مكان'],
  lat: '95.5',
  lon: 'x',
  cls: 'P',
  code: 'PPL',
});
const IRAQ_ROW = gnLine({
  id: 9900009,
  name: 'Qaryat al Ikhtibar',
  alt: ['قرية الاختبار'],
  lat: '33.1',
  lon: '44.1',
  cls: 'P',
  code: 'PPL',
  cc: 'IQ',
  admin1: '07',
});
const DUMP = [...DUMP_ROWS, BAD_COLUMNS, BAD_POINT, IRAQ_ROW].join('\n') + '\n';
const HEADER =
  'geonameid\tname\tasciiname\talternatenames\tlatitude\tlongitude\tfeature_class\tfeature_code\tcountry_code\tcc2\tadmin1_code\tadmin2_code\tadmin3_code\tadmin4_code\tpopulation\televation\tdem\ttimezone\tmodification_date';

const ADMIN1_PARENTS = new Map([
  ['SY.07', 'sy-deir-ez-zor'],
  ['IQ.07', 'iq-baghdad'],
]);

const byId = (places: Place[]) => new Map(places.map((p) => [p.id, p]));

describe('parseCsv', () => {
  it.each<[string, string, string[][]]>([
    [
      'plain',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted comma', 'a,"b,c",d\n', [['a', 'b,c', 'd']]],
    ['doubled quotes', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    [
      'newline inside quotes',
      '"line 1\r\nline 2",y\r\nz,w\r\n',
      [
        ['line 1\r\nline 2', 'y'],
        ['z', 'w'],
      ],
    ],
    [
      'empty fields',
      ',,\n"",x\n',
      [
        ['', '', ''],
        ['', 'x'],
      ],
    ],
    ['blank lines skipped', 'a\n\n\nb\n', [['a'], ['b']]],
    ['byte order mark', '\uFEFFa,b\n', [['a', 'b']]],
    ['Arabic text', 'الاسم,"دير الزور، الميادين"\n', [['الاسم', 'دير الزور، الميادين']]],
  ])('%s', (_label, text, expected) => {
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual(expected);
  });

  it('gives the line each record starts on, counting line breaks inside quotes', () => {
    const { records } = parseCsv('h1,h2\n"a\nb",c\nd,e\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('reports malformed quoting without throwing', () => {
    expect(parseCsv('a,"b\n').problems).toEqual([{ line: 1, message: 'unterminated quoted field' }]);
    const stray = parseCsv('"a"b,c\n');
    expect(stray.problems[0]?.message).toBe('text after a closing quote');
    expect(stray.records[0]?.fields).toEqual(['ab', 'c']);
  });
});

describe('names', () => {
  it.each([
    ['النجمة', true],
    ['تلّ الورد', true],
    ['گوند سنبل', false],
    ['Najma', false],
    ['', false],
  ])('isArabicName(%j) = %s', (name, expected) => {
    expect(isArabicName(name)).toBe(expected);
  });

  it.each([
    ['مركز البوكمال', 'البوكمال'],
    ['ناحية مركز الحسكة', 'الحسكة'],
    ['منطقة الوادي الأخضر', 'الوادي الأخضر'],
    ['الميادين', null],
    ['مركز', null],
  ])('bareName(%j) = %j', (name, expected) => {
    expect(bareName(name)).toBe(expected);
  });
});

describe('placesFromGeonames', () => {
  const result = placesFromGeonames(DUMP, 'fixtures/SY.txt', { admin1Parents: ADMIN1_PARENTS });
  const places = byId(result.places);

  it('keeps populated places, admin units and sites; skips destroyed places', () => {
    expect([...places.keys()]).toEqual([
      'gn-9900001',
      'gn-9900002',
      'gn-9900003',
      'gn-9900004',
      'gn-9900005',
      'gn-9900009',
    ]);
    expect(result.skipped).toBe(1);
  });

  it.each<[string, Partial<Place>]>([
    [
      'gn-9900001',
      {
        nameAr: 'النجمة',
        nameEn: 'An Najmah',
        kind: 'city',
        lat: 35.2001,
        lon: 40.1002,
        parent: 'sy-deir-ez-zor',
        country: 'SY',
        population: 90000,
        source: 'geonames:SY.txt',
      },
    ],
    ['gn-9900002', { nameAr: 'تل الورد', kind: 'town', population: 12000 }],
    ['gn-9900003', { nameAr: 'خربة سنبل', kind: 'village', population: null }],
    ['gn-9900004', { nameAr: 'منطقة الوادي الأخضر', kind: 'district' }],
    ['gn-9900005', { nameAr: 'مطار النجمة العسكري', kind: 'airport' }],
    ['gn-9900009', { nameAr: 'قرية الاختبار', country: 'IQ', parent: 'iq-baghdad' }],
  ])('%s', (id, expected) => {
    expect(places.get(id)).toMatchObject(expected);
  });

  it('takes the Arabic form most names share, keeps the others and the English name as aliases', () => {
    const najma = places.get('gn-9900001')!;
    expect(najma.aliases).toEqual(expect.arrayContaining(['مدينة النجمة', 'نجمة', 'An Najmah']));
    expect(najma.aliases).not.toContain('النجمة');
    // Names with letters of other alphabets written in Arabic script are not Arabic names.
    expect(places.get('gn-9900003')!.aliases).not.toContain('گوند سنبل');
    expect(places.get('gn-9900003')!.aliases).toContain('خربه سنبول');
    // A prefixed name also gives its bare form.
    expect(places.get('gn-9900004')!.aliases).toContain('الوادي الأخضر');
  });

  it('reports bad lines with their line numbers and goes on', () => {
    expect(result.errors).toEqual([
      'fixtures/SY.txt:7: expected 19 tab-separated columns, found 8',
      'fixtures/SY.txt:8: bad coordinates "95.5", "x"',
    ]);
  });

  it('reads the same rows after a header line', () => {
    const withHeader = placesFromGeonames(`${HEADER}\r\n${DUMP.replace(/\n/g, '\r\n')}`, 'SY.tsv', {
      admin1Parents: ADMIN1_PARENTS,
    });
    expect(withHeader.places.map((p) => ({ ...p, source: '' }))).toEqual(
      result.places.map((p) => ({ ...p, source: '' })),
    );
    expect(withHeader.errors).toEqual([
      'SY.tsv:8: expected 19 tab-separated columns, found 8',
      'SY.tsv:9: bad coordinates "95.5", "x"',
    ]);
  });

  it('reports a header without the needed columns', () => {
    const r = placesFromGeonames('id\tname\n1\tx\n', 'x.tsv');
    expect(r.places).toEqual([]);
    expect(r.errors[0]).toMatch(/^x\.tsv:1: header line lacks the column\(s\) geonameid, asciiname/);
  });

  it('keeps only the countries asked for', () => {
    const r = placesFromGeonames(DUMP, 'SY.txt', { countries: ['iq'] });
    expect(r.places.map((p) => p.id)).toEqual(['gn-9900009']);
    expect(r.skipped).toBe(6);
  });

  it('without an admin1 mapping, the parent is the country', () => {
    const r = placesFromGeonames(DUMP_ROWS[1]!, 'SY.txt');
    expect(r.places[0]?.parent).toBe('SY');
  });

  it('without an Arabic name, the Arabic name is the ASCII name', () => {
    const r = placesFromGeonames(
      gnLine({ id: 1, name: 'Nameless', alt: ['Other'], lat: '35', lon: '40', cls: 'P', code: 'PPL' }),
      'a',
    );
    expect(r.places[0]).toMatchObject({ nameAr: 'Nameless', aliases: [] });
  });

  it.each<[string, string, number, string | null]>([
    ['P', 'PPLC', 0, 'city'],
    ['P', 'PPLA2', 0, 'town'],
    ['P', 'PPL', 5000, 'town'],
    ['P', 'PPL', 4999, 'village'],
    ['P', 'PPLX', 0, 'neighbourhood'],
    ['P', 'PPLQ', 0, null],
    ['A', 'ADM1', 0, 'governorate'],
    ['A', 'ADM3', 0, 'subdistrict'],
    ['A', 'PCLI', 0, null],
    ['S', 'AIRP', 0, 'airport'],
    ['L', 'OILF', 0, 'oil_field'],
    ['S', 'CMPRF', 0, 'landmark'],
    ['T', 'MT', 0, 'landmark'],
    ['H', 'WAD', 0, 'region'],
    ['L', 'RGN', 0, 'region'],
    ['S', 'SCH', 0, null],
    ['V', 'FRST', 0, null],
  ])('geonamesKind(%s, %s, %i) = %s', (cls, code, pop, kind) => {
    expect(geonamesKind(cls, code, pop)).toBe(kind);
  });

  it('arabicForms prefers the spelling closest to the ASCII name on a tie', () => {
    expect(arabicForms('تل عمار,عريقة', false, 'Ariqah')[0]).toBe('عريقة');
    expect(arabicForms('ناحية السوسة', false)).toEqual(['السوسة', 'ناحية السوسة']);
    expect(arabicForms('ناحية السوسة', true)).toEqual(['ناحية السوسة', 'السوسة']);
  });

  it('admin1ParentsFromTsv reads the mapping of the built-in gazetteer', () => {
    const map = admin1ParentsFromTsv(readFileSync(ADMIN1, 'utf8'));
    expect(map.get('SY.07')).toBe('sy-deir-ez-zor');
    expect(map.size).toBeGreaterThanOrEqual(14);
  });
});

// An OCHA admin2 table: quoted fields (a comma, a line break, doubled quotes), CRLF line ends.
const OCHA_ADMIN2 = [
  'admin2Name_en,admin2Name_ar,admin2Pcode,admin2RefName,admin1Name_en,admin1Name_ar,admin1Pcode,Latitude,Longitude',
  '"Green Valley, East","منطقة الوادي الأخضر",SY9901,Green Valley,Test,اختبار,SY99,35.1,38.2',
  '"Upper\r\nRidge","ناحية ""الأفق""",SY9902,Upper Ridge,Test,اختبار,SY99,35.25,38.75',
  'Nowhere,لا مكان,SY9903,Nowhere,Test,اختبار,SY99,,',
  'Short,قصير,SY9904',
  '',
].join('\r\n');

describe('placesFromOcha (CSV)', () => {
  const result = placesFromOcha(OCHA_ADMIN2, 'syr_adm2.csv');

  it('reads the level from the header and the parent from the next level up', () => {
    expect(result.places).toEqual([
      {
        id: 'ocha-SY9901',
        nameAr: 'منطقة الوادي الأخضر',
        nameEn: 'Green Valley, East',
        aliases: ['الوادي الأخضر', 'Green Valley, East'],
        kind: 'district',
        lat: 35.1,
        lon: 38.2,
        parent: 'ocha-SY99',
        country: 'SY',
        population: null,
        source: 'ocha:syr_adm2.csv',
      },
      {
        id: 'ocha-SY9902',
        nameAr: 'ناحية "الأفق"',
        nameEn: 'Upper Ridge',
        aliases: ['"الأفق"', 'Upper Ridge'],
        kind: 'district',
        lat: 35.25,
        lon: 38.75,
        parent: 'ocha-SY99',
        country: 'SY',
        population: null,
        source: 'ocha:syr_adm2.csv',
      },
    ]);
  });

  it('reports rows without coordinates and short rows with their lines', () => {
    expect(result.errors).toEqual([
      'syr_adm2.csv:5: bad coordinates "", ""',
      'syr_adm2.csv:6: expected 9 columns, found 3',
    ]);
  });

  it.each<[string, string, Partial<Place>]>([
    [
      'admin1',
      'admin1Name_en,admin1Name_ar,admin1Pcode,lat,lon\nTest,محافظة اختبار,SY99,35,38\n',
      {
        id: 'ocha-SY99',
        kind: 'governorate',
        parent: 'SY',
        nameAr: 'محافظة اختبار',
        aliases: ['اختبار', 'Test'],
      },
    ],
    [
      'admin3 (ADM3_PCODE spelling)',
      'ADM3_EN,ADM3_AR,ADM3_PCODE,ADM2_EN,ADM2_PCODE,ADM1_PCODE,center_lat,center_lon\nRidge,مركز الأفق,SY990201,X,SY9902,SY99,35.2,38.7\n',
      { id: 'ocha-SY990201', kind: 'subdistrict', parent: 'ocha-SY9902', nameAr: 'مركز الأفق' },
    ],
    [
      'admin4 populated places',
      'admin4Name_en,admin4Name_ar,admin4Pcode,admin3Pcode,admin0Pcode,population,longitude,latitude\nBig,الكبيرة,C9901,SY990201,SY,"12,500",38.71,35.21\nSmall,الصغيرة,C9902,SY990201,SY,300,38.72,35.22\n',
      {
        id: 'ocha-C9901',
        kind: 'town',
        parent: 'ocha-SY990201',
        country: 'SY',
        population: 12500,
        lat: 35.21,
        lon: 38.71,
      },
    ],
  ])('%s', (_label, csv, expected) => {
    const r = placesFromOcha(csv, 't.csv');
    expect(r.errors).toEqual([]);
    expect(r.places[0]).toMatchObject(expected);
  });

  it('a populated place without a population is a village', () => {
    const r = placesFromOcha(
      'admin4Name_ar,admin4Pcode,admin3Pcode,latitude,longitude\nقرية,C1,SY010000,35,38\n',
      't.csv',
    );
    expect(r.places[0]?.kind).toBe('village');
  });

  it('a table without coordinates is reported once, its rows skipped', () => {
    const r = placesFromOcha('admin1Name_en,admin1Pcode\nA,SY01\nB,SY02\n', 't.csv');
    expect(r.places).toEqual([]);
    expect(r.skipped).toBe(2);
    expect(r.errors).toEqual([
      't.csv:1: no latitude/longitude columns: the 2 row(s) cannot be placed and are skipped',
    ]);
  });

  it('a table without p-code columns is reported', () => {
    const r = placesFromOcha('name,lat,lon\nA,1,2\n', 't.csv');
    expect(r.errors[0]).toMatch(/^t\.csv:1: no admin p-code column/);
  });

  it('keeps only the countries asked for', () => {
    const r = placesFromOcha(OCHA_ADMIN2, 'a.csv', { countries: ['IQ'] });
    expect(r.places).toEqual([]);
    expect(r.skipped).toBe(2);
  });
});

// Units in the shape of the OpenSyria admin files (invented).
const OPENSYRIA_JSON = JSON.stringify(
  [
    {
      id: 'sy-test',
      name: { en: 'Test', ar: 'اختبار' },
      aliases: [
        { value: 'Test Governorate', language: 'en', type: 'formal' },
        { value: 'محافظة اختبار', language: 'ar', type: 'formal' },
      ],
      iso31662: 'SY-TS',
      centroid: { latitude: 35.5, longitude: 39.5 },
      population: { value: 100000, year: 2016 },
      externalIds: { ochaPcode: 'SY99' },
    },
    {
      id: 'sy-test-ridge',
      governorateId: 'sy-test',
      name: { en: 'Ridge', ar: 'الأفق' },
      aliases: [{ value: 'منطقة الأفق', language: 'ar', type: 'formal' }],
      centroid: { latitude: 35.25, longitude: 38.75 },
      population: null,
      externalIds: { ochaPcode: 'SY9902' },
    },
    {
      id: 'sy-test-ridge-centre',
      governorateId: 'sy-test',
      districtId: 'sy-test-ridge',
      name: { en: 'Ridge Centre', ar: 'مركز الأفق' },
      aliases: [
        { value: 'ناحية مركز الأفق', language: 'ar', type: 'formal' },
        { value: 'Nahiyat Markaz al Ufuq', language: 'en', type: 'formal' },
      ],
      centroid: { latitude: 35.2, longitude: 38.7 },
      population: { value: 2500, year: 2004 },
      externalIds: { ochaPcode: 'SY990200' },
    },
    {
      id: 'sy-other-orphan',
      governorateId: 'sy-other',
      districtId: 'sy-other-district',
      name: { en: 'Orphan', ar: 'اليتيمة' },
      centroid: { latitude: 34.5, longitude: 37.5 },
      externalIds: { ochaPcode: 'SY980300' },
    },
    {
      id: 'sy-test-ridge-centre-village',
      governorateId: 'sy-test',
      subdistrictId: 'sy-test-ridge-centre',
      kind: 'locality',
      name: { en: 'Village', ar: 'القرية البيضاء' },
      centroid: { latitude: 35.21, longitude: 38.71 },
      externalIds: { ochaPcode: 'C9901' },
    },
    {
      id: 'sy-test-no-point',
      governorateId: 'sy-test',
      name: { en: 'No point', ar: 'بلا نقطة' },
      centroid: null,
      externalIds: {},
    },
  ],
  null,
  2,
);

describe('placesFromOcha (OpenSyria-shaped JSON)', () => {
  const result = placesFromOcha(OPENSYRIA_JSON, 'data/units.json');
  const places = byId(result.places);

  it('reads governorates, districts, subdistricts and localities with their p-codes', () => {
    expect([...places.values()].map((p) => [p.id, p.kind, p.parent])).toEqual([
      ['ocha-SY99', 'governorate', 'SY'],
      ['ocha-SY9902', 'district', 'ocha-SY99'],
      ['ocha-SY990200', 'subdistrict', 'ocha-SY9902'],
      // Parent not in the file: told by the p-code.
      ['ocha-SY980300', 'subdistrict', 'ocha-SY9803'],
      ['ocha-C9901', 'village', 'ocha-SY990200'],
    ]);
  });

  it('keeps the full name, adds the bare name and the Arabic aliases', () => {
    expect(places.get('ocha-SY990200')).toMatchObject({
      nameAr: 'مركز الأفق',
      nameEn: 'Ridge Centre',
      aliases: ['الأفق', 'ناحية مركز الأفق', 'Ridge Centre'],
      lat: 35.2,
      lon: 38.7,
      population: 2500,
      country: 'SY',
      source: 'ocha:units.json',
    });
    expect(places.get('ocha-SY99')).toMatchObject({ aliases: ['محافظة اختبار', 'Test'], population: 100000 });
  });

  it('reports a unit without a centroid with the line of its id', () => {
    const line = OPENSYRIA_JSON.split('\n').findIndex((l) => l.includes('"sy-test-no-point"')) + 1;
    expect(result.errors).toEqual([`data/units.json:${line}: sy-test-no-point: no valid centroid`]);
  });

  it('accepts {items: [...]} and reports broken JSON', () => {
    const items = placesFromOcha(JSON.stringify({ items: JSON.parse(OPENSYRIA_JSON) }), 'a.json');
    expect(items.places).toHaveLength(5);
    const broken = placesFromOcha('[\n{"id": "x",\n]', 'b.json');
    expect(broken.places).toEqual([]);
    expect(broken.errors[0]).toMatch(/^b\.json:\d+: invalid JSON/);
    expect(placesFromOcha('{"a": 1}', 'c.json').errors).toEqual([
      'c.json:1: expected a JSON array of units (or {"items": [...]})',
    ]);
  });

  it('without a resolvable parent or a hierarchical p-code, the parent is the id given', () => {
    const r = placesFromOcha(
      JSON.stringify([
        { id: 'sy-x', governorateId: 'sy-y', name: { ar: 'س' }, centroid: { latitude: 35, longitude: 38 } },
      ]),
      'x.json',
    );
    expect(r.places[0]).toMatchObject({ id: 'ocha-sy-x', parent: 'sy-y', country: 'SY' });
  });
});

/** Syria's bounding box (the build's, scripts/gazetteer-checks.mjs). */
const SYRIA = { minLat: 32.25, minLon: 35.55, maxLat: 37.4, maxLon: 42.45 };
const inSyria = (p: Place) =>
  p.lat >= SYRIA.minLat && p.lat <= SYRIA.maxLat && p.lon >= SYRIA.minLon && p.lon <= SYRIA.maxLon;

const SY_CITIES = SHARED('geonames_cities500/SY_cities500.tsv');
describe.runIf(existsSync(SY_CITIES))('shared GeoNames SY_cities500.tsv', () => {
  const result = placesFromGeonames(readIfPresent(SY_CITIES), SY_CITIES, {
    admin1Parents: admin1ParentsFromTsv(readIfPresent(ADMIN1)),
  });

  it('yields at least 280 places with Arabic names, kinds and points inside Syria', () => {
    expect(result.errors).toEqual([]);
    const arabic = result.places.filter((p) => isArabicName(p.nameAr));
    expect(arabic.length).toBeGreaterThanOrEqual(280);
    const outside = result.places
      .filter((p) => !inSyria(p))
      .map((p) => `${p.id} ${p.nameEn} ${p.lat},${p.lon}`);
    expect(outside, outside.join('\n')).toEqual([]);
    for (const p of result.places) {
      expect(['city', 'town', 'village', 'neighbourhood']).toContain(p.kind);
      expect(p.country).toBe('SY');
      expect(p.parent).toMatch(/^sy-/);
      expect(p.source).toBe('geonames:SY_cities500.tsv');
    }
  });
});

const ADMIN_FILES = ['governorates', 'districts', 'subdistricts'].map((f) =>
  SHARED(`opensyria_admin/${f}.json`),
);
describe.runIf(ADMIN_FILES.every((f) => existsSync(f)))('shared OpenSyria admin files', () => {
  const [governorates, districts, subdistricts] = ADMIN_FILES.map((f) => placesFromOcha(readIfPresent(f), f));
  const all = [...governorates!.places, ...districts!.places, ...subdistricts!.places];
  const ids = byId(all);

  it('yields 14 governorates, about 62 districts and about 272 subdistricts, without errors', () => {
    for (const r of [governorates!, districts!, subdistricts!]) expect(r.errors).toEqual([]);
    expect(governorates!.places.filter((p) => p.kind === 'governorate')).toHaveLength(14);
    expect(Math.abs(districts!.places.filter((p) => p.kind === 'district').length - 62)).toBeLessThanOrEqual(
      2,
    );
    expect(
      Math.abs(subdistricts!.places.filter((p) => p.kind === 'subdistrict').length - 272),
    ).toBeLessThanOrEqual(5);
  });

  it('has Arabic names and points inside Syria', () => {
    const bad = all.filter((p) => !isArabicName(p.nameAr) || !inSyria(p)).map((p) => `${p.id} ${p.nameAr}`);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('has parent chains that resolve: subdistrict → district → governorate → SY', () => {
    const broken: string[] = [];
    const expectedParentKind: Record<string, string> = { subdistrict: 'district', district: 'governorate' };
    for (const p of all) {
      const chain: string[] = [];
      let cur: Place | undefined = p;
      while (cur && cur.parent !== 'SY') {
        const parent: Place | undefined = cur.parent ? ids.get(cur.parent) : undefined;
        if (!parent || (expectedParentKind[cur.kind] && parent.kind !== expectedParentKind[cur.kind])) {
          broken.push(`${p.id}: ${[...chain, cur.id].join(' → ')} → ${cur.parent}`);
          break;
        }
        chain.push(cur.id);
        cur = parent;
      }
    }
    expect(broken, broken.join('\n')).toEqual([]);
  });
});
