import { describe, expect, it } from 'vitest';
import { extract, geocode } from '../../src/extract.js';
import { builtinResources } from '../helpers/resources.js';

const res = builtinResources();

/** The first place of a phrase: its reported name, gazetteer kind, governorate and ACLED-style precision. */
function first(text: string) {
  const m = geocode(text, res)[0]?.mention;
  const place = m?.place ?? m?.parentPlace ?? null;
  return {
    name: m?.name ?? null,
    kind: place?.kind ?? null,
    admin1: place ? (res.gazetteer.admin1(place)?.nameAr ?? null) : null,
    resolved: m?.place ? 'itself' : m?.parentPlace ? 'parent' : 'none',
  };
}

// Phrases as Syrian and Iraqi reporting writes them: clitics, hierarchy, spelling variants.
const table: Array<[string, string | null, string | null, string | null, string]> = [
  ['في دير الزور', 'دير الزور', 'city', 'دير الزور', 'itself'],
  ['بديرالزور', 'دير الزور', 'city', 'دير الزور', 'itself'],
  ['دير الزّور', 'دير الزور', 'city', 'دير الزور', 'itself'],
  ['في مدينة البوكمال', 'البوكمال', 'city', 'دير الزور', 'itself'],
  ['بمدينة أبو كمال', 'البوكمال', 'city', 'دير الزور', 'itself'],
  ['عين العرب', 'عين العرب', 'city', 'حلب', 'itself'],
  ['كوباني', 'عين العرب', 'city', 'حلب', 'itself'],
  ['الرقة', 'الرقة', 'city', 'الرقة', 'itself'],
  ['الرقّة', 'الرقة', 'city', 'الرقة', 'itself'],
  ['بالرقة', 'الرقة', 'city', 'الرقة', 'itself'],
  ['للرقة', 'الرقة', 'city', 'الرقة', 'itself'],
  ['وفي حي الرميلة', 'الرميلة', 'neighbourhood', 'الرقة', 'itself'],
  ['قرية السكرية في ريف البوكمال', 'السكرية', 'village', 'دير الزور', 'itself'],
  ['ناحية السوسة التابعة لمدينة البوكمال', 'السوسة', 'town', 'دير الزور', 'itself'],
  ['الريف الشرقي لدير الزور', 'دير الزور', 'governorate', 'دير الزور', 'itself'],
  ['مطار دير الزور العسكري', 'مطار دير الزور العسكري', 'airport', 'دير الزور', 'itself'],
  ['حقل العمر النفطي', 'حقل العمر', 'oil_field', 'دير الزور', 'itself'],
  ['بلدة هجين', 'هجين', 'town', 'دير الزور', 'itself'],
  ['في الميادين', 'الميادين', 'city', 'دير الزور', 'itself'],
  ['بريف الحسكة الجنوبي', 'الحسكة', 'governorate', 'الحسكة', 'itself'],
  ['مدينة الشدادي', 'الشدادي', 'town', 'الحسكة', 'itself'],
  ['القامشلي', 'القامشلي', 'city', 'الحسكة', 'itself'],
  ['منبج', 'منبج', 'city', 'حلب', 'itself'],
  ['جرابلس', 'جرابلس', 'city', 'حلب', 'itself'],
  ['اعزاز', 'أعزاز', 'city', 'حلب', 'itself'],
  ['عفرين', 'عفرين', 'city', 'حلب', 'itself'],
  ['مدينة الباب', 'الباب', 'city', 'حلب', 'itself'],
  ['تل أبيض', 'تل أبيض', 'city', 'الرقة', 'itself'],
  ['في تل تمر', 'تل تمر', 'town', 'الحسكة', 'itself'],
  ['رأس العين', 'رأس العين', 'city', 'الحسكة', 'itself'],
  ['تدمر', 'تدمر', 'city', 'حمص', 'itself'],
  ['السخنة', 'السخنة', 'town', 'حمص', 'itself'],
  ['مدينة حمص', 'حمص', 'city', 'حمص', 'itself'],
  ['حماة', 'حماة', 'city', 'حماة', 'itself'],
  ['إدلب', 'إدلب', 'city', 'إدلب', 'itself'],
  ['سراقب', 'سراقب', 'town', 'إدلب', 'itself'],
  ['معرة النعمان', 'معرة النعمان', 'city', 'إدلب', 'itself'],
  ['خان شيخون', 'خان شيخون', 'town', 'إدلب', 'itself'],
  ['درعا', 'درعا', 'city', 'درعا', 'itself'],
  ['درعا البلد', 'درعا البلد', 'neighbourhood', 'درعا', 'itself'],
  ['السويداء', 'السويداء', 'city', 'السويداء', 'itself'],
  ['دمشق', 'دمشق', 'city', 'دمشق', 'itself'],
  ['دوما', 'دوما', 'city', 'ريف دمشق', 'itself'],
  ['الغوطة الشرقية', 'الغوطة الشرقية', 'region', 'ريف دمشق', 'itself'],
  ['اللاذقية', 'اللاذقية', 'city', 'اللاذقية', 'itself'],
  ['حلب', 'حلب', 'city', 'حلب', 'itself'],
  ['الموصل', 'الموصل', 'city', 'نينوى', 'itself'],
  ['تلعفر', 'تلعفر', 'city', 'نينوى', 'itself'],
  ['الفلوجة', 'الفلوجة', 'city', 'الأنبار', 'itself'],
  ['راوة', 'راوة', 'town', 'الأنبار', 'itself'],
  ['كركوك', 'كركوك', 'city', 'كركوك', 'itself'],
  ['تكريت', 'تكريت', 'city', 'صلاح الدين', 'itself'],
  ['الأراضي التركية', 'تركيا', 'country', null, 'itself'],
  ['الحدود العراقية', 'العراق', 'country', null, 'itself'],
  ['قرية الباغوز', 'الباغوز', 'village', 'دير الزور', 'itself'],
  ['مدينة الطبقة', 'الطبقة', 'city', 'الرقة', 'itself'],
  ['حي الجورة', 'الجورة', 'neighbourhood', 'دير الزور', 'itself'],
  ['العشارة', 'العشارة', 'town', 'دير الزور', 'itself'],
  ['ذيبان', 'ذيبان', 'town', 'دير الزور', 'itself'],
  ['الشحيل', 'الشحيل', 'town', 'دير الزور', 'itself'],
  // An unknown village named with its parent: put at the parent, its own name kept.
  ['قرية الزرزورة بريف البوكمال', 'الزرزورة', 'district', 'دير الزور', 'parent'],
  // Common words that are place names need a place word.
  ['الباب', null, null, null, 'none'],
  ['ينتشر خبر الانشقاق', null, null, null, 'none'],
];

describe('place phrases resolve to the gazetteer', () => {
  it('has at least 60 phrases', () => expect(table.length).toBeGreaterThanOrEqual(60));
  it.each(table)('%s', (text, name, kind, admin1, resolved) => {
    expect(first(text)).toEqual({ name, kind, admin1, resolved });
  });
});

describe('event locations', () => {
  const loc = (text: string) => extract(text, {}, res).events[0]?.location;

  it('puts an unknown village at its parent with precision 2 and keeps its name', () => {
    expect(loc('قصف الطيران قرية الزرزورة في ريف البوكمال')).toMatchObject({
      name: 'الزرزورة',
      geo_precision: 2,
      admin1: 'دير الزور',
      canonical: 'البوكمال',
      country: 'SY',
    });
  });

  it('codes a town itself with precision 1 and its admin chain', () => {
    expect(loc('قصف الطيران قرية السكرية في ريف البوكمال')).toMatchObject({
      name: 'السكرية',
      geo_precision: 1,
      admin1: 'دير الزور',
      admin2: 'البوكمال',
      country: 'SY',
    });
  });

  it('codes a countryside as the governorate with precision 3', () => {
    expect(loc('اعتقلت قسد شابين في الريف الشرقي لدير الزور')).toMatchObject({
      name: 'دير الزور',
      geo_precision: 3,
    });
  });

  it('codes a place between two towns with precision 2', () => {
    expect(loc('اندلعت اشتباكات بين قريتي البصيرة والحسينية')).toMatchObject({ geo_precision: 2 });
  });

  it('never picks a far namesake when the text names the parent', () => {
    const [p] = geocode('في حي الرميلة بمدينة الرقة', res);
    expect(p!.mention.place!.country).toBe('SY');
    expect(p!.candidates.length === 0 || p!.candidates[0]!.place.country === 'SY').toBe(true);
  });
});
