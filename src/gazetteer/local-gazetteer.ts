/**
 * The user's local gazetteer (Node only): places imported with `marsad gazetteer import`, kept in one
 * JSON file and added to the built-in gazetteer when resources are loaded.
 *
 * File: `$MARSAD_HOME/gazetteer.local.json`, else `$XDG_DATA_HOME/marsad/gazetteer.local.json`, else
 * `~/.local/share/marsad/gazetteer.local.json`. Format:
 *
 *     { "version": 1,
 *       "places": Place[],                       // the imported places, id-keyed
 *       "aliases": { "<place id>": string[] },   // extra Arabic names of other places (built-in ones)
 *       "redirects": { "<imported id>": "<id>" } // imported places merged into another place }
 *
 * `aliases` and `redirects` are optional when the file is written by hand.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createGazetteer,
  distanceKm,
  PLACE_KINDS,
  placeKey,
  type Gazetteer,
} from '../resources/gazetteer.js';
import type { Place, PlaceKind } from '../types.js';
import { isArabicName } from './names.js';

export const LOCAL_GAZETTEER_FILE = 'gazetteer.local.json';

/** An imported place this close to a place of the same name (and country) is that place. */
export const MERGE_KM = 10;

/**
 * Administrative units are matched by kind and name within a wider radius: an imported unit's point is
 * often its polygon's centroid, the built-in one its seat (Homs governorate: ~120 km apart).
 */
export const ADMIN_MERGE_KM: Readonly<Record<string, number>> = {
  governorate: 300,
  district: 150,
  subdistrict: 50,
};

export interface LocalGazetteer {
  version: 1;
  places: Place[];
  /** Extra Arabic names of other places (built-in ones, mostly), by place id. */
  aliases: Record<string, string[]>;
  /** Imported ids merged into another place → that place's id (parents are rewritten through it). */
  redirects: Record<string, string>;
}

export interface MergeSummary {
  /** New places. */
  added: number;
  /** Places of the file (same id) that changed. */
  updated: number;
  /** Places of the file (same id) that did not change. */
  unchanged: number;
  /** Imported places found to be a built-in or local place: their names became aliases of it. */
  merged: number;
}

export function emptyLocalGazetteer(): LocalGazetteer {
  return { version: 1, places: [], aliases: {}, redirects: {} };
}

/** Where the local gazetteer lives by default (see the module comment). */
export function defaultLocalGazetteerPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MARSAD_HOME) return join(env.MARSAD_HOME, LOCAL_GAZETTEER_FILE);
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'marsad', LOCAL_GAZETTEER_FILE);
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function checkPlace(v: unknown, where: string): Place {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'not an object');
  const o = v as Record<string, unknown>;
  for (const f of ['id', 'nameAr', 'nameEn', 'country', 'source'] as const) {
    if (typeof o[f] !== 'string') fail(where, `"${f}" must be a string`);
  }
  if (!o.id) fail(where, 'empty id');
  if (!PLACE_KINDS.includes(o.kind as PlaceKind)) fail(where, `bad kind ${JSON.stringify(o.kind)}`);
  for (const f of ['lat', 'lon'] as const) {
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) fail(where, `"${f}" must be a finite number`);
  }
  if (!Array.isArray(o.aliases) || o.aliases.some((a) => typeof a !== 'string')) {
    fail(where, '"aliases" must be an array of strings');
  }
  const parent = o.parent ?? null;
  if (parent !== null && typeof parent !== 'string') fail(where, '"parent" must be a string or null');
  const population = o.population ?? null;
  if (population !== null && (typeof population !== 'number' || !Number.isFinite(population))) {
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
    parent: parent as string | null,
    country: o.country as string,
    population: population as number | null,
    source: o.source as string,
  };
}

function checkRecord<T>(v: unknown, where: string, check: (x: unknown, k: string) => T): Record<string, T> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'must be an object');
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v)) out[k] = check(x, `${where}.${k}`);
  return out;
}

/** Checks the shape of a local gazetteer's JSON; throws naming `where` and the bad field. */
export function localGazetteerFromJson(json: unknown, where = LOCAL_GAZETTEER_FILE): LocalGazetteer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    fail(where, 'expected an object {"version": 1, "places": [...]}');
  }
  const o = json as Record<string, unknown>;
  if (o.version !== 1) fail(where, `unsupported version ${JSON.stringify(o.version)} (expected 1)`);
  if (!Array.isArray(o.places)) fail(where, '"places" must be an array');
  const places = o.places.map((p, i) => checkPlace(p, `${where}: places[${i}]`));
  const aliases = checkRecord(o.aliases, `${where}: aliases`, (x, k) => {
    if (!Array.isArray(x) || x.some((a) => typeof a !== 'string')) fail(k, 'must be an array of strings');
    return [...(x as string[])];
  });
  const redirects = checkRecord(o.redirects, `${where}: redirects`, (x, k) => {
    if (typeof x !== 'string' || !x) fail(k, 'must be a place id');
    return x;
  });
  return { version: 1, places, aliases, redirects };
}

/** Reads a local gazetteer file; a missing file is an empty gazetteer. Throws on a broken file. */
export function readLocalGazetteer(path: string): LocalGazetteer {
  if (!existsSync(path)) return emptyLocalGazetteer();
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(path, `not valid JSON: ${(err as Error).message}`);
  }
  return localGazetteerFromJson(json, path);
}

/** Writes a local gazetteer atomically: a temporary file next to it, then a rename. */
export function writeLocalGazetteer(path: string, local: LocalGazetteer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const data: LocalGazetteer = {
    version: 1,
    places: local.places,
    aliases: local.aliases,
    redirects: local.redirects,
  };
  try {
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const ADMIN = new Set<PlaceKind>(['governorate', 'district', 'subdistrict']);

/** How far apart two places of the same name may be and still be one place; null if never. */
function mergeRadius(a: PlaceKind, b: PlaceKind): number | null {
  if (a === 'country' || b === 'country') return null;
  if (ADMIN.has(a) || ADMIN.has(b)) return a === b ? (ADMIN_MERGE_KM[a] ?? MERGE_KM) : null;
  return MERGE_KM;
}

function samePlace(a: Place, b: Place): boolean {
  const flat = (p: Place) =>
    JSON.stringify([
      p.id,
      p.nameAr,
      p.nameEn,
      p.aliases,
      p.kind,
      p.lat,
      p.lon,
      p.parent,
      p.country,
      p.population,
      p.source,
    ]);
  return flat(a) === flat(b);
}

/** Follows redirects from an id (cycles stop). */
function redirected(id: string | null, redirects: Record<string, string>): string | null {
  const seen = new Set<string>();
  let cur = id;
  while (cur !== null && Object.hasOwn(redirects, cur) && !seen.has(cur)) {
    seen.add(cur);
    cur = redirects[cur]!;
  }
  return cur;
}

/**
 * Merges imported places into a local gazetteer (pure: returns a new one). Per place, by id:
 * - an id merged before (a redirect) or a built-in id: its Arabic names become aliases of that place;
 * - an id of the local file: the place is replaced (aliases merged in since are kept): updated/unchanged;
 * - else, a built-in or local place of the same country whose name has the same key (placeKey) within
 *   10 km (administrative units: the same kind within 300/150/50 km) is the same place: the imported
 *   names become its aliases and the imported id redirects to it;
 * - else the place is added.
 * Parents are rewritten through the redirects, so a district whose governorate was merged into a
 * built-in governorate gets that governorate as its parent.
 */
export function mergePlaces(
  local: LocalGazetteer,
  imported: readonly Place[],
  builtin: readonly Place[] = [],
): { local: LocalGazetteer; summary: MergeSummary } {
  const out: LocalGazetteer = {
    version: 1,
    places: local.places.map((p) => ({ ...p, aliases: [...p.aliases] })),
    aliases: Object.fromEntries(Object.entries(local.aliases).map(([k, v]) => [k, [...v]])),
    redirects: { ...local.redirects },
  };
  const summary: MergeSummary = { added: 0, updated: 0, unchanged: 0, merged: 0 };
  const builtinById = new Map(builtin.map((p) => [p.id, p]));
  const localById = new Map(out.places.map((p) => [p.id, p]));
  const extra = (p: Place) => (Object.hasOwn(out.aliases, p.id) ? out.aliases[p.id]! : []);
  const namesOf = (p: Place) => [p.nameAr, ...p.aliases, ...extra(p)];

  const index = new Map<string, Place[]>();
  const indexName = (name: string, p: Place) => {
    const key = placeKey(name);
    if (!key) return;
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    if (!list.includes(p)) list.push(p);
  };
  const indexPlace = (p: Place) => {
    for (const n of namesOf(p)) indexName(n, p);
  };
  for (const p of builtin) indexPlace(p);
  for (const p of out.places) if (!builtinById.has(p.id)) indexPlace(p);

  /** Adds the Arabic names the target lacks; local targets take them in place, others in `aliases`. */
  const addAliases = (target: Place, names: string[]) => {
    const have = new Set(namesOf(target));
    const fresh = [...new Set(names)].filter((n) => isArabicName(n) && !have.has(n));
    if (fresh.length === 0) return;
    const own = localById.get(target.id);
    if (own && !builtinById.has(target.id)) own.aliases.push(...fresh);
    else out.aliases[target.id] = [...extra(target), ...fresh];
    for (const n of fresh) indexName(n, own ?? target);
  };

  const sameAs = (p: Place): Place | null => {
    let best: Place | null = null;
    let bestKm = Infinity;
    for (const name of [p.nameAr, ...p.aliases]) {
      if (!isArabicName(name)) continue;
      for (const c of index.get(placeKey(name)) ?? []) {
        if (c.id === p.id || c.country !== p.country) continue;
        const radius = mergeRadius(p.kind, c.kind);
        if (radius === null) continue;
        const km = distanceKm(p, c);
        if (km <= radius && km < bestKm) {
          best = c;
          bestKm = km;
        }
      }
    }
    return best;
  };

  for (const original of imported) {
    const p: Place = {
      ...original,
      aliases: [...original.aliases],
      parent: redirected(original.parent, out.redirects),
    };
    const names = [p.nameAr, ...p.aliases];
    const target = Object.hasOwn(out.redirects, p.id) ? redirected(p.id, out.redirects) : null;
    const merge = target !== null ? (localById.get(target) ?? builtinById.get(target)) : undefined;
    if (merge) {
      addAliases(merge, names);
      summary.merged++;
      continue;
    }
    const existing = localById.get(p.id);
    if (existing && !builtinById.has(p.id)) {
      const next: Place = {
        ...p,
        aliases: [...new Set([...p.aliases, ...existing.aliases])].filter((a) => a !== p.nameAr),
      };
      if (samePlace(existing, next)) summary.unchanged++;
      else {
        Object.assign(existing, next);
        indexPlace(existing);
        summary.updated++;
      }
      continue;
    }
    const builtinSame = builtinById.get(p.id);
    if (builtinSame) {
      addAliases(builtinSame, names);
      summary.merged++;
      continue;
    }
    const same = sameAs(p);
    if (same) {
      addAliases(same, names);
      out.redirects[p.id] = same.id;
      summary.merged++;
      continue;
    }
    out.places.push(p);
    localById.set(p.id, p);
    indexPlace(p);
    summary.added++;
  }
  for (const p of out.places) p.parent = redirected(p.parent, out.redirects);
  return { local: out, summary };
}

/** Reads the local gazetteer at `path`, merges the places in (see mergePlaces) and writes it back. */
export function mergeIntoLocal(
  path: string,
  places: readonly Place[],
  builtin: readonly Place[] = [],
): MergeSummary {
  const { local, summary } = mergePlaces(readLocalGazetteer(path), places, builtin);
  if (summary.added + summary.updated + summary.merged > 0 || !existsSync(path)) {
    writeLocalGazetteer(path, local);
  }
  return summary;
}

/**
 * The built-in places with the local file's extra aliases, then the local places whose ids the built-in
 * gazetteer does not have (built-in ids win), parents rewritten through the redirects. Pure.
 */
export function combineWithLocal(builtin: readonly Place[], local: LocalGazetteer): Place[] {
  const ids = new Set<string>();
  const withAliases = (p: Place): Place => {
    const more = Object.hasOwn(local.aliases, p.id) ? local.aliases[p.id]! : [];
    const fresh = more.filter((a) => a !== p.nameAr && !p.aliases.includes(a));
    return fresh.length > 0 ? { ...p, aliases: [...p.aliases, ...new Set(fresh)] } : p;
  };
  const out: Place[] = [];
  for (const p of builtin) {
    ids.add(p.id);
    out.push(withAliases(p));
  }
  for (const p of local.places) {
    if (ids.has(p.id)) continue;
    ids.add(p.id);
    const parent = redirected(p.parent, local.redirects);
    out.push(withAliases(parent === p.parent ? p : { ...p, parent }));
  }
  return out;
}

/** Whether a local gazetteer adds anything. */
export function isEmptyLocal(local: LocalGazetteer): boolean {
  return local.places.length === 0 && Object.keys(local.aliases).length === 0;
}

/**
 * The local gazetteer to load: at `option` (a path), at the default path when undefined, none when
 * false or when the file does not exist. Throws on a broken file.
 */
export function loadLocalGazetteer(option: string | false | undefined): LocalGazetteer | null {
  if (option === false) return null;
  const path = option ?? defaultLocalGazetteerPath();
  if (!existsSync(path)) return null;
  const local = readLocalGazetteer(path);
  return isEmptyLocal(local) ? null : local;
}

/** A gazetteer of the built-in places plus a local gazetteer's (see combineWithLocal). */
export function extendGazetteer(builtin: Gazetteer, local: LocalGazetteer): Gazetteer {
  const adjectives = [...builtin.adjectives].map(([key, country]): [string, string] => [key, country.id]);
  return createGazetteer(combineWithLocal(builtin.places, local), adjectives);
}
