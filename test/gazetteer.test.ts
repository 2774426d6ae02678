import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGazetteer, distanceKm, gazetteerFromJson, placeKey } from '../src/resources/gazetteer.js';
import { loadGazetteer } from '../src/resources/load-gazetteer.js';
import type { Place } from '../src/types.js';
// @ts-expect-error plain ESM script without type declarations
import * as checks from '../scripts/gazetteer-checks.mjs';
// @ts-expect-error plain ESM script without type declarations
import { buildGazetteer } from '../scripts/build-gazetteer.mjs';

interface PlaceRecord {
  file: string;
  line: number;
  place: Place;
}
const validatePlaces = checks.validatePlaces as (
  records: PlaceRecord[],
  known?: Map<string, PlaceRecord>,
) => string[];
const checkPlacesTsv = checks.checkPlacesTsv as (
  text: string,
  file: string,
  countries?: PlaceRecord[],
) => string[];
const countriesFromTsv = checks.countriesFromTsv as (
  text: string,
  file: string,
) => { records: PlaceRecord[] };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gaz = loadGazetteer(root);

const first = (name: string): Place => {
  const c = gaz.lookup(name);
  expect(c.length, `no candidates for ${name}`).toBeGreaterThan(0);
  return c[0]!;
};

describe('placeKey', () => {
  it.each([
    ['دير الزور', 'دير زور'],
    ['ديرالزور', 'ديرالزور'],
    ['مدينة دير الزور', 'دير زور'],
    ['البوكمال', 'بوكمال'],
    ['أبو كمال', 'ابو كمال'],
    ['الرقة', 'رقه'],
    ['محافظة الرقة', 'رقه'],
    ['ريف دمشق', 'دمشق'],
    ['حي الجورة', 'جوره'],
    ['قرية الباغوز', 'باغوز'],
    ['ناحية الكسرة', 'كسره'],
    ['مدينة', 'مدينه'],
    ['الحي', 'حي'],
    ['عين العرب', 'عين عرب'],
    ['حقل العمر', 'حقل عمر'],
    ['اللواء 137', 'لواء 137'],
    ['الشَّدَّادي', 'شدادي'],
    ['  دير   الزور ', 'دير زور'],
    ['تل أبيض', 'تل ابيض'],
    ['السويداء', 'سويداء'],
    ['حماة', 'حماه'],
  ])('%s → %s', (name, key) => {
    expect(placeKey(name)).toBe(key);
  });
});

describe('lookup', () => {
  it('resolves al-Bukamal in its spellings, with its parent chain', () => {
    for (const name of ['البوكمال', 'أبو كمال', 'البو كمال', 'ابوكمال']) {
      const p = first(name);
      expect(p.id).toBe('sy-dz-al-bukamal');
      expect(p.kind).toBe('city');
      expect(p.country).toBe('SY');
    }
    const p = first('البوكمال');
    expect(gaz.admin1(p)?.id).toBe('sy-deir-ez-zor');
    expect(gaz.ancestors(p).map((a) => a.id)).toEqual(['sy-dz-al-bukamal-district', 'sy-deir-ez-zor', 'SY']);
  });

  it('resolves Deir ez-Zor written with and without the space', () => {
    for (const name of ['ديرالزور', 'دير الزور']) {
      const c = gaz.lookup(name);
      expect(c[0]!.id).toBe('sy-deir-ez-zor');
      expect(c[0]!.kind).toBe('governorate');
      const city = c.find((p) => p.kind === 'city')!;
      expect(city.id).toBe('sy-dz-deir-ez-zor');
      expect(gaz.admin1(city)?.id).toBe('sy-deir-ez-zor');
    }
  });

  it('ranks the governorate before the city of the same name', () => {
    const c = gaz.lookup('الرقة');
    expect(c.map((p) => p.kind).slice(0, 2)).toEqual(['governorate', 'city']);
    expect(c[1]!.id).toBe('sy-rq-raqqa');
    expect(gaz.admin1(c[1]!)?.id).toBe('sy-raqqa');
  });

  it('resolves Ayn al-Arab and Kobani to the same town', () => {
    const a = first('عين العرب');
    const b = first('كوباني');
    expect(a.id).toBe('sy-al-ayn-al-arab');
    expect(b.id).toBe(a.id);
    expect(gaz.admin1(a)?.id).toBe('sy-aleppo');
  });

  it('resolves oil fields, towns, Iraqi cities and countries', () => {
    const omar = first('حقل العمر');
    expect(omar.kind).toBe('oil_field');
    expect(gaz.admin1(omar)?.id).toBe('sy-deir-ez-zor');
    const shaddadi = first('الشدادي');
    expect(shaddadi.kind).toBe('town');
    expect(gaz.admin1(shaddadi)?.id).toBe('sy-hasakah');
    const mosul = first('الموصل');
    expect(mosul.kind).toBe('city');
    expect(mosul.country).toBe('IQ');
    expect(gaz.admin1(mosul)?.id).toBe('iq-nineveh');
    const turkey = first('تركيا');
    expect(turkey.kind).toBe('country');
    expect(turkey.id).toBe('TR');
    expect(gaz.admin1(turkey)).toBeNull();
    expect(gaz.ancestors(turkey)).toEqual([]);
  });

  it('finds a literal name with a place word before the stripped key ("ريف دمشق")', () => {
    expect(first('ريف دمشق').id).toBe('sy-rif-dimashq');
    expect(first('دمشق').id).toBe('sy-damascus');
    expect(gaz.lookup('دمشق').map((p) => p.id)).toContain('sy-dm-damascus');
  });

  it('returns nothing for unknown names and reports the longest key', () => {
    expect(gaz.lookup('كلمةغيرموجودة')).toEqual([]);
    expect(gaz.maxWords).toBeGreaterThanOrEqual(3);
  });

  it('maps country adjectives in key form', () => {
    expect(gaz.adjectives.get('تركيه')?.id).toBe('TR');
    expect(gaz.adjectives.get('تركي')?.id).toBe('TR');
    expect(gaz.adjectives.get('عراقيه')?.id).toBe('IQ');
    expect(gaz.adjectives.get('امريكيه')?.id).toBe('US');
    expect(gaz.adjectives.get('لبناني')?.id).toBe('LB');
  });
});

describe('distanceKm', () => {
  it('is plausible', () => {
    const deir = gaz.byId.get('sy-dz-deir-ez-zor')!;
    const bukamal = gaz.byId.get('sy-dz-al-bukamal')!;
    const aleppo = gaz.byId.get('sy-al-aleppo')!;
    const damascus = gaz.byId.get('sy-dm-damascus')!;
    expect(distanceKm(deir, deir)).toBe(0);
    expect(distanceKm(deir, bukamal)).toBeGreaterThan(105);
    expect(distanceKm(deir, bukamal)).toBeLessThan(130);
    expect(distanceKm(damascus, aleppo)).toBeGreaterThan(290);
    expect(distanceKm(damascus, aleppo)).toBeLessThan(320);
    expect(distanceKm(damascus, aleppo)).toBeCloseTo(distanceKm(aleppo, damascus), 9);
  });
});

describe('createGazetteer and gazetteerFromJson', () => {
  const sy: Place = {
    id: 'SY',
    nameAr: 'سوريا',
    nameEn: 'Syria',
    aliases: ['سورية'],
    kind: 'country',
    lat: 34.8,
    lon: 38.99,
    parent: null,
    country: 'SY',
    population: null,
    source: 'test',
  };
  const town = (id: string, nameAr: string, population: number | null): Place => ({
    ...sy,
    id,
    nameAr,
    aliases: [],
    kind: 'town',
    parent: 'SY',
    population,
  });

  it('ranks same-kind candidates by population and rejects duplicate ids', () => {
    const g = createGazetteer(
      [sy, town('sy-a', 'الصالحية', 10), town('sy-b', 'صالحية', 500)],
      [['سوري', 'SY']],
    );
    expect(g.lookup('صالحيه').map((p) => p.id)).toEqual(['sy-b', 'sy-a']);
    expect(g.adjectives.get('سوري')?.id).toBe('SY');
    expect(() => createGazetteer([sy, sy])).toThrow(/duplicate/);
    expect(() => createGazetteer([sy], [['تركي', 'TR']])).toThrow(/unknown country/);
  });

  it('checks the JSON shape', () => {
    expect(gazetteerFromJson([sy]).byId.get('SY')?.nameEn).toBe('Syria');
    expect(() => gazetteerFromJson({ places: [{ ...sy, lat: 'x' }] })).toThrow(/places\[0\].*lat/);
    expect(() => gazetteerFromJson({ places: [{ ...sy, kind: 'planet' }] })).toThrow(/bad kind/);
    expect(() => gazetteerFromJson(42)).toThrow(/gazetteer.json/);
  });
});

describe('built gazetteer', () => {
  it('passes the validation and holds at least 500 Syrian places', () => {
    const records = gaz.places.map((place, i) => ({ file: 'dist/data/gazetteer.json', line: i + 1, place }));
    expect(validatePlaces(records)).toEqual([]);
    expect(gaz.places.filter((p) => p.country === 'SY').length).toBeGreaterThanOrEqual(500);
    expect(gaz.places.filter((p) => p.kind === 'country').length).toBeGreaterThanOrEqual(249);
    for (const id of ['sy-deir-ez-zor', 'sy-raqqa', 'iq-nineveh', 'iq-halabja'])
      expect(gaz.byId.get(id)?.kind).toBe('governorate');
    expect(gaz.places.filter((p) => p.kind === 'governorate' && p.country === 'SY')).toHaveLength(14);
    expect(gaz.places.filter((p) => p.kind === 'governorate' && p.country === 'IQ')).toHaveLength(19);
  });
});

describe('build checks', () => {
  const countries = countriesFromTsv(
    readFileSync(join(root, 'data/gazetteer/countries.tsv'), 'utf8'),
    'countries.tsv',
  );
  const header = 'id\tname_ar\taliases_ar\tname_en\tkind\tlat\tlon\tparent\tcountry\tpopulation\tsource';
  const row = (...cells: string[]) => cells.join('\t');
  const good = [
    header,
    row('sy-x-gov', 'دير الزور', '', 'Gov', 'governorate', '35.33', '40.14', 'SY', 'SY', '', 'test'),
    row('sy-x-town', 'البوكمال', 'أبو كمال', 'Town', 'town', '34.45', '40.92', 'sy-x-gov', 'SY', '', 'test'),
  ];

  it('accepts a good file', () => {
    expect(checkPlacesTsv(good.join('\n'), 'places.tsv', countries.records)).toEqual([]);
  });

  it('rejects a bad file naming file and line', () => {
    const bad = [
      ...good,
      row('sy-x-town', 'مكرر', '', 'Dup', 'town', '34.5', '40.9', 'sy-x-gov', 'SY', '', 'test'),
      row('sy-x-orphan', 'يتيم', '', 'Orphan', 'town', '34.5', '40.9', 'sy-nowhere', 'SY', '', 'test'),
      row('sy-x-away', 'بعيد', '', 'Away', 'town', '29.0', '31.2', 'sy-x-gov', 'SY', '', 'test'),
      row('sy-x-far', 'بعيدة', '', 'Far', 'village', '33.5', '36.3', 'sy-x-town', 'SY', '', 'test'),
      row('sy-x-kind', 'نوع', '', 'Kind', 'planet', '34.5', '40.9', 'sy-x-gov', 'SY', '', 'test'),
      row('sy-x-nan', 'رقم', '', 'NaN', 'town', '34,5', 'east', 'sy-x-gov', 'SY', '', 'test'),
      row('Bad_Id', 'معرف', '', 'Bad id', 'town', '34.5', '40.9', 'sy-x-gov', 'SY', '', 'test'),
    ];
    const errors = checkPlacesTsv(bad.join('\n'), 'places.tsv', countries.records);
    const at = (line: number, re: RegExp) =>
      expect(
        errors.some((e) => e.startsWith(`places.tsv:${line}:`) && re.test(e)),
        `${line} ${re}\n${errors.join('\n')}`,
      ).toBe(true);
    at(4, /duplicate id "sy-x-town"/);
    at(5, /unknown parent "sy-nowhere"/);
    at(6, /outside the bounding box of SY/);
    at(7, /km from its parent "sy-x-town"/);
    at(8, /bad kind "planet"/);
    at(9, /lat "34,5" is not a decimal number/);
    at(9, /lon "east" is not a decimal number/);
    at(10, /not kebab-case/);
  });

  it('makes the build fail on a bad places.tsv', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gaz-'));
    try {
      mkdirSync(join(tmp, 'data', 'gazetteer'), { recursive: true });
      for (const f of ['countries.tsv', 'geonames-admin1.tsv']) {
        writeFileSync(join(tmp, 'data/gazetteer', f), readFileSync(join(root, 'data/gazetteer', f)));
      }
      symlinkSync(join(root, 'dist'), join(tmp, 'dist'), 'dir');
      symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'), 'dir');
      const bad = [
        ...good,
        row('sy-x-orphan', 'يتيم', '', 'Orphan', 'town', '34.5', '40.9', 'sy-nowhere', 'SY', '', 'test'),
      ];
      writeFileSync(join(tmp, 'data/gazetteer/places.tsv'), bad.join('\n') + '\n');
      await expect(buildGazetteer(tmp)).rejects.toThrow(
        /data\/gazetteer\/places\.tsv:4: unknown parent "sy-nowhere"/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
