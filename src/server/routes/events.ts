/** /api/events: the filtered events, one event, the map's GeoJSON, and reviews. */
import { Hono } from 'hono';
import { z } from 'zod';
import { placeLocation } from '../../events/admin-areas.js';
import { placeKey } from '../../resources/gazetteer.js';
import { eventDto, type EventDTO } from '../../store/event-dto.js';
import type { EventEdit } from '../../store/review-writer.js';
import type { ReviewRow } from '../../store/schema.js';
import { EVENT_TYPES } from '../../types.js';
import { ApiError } from '../api-error.js';
import { userOf } from '../auth.js';
import type { AppEnv, AppOptions } from '../context.js';
import {
  decodeCursor,
  eventFilterSchema,
  page,
  pageSchema,
  parseParams,
  toEventFilter,
} from '../query-params.js';

export const idParam = z.object({ id: z.coerce.number().int().positive() });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const count = z.number().int().min(0).nullable();
export const reviewBody = z.object({
  action: z.enum(['confirm', 'reject', 'edit', 'reset']),
  note: z.string().max(2000).optional(),
  changes: z
    .object({
      type: z.enum(EVENT_TYPES as [string, ...string[]]).optional(),
      place: z.string().min(1).nullable().optional(),
      dateStart: isoDate.nullable().optional(),
      dateEnd: isoDate.nullable().optional(),
      actor: z.string().min(1).nullable().optional(),
      target: z.string().min(1).nullable().optional(),
      countMin: count.optional(),
      countMax: count.optional(),
      fatalitiesMin: count.optional(),
      fatalitiesMax: count.optional(),
    })
    .strict()
    .optional(),
});

export function reviewDto(r: ReviewRow) {
  return {
    id: r.id,
    eventId: r.event_id,
    action: r.action,
    by: r.user_name,
    at: r.at,
    note: r.note,
    changes: JSON.parse(r.changes_json) as Record<string, unknown>,
    before: JSON.parse(r.before_json) as Record<string, unknown>,
  };
}

export function eventRoutes(options: AppOptions) {
  const { store, resources } = options;
  const app = new Hono<AppEnv>();

  app.get('/events', async (c) => {
    const query = c.req.query();
    const filter = toEventFilter(parseParams(eventFilterSchema, query));
    const { cursor, limit } = parseParams(pageSchema, query);
    const after = decodeCursor(cursor);
    const [rows, total] = await Promise.all([
      store.listEvents({ ...filter, limit, ...(after !== undefined ? { after } : {}) }),
      store.countEvents(filter),
    ]);
    return c.json({ ...page(rows.map(eventDto), limit, (e) => e.id), total });
  });

  app.get('/events.geojson', async (c) => {
    const query = c.req.query();
    const filter = toEventFilter(parseParams(eventFilterSchema, query));
    const { limit } = parseParams(
      z.object({ limit: z.coerce.number().int().min(1).max(50_000).default(20_000) }),
      query,
    );
    const features = (await store.points(filter, limit)).map(({ lat, lon, ...properties }) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [lon, lat] },
      properties,
    }));
    return c.json({ type: 'FeatureCollection', features }, 200, { 'content-type': 'application/geo+json' });
  });

  app.get('/events/:id', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    const event = await store.getEvent(id);
    if (!event) throw new ApiError('E_NOT_FOUND', `no event with id ${id}`);
    const [doc] = await store.listDocuments({ after: event.document_id - 1, limit: 1 });
    const reviews = await store.listReviews(id);
    return c.json({ ...eventDto(event), document: doc, reviews: reviews.map(reviewDto) });
  });

  app.post('/events/:id/review', async (c) => {
    const by = userOf(c);
    const { id } = parseParams(idParam, c.req.param());
    const body = parseParams(reviewBody, await jsonBody(c.req.raw));
    const changes: EventEdit = {};
    const ch = body.changes ?? {};
    if (body.action === 'edit' && !Object.keys(ch).length)
      throw new ApiError('E_BAD_REQUEST', 'an edit needs changes', [{ param: 'changes', problem: 'empty' }]);
    if (ch.type !== undefined) changes.type = ch.type as EventEdit['type'] & string;
    if (ch.place !== undefined) {
      if (ch.place === null) changes.location = null;
      else {
        const place = resources.gazetteer.lookup(placeKey(ch.place))[0];
        if (!place) throw new ApiError('E_UNKNOWN_PLACE', `the gazetteer has no place named "${ch.place}"`);
        changes.location = placeLocation(place, resources.gazetteer);
      }
    }
    for (const k of [
      'dateStart',
      'dateEnd',
      'actor',
      'target',
      'countMin',
      'countMax',
      'fatalitiesMin',
      'fatalitiesMax',
    ] as const)
      if (ch[k] !== undefined) (changes as Record<string, unknown>)[k] = ch[k];
    const event = await store.reviewEvent(id, {
      action: body.action,
      changes,
      by,
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    if (!event) throw new ApiError('E_NOT_FOUND', `no event with id ${id}`);
    return c.json(eventDto(event) satisfies EventDTO);
  });

  return app;
}

/** The JSON body of a request, or E_BAD_REQUEST / E_UNSUPPORTED_MEDIA. */
export async function jsonBody(req: Request): Promise<unknown> {
  if (!(req.headers.get('content-type') ?? '').includes('application/json'))
    throw new ApiError('E_UNSUPPORTED_MEDIA', 'send the body as application/json');
  try {
    return await req.json();
  } catch {
    throw new ApiError('E_BAD_REQUEST', 'the body is not valid JSON');
  }
}
