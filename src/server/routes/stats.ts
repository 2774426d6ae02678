/** /api/stats…, /api/places and /api/search: aggregates for the overview and the map, and search. */
import { Hono } from 'hono';
import { z } from 'zod';
import { BREAKDOWNS } from '../../store/analytics.js';
import { eventDto } from '../../store/event-dto.js';
import type { AppEnv, AppOptions } from '../context.js';
import { eventFilterSchema, parseParams, toEventFilter } from '../query-params.js';

export function statsRoutes({ store }: AppOptions) {
  const app = new Hono<AppEnv>();
  const filterOf = (query: Record<string, string>) => toEventFilter(parseParams(eventFilterSchema, query));

  app.get('/stats', async (c) => c.json(await store.stats()));

  app.get('/stats/timeline', async (c) => {
    const query = c.req.query();
    const { bucket } = parseParams(
      z.object({ bucket: z.enum(['week', 'month', 'auto']).default('week') }),
      query,
    );
    const filter = filterOf(query);
    if (bucket !== 'auto') return c.json({ bucket, buckets: await store.timeline(filter, bucket) });
    // Weeks while they fit a chart (two years), months beyond: thousands of weekly bars help nobody.
    const weeks = await store.timeline(filter, 'week');
    if (weeks.length <= 104) return c.json({ bucket: 'week', buckets: weeks });
    return c.json({ bucket: 'month', buckets: await store.timeline(filter, 'month') });
  });

  app.get('/stats/breakdown', async (c) => {
    const query = c.req.query();
    const { by } = parseParams(z.object({ by: z.enum(BREAKDOWNS) }), query);
    return c.json({ by, rows: await store.breakdown(filterOf(query), by) });
  });

  app.get('/stats/cohesion', async (c) => {
    const p = parseParams(
      z.object({
        group: z.string().min(1).default('isis'),
        area: z.string().min(1).optional(),
        weeks: z.coerce.number().int().min(1).max(104).default(12),
        until: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      }),
      c.req.query(),
    );
    return c.json(
      await store.cohesion({
        group: p.group,
        weeks: p.weeks,
        ...(p.area ? { area: p.area } : {}),
        ...(p.until ? { until: p.until } : {}),
      }),
    );
  });

  app.get('/places', async (c) => c.json({ items: await store.places(filterOf(c.req.query())) }));

  app.get('/search', async (c) => {
    const query = c.req.query();
    const { q, limit } = parseParams(
      z.object({
        q: z.string().trim().min(1, 'words to search for'),
        limit: z.coerce.number().int().min(1).max(200).default(20),
      }),
      query,
    );
    const { text: _text, ...filter } = filterOf({ ...query, q });
    const [documents, events] = await Promise.all([
      store.searchDocuments(q, { limit, filter }),
      store.listEvents({ ...filter, text: q, limit }),
    ]);
    return c.json({ documents, events: events.map(eventDto) });
  });

  return app;
}
