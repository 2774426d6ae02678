// The local gazetteer: default path, reading and checking, merging imported places, combining with the
// built-in places.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  combineWithLocal,
  defaultLocalGazetteerPath,
  emptyLocalGazetteer,
  extendGazetteer,
  localGazetteerFromJson,
  mergeIntoLocal,
  mergePlaces,
  readLocalGazetteer,
} from '../../src/gazetteer/local-gazetteer.js';
import { createGazetteer, placeKey } from '../../src/resources/gazetteer.js';
import type { Place } from '../../src/types.js';

function place(id: string, nameAr: string, over: Partial<Place> = {}): Place {
  return {
    id,
    nameAr,
    nameEn: id,
    aliases: [],
    kind: 'village',
    lat: 35,
    lon: 40,
    parent: 'sy-gov',
    country: 'SY',
    population: null,
    source: 'test',
    ...over,
  };
}

// A small built-in gazetteer (invented).
const BUILTIN: Place[] = [
  place('SY', 'سوريا', { kind: 'country', parent: null }),
  place('sy-gov', 'النجمة', { kind: 'governorate', parent: 'SY', lat: 35, lon: 40 }),
  place('sy-gov-district', 'الوادي', { kind: 'district', lat: 35.2, lon: 40.2, aliases: ['منطقة الوادي'] }),
  place('sy-town', 'الوردة', { kind: 'town', lat: 35.1, lon: 40.1, aliases: ['وردة'] }),
];

const dir = mkdtempSync(join(tmpdir(), 'marsad-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultLocalGazetteerPath', () => {
  it.each<[NodeJS.ProcessEnv, string]>([
    [{ MARSAD_HOME: '/m', XDG_DATA_HOME: '/x' }, '/m/gazetteer.local.json'],
    [{ XDG_DATA_HOME: '/x' }, '/x/marsad/gazetteer.local.json'],
    [{}, join(homedir(), '.local', 'share', 'marsad', 'gazetteer.local.json')],
  ])('%j', (env, expected) => {
    expect(defaultLocalGazetteerPath(env)).toBe(expected);
  });
});

describe('reading', () => {
  it('a missing file is an empty gazetteer', () => {
    expect(readLocalGazetteer(join(dir, 'absent.json'))).toEqual(emptyLocalGazetteer());
  });

  it('accepts a hand-written file without aliases and redirects', () => {
    expect(localGazetteerFromJson({ version: 1, places: [place('x-1', 'س')] })).toEqual({
      version: 1,
      places: [place('x-1', 'س')],
      aliases: {},
      redirects: {},
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /expected an object/],
    ['bad version', { version: 2, places: [] }, /unsupported version 2/],
    ['places not an array', { version: 1, places: {} }, /"places" must be an array/],
    [
      'bad kind',
      { version: 1, places: [{ ...place('a', 'ب'), kind: 'planet' }] },
      /places\[0\]: bad kind "planet"/,
    ],
    [
      'bad lat',
      { version: 1, places: [{ ...place('a', 'ب'), lat: '35' }] },
      /places\[0\]: "lat" must be a finite number/,
    ],
    [
      'bad aliases map',
      { version: 1, places: [], aliases: { a: 'x' } },
      /aliases\.a: must be an array of strings/,
    ],
  ])('rejects %s', (_label, json, message) => {
    expect(() => localGazetteerFromJson(json, 'f.json')).toThrow(message);
  });

  it('a file that is not JSON throws naming it', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{');
    expect(() => readLocalGazetteer(file)).toThrow(/bad\.json: not valid JSON/);
  });
});

describe('mergePlaces', () => {
  it('adds new places', () => {
    const { local, summary } = mergePlaces(
      emptyLocalGazetteer(),
      [place('gn-1', 'الصخرة', { lat: 36 })],
      BUILTIN,
    );
    expect(summary).toEqual({ added: 1, updated: 0, unchanged: 0, merged: 0 });
    expect(local.places.map((p) => p.id)).toEqual(['gn-1']);
  });

  it('a place of the same name key within 10 km of a built-in place is merged as aliases', () => {
    // "وردة" / "الوردة" share the key of the built-in town; 5 km away.
    const imported = place('gn-2', 'ورده', { lat: 35.14, lon: 40.12, aliases: ['الوردة الكبيرة', 'Warda'] });
    const { local, summary } = mergePlaces(emptyLocalGazetteer(), [imported], BUILTIN);
    expect(summary).toEqual({ added: 0, updated: 0, unchanged: 0, merged: 1 });
    expect(local.places).toEqual([]);
    // Only new Arabic names are kept.
    expect(local.aliases).toEqual({ 'sy-town': ['ورده', 'الوردة الكبيرة'] });
    expect(local.redirects).toEqual({ 'gn-2': 'sy-town' });
  });

  it('the same name farther than 10 km is another place', () => {
    const far = place('gn-3', 'الوردة', { lat: 35.3, lon: 40.1 });
    expect(mergePlaces(emptyLocalGazetteer(), [far], BUILTIN).summary.added).toBe(1);
  });

  it('administrative units merge with units of the same kind only, in a wider radius', () => {
    const district = place('ocha-SY9901', 'منطقة الوادي', {
      kind: 'district',
      lat: 35.6,
      lon: 40.6,
      parent: 'ocha-SY99',
    });
    const governorate = place('ocha-SY99', 'محافظة النجمة', {
      kind: 'governorate',
      lat: 35.8,
      lon: 40.9,
      parent: 'SY',
    });
    const subdistrict = place('ocha-SY990100', 'مركز الوادي', {
      kind: 'subdistrict',
      lat: 35.21,
      lon: 40.21,
      parent: 'ocha-SY9901',
    });
    const { local, summary } = mergePlaces(
      emptyLocalGazetteer(),
      [district, governorate, subdistrict],
      BUILTIN,
    );
    expect(summary).toEqual({ added: 1, updated: 0, unchanged: 0, merged: 2 });
    expect(local.redirects).toEqual({ 'ocha-SY9901': 'sy-gov-district', 'ocha-SY99': 'sy-gov' });
    // The subdistrict is not the district of the same name; its parent follows the redirect.
    expect(local.places).toEqual([{ ...subdistrict, parent: 'sy-gov-district' }]);
  });

  it('two imported places of the same name close together are one', () => {
    const a = place('gn-4', 'الصخرة', { lat: 36, population: 900 });
    const b = place('gn-5', 'صخرة', { lat: 36.02 });
    const { local, summary } = mergePlaces(emptyLocalGazetteer(), [a, b], BUILTIN);
    expect(summary).toEqual({ added: 1, updated: 0, unchanged: 0, merged: 1 });
    expect(local.places[0]?.aliases).toEqual(['صخرة']);
  });

  it('by id: unchanged, updated (keeping aliases merged in since), redirected again', () => {
    const a = place('gn-6', 'الصخرة', { lat: 36 });
    const first = mergePlaces(
      emptyLocalGazetteer(),
      [a, place('gn-7', 'صخرة', { lat: 36.01 })],
      BUILTIN,
    ).local;
    expect(mergePlaces(first, [a], BUILTIN).summary).toEqual({
      added: 0,
      updated: 0,
      unchanged: 1,
      merged: 0,
    });
    const moved = mergePlaces(first, [{ ...a, lat: 36.001 }], BUILTIN);
    expect(moved.summary.updated).toBe(1);
    expect(moved.local.places[0]).toMatchObject({ lat: 36.001, aliases: ['صخرة'] });
    expect(mergePlaces(first, [place('gn-7', 'صخرة', { lat: 36.01 })], BUILTIN).summary.merged).toBe(1);
  });

  it('does not change its input', () => {
    const before = mergePlaces(emptyLocalGazetteer(), [place('gn-8', 'الصخرة', { lat: 36 })], BUILTIN).local;
    const copy = structuredClone(before);
    mergePlaces(
      before,
      [place('gn-9', 'صخرة', { lat: 36.01 }), place('gn-8', 'الصخرة', { lat: 37 })],
      BUILTIN,
    );
    expect(before).toEqual(copy);
  });
});

describe('mergeIntoLocal', () => {
  it('reads, merges and writes the file atomically', () => {
    const sub = mkdtempSync(join(dir, 'merge-'));
    const file = join(sub, 'nested', 'gazetteer.local.json');
    expect(mergeIntoLocal(file, [place('gn-10', 'الصخرة', { lat: 36 })], BUILTIN).added).toBe(1);
    expect(mergeIntoLocal(file, [place('gn-10', 'الصخرة', { lat: 36 })], BUILTIN).unchanged).toBe(1);
    expect(readLocalGazetteer(file).places.map((p) => p.id)).toEqual(['gn-10']);
    expect(readdirSync(join(sub, 'nested'))).toEqual(['gazetteer.local.json']);
  });
});

describe('combineWithLocal and extendGazetteer', () => {
  const local = {
    version: 1 as const,
    places: [
      place('sy-town', 'مكرر'), // a built-in id: the built-in place wins
      place('gn-11', 'الصخرة', { lat: 36, parent: 'ocha-SY99' }),
    ],
    aliases: { 'sy-town': ['وردة الشمال'] },
    redirects: { 'ocha-SY99': 'sy-gov' },
  };

  it('built-in ids win, extra aliases are added, parents follow redirects', () => {
    const places = combineWithLocal(BUILTIN, local);
    expect(places.map((p) => p.id)).toEqual(['SY', 'sy-gov', 'sy-gov-district', 'sy-town', 'gn-11']);
    expect(places.find((p) => p.id === 'sy-town')).toMatchObject({
      nameAr: 'الوردة',
      aliases: ['وردة', 'وردة الشمال'],
    });
    expect(places.find((p) => p.id === 'gn-11')?.parent).toBe('sy-gov');
  });

  it('the extended gazetteer finds local places and the new aliases', () => {
    const gazetteer = extendGazetteer(createGazetteer(BUILTIN, [['سوري', 'SY']]), local);
    expect(gazetteer.lookup(placeKey('الصخرة'))[0]?.id).toBe('gn-11');
    expect(gazetteer.lookup(placeKey('وردة الشمال'))[0]?.id).toBe('sy-town');
    expect(gazetteer.admin1(gazetteer.byId.get('gn-11')!)?.id).toBe('sy-gov');
    expect(gazetteer.adjectives.get('سوري')?.id).toBe('SY');
  });
});
