/**
 * /api/export: the filtered events as a download in an interoperable format (src/export): ACLED CSV
 * (`csv` is kept as its alias), GeoJSON, JSON Lines or PLOVER. Streamed page by page.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { EXPORT_FORMATS, exportEvents, FORMAT_FILES, pagedEvents } from '../../export/export-events.js';
import { loadExportTables } from '../../export/export-tables.js';
import type { AppEnv, AppOptions } from '../context.js';
import { eventFilterSchema, parseParams, toEventFilter } from '../query-params.js';

export const exportSchema = z.object({
  format: z.enum([...EXPORT_FORMATS, 'csv']).default('acled'),
  /** acled: a UTF-8 byte order mark first, for spreadsheets (default on). */
  bom: z.enum(['true', 'false', '1', '0']).default('true'),
  inter: z.enum(['text', 'numeric']).default('text'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code')
    .optional(),
});

export function exportRoutes({ store, resources, groupNames }: AppOptions) {
  const tables = loadExportTables({ gazetteer: resources.gazetteer, groups: groupNames });
  const app = new Hono<AppEnv>();
  app.get('/export', async (c) => {
    const query = c.req.query();
    const params = parseParams(exportSchema, query);
    const format = params.format === 'csv' ? 'acled' : params.format;
    const filter = toEventFilter(parseParams(eventFilterSchema, query));
    const chunks = exportEvents(format, pagedEvents(store, filter), tables, {
      bom: params.bom === 'true' || params.bom === '1',
      interCodes: params.inter,
      ...(params.country ? { defaultCountry: params.country } : {}),
    });
    // The first chunk is read before answering: a failing database is still an error response.
    const first = await chunks.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
        if (first.done) controller.close();
      },
      async pull(controller) {
        const r = await chunks.next();
        if (r.done) controller.close();
        else controller.enqueue(encoder.encode(r.value));
      },
      async cancel() {
        await chunks.return({ written: 0, withoutCoordinates: 0 });
      },
    });
    const { contentType, fileName } = FORMAT_FILES[format];
    return c.body(body, 200, {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName}"`,
    });
  });
  return app;
}
