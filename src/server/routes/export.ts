/** /api/export: the filtered events as a download (CSV, JSON Lines or GeoJSON). */
import { Hono } from 'hono';
import { z } from 'zod';
import { eventDto, type EventDTO } from '../../store/event-dto.js';
import type { AppEnv, AppOptions } from '../context.js';
import { eventFilterSchema, parseParams, toEventFilter } from '../query-params.js';

const COLUMNS: Array<[string, (e: EventDTO) => string | number | null | undefined]> = [
  ['id', (e) => e.id],
  ['incident_id', (e) => e.incidentId],
  ['type', (e) => e.type],
  ['date_start', (e) => e.when.start],
  ['date_end', (e) => e.when.end],
  ['date_text', (e) => e.date?.text],
  ['actor', (e) => e.actor],
  ['target', (e) => e.target],
  ['place', (e) => e.location?.name],
  ['place_en', (e) => e.location?.nameEn],
  ['admin1', (e) => e.location?.admin1],
  ['admin2', (e) => e.location?.admin2],
  ['admin3', (e) => e.location?.admin3],
  ['latitude', (e) => e.location?.lat],
  ['longitude', (e) => e.location?.lon],
  ['geo_precision', (e) => e.location?.geoPrecision],
  ['count_min', (e) => e.count?.min],
  ['count_max', (e) => e.count?.max],
  ['fatalities_min', (e) => e.fatalities?.min],
  ['fatalities_max', (e) => e.fatalities?.max],
  ['persons', (e) => e.persons.map((p) => p.name).join('; ')],
  ['certainty', (e) => e.certainty],
  ['review', (e) => e.review?.state],
  ['outlet', (e) => e.outlet],
  ['published', (e) => e.published],
  ['document_id', (e) => e.documentId],
  ['evidence', (e) => e.evidence.text],
];

/** One CSV field (RFC 4180); a leading = + - @ is defused so that spreadsheets do not run it. */
function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function eventsCsv(events: readonly EventDTO[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const e of events) lines.push(COLUMNS.map(([, get]) => field(get(e))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function exportRoutes({ store }: AppOptions) {
  const app = new Hono<AppEnv>();
  app.get('/export', async (c) => {
    const query = c.req.query();
    const { format } = parseParams(
      z.object({ format: z.enum(['csv', 'jsonl', 'geojson']).default('csv') }),
      query,
    );
    const filter = toEventFilter(parseParams(eventFilterSchema, query));
    const events: EventDTO[] = [];
    for (let after = 0; ;) {
      const rows = await store.listEvents({ ...filter, after, limit: 5000 });
      events.push(...rows.map(eventDto));
      if (rows.length < 5000) break;
      after = rows[rows.length - 1]!.id;
    }
    const name = `marsad-events.${format === 'geojson' ? 'geojson' : format}`;
    const headers = { 'content-disposition': `attachment; filename="${name}"` };
    if (format === 'csv')
      return c.body(`\uFEFF${eventsCsv(events)}`, 200, {
        ...headers,
        'content-type': 'text/csv; charset=utf-8',
      });
    if (format === 'jsonl')
      return c.body(events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''), 200, {
        ...headers,
        'content-type': 'application/x-ndjson; charset=utf-8',
      });
    const features = events
      .filter((e) => e.location?.lat != null && e.location?.lon != null)
      .map((e) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [e.location!.lon, e.location!.lat] },
        properties: e,
      }));
    return c.json({ type: 'FeatureCollection', features }, 200, {
      ...headers,
      'content-type': 'application/geo+json',
    });
  });
  return app;
}
