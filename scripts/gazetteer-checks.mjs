/**
 * Pure parsing and validation of the gazetteer's TSV files (data/gazetteer/*.tsv), shared by
 * scripts/build-gazetteer.mjs and the tests. No I/O: text in, records and error messages out.
 * Every error names the file and line: "data/gazetteer/places.tsv:42: unknown parent "sy-xx"".
 */

export const PLACE_KINDS = [
  'country',
  'governorate',
  'district',
  'subdistrict',
  'city',
  'town',
  'village',
  'neighbourhood',
  'oil_field',
  'airport',
  'base',
  'road',
  'region',
  'landmark',
];

export const PLACE_COLUMNS = [
  'id',
  'name_ar',
  'aliases_ar',
  'name_en',
  'kind',
  'lat',
  'lon',
  'parent',
  'country',
  'population',
  'source',
];

export const COUNTRY_COLUMNS = ['id', 'name_ar', 'aliases_ar', 'adjectives_ar', 'name_en', 'lat', 'lon'];

/**
 * Bounding boxes [minLat, minLon, maxLat, maxLon] with a small margin, for the countries whose places
 * the gazetteer holds. A place of another country is only checked against the world's range.
 */
export const BBOX = {
  SY: [32.25, 35.55, 37.4, 42.45],
  IQ: [29.0, 38.7, 37.45, 48.7],
  TR: [35.75, 25.6, 42.2, 44.9],
  LB: [33.0, 35.05, 34.75, 36.7],
  JO: [29.15, 34.9, 33.45, 39.35],
  IL: [29.45, 34.2, 33.4, 35.95],
  PS: [31.2, 34.2, 32.6, 35.6],
  SA: [16.3, 34.5, 32.2, 55.7],
  IR: [25.0, 44.0, 39.8, 63.4],
  KW: [28.5, 46.5, 30.15, 48.5],
};

/** Largest plausible distance (km) from a place to its parent, by the parent's kind. */
export const MAX_PARENT_KM = {
  governorate: 300,
  region: 250,
  district: 150,
  default: 80,
};

const CURATED_ID = /^[a-z]{2}(-[a-z0-9]+)+$/;
const COUNTRY_ID = /^[A-Z]{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Splits a '|' list, trimming and dropping empty items. */
export function splitList(s) {
  return (s ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/**
 * Parses a TSV: first non-comment line is the header; '#' lines and blank lines are skipped.
 * Returns rows {line, cells} and errors for missing columns and overlong lines.
 */
export function parseTsv(text, file, required = []) {
  const rows = [];
  const errors = [];
  let header = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    const cells = raw.split('\t');
    if (!header) {
      header = cells.map((c) => c.trim());
      for (const r of required)
        if (!header.includes(r)) errors.push(`${file}:${line}: missing column "${r}"`);
      return;
    }
    if (cells.length > header.length) {
      errors.push(`${file}:${line}: ${cells.length} cells, the header has ${header.length}`);
      return;
    }
    const row = {};
    header.forEach((h, k) => (row[h] = (cells[k] ?? '').trim()));
    rows.push({ line, cells: row });
  });
  if (!header) errors.push(`${file}:1: no header line`);
  return { rows, errors };
}

function parseCoord(v, name, where, errors) {
  if (!NUMBER.test(v ?? '')) {
    errors.push(`${where}: ${name} "${v ?? ''}" is not a decimal number`);
    return NaN;
  }
  return Number(v);
}

/** Curated places from places.tsv text: records {place, file, line} and parse errors. */
export function placesFromTsv(text, file) {
  const { rows, errors } = parseTsv(text, file, PLACE_COLUMNS);
  const records = [];
  for (const { line, cells } of rows) {
    const where = `${file}:${line}`;
    const lat = parseCoord(cells.lat, 'lat', where, errors);
    const lon = parseCoord(cells.lon, 'lon', where, errors);
    let population = null;
    if (cells.population) {
      if (!/^\d+$/.test(cells.population))
        errors.push(`${where}: population "${cells.population}" is not an integer`);
      else population = Number(cells.population);
    }
    records.push({
      file,
      line,
      place: {
        id: cells.id,
        nameAr: cells.name_ar,
        nameEn: cells.name_en,
        aliases: splitList(cells.aliases_ar),
        kind: cells.kind,
        lat,
        lon,
        parent: cells.parent || null,
        country: cells.country,
        population,
        source: cells.source,
      },
    });
  }
  return { records, errors };
}

/** Countries from countries.tsv text: country place records, raw adjectives [adjective, id], errors. */
export function countriesFromTsv(text, file) {
  const { rows, errors } = parseTsv(text, file, COUNTRY_COLUMNS);
  const records = [];
  const adjectives = [];
  for (const { line, cells } of rows) {
    const where = `${file}:${line}`;
    const lat = parseCoord(cells.lat, 'lat', where, errors);
    const lon = parseCoord(cells.lon, 'lon', where, errors);
    if (!COUNTRY_ID.test(cells.id))
      errors.push(`${where}: country id "${cells.id}" is not an ISO 3166 alpha-2 code`);
    for (const a of splitList(cells.adjectives_ar))
      adjectives.push({ adjective: a, id: cells.id, file, line });
    records.push({
      file,
      line,
      place: {
        id: cells.id,
        nameAr: cells.name_ar,
        nameEn: cells.name_en,
        aliases: splitList(cells.aliases_ar),
        kind: 'country',
        lat,
        lon,
        parent: null,
        country: cells.id,
        population: null,
        source: 'curated: general knowledge',
      },
    });
  }
  return { records, adjectives, errors };
}

/** Haversine distance in km (same formula as src/resources/gazetteer.ts). */
export function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a point lies in the country's bounding box (true for countries without a box). */
export function inCountryBox(country, lat, lon) {
  const b = BBOX[country];
  if (!b) return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
  return lat >= b[0] && lat <= b[2] && lon >= b[1] && lon <= b[3];
}

/** Problems of one place relative to its parent (none when the parent is fine). */
export function parentProblems(place, parent) {
  const out = [];
  if (parent.kind === 'country') {
    if (place.country !== parent.id) out.push(`country ${place.country} but parent is country ${parent.id}`);
    return out;
  }
  if (parent.country !== place.country) {
    out.push(`country ${place.country} but parent "${parent.id}" is in ${parent.country}`);
  }
  const max = MAX_PARENT_KM[parent.kind] ?? MAX_PARENT_KM.default;
  const d = distanceKm(place, parent);
  if (d > max)
    out.push(`${Math.round(d)} km from its parent "${parent.id}" (${parent.kind}, at most ${max} km)`);
  return out;
}

/**
 * Validates place records: ids (unique, well formed), names, kinds, coordinates (numbers, inside the
 * country's box), parents (known, same country, plausibly near), parent cycles. knownIds: ids defined
 * elsewhere (e.g. the countries) that parents may name. Returns "file:line: message" strings.
 */
export function validatePlaces(records, knownIds = new Map()) {
  const errors = [];
  const byId = new Map(knownIds);
  for (const r of records) {
    const p = r.place;
    const where = `${r.file}:${r.line}`;
    if (!p.id) {
      errors.push(`${where}: empty id`);
      continue;
    }
    const idOk = p.kind === 'country' ? COUNTRY_ID.test(p.id) : CURATED_ID.test(p.id);
    if (!idOk) errors.push(`${where}: id "${p.id}" is not kebab-case ASCII with a country prefix`);
    const prev = byId.get(p.id);
    if (prev) {
      const at = prev.file ? ` (first at ${prev.file}:${prev.line})` : '';
      errors.push(`${where}: duplicate id "${p.id}"${at}`);
      continue;
    }
    byId.set(p.id, r);
  }
  for (const r of records) {
    const p = r.place;
    const where = `${r.file}:${r.line}`;
    if (!p.id) continue;
    if (!p.nameAr) errors.push(`${where}: "${p.id}" has no Arabic name`);
    else if (!/[\u0621-\u064A]/.test(p.nameAr)) errors.push(`${where}: name_ar "${p.nameAr}" is not Arabic`);
    if (!PLACE_KINDS.includes(p.kind)) errors.push(`${where}: bad kind "${p.kind}"`);
    if (!p.country || !/^[A-Z]{2}$/.test(p.country)) errors.push(`${where}: bad country "${p.country}"`);
    if (!p.source) errors.push(`${where}: "${p.id}" has no source`);
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue; // already reported by the parser
    if (!inCountryBox(p.country, p.lat, p.lon)) {
      errors.push(`${where}: ${p.lat},${p.lon} is outside the bounding box of ${p.country}`);
    }
    if (p.kind === 'country') continue;
    if (!p.parent) {
      errors.push(`${where}: "${p.id}" has no parent`);
      continue;
    }
    const parent = byId.get(p.parent);
    if (!parent) {
      errors.push(`${where}: unknown parent "${p.parent}"`);
      continue;
    }
    for (const m of parentProblems(p, parent.place)) errors.push(`${where}: ${m}`);
  }
  // Cycles: walk up from every place.
  for (const r of records) {
    const seen = new Set();
    let cur = r.place;
    while (cur && cur.parent) {
      if (seen.has(cur.id)) {
        errors.push(`${r.file}:${r.line}: parent cycle through "${cur.id}"`);
        break;
      }
      seen.add(cur.id);
      cur = byId.get(cur.parent)?.place;
    }
  }
  return errors;
}

/** Parses and validates a places.tsv text in one go (countries: records from countriesFromTsv). */
export function checkPlacesTsv(text, file, countryRecords = []) {
  const { records, errors } = placesFromTsv(text, file);
  const known = new Map(countryRecords.map((r) => [r.place.id, r]));
  return [...errors, ...validatePlaces(records, known)];
}
