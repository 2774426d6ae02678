/** /api/persons and /api/groups: actors with their events and who they appear with. */
import { Hono } from 'hono';
import { z } from 'zod';
import { eventDto } from '../../store/event-dto.js';
import { personDto } from '../../store/person-dto.js';
import { EVENT_TYPES, type EventType } from '../../types.js';
import { ApiError } from '../api-error.js';
import type { AppEnv, AppOptions } from '../context.js';
import { encodeCursor, decodeCursor, pageSchema, parseParams } from '../query-params.js';
import { idParam } from './events.js';

const personsSchema = z.object({
  name: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  type: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .refine((vs) => vs.every((t) => (EVENT_TYPES as readonly string[]).includes(t)), 'unknown event type')
    .optional(),
});

export function actorRoutes({ store, groupNames }: AppOptions) {
  const app = new Hono<AppEnv>();

  // Persons are ordered by documents, not id: the cursor is an offset.
  app.get('/persons', async (c) => {
    const query = c.req.query();
    const f = parseParams(personsSchema, query);
    const { cursor, limit } = parseParams(pageSchema, query);
    const offset = decodeCursor(cursor) ?? 0;
    const rows = await store.listPersons({
      limit,
      offset,
      ...(f.name ? { name: f.name } : {}),
      ...(f.group ? { group: f.group } : {}),
      ...(f.type ? { types: f.type as EventType[] } : {}),
    });
    return c.json({
      items: rows.map((r) => personDto(r)),
      nextCursor: rows.length === limit ? encodeCursor(offset + limit) : null,
    });
  });

  app.get('/persons/:id', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    const person = await store.getPerson(id);
    if (!person) throw new ApiError('E_NOT_FOUND', `no person with id ${id}`);
    const events = (await store.listEvents({ personId: id, limit: 1000 })).map(eventDto);
    const network = await store.network({ personId: id });
    return c.json({ ...personDto(person, events), network });
  });

  const named = (id: string) => ({
    nameAr: groupNames.get(id)?.nameAr ?? id,
    nameEn: groupNames.get(id)?.nameEn ?? id,
  });

  app.get('/groups', async (c) => {
    const groups = await store.groups();
    return c.json({
      items: groups.map((g) => ({
        id: g.id,
        ...named(g.id),
        events: g.events,
        eventsByType: g.eventsByType,
      })),
    });
  });

  app.get('/groups/:id', async (c) => {
    const id = c.req.param('id');
    const group = (await store.groups()).find((g) => g.id === id);
    if (!group && !groupNames.has(id)) throw new ApiError('E_NOT_FOUND', `no group with id ${id}`);
    const persons = (await store.listPersons({ group: id, limit: 100 })).map((p) => personDto(p));
    const network = await store.network({ group: id });
    return c.json({
      id,
      ...named(id),
      description: groupNames.get(id)?.description ?? null,
      aliases: groupNames.get(id)?.aliases ?? [],
      events: group?.events ?? 0,
      eventsByType: group?.eventsByType ?? {},
      persons,
      network,
    });
  });

  return app;
}
