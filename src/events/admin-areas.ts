/** The administrative areas a gazetteer place lies in, as events report them (Arabic names). */
import type { Gazetteer } from '../resources/gazetteer.js';
import type { LocationArg, Place } from '../types.js';

export interface AdminAreas {
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  country: string | null;
}

export function adminAreas(place: Place | null, gaz: Gazetteer): AdminAreas {
  if (!place) return { admin1: null, admin2: null, admin3: null, country: null };
  const chain = [place, ...gaz.ancestors(place)];
  const at = (kind: string) => chain.find((p) => p.kind === kind)?.nameAr ?? null;
  return {
    admin1: gaz.admin1(place)?.nameAr ?? null,
    admin2: at('district'),
    admin3: at('subdistrict'),
    country: chain.find((p) => p.kind === 'country')?.id ?? place.country,
  };
}

/**
 * The location of an event placed by hand at a gazetteer place (a reviewer's edit): the place itself,
 * precise (ACLED geo-precision 1) unless it is a governorate or country.
 */
export function placeLocation(place: Place, gaz: Gazetteer): LocationArg {
  const broad = place.kind === 'governorate' || place.kind === 'country';
  return {
    name: place.nameAr,
    name_ar: place.nameAr,
    name_en: place.nameEn || null,
    lat: place.lat,
    lon: place.lon,
    ...adminAreas(place, gaz),
    precision:
      place.kind === 'country' ? 'country' : place.kind === 'neighbourhood' ? 'neighbourhood' : 'town',
    geo_precision: broad ? 3 : 1,
    place_id: place.id,
  };
}
