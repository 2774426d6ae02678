/**
 * The built-in gazetteer: places of Syria and Iraq in depth, every country, the region's main cities.
 * Pure and browser-safe: the data come in as values (see load-gazetteer.ts for the Node loader).
 */
import { stripArticle } from '../text/clitics.js';
import { normalizeString } from '../text/normalize.js';
import type { Place, PlaceKind } from '../types.js';

export interface Gazetteer {
  readonly places: readonly Place[];
  readonly byId: ReadonlyMap<string, Place>;
  /** Candidates for a key (placeKey form; a raw name is keyed as a fallback), most important first. */
  lookup(key: string): readonly Place[];
  /** longest key length in words */
  readonly maxWords: number;
  /** Candidates for a key already in placeKey form (no normalisation: the recogniser's fast path). */
  lookupKey(key: string): readonly Place[];
  /**
   * For a key, the places named by it and whether that name is written with the article on its first
   * word ("الرقة" yes, "دير الزور" no): text written otherwise is another word ("خبر" is not "الخبر").
   */
  articleUse(key: string): ReadonlyMap<string, ReadonlySet<boolean>> | undefined;
  /** Every proper word prefix of a multi-word key ("دير" for "دير زور"), to stop a scan early. */
  readonly prefixes: ReadonlySet<string>;
  /** The parent chain of a place, nearest first (the place itself excluded). */
  ancestors(p: Place): Place[];
  /** The governorate a place lies in (the place itself if it is one), or null. */
  admin1(p: Place): Place | null;
  /** adjective (key form) → country */
  readonly adjectives: ReadonlyMap<string, Place>;
}

/** Every place kind, in importance order (the order lookup ranks candidates by). */
export const PLACE_KINDS: readonly PlaceKind[] = [
  'country',
  'governorate',
  'city',
  'district',
  'town',
  'subdistrict',
  'region',
  'oil_field',
  'airport',
  'base',
  'village',
  'neighbourhood',
  'landmark',
  'road',
];

const KIND_RANK = new Map<PlaceKind, number>(PLACE_KINDS.map((k, i) => [k, i]));

/** Countries whose places win ties: the gazetteer's focus. */
const FOCUS_COUNTRIES = new Set(['SY', 'IQ']);

/** Generic place words dropped from a key when other words remain (normalised forms). */
const PLACE_WORDS = new Set(['مدينه', 'بلده', 'قريه', 'حي', 'ناحيه', 'منطقه', 'محافظه', 'ريف', 'مركز']);

/** Normalised words of a name, each with its article dropped. */
function keyWords(name: string): string[] {
  return normalizeString(name.replace(/[-"()«»[\]]/g, ' '))
    .replace(/"/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0)
    .map(stripArticle);
}

/**
 * The lookup key of a place name: normalised, each word's article dropped, and the generic place words
 * (مدينة بلدة قرية حي ناحية منطقة محافظة ريف مركز) removed when other words remain.
 * "مدينة دير الزور" → "دير زور"; "الحي" → "حي".
 */
export function placeKey(name: string): string {
  const words = keyWords(name);
  const kept = words.filter((w) => !PLACE_WORDS.has(w));
  return (kept.length > 0 ? kept : words).join(' ');
}

/** The key as text spells it: normalised and articles dropped, place words kept ("ريف دمشق"). */
function literalKey(name: string): string {
  return keyWords(name).join(' ');
}

/** Great-circle distance in kilometres (haversine, mean Earth radius). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface IndexEntry {
  place: Place;
  /** True when the key was reached by dropping a place word (ranks after a literal match). */
  stripped: boolean;
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  const ka = KIND_RANK.get(a.place.kind) ?? PLACE_KINDS.length;
  const kb = KIND_RANK.get(b.place.kind) ?? PLACE_KINDS.length;
  if (ka !== kb) return ka - kb;
  if (a.stripped !== b.stripped) return a.stripped ? 1 : -1;
  const fa = FOCUS_COUNTRIES.has(a.place.country) ? 0 : 1;
  const fb = FOCUS_COUNTRIES.has(b.place.country) ? 0 : 1;
  if (fa !== fb) return fa - fb;
  const pa = a.place.population ?? 0;
  const pb = b.place.population ?? 0;
  if (pa !== pb) return pb - pa;
  return a.place.id < b.place.id ? -1 : a.place.id > b.place.id ? 1 : 0;
}

/**
 * Indexes places by the keys of their Arabic name and aliases. adjectives: [adjective key, country id]
 * pairs, keys already in placeKey form ("تركيه", "تركي").
 */
export function createGazetteer(places: Place[], adjectives: Array<[string, string]> = []): Gazetteer {
  const byId = new Map<string, Place>();
  for (const p of places) {
    if (byId.has(p.id)) throw new Error(`gazetteer: duplicate place id "${p.id}"`);
    byId.set(p.id, p);
  }
  const entries = new Map<string, Map<string, IndexEntry>>();
  const add = (key: string, place: Place, stripped: boolean) => {
    // A bare place word ("المدينة", "الحي") is never a name in running text: not indexed.
    if (!key || PLACE_WORDS.has(key)) return;
    let m = entries.get(key);
    if (!m) entries.set(key, (m = new Map()));
    const prev = m.get(place.id);
    if (!prev || (prev.stripped && !stripped)) m.set(place.id, { place, stripped });
  };
  for (const p of places) {
    for (const name of [p.nameAr, ...p.aliases]) {
      if (!name) continue;
      const literal = literalKey(name);
      const key = placeKey(name);
      add(literal, p, false);
      add(key, p, key !== literal);
    }
  }
  const articles = new Map<string, Map<string, Set<boolean>>>();
  const noteArticle = (key: string, id: string, definite: boolean) => {
    let byPlace = articles.get(key);
    if (!byPlace) articles.set(key, (byPlace = new Map()));
    let uses = byPlace.get(id);
    if (!uses) byPlace.set(id, (uses = new Set()));
    uses.add(definite);
  };
  for (const p of places) {
    for (const name of [p.nameAr, ...p.aliases]) {
      if (!name) continue;
      const words = normalizeString(name.replace(/[-"()«»[\]]/g, ' '))
        .replace(/"/g, ' ')
        .split(' ')
        .filter(Boolean);
      const skip = words.length > 1 && PLACE_WORDS.has(stripArticle(words[0]!)) ? 1 : 0;
      const first = words[skip];
      if (!first) continue;
      const definite = first.startsWith('ال');
      noteArticle(words.slice(skip).map(stripArticle).join(' '), p.id, definite);
      noteArticle(words.map(stripArticle).join(' '), p.id, definite);
    }
  }
  const index = new Map<string, readonly Place[]>();
  const prefixes = new Set<string>();
  let maxWords = 0;
  for (const [key, m] of entries) {
    const words = key.split(' ');
    for (let k = 1; k < words.length; k++) prefixes.add(words.slice(0, k).join(' '));
    index.set(key, Object.freeze([...m.values()].sort(compareEntries).map((e) => e.place)));
    maxWords = Math.max(maxWords, key.split(' ').length);
  }
  const adj = new Map<string, Place>();
  for (const [key, id] of adjectives) {
    const country = byId.get(id);
    if (!country) throw new Error(`gazetteer: adjective "${key}" names unknown country "${id}"`);
    adj.set(key, country);
  }
  const EMPTY: readonly Place[] = Object.freeze([]);
  const ancestors = (p: Place): Place[] => {
    const out: Place[] = [];
    const seen = new Set<string>([p.id]);
    let cur = p.parent ? byId.get(p.parent) : undefined;
    while (cur && !seen.has(cur.id)) {
      out.push(cur);
      seen.add(cur.id);
      cur = cur.parent ? byId.get(cur.parent) : undefined;
    }
    return out;
  };
  return {
    places,
    byId,
    maxWords,
    adjectives: adj,
    prefixes,
    articleUse: (key: string) => articles.get(key),
    lookupKey(key: string): readonly Place[] {
      return index.get(key) ?? EMPTY;
    },
    lookup(key: string): readonly Place[] {
      const hit = index.get(key);
      if (hit) return hit;
      // Keys built by the recogniser are already normalised: only a raw name needs the slow path.
      return /[\u0623\u0625\u0622\u0671\u0624\u0626\u0629\u0649\u0640"()-]|[\u064B-\u065F]|\u0670|(^|\s)\u0627\u0644/u.test(
        key,
      )
        ? (index.get(literalKey(key)) ?? EMPTY)
        : EMPTY;
    },
    ancestors,
    admin1(p: Place): Place | null {
      if (p.kind === 'governorate') return p;
      return ancestors(p).find((a) => a.kind === 'governorate') ?? null;
    },
  };
}

function fail(where: string, message: string): never {
  throw new Error(`gazetteer.json: ${where}: ${message}`);
}

function checkPlace(v: unknown, i: number): Place {
  const where = `places[${i}]`;
  if (typeof v !== 'object' || v === null) fail(where, 'not an object');
  const o = v as Record<string, unknown>;
  for (const f of ['id', 'nameAr', 'nameEn', 'country', 'source'] as const) {
    if (typeof o[f] !== 'string') fail(where, `"${f}" must be a string`);
  }
  if (!(o.id as string)) fail(where, 'empty id');
  if (!PLACE_KINDS.includes(o.kind as PlaceKind)) fail(where, `bad kind ${JSON.stringify(o.kind)}`);
  for (const f of ['lat', 'lon'] as const) {
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) fail(where, `"${f}" must be a finite number`);
  }
  if (!Array.isArray(o.aliases) || o.aliases.some((a) => typeof a !== 'string')) {
    fail(where, '"aliases" must be an array of strings');
  }
  if (o.parent !== null && typeof o.parent !== 'string') fail(where, '"parent" must be a string or null');
  if (o.population !== null && (typeof o.population !== 'number' || !Number.isFinite(o.population))) {
    fail(where, '"population" must be a number or null');
  }
  return {
    id: o.id as string,
    nameAr: o.nameAr as string,
    nameEn: o.nameEn as string,
    aliases: [...(o.aliases as string[])],
    kind: o.kind as PlaceKind,
    lat: o.lat as number,
    lon: o.lon as number,
    parent: o.parent as string | null,
    country: o.country as string,
    population: o.population as number | null,
    source: o.source as string,
  };
}

/**
 * A gazetteer from the build's JSON: {places: Place[], adjectives: [adjKey, countryId][]} (a bare
 * Place[] is accepted too). The shape is checked; a bad record throws naming its index.
 */
export function gazetteerFromJson(json: unknown): Gazetteer {
  let rawPlaces: unknown;
  let rawAdj: unknown = [];
  if (Array.isArray(json)) rawPlaces = json;
  else if (typeof json === 'object' && json !== null) {
    rawPlaces = (json as Record<string, unknown>).places;
    rawAdj = (json as Record<string, unknown>).adjectives ?? [];
  } else fail('root', 'expected an object {places, adjectives} or an array of places');
  if (!Array.isArray(rawPlaces)) fail('places', 'expected an array');
  if (!Array.isArray(rawAdj)) fail('adjectives', 'expected an array of [key, countryId] pairs');
  const places = rawPlaces.map(checkPlace);
  const adjectives = rawAdj.map((a, i): [string, string] => {
    if (!Array.isArray(a) || a.length !== 2 || typeof a[0] !== 'string' || typeof a[1] !== 'string') {
      fail(`adjectives[${i}]`, 'expected a [key, countryId] pair of strings');
    }
    return [a[0] as string, a[1] as string];
  });
  return createGazetteer(places, adjectives);
}
