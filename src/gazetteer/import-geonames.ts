/**
 * Reads a GeoNames country dump (`SY.txt`, `IQ.txt`, `cities500.txt`: tab-separated, 19 columns, no
 * header) or the same table with a header line, into gazetteer places. Pure: text in, places out.
 *
 * Kept: populated places (class P, except destroyed, abandoned and historical ones), administrative
 * units (ADM1–ADM3, ADM4/ADM5/ADMD as regions), and the sites news name: airports and air bases,
 * oil and gas fields, military bases, camps, dams, wells, mountains, valleys and regions.
 */
import { placeKey } from '../resources/gazetteer.js';
import type { Place, PlaceKind } from '../types.js';
import {
  addUnique,
  bareName,
  cleanText,
  fileBaseName,
  isArabicName,
  parseCoordinate,
  rowError,
  validPoint,
  type ImportResult,
} from './names.js';

export interface GeonamesOptions {
  /** ISO 3166-1 alpha-2 codes to keep (case-insensitive); all countries when absent or empty. */
  countries?: string[];
  /** `<country>.<admin1 code>` ("SY.07") → id of the governorate the place lies in. */
  admin1Parents?: Map<string, string>;
}

/** The columns of a GeoNames dump, in order. */
export const GEONAMES_COLUMNS = [
  'geonameid',
  'name',
  'asciiname',
  'alternatenames',
  'latitude',
  'longitude',
  'feature_class',
  'feature_code',
  'country_code',
  'cc2',
  'admin1_code',
  'admin2_code',
  'admin3_code',
  'admin4_code',
  'population',
  'elevation',
  'dem',
  'timezone',
  'modification_date',
] as const;

type Column = (typeof GEONAMES_COLUMNS)[number];

/** Columns a header must name (the others are not used). */
const REQUIRED: readonly Column[] = [
  'geonameid',
  'name',
  'asciiname',
  'alternatenames',
  'latitude',
  'longitude',
  'feature_class',
  'feature_code',
  'country_code',
  'admin1_code',
  'population',
];

/** From this population a populated place without an administrative rank is a town, else a village. */
export const TOWN_POPULATION = 5000;

/** Populated places that no longer exist: skipped. */
const GONE = new Set(['PPLQ', 'PPLW', 'PPLH', 'PPLCH']);

const ADMIN_KINDS: Record<string, PlaceKind> = {
  ADM1: 'governorate',
  ADM2: 'district',
  ADM3: 'subdistrict',
  ADM4: 'region',
  ADM5: 'region',
  ADMD: 'region',
};

/** Sites of the classes S (spots), T (relief), H (water) and L (areas) that are kept. */
const SITE_KINDS: Record<string, PlaceKind> = {
  AIRP: 'airport',
  AIRF: 'airport',
  AIRB: 'airport',
  OILF: 'oil_field',
  GASF: 'oil_field',
  MILB: 'base',
  INSM: 'base',
  CMP: 'landmark',
  CMPO: 'landmark',
  CMPMN: 'landmark',
  CMPRF: 'landmark',
  DAM: 'landmark',
  WLL: 'landmark',
  WLLS: 'landmark',
  OILW: 'landmark',
  MT: 'landmark',
  PK: 'landmark',
  HLL: 'landmark',
  MTS: 'region',
  VAL: 'region',
  VALS: 'region',
  WAD: 'region',
  WADS: 'region',
  RGN: 'region',
  AREA: 'region',
};

/** The place kind of a GeoNames feature, or null when the feature is not kept. */
export function geonamesKind(
  featureClass: string,
  featureCode: string,
  population: number,
): PlaceKind | null {
  switch (featureClass) {
    case 'P':
      if (GONE.has(featureCode)) return null;
      if (featureCode === 'PPLC' || featureCode === 'PPLA') return 'city';
      if (featureCode === 'PPLA2' || featureCode === 'PPLA3') return 'town';
      if (featureCode === 'PPLX') return 'neighbourhood';
      return population >= TOWN_POPULATION ? 'town' : 'village';
    case 'A':
      return ADMIN_KINDS[featureCode] ?? null;
    case 'S':
    case 'T':
    case 'H':
    case 'L':
      return SITE_KINDS[featureCode] ?? null;
    default:
      return null;
  }
}

/** Latin letters of the Arabic consonants, enough to compare an Arabic name with the ASCII one. */
const ROMAN: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'h',
};

/** Consonants of a Latin name, lower case (w and y count as vowels): "Ayn an Nasr" → "nnnsr". */
function skeleton(latin: string): string {
  return latin
    .normalize('NFKD')
    .toLowerCase()
    .replace(/^(al|el|ad|adh|an|ar|as|ash|at|ath|az)[ -]/, '')
    .replace(/[^a-z]/g, '')
    .replace(/[aeiouwy]/g, '')
    .replace(/x/g, 'kh')
    .replace(/c/g, 'k');
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out.length > 0 ? out : [s];
}

/** Dice similarity of the consonants of an Arabic name and of a Latin name, 0 to 1. */
function similarity(arabic: string, latin: string): number {
  const a = bigrams(
    [...arabic.replace(/^ال/, '')]
      .map((c) => ROMAN[c] ?? '')
      .join('')
      .replace(/[aeiouwy]/g, ''),
  );
  const pool = bigrams(skeleton(latin));
  const total = a.length + pool.length;
  let hits = 0;
  for (const g of a) {
    const k = pool.indexOf(g);
    if (k >= 0) {
      hits++;
      pool.splice(k, 1);
    }
  }
  return (2 * hits) / total;
}

/**
 * The Arabic names of a row, the main one first. GeoNames marks no preferred Arabic name: the main one
 * is the spelling most forms share by key ("القدس", "مدينة القدس" both support "القدس"), then one
 * without an administrative prefix (for a settlement), then the one whose consonants best match the
 * ASCII name, then one without vowel marks, then the first given. The bare form of a prefixed name
 * ("ناحية السوسة" → "السوسة") is added as another form.
 */
export function arabicForms(alternates: string, admin: boolean, asciiName = ''): string[] {
  const forms: string[] = [];
  for (const raw of alternates.split(',')) {
    const name = cleanText(raw);
    if (!isArabicName(name)) continue;
    addUnique(forms, name);
    const bare = bareName(name);
    if (bare && isArabicName(bare)) addUnique(forms, bare);
  }
  if (forms.length <= 1) return forms;
  const info = forms.map((f) => {
    const key = placeKey(bareName(f) ?? f);
    return {
      key,
      prefixed: (bareName(f) === null ? 0 : 1) * (admin ? -1 : 1),
      sim: asciiName ? Math.round(similarity(bareName(f) ?? f, asciiName) * 100) : 0,
      marked: /[\u064B-\u0652\u0670]/.test(f) ? 1 : 0,
      support: 0,
    };
  });
  for (const x of info) x.support = info.filter((y) => y.key === x.key).length;
  const order = forms.map((_f, i) => i);
  order.sort((a, b) => {
    const x = info[a]!;
    const y = info[b]!;
    return y.support - x.support || x.prefixed - y.prefixed || y.sim - x.sim || x.marked - y.marked || a - b;
  });
  return order.map((i) => forms[i]!);
}

/** Parses the GeoNames admin1 mapping TSV (`country admin1 governorate_id`, '#' comments) into a map. */
export function admin1ParentsFromTsv(text: string): Map<string, string> {
  const map = new Map<string, string>();
  let header = true;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [country, admin1, id] = line.split('\t').map((c) => c.trim());
    if (header) {
      header = false;
      if (country === 'country') continue;
    }
    if (country && admin1 && id) map.set(`${country.toUpperCase()}.${admin1}`, id);
  }
  return map;
}

/**
 * Places of a GeoNames dump. `file` names the input in errors (`<file>:<line>: …`) and, by its base
 * name, in the places' source (`geonames:SY.txt`). Ids are `gn-<geonameid>`.
 */
export function placesFromGeonames(text: string, file: string, options: GeonamesOptions = {}): ImportResult {
  const places: Place[] = [];
  const errors: string[] = [];
  let skipped = 0;
  const countries = new Set((options.countries ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean));
  const source = `geonames:${fileBaseName(file)}`;
  const seen = new Set<string>();

  let index: Record<Column, number> = Object.fromEntries(GEONAMES_COLUMNS.map((c, i) => [c, i])) as Record<
    Column,
    number
  >;
  let width: number = GEONAMES_COLUMNS.length;
  let first = true;

  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = lines[n]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    const cells = line.split('\t');
    if (first) {
      first = false;
      if (!/^\d+$/.test(cells[0]!.trim())) {
        // A header line: map the columns by name.
        const names = cells.map((c) => c.trim().toLowerCase());
        const missing = REQUIRED.filter((c) => !names.includes(c));
        if (missing.length > 0) {
          errors.push(rowError(file, lineNo, `header line lacks the column(s) ${missing.join(', ')}`));
          return { places, skipped, errors };
        }
        index = Object.fromEntries(GEONAMES_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
          Column,
          number
        >;
        width = cells.length;
        continue;
      }
    }
    if (cells.length !== width) {
      errors.push(rowError(file, lineNo, `expected ${width} tab-separated columns, found ${cells.length}`));
      continue;
    }
    const cell = (c: Column): string => {
      const i = index[c];
      return i >= 0 ? (cells[i] ?? '').trim() : '';
    };
    const geonameid = cell('geonameid');
    if (!/^\d+$/.test(geonameid)) {
      errors.push(rowError(file, lineNo, `bad geonameid "${geonameid}"`));
      continue;
    }
    const lat = parseCoordinate(cell('latitude'));
    const lon = parseCoordinate(cell('longitude'));
    if (!validPoint(lat, lon)) {
      errors.push(rowError(file, lineNo, `bad coordinates "${cell('latitude')}", "${cell('longitude')}"`));
      continue;
    }
    const country = cell('country_code').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      errors.push(rowError(file, lineNo, `bad country code "${cell('country_code')}"`));
      continue;
    }
    const popCell = cell('population');
    const population = popCell === '' ? 0 : Number(popCell);
    if (!Number.isFinite(population) || population < 0) {
      errors.push(rowError(file, lineNo, `bad population "${popCell}"`));
      continue;
    }
    if (countries.size > 0 && !countries.has(country)) {
      skipped++;
      continue;
    }
    const kind = geonamesKind(
      cell('feature_class').toUpperCase(),
      cell('feature_code').toUpperCase(),
      population,
    );
    if (!kind) {
      skipped++;
      continue;
    }
    const id = `gn-${geonameid}`;
    if (seen.has(id)) {
      errors.push(rowError(file, lineNo, `geonameid ${geonameid} given twice`));
      continue;
    }
    const nameEn = cleanText(cell('asciiname') || cell('name'));
    if (!nameEn) {
      errors.push(rowError(file, lineNo, 'no name'));
      continue;
    }
    seen.add(id);
    const admin = kind === 'governorate' || kind === 'district' || kind === 'subdistrict';
    const forms = arabicForms(cell('alternatenames'), admin, cell('asciiname') || cell('name'));
    const nameAr = forms[0] ?? nameEn;
    const aliases = addUnique(forms.slice(1), nameEn, cleanText(cell('name'))).filter((a) => a !== nameAr);
    const parent =
      kind === 'governorate'
        ? country
        : (options.admin1Parents?.get(`${country}.${cell('admin1_code')}`) ?? country);
    places.push({
      id,
      nameAr,
      nameEn,
      aliases,
      kind,
      lat,
      lon,
      parent,
      country,
      population: population > 0 ? Math.round(population) : null,
      source,
    });
  }
  return { places, skipped, errors };
}
