/**
 * Query parameters → store filters, validated with zod. Names follow the CLI flags (`type`, `actor`,
 * `place`, `from`, `to`, `outlet`, `person`, `personId`, `incident`, `review`, `q`).
 */
import { z } from 'zod';
import type { EventFilter, ReviewFilterState } from '../store/store.js';
import { EVENT_TYPES, type EventType } from '../types.js';
import { ApiError } from './api-error.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'a real calendar date',
  );
const positiveInt = z.coerce.number().int().positive();
const csv = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine(
      (vs) => vs.every((v) => (allowed as readonly string[]).includes(v)),
      `one or more of ${allowed.join(', ')}, comma separated`,
    )
    .transform((vs) => vs as T[]);

const REVIEW_STATES = ['unreviewed', 'confirmed', 'rejected', 'edited', 'any'] as const;

export const eventFilterSchema = z
  .object({
    type: csv(EVENT_TYPES).optional(),
    actor: z.string().min(1).optional(),
    target: z.string().min(1).optional(),
    place: z.string().min(1).optional(),
    placeId: z.string().min(1).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    outlet: z.string().min(1).optional(),
    person: z.string().min(1).optional(),
    personId: positiveInt.optional(),
    incident: positiveInt.optional(),
    review: csv(REVIEW_STATES).optional(),
    q: z.string().min(1).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from is after to', path: ['from'] });

export type EventFilterParams = z.infer<typeof eventFilterSchema>;

/**
 * Where a value holds a NUL character: PostgreSQL refuses it in text ("invalid byte sequence"), so it
 * is a bad request on every backend rather than a database failure on one.
 */
function nulPaths(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => nulPaths(v, path ? `${path}.${k}` : k));
  return [];
}

/** Parses with a schema or throws E_BAD_REQUEST listing every problem. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = nulPaths(input, '');
  if (nul.length)
    throw new ApiError(
      'E_BAD_REQUEST',
      nul.map((p) => `${p || 'body'}: holds a NUL character`).join('; '),
      nul.map((param) => ({ param, problem: 'holds a NUL character' })),
    );
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ param: i.path.join('.'), problem: i.message }));
  throw new ApiError(
    'E_BAD_REQUEST',
    details.map((d) => `${d.param || 'body'}: ${d.problem}`).join('; '),
    details,
  );
}

/**
 * The store filter of the parameters. Rejected events are hidden unless `review` asks for them: an
 * analyst rejected them.
 */
export function toEventFilter(p: EventFilterParams): EventFilter {
  const f: EventFilter = {};
  if (p.type) f.types = p.type as EventType[];
  if (p.actor !== undefined) f.actor = p.actor;
  if (p.target !== undefined) f.target = p.target;
  if (p.place !== undefined) f.placeName = p.place;
  if (p.placeId !== undefined) f.placeId = p.placeId;
  if (p.from !== undefined) f.from = p.from;
  if (p.to !== undefined) f.to = p.to;
  if (p.outlet !== undefined) f.outlet = p.outlet;
  if (p.person !== undefined) f.person = p.person;
  if (p.personId !== undefined) f.personId = p.personId;
  if (p.incident !== undefined) f.incident = p.incident;
  if (p.q !== undefined) f.text = p.q;
  const review = p.review ?? ['unreviewed', 'confirmed', 'edited'];
  if (!review.includes('any')) f.review = review as ReviewFilterState[];
  return f;
}

export const pageSchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Cursors are opaque to clients: the last id of the page, base64url. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const m = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ApiError('E_BAD_CURSOR', 'the cursor is not one this API gave');
  return Number(m[1]);
}

/** `{ items, nextCursor }` of a page fetched with `limit`: a full page has a next cursor. */
export function page<T>(items: T[], limit: number, idOf: (item: T) => number) {
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: items.length === limit && last !== undefined ? encodeCursor(idOf(last)) : null,
  };
}
