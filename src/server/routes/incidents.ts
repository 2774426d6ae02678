/** /api/incidents: reports of one event merged across documents. */
import { Hono } from 'hono';
import { z } from 'zod';
import { eventDto } from '../../store/event-dto.js';
import { incidentDto } from '../../store/incident-dto.js';
import { ApiError } from '../api-error.js';
import type { AppEnv, AppOptions } from '../context.js';
import {
  decodeCursor,
  eventFilterSchema,
  page,
  pageSchema,
  parseParams,
  toEventFilter,
} from '../query-params.js';
import { documentDto } from './documents.js';
import { idParam } from './events.js';

export function incidentRoutes({ store }: AppOptions) {
  const app = new Hono<AppEnv>();

  app.get('/incidents', async (c) => {
    const query = c.req.query();
    const { review: _review, ...filter } = toEventFilter(parseParams(eventFilterSchema, query));
    const { cursor, limit } = parseParams(pageSchema, query);
    const { minSources } = parseParams(
      z.object({ minSources: z.coerce.number().int().min(1).optional() }),
      query,
    );
    const after = decodeCursor(cursor);
    const rows = await store.listIncidents({
      ...filter,
      limit,
      ...(minSources !== undefined ? { minSources } : {}),
      ...(after !== undefined ? { after } : {}),
    });
    return c.json(
      page(
        rows.map((r) => incidentDto(r)),
        limit,
        (i) => i.id,
      ),
    );
  });

  app.get('/incidents/:id', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    const incident = await store.getIncident(id);
    if (!incident) throw new ApiError('E_NOT_FOUND', `no incident with id ${id}`);
    const reports = (await store.listEvents({ incident: id, limit: 1000 })).map(eventDto);
    const documents = [];
    for (const docId of [...new Set(reports.map((r) => r.documentId))]) {
      const doc = await documentDto(store, docId, { mentions: false });
      if (doc) documents.push(doc);
    }
    return c.json({ ...incidentDto(incident, reports), documents });
  });

  return app;
}
