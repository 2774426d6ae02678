/**
 * Reads OCHA administrative units and populated places into gazetteer places. Pure: text in, places out.
 *
 * Two inputs are understood:
 * - HDX/OCHA tables as CSV (`admin1Name_en, admin1Name_ar, admin1Pcode`, `admin2…` with `admin1Pcode`,
 *   `admin3…`, `admin4…` for populated places; the `ADM2_EN, ADM2_AR, ADM2_PCODE` spelling too). The
 *   deepest level with a p-code column is the level of the rows; the next level up gives the parent.
 *   Coordinates come from `latitude`/`longitude` (or `lat`/`lon`, `Latitude`/`Longitude`,
 *   `center_lat`/`center_lon`, `x`/`y`) columns.
 * - JSON arrays (or `{items: […]}`) of units shaped like the OpenSyria admin files: `id`,
 *   `governorateId`/`districtId`/`subdistrictId`, `name.{en,ar}`, `aliases[{value, language}]`,
 *   `centroid.{latitude, longitude}`, `population` (a number or `{value}`), `externalIds.ochaPcode`.
 *
 * Ids are `ocha-<p-code>`; parents are `ocha-<p-code of the parent>` when it can be told, for a
 * governorate the country code.
 */
import type { Place, PlaceKind } from '../types.js';
import { parseCsv } from './csv.js';
import { TOWN_POPULATION } from './import-geonames.js';
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

export interface OchaOptions {
  /** ISO 3166-1 alpha-2 codes to keep (case-insensitive); all countries when absent or empty. */
  countries?: string[];
}

const LEVEL_KINDS: Record<number, PlaceKind> = { 1: 'governorate', 2: 'district', 3: 'subdistrict' };

/** The id of the place of a p-code. */
export function ochaId(pcode: string): string {
  return `ocha-${pcode}`;
}

/** Kind of a populated place: from its population, a town or a village. */
function settlementKind(population: number | null): PlaceKind {
  return population !== null && population >= TOWN_POPULATION ? 'town' : 'village';
}

/** Nothing but letters and digits, lower case: "admin2Name_en" → "admin2nameen", "ADM2_PCODE" → "adm2pcode". */
function squash(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const LAT_COLUMNS = ['latitude', 'lat', 'latitudey', 'laty', 'centerlat', 'centroidlat', 'y'];
const LON_COLUMNS = [
  'longitude',
  'lon',
  'long',
  'lng',
  'longitudex',
  'longx',
  'lonx',
  'centerlon',
  'centerlong',
  'centroidlon',
  'centroidlong',
  'x',
];

/** The country of a p-code: OCHA p-codes start with the ISO 3166-1 alpha-2 code ("SY0803", "IQG01"). */
function countryOfPcode(pcode: string): string | null {
  const m = /^([A-Za-z]{2})/.exec(pcode);
  return m ? m[1]!.toUpperCase() : null;
}

/** Names of a unit: the Arabic name as given, then its bare form when it has a prefix, then others. */
function unitNames(ar: string, en: string, more: string[] = []): { nameAr: string; aliases: string[] } {
  const nameAr = ar || en;
  const aliases: string[] = [];
  const bare = ar ? bareName(ar) : null;
  if (bare) addUnique(aliases, bare);
  for (const m of more) {
    addUnique(aliases, m);
    const b = bareName(m);
    if (b && isArabicName(b)) addUnique(aliases, b);
  }
  if (en) addUnique(aliases, en);
  return { nameAr, aliases: aliases.filter((a) => a !== nameAr) };
}

/** Places of an OCHA admin table (CSV) or an OpenSyria-shaped JSON file. */
export function placesFromOcha(text: string, file: string, options: OchaOptions = {}): ImportResult {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  const result =
    trimmed.startsWith('[') || trimmed.startsWith('{') ? fromJson(body, file) : fromCsv(body, file);
  const countries = new Set((options.countries ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean));
  if (countries.size > 0) {
    const kept = result.places.filter((p) => countries.has(p.country));
    result.skipped += result.places.length - kept.length;
    result.places = kept;
  }
  return result;
}

function fromCsv(text: string, file: string): ImportResult {
  const places: Place[] = [];
  const errors: string[] = [];
  const skipped = 0;
  const source = `ocha:${fileBaseName(file)}`;
  const { records, problems } = parseCsv(text);
  for (const p of problems) errors.push(rowError(file, p.line, p.message));
  const [head, ...rows] = records;
  if (!head) {
    errors.push(rowError(file, 1, 'no header line'));
    return { places, skipped, errors };
  }
  const names = head.fields.map(squash);
  const levels = new Map<number, { en: number; ar: number; pcode: number }>();
  names.forEach((name, i) => {
    const m = /^adm(?:in)?([0-4])(?:name)?(en|ar|pcode)$/.exec(name);
    if (!m) return;
    const level = Number(m[1]);
    const entry = levels.get(level) ?? { en: -1, ar: -1, pcode: -1 };
    const field = m[2] as 'en' | 'ar' | 'pcode';
    if (entry[field] < 0) entry[field] = i;
    levels.set(level, entry);
  });
  const unitLevels = [...levels.entries()].filter(([l, e]) => l >= 1 && e.pcode >= 0).map(([l]) => l);
  if (unitLevels.length === 0) {
    errors.push(
      rowError(
        file,
        head.line,
        'no admin p-code column: expected HDX/OCHA headers such as admin2Name_en, admin2Name_ar, admin2Pcode',
      ),
    );
    return { places, skipped, errors };
  }
  const level = Math.max(...unitLevels);
  const cols = levels.get(level)!;
  if (cols.ar < 0 && cols.en < 0) {
    errors.push(rowError(file, head.line, `no admin${level}Name_ar or admin${level}Name_en column`));
    return { places, skipped, errors };
  }
  const parentLevel = unitLevels.filter((l) => l < level).sort((a, b) => b - a)[0];
  const parentCol = parentLevel === undefined ? -1 : levels.get(parentLevel)!.pcode;
  const countryCol = levels.get(0)?.pcode ?? -1;
  const find = (candidates: string[]) => {
    for (const c of candidates) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  const latCol = find(LAT_COLUMNS);
  const lonCol = find(LON_COLUMNS);
  const popCol = find(['population', 'pop', 'totalpopulation']);
  const typeCol = find(['locationtype']);
  if (latCol < 0 || lonCol < 0) {
    errors.push(
      rowError(
        file,
        head.line,
        `no latitude/longitude columns: the ${rows.length} row(s) cannot be placed and are skipped`,
      ),
    );
    return { places, skipped: rows.length, errors };
  }

  const seen = new Set<string>();
  for (const { line, fields } of rows) {
    if (fields.length !== head.fields.length) {
      errors.push(rowError(file, line, `expected ${head.fields.length} columns, found ${fields.length}`));
      continue;
    }
    const cell = (i: number) => (i >= 0 ? cleanText(fields[i] ?? '') : '');
    const pcode = cell(cols.pcode);
    if (!pcode) {
      errors.push(rowError(file, line, `no admin${level}Pcode`));
      continue;
    }
    if (seen.has(pcode)) {
      errors.push(rowError(file, line, `p-code ${pcode} given twice`));
      continue;
    }
    const lat = parseCoordinate(cell(latCol));
    const lon = parseCoordinate(cell(lonCol));
    if (!validPoint(lat, lon)) {
      errors.push(rowError(file, line, `bad coordinates "${cell(latCol)}", "${cell(lonCol)}"`));
      continue;
    }
    const country =
      countryOfPcode(cell(countryCol)) ?? countryOfPcode(pcode) ?? countryOfPcode(cell(parentCol));
    if (!country) {
      errors.push(rowError(file, line, `cannot tell the country of p-code "${pcode}"`));
      continue;
    }
    const ar = cell(cols.ar);
    const en = cell(cols.en);
    if (!ar && !en) {
      errors.push(rowError(file, line, 'no name'));
      continue;
    }
    const popText = cell(popCol).replace(/,/g, '');
    const population =
      popText !== '' && Number.isFinite(Number(popText)) ? Math.round(Number(popText)) : null;
    const type = cell(typeCol).toLowerCase();
    const kind: PlaceKind =
      LEVEL_KINDS[level] ?? (type === 'neighbourhood' ? 'neighbourhood' : settlementKind(population));
    const parentPcode = cell(parentCol);
    seen.add(pcode);
    places.push({
      id: ochaId(pcode),
      ...unitNames(ar, en),
      nameEn: en || ar,
      kind,
      lat,
      lon,
      parent: parentPcode ? ochaId(parentPcode) : level === 1 ? country : null,
      country,
      population: population !== null && population > 0 ? population : null,
      source,
    });
  }
  return { places, skipped, errors };
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? cleanText(v) : '';
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Expected p-code length of each level in hierarchical p-codes ("SY08" → "SY0803" → "SY080300"). */
const HIERARCHICAL_LENGTH: Record<string, number> = { governorate: 4, district: 6, subdistrict: 8 };

function fromJson(text: string, file: string): ImportResult {
  const places: Place[] = [];
  const errors: string[] = [];
  const skipped = 0;
  const source = `ocha:${fileBaseName(file)}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    errors.push(rowError(file, at ? lineAt(text, Number(at[1])) : 1, `invalid JSON: ${message}`));
    return { places, skipped, errors };
  }
  const units = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.items) ? json.items : null;
  if (!units) {
    errors.push(rowError(file, 1, 'expected a JSON array of units (or {"items": [...]})'));
    return { places, skipped, errors };
  }
  // Line of each unit, found from its id, for the error messages.
  const lineOf = (id: string): number => {
    if (!id) return 1;
    const escaped = JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`"id"\\s*:\\s*${escaped}`).exec(text);
    return m ? lineAt(text, m.index) : 1;
  };

  type Level = 'governorate' | 'district' | 'subdistrict' | 'locality';
  const levelOf = (u: Json): Level =>
    'kind' in u || str(u.subdistrictId)
      ? 'locality'
      : str(u.districtId)
        ? 'subdistrict'
        : str(u.governorateId)
          ? 'district'
          : 'governorate';
  const pcodeOf = (u: Json): string => (isObject(u.externalIds) ? str(u.externalIds.ochaPcode) : '');
  const idOf = (u: Json): string => {
    const pcode = pcodeOf(u);
    return pcode ? ochaId(pcode) : ochaId(str(u.id));
  };
  // Units of this file by their own id, for the parents.
  const byId = new Map<string, Json>();
  for (const u of units) if (isObject(u) && str(u.id)) byId.set(str(u.id), u);

  const seen = new Set<string>();
  units.forEach((u: unknown, i: number) => {
    if (!isObject(u)) {
      errors.push(rowError(file, 1, `unit ${i}: not an object`));
      return;
    }
    const ownId = str(u.id);
    const line = (): number => lineOf(ownId);
    if (!ownId) {
      errors.push(rowError(file, line(), `unit ${i}: no "id"`));
      return;
    }
    const name = isObject(u.name) ? u.name : {};
    const ar = str(name.ar);
    const en = str(name.en);
    if (!ar && !en) {
      errors.push(rowError(file, line(), `${ownId}: no name`));
      return;
    }
    const centroid = isObject(u.centroid) ? u.centroid : null;
    const lat = typeof centroid?.latitude === 'number' ? centroid.latitude : NaN;
    const lon = typeof centroid?.longitude === 'number' ? centroid.longitude : NaN;
    if (!validPoint(lat, lon)) {
      errors.push(rowError(file, line(), `${ownId}: no valid centroid`));
      return;
    }
    const id = idOf(u);
    if (seen.has(id)) {
      errors.push(rowError(file, line(), `${ownId}: id ${id} given twice`));
      return;
    }
    const pcode = pcodeOf(u);
    const iso = str(u.iso31662);
    const country =
      countryOfPcode(pcode) ??
      (iso ? countryOfPcode(iso) : null) ??
      (/^[a-z]{2}-/.test(ownId) ? ownId.slice(0, 2).toUpperCase() : null);
    if (!country) {
      errors.push(rowError(file, line(), `${ownId}: cannot tell the country`));
      return;
    }
    const rawPopulation = isObject(u.population) ? u.population.value : u.population;
    const population =
      typeof rawPopulation === 'number' && Number.isFinite(rawPopulation) && rawPopulation > 0
        ? Math.round(rawPopulation)
        : null;

    const level = levelOf(u);
    let kind: PlaceKind;
    if (level !== 'locality') kind = level;
    else {
      const k = str(u.kind);
      kind = k === 'city' || k === 'town' || k === 'village' ? k : settlementKind(population);
    }

    // Parent: the unit referred to, by its p-code when this file has it or the p-code tells it.
    const parentRef =
      level === 'locality'
        ? str(u.subdistrictId) || str(u.districtId) || str(u.governorateId)
        : level === 'subdistrict'
          ? str(u.districtId) || str(u.governorateId)
          : level === 'district'
            ? str(u.governorateId)
            : '';
    let parent: string | null;
    if (level === 'governorate') parent = country;
    else {
      const inFile = byId.get(parentRef);
      const parentLevel = inFile
        ? levelOf(inFile)
        : parentRef === str(u.districtId)
          ? 'district'
          : 'governorate';
      const wanted = HIERARCHICAL_LENGTH[parentLevel];
      if (inFile) parent = idOf(inFile);
      else if (wanted !== undefined && /^[A-Z]{2}\d+$/.test(pcode) && pcode.length > wanted)
        parent = ochaId(pcode.slice(0, wanted));
      else parent = parentRef || null;
    }

    const arabicAliases: string[] = [];
    if (Array.isArray(u.aliases)) {
      for (const a of u.aliases) {
        const value = isObject(a) ? str(a.value) : str(a);
        const language = isObject(a) ? str(a.language) : '';
        if (value && (language === 'ar' || (language === '' && isArabicName(value)))) {
          if (isArabicName(value)) addUnique(arabicAliases, value);
        }
      }
    }
    seen.add(id);
    places.push({
      id,
      ...unitNames(ar, en, arabicAliases),
      nameEn: en || ar,
      kind,
      lat,
      lon,
      parent,
      country,
      population,
      source,
    });
  });
  return { places, skipped: 0, errors };
}
