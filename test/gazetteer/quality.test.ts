// Coordinates of the built gazetteer (dist/data/gazetteer.json; `npm run build` first) against the GeoNames
// points of the shared SY dump: every Syrian settlement or subdistrict found there under the same name must
// lie within 10 km of it (of the nearest one when several GeoNames places share the name).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { placesFromGeonames } from '../../src/gazetteer/import-geonames.js';
import { isArabicName } from '../../src/gazetteer/names.js';
import { distanceKm, placeKey } from '../../src/resources/gazetteer.js';
import { loadGazetteer } from '../../src/resources/load-gazetteer.js';
import type { Place } from '../../src/types.js';

// describe.runIf still runs the block that collects the tests: a missing shared file must not throw there.
const readIfPresent = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SY_CITIES = fileURLToPath(
  new URL('../../../shared/data/gazetteer/geonames_cities500/SY_cities500.tsv', import.meta.url),
);
const MAX_KM = 10;
const KINDS = new Set(['city', 'town', 'village', 'subdistrict']);

/** English names compared without case, marks, punctuation and a trailing "District" (the article is kept: Al-Hamah is not Hamah). */
function latinKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ (district|subdistrict|city)$/, '')
    .replace(/ /g, '');
}

function push(index: Map<string, Place[]>, key: string, p: Place): void {
  if (!key) return;
  const list = index.get(key);
  if (!list) index.set(key, [p]);
  else if (!list.includes(p)) list.push(p);
}

describe.runIf(existsSync(SY_CITIES))('built gazetteer vs GeoNames SY points', () => {
  const geonames = placesFromGeonames(readIfPresent(SY_CITIES), SY_CITIES).places;
  const byArabic = new Map<string, Place[]>();
  const byLatin = new Map<string, Place[]>();
  for (const g of geonames) {
    for (const name of [g.nameAr, ...g.aliases]) {
      if (isArabicName(name)) push(byArabic, placeKey(name), g);
      else push(byLatin, latinKey(name), g);
    }
  }
  const built = loadGazetteer(ROOT).places.filter((p) => p.country === 'SY' && KINDS.has(p.kind));

  it(`every Syrian settlement also in GeoNames lies within ${MAX_KM} km of it`, () => {
    let compared = 0;
    const offenders: string[] = [];
    for (const p of built) {
      const candidates = new Set<Place>();
      for (const name of [p.nameAr, ...p.aliases])
        for (const g of byArabic.get(placeKey(name)) ?? []) candidates.add(g);
      for (const g of byLatin.get(latinKey(p.nameEn)) ?? []) candidates.add(g);
      if (candidates.size === 0) continue;
      compared++;
      let nearest: Place | null = null;
      let km = Infinity;
      for (const g of candidates) {
        const d = distanceKm(p, g);
        if (d < km) [nearest, km] = [g, d];
      }
      if (km >= MAX_KM && nearest) {
        offenders.push(
          `${p.id} ${p.nameAr} (${p.lat}, ${p.lon}) is ${km.toFixed(1)} km from GeoNames ` +
            `${nearest.id} ${nearest.nameEn} (${nearest.lat}, ${nearest.lon}) [${p.source}]`,
        );
      }
    }
    expect(compared, 'too few places compared: is the dump or the build broken?').toBeGreaterThanOrEqual(200);
    expect(offenders, `${offenders.length} places too far from GeoNames:\n${offenders.join('\n')}`).toEqual(
      [],
    );
  });
});
