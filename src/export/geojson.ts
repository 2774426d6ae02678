/**
 * Events as a GeoJSON FeatureCollection (RFC 7946): one Point feature per event with coordinates, its
 * every attribute flattened into scalar properties (what desktop GIS reads as columns). Events without
 * coordinates cannot be placed: they are left out and counted in the collection's `withoutCoordinates`
 * member (a foreign member, allowed by RFC 7946), written last because the features are streamed.
 */
import type { EventDTO } from '../store/event-dto.js';

export type FlatValue = string | number | boolean | null;

/** The members of EventDTO's nullable objects: a null object still gives every column (all null). */
const NULLABLE_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  location: [
    'name',
    'nameAr',
    'nameEn',
    'lat',
    'lon',
    'admin1',
    'admin2',
    'admin3',
    'country',
    'placeId',
    'geoPrecision',
  ],
  date: ['start', 'end', 'text'],
  count: ['min', 'max', 'text'],
  fatalities: ['min', 'max'],
  review: ['state', 'by', 'at'],
};

/**
 * Nested objects become `parent_child` keys; lists of strings are joined with "; ", lists of objects are
 * kept as JSON text.
 */
export function flattenEvent(e: EventDTO): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {};
  const put = (key: string, v: unknown): void => {
    if ((v === null || v === undefined) && NULLABLE_OBJECTS[key])
      for (const k of NULLABLE_OBJECTS[key]) out[`${key}_${k}`] = null;
    else if (v === null || v === undefined) out[key] = null;
    else if (Array.isArray(v))
      out[key] = v.every((x) => typeof x === 'string') ? v.join('; ') : JSON.stringify(v);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) put(`${key}_${k}`, x);
    else out[key] = v as FlatValue;
  };
  for (const [k, v] of Object.entries(e)) put(k, v);
  return out;
}

/** The feature of an event, or null when it has no coordinates. */
export function geojsonFeature(e: EventDTO) {
  const lat = e.location?.lat;
  const lon = e.location?.lon;
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
    return null;
  return {
    type: 'Feature' as const,
    id: e.id,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] },
    properties: flattenEvent(e),
  };
}

/** The collection, streamed feature by feature. */
export async function* geojson(
  events: AsyncIterable<EventDTO> | Iterable<EventDTO>,
): AsyncGenerator<string, { written: number; withoutCoordinates: number }> {
  yield '{"type":"FeatureCollection","features":[';
  let written = 0;
  let withoutCoordinates = 0;
  for await (const e of events) {
    const feature = geojsonFeature(e);
    if (!feature) {
      withoutCoordinates++;
      continue;
    }
    yield `${written ? ',' : ''}\n${JSON.stringify(feature)}`;
    written++;
  }
  yield `\n],"withoutCoordinates":${withoutCoordinates}}\n`;
  return { written, withoutCoordinates };
}
