/**
 * Aggregates for the overview, map and actor pages: counts over time, breakdowns, the cohesion signals
 * of an armed group, places, groups and co-occurrence networks. Each works on the filtered events
 * (filterEvents) and groups in SQL; the little that is dialect-specific (week arithmetic) is done here.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { EventType } from '../types.js';
import { filterEvents } from './filter-events.js';
import type { Database } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import type { EventFilter } from './store.js';

type Filter = Omit<EventFilter, 'limit' | 'after'>;

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The Monday of an ISO date's week. */
export function weekOf(iso: string): string {
  const t = dayOf(iso);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return isoDay(t - weekday * DAY);
}

const monthOf = (iso: string) => `${iso.slice(0, 7)}-01`;

export interface TimelineBucket {
  period: string;
  counts: Partial<Record<EventType, number>>;
  total: number;
}

/** Events by type per week or month of their effective start date; empty periods between included. */
export async function timeline(
  db: Kysely<Database>,
  dialect: StoreDialect,
  filter: Filter,
  bucket: 'week' | 'month',
): Promise<TimelineBucket[]> {
  const rows = await filterEvents(db, dialect, filter)
    .select(['events.when_start as day', 'events.type', (eb) => eb.fn.countAll().as('n')])
    .where('events.when_start', 'is not', null)
    .groupBy(['events.when_start', 'events.type'])
    .execute();
  const periodOf = bucket === 'week' ? weekOf : monthOf;
  const buckets = new Map<string, TimelineBucket>();
  for (const r of rows) {
    const period = periodOf(r.day!);
    const b = buckets.get(period) ?? { period, counts: {}, total: 0 };
    const type = r.type as EventType;
    b.counts[type] = (b.counts[type] ?? 0) + Number(r.n);
    b.total += Number(r.n);
    buckets.set(period, b);
  }
  const periods = [...buckets.keys()].sort();
  if (!periods.length) return [];
  const out: TimelineBucket[] = [];
  // Fill the gaps so that a chart's x axis is time, not the list of busy periods.
  for (let p = periods[0]!; p <= periods[periods.length - 1]!;) {
    out.push(buckets.get(p) ?? { period: p, counts: {}, total: 0 });
    if (bucket === 'week') p = isoDay(dayOf(p) + 7 * DAY);
    else {
      const d = new Date(dayOf(p));
      d.setUTCMonth(d.getUTCMonth() + 1);
      p = isoDay(d.getTime());
    }
  }
  return out;
}

export const BREAKDOWNS = ['type', 'actor', 'target', 'admin1', 'admin2', 'outlet'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Event counts by one attribute, most first (events without the attribute are left out). */
export async function breakdown(
  db: Kysely<Database>,
  dialect: StoreDialect,
  filter: Filter,
  by: Breakdown,
): Promise<Array<{ key: string; count: number }>> {
  if (by === 'outlet') {
    const rows = await filterEvents(db, dialect, filter)
      .innerJoin('documents', 'documents.id', 'events.document_id')
      .select(['documents.outlet as key', (eb) => eb.fn.countAll().as('n')])
      .where('documents.outlet', 'is not', null)
      .groupBy('documents.outlet')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('documents.outlet')
      .limit(200)
      .execute();
    return rows.map((r) => ({ key: String(r.key), count: Number(r.n) }));
  }
  const column = `events.${by}` as const;
  const rows = await filterEvents(db, dialect, filter)
    .select([`${column} as key`, (eb) => eb.fn.countAll().as('n')])
    .where(column, 'is not', null)
    .groupBy(column)
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy(column)
    .limit(200)
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: Number(r.n) }));
}

/** The signals of an armed group coming apart. */
export const COHESION_SIGNALS = [
  'defection',
  'insubordination',
  'internal_dispute',
  'internal_clash',
  'purge',
  'assassination',
  'self_harm',
] as const;
export type CohesionSignal = (typeof COHESION_SIGNALS)[number];

/** The signal an event of a group is, or null. */
export function cohesionSignal(
  e: { type: string; actor: string | null; target: string | null },
  group: string,
): CohesionSignal | null {
  const own = e.actor === group && e.target === group;
  const involved = e.actor === group || e.target === group;
  switch (e.type) {
    case 'defection':
    case 'insubordination':
    case 'internal_dispute':
    case 'self_harm':
      return involved ? e.type : null;
    case 'armed_clash':
      return own ? 'internal_clash' : null;
    case 'execution':
    case 'arrest':
      return own ? 'purge' : null;
    case 'assassination':
      return e.target === group ? 'assassination' : null;
    default:
      return null;
  }
}

type Signals = Record<CohesionSignal, number>;
const zero = (): Signals => Object.fromEntries(COHESION_SIGNALS.map((s) => [s, 0])) as Signals;

export interface Cohesion {
  group: string;
  area: string | null;
  until: string | null;
  weeks: Array<{ week: string; signals: Signals; total: number }>;
  current: Signals;
  previous: Signals;
  /** Relative change of each signal against the previous period; null when it was 0 before. */
  change: Record<CohesionSignal, number | null>;
  areas: Array<{ area: string; current: number; previous: number }>;
}

/**
 * The group's cohesion signals, weekly, over the `weeks` weeks up to `until` (default: the latest event
 * date), with the totals of those weeks against the `weeks` weeks before, overall and by governorate.
 */
export async function cohesion(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: { group: string; area?: string; weeks: number; until?: string },
): Promise<Cohesion> {
  const { group, weeks } = options;
  const types = [
    'defection',
    'insubordination',
    'internal_dispute',
    'self_harm',
    'armed_clash',
    'execution',
    'arrest',
    'assassination',
  ] as EventType[];
  // Rejected events are not signals: an analyst said they did not happen.
  const scope: Filter = {
    types,
    review: ['unreviewed', 'confirmed', 'edited'],
    ...(options.area ? { placeName: options.area } : {}),
  };
  let until = options.until;
  if (!until) {
    const last = await filterEvents(db, dialect, scope)
      .select((eb) => eb.fn.max('events.when_start').as('last'))
      .executeTakeFirst();
    until = last?.last ?? undefined;
  }
  const empty = {
    group,
    area: options.area ?? null,
    until: until ?? null,
    weeks: [],
    current: zero(),
    previous: zero(),
  };
  if (!until) return { ...empty, change: changeOf(zero(), zero()), areas: [] };
  const lastWeek = weekOf(until);
  const firstCurrent = isoDay(dayOf(lastWeek) - (weeks - 1) * 7 * DAY);
  const firstPrevious = isoDay(dayOf(firstCurrent) - weeks * 7 * DAY);
  const rows = await filterEvents(db, dialect, {
    ...scope,
    from: firstPrevious,
    to: isoDay(dayOf(lastWeek) + 6 * DAY),
  })
    .select([
      'events.type',
      'events.actor',
      'events.target',
      'events.admin1',
      'events.when_start',
      (eb) => eb.fn.countAll().as('n'),
    ])
    .where((eb) => eb.or([eb('events.actor', '=', group), eb('events.target', '=', group)]))
    .groupBy(['events.type', 'events.actor', 'events.target', 'events.admin1', 'events.when_start'])
    .execute();
  const byWeek = new Map<string, Signals>();
  for (let w = 0; w < weeks; w++) byWeek.set(isoDay(dayOf(firstCurrent) + w * 7 * DAY), zero());
  const current = zero();
  const previous = zero();
  const areas = new Map<string, { current: number; previous: number }>();
  for (const r of rows) {
    const signal = cohesionSignal(r, group);
    if (!signal || !r.when_start) continue;
    const n = Number(r.n);
    const isCurrent = r.when_start >= firstCurrent;
    (isCurrent ? current : previous)[signal] += n;
    const week = byWeek.get(weekOf(r.when_start));
    if (week) week[signal] += n;
    if (r.admin1) {
      const a = areas.get(r.admin1) ?? { current: 0, previous: 0 };
      a[isCurrent ? 'current' : 'previous'] += n;
      areas.set(r.admin1, a);
    }
  }
  return {
    ...empty,
    weeks: [...byWeek].map(([week, signals]) => ({
      week,
      signals,
      total: Object.values(signals).reduce((a, b) => a + b, 0),
    })),
    current,
    previous,
    change: changeOf(current, previous),
    areas: [...areas]
      .map(([area, v]) => ({ area, ...v }))
      .sort((a, b) => b.current + b.previous - (a.current + a.previous)),
  };
}

function changeOf(current: Signals, previous: Signals): Record<CohesionSignal, number | null> {
  return Object.fromEntries(
    COHESION_SIGNALS.map((s) => [s, previous[s] === 0 ? null : (current[s] - previous[s]) / previous[s]]),
  ) as Record<CohesionSignal, number | null>;
}

export interface PlaceCount {
  placeId: string | null;
  name: string;
  nameEn: string | null;
  lat: number;
  lon: number;
  admin1: string | null;
  admin2: string | null;
  count: number;
  fatalities: number;
}

/**
 * Geocoded places of the filtered events with their event counts and fatalities, most events first.
 * Counted by place id from an index; the names and coordinates come from one event of each place.
 */
export async function places(
  db: Kysely<Database>,
  dialect: StoreDialect,
  filter: Filter,
): Promise<PlaceCount[]> {
  const counts = await filterEvents(db, dialect, filter)
    .select([
      'events.place_id',
      (eb) => eb.fn.countAll().as('n'),
      (eb) =>
        eb.fn
          .sum(eb.fn.coalesce('events.fatalities_max', 'events.fatalities_min', sql<number>`0`))
          .as('dead'),
    ])
    .where('events.place_id', 'is not', null)
    .groupBy('events.place_id')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(5000)
    .execute();
  const ids = counts.map((c) => c.place_id!);
  const details = new Map<string, Omit<PlaceCount, 'count' | 'fatalities'>>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('events')
      .select(['place_id', 'place_name_ar', 'place_name_en', 'lat', 'lon', 'admin1', 'admin2'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('events')
          .select((e) => e.fn.min('id').as('id'))
          .where('place_id', 'in', chunk)
          .groupBy('place_id'),
      )
      .execute();
    for (const r of rows)
      if (r.lat !== null && r.lon !== null)
        details.set(r.place_id!, {
          placeId: r.place_id,
          name: r.place_name_ar ?? '',
          nameEn: r.place_name_en,
          lat: Number(r.lat),
          lon: Number(r.lon),
          admin1: r.admin1,
          admin2: r.admin2,
        });
  }
  return counts.flatMap((c) => {
    const d = details.get(c.place_id!);
    return d ? [{ ...d, count: Number(c.n), fatalities: Number(c.dead ?? 0) }] : [];
  });
}

const notRejected = (eb: ExpressionBuilder<Database, 'events'>) =>
  eb.or([eb('review_state', 'is', null), eb('review_state', '!=', 'rejected')]);

export interface GroupCount {
  id: string;
  events: number;
  eventsByType: Partial<Record<EventType, number>>;
}

/** Groups that act or are acted on, with their events by type, most events first. */
export async function groups(db: Kysely<Database>): Promise<GroupCount[]> {
  // Actor counts plus target counts minus events where the group is both: three index scans, no UNION.
  const side = (column: 'actor' | 'target') =>
    db
      .selectFrom('events')
      .select([`${column} as g`, 'type', (eb) => eb.fn.countAll().as('n')])
      .where(column, 'is not', null)
      .where(notRejected)
      .groupBy([column, 'type'])
      .execute();
  const both = await db
    .selectFrom('events')
    .select(['actor as g', 'type', (eb) => eb.fn.countAll().as('n')])
    .whereRef('actor', '=', 'target')
    .where(notRejected)
    .groupBy(['actor', 'type'])
    .execute();
  const out = new Map<string, GroupCount>();
  const add = (rows: Array<{ g: string | null; type: string; n: unknown }>, sign: number) => {
    for (const r of rows) {
      if (r.g === null) continue;
      const g = out.get(r.g) ?? { id: r.g, events: 0, eventsByType: {} };
      const type = r.type as EventType;
      g.eventsByType[type] = (g.eventsByType[type] ?? 0) + sign * Number(r.n);
      g.events += sign * Number(r.n);
      out.set(r.g, g);
    }
  };
  add(await side('actor'), 1);
  add(await side('target'), 1);
  add(both, -1);
  return [...out.values()].sort((a, b) => b.events - a.events || a.id.localeCompare(b.id));
}

export interface Network {
  persons: Array<{ id: number; name: string; weight: number }>;
  groups: Array<{ id: string; weight: number }>;
}

/** Persons and groups sharing events with a person (by id) or a group, weighted by shared events. */
export async function network(
  db: Kysely<Database>,
  of: { personId: number } | { group: string },
): Promise<Network> {
  const eventIds =
    'personId' in of
      ? db.selectFrom('person_events').select('event_id').where('person_id', '=', of.personId)
      : db
          .selectFrom('events')
          .select('id as event_id')
          .where((eb) => eb.or([eb('actor', '=', of.group), eb('target', '=', of.group)]));
  const persons = await db
    .selectFrom('person_events')
    .innerJoin('persons', 'persons.id', 'person_events.person_id')
    .select(['persons.id', 'persons.canonical', (eb) => eb.fn.countAll().as('n')])
    .where('person_events.event_id', 'in', eventIds)
    .$if('personId' in of, (q) => q.where('persons.id', '!=', (of as { personId: number }).personId))
    .groupBy(['persons.id', 'persons.canonical'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(30)
    .execute();
  const groupRows = await db
    .selectFrom('events')
    .select(['actor', 'target'])
    .where('id', 'in', eventIds)
    .execute();
  const weights = new Map<string, number>();
  for (const r of groupRows)
    for (const g of new Set([r.actor, r.target]))
      if (g && g !== 'unknown' && !('group' in of && g === of.group))
        weights.set(g, (weights.get(g) ?? 0) + 1);
  return {
    persons: persons.map((p) => ({ id: p.id, name: p.canonical, weight: Number(p.n) })),
    groups: [...weights]
      .map(([id, weight]) => ({ id, weight }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 30),
  };
}

export interface EventPoint {
  id: number;
  type: string;
  lat: number;
  lon: number;
  fatalities: number;
  date: string | null;
  place: string | null;
  placeEn: string | null;
  admin1: string | null;
  actor: string | null;
  target: string | null;
  incidentId: number | null;
  review: string | null;
}

/** The geocoded filtered events as map points (a few columns, no persons), by id. */
export async function points(
  db: Kysely<Database>,
  dialect: StoreDialect,
  filter: Filter,
  limit: number,
): Promise<EventPoint[]> {
  const rows = await filterEvents(db, dialect, filter)
    .select([
      'events.id',
      'events.type',
      'events.lat',
      'events.lon',
      'events.fatalities_min',
      'events.fatalities_max',
      'events.when_start',
      'events.place_name',
      'events.place_name_en',
      'events.admin1',
      'events.actor',
      'events.target',
      'events.incident_id',
      'events.review_state',
    ])
    .where('events.lat', 'is not', null)
    .orderBy('events.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    lat: Number(r.lat),
    lon: Number(r.lon),
    fatalities: r.fatalities_max ?? r.fatalities_min ?? 0,
    date: r.when_start,
    place: r.place_name,
    placeEn: r.place_name_en,
    admin1: r.admin1,
    actor: r.actor,
    target: r.target,
    incidentId: r.incident_id,
    review: r.review_state,
  }));
}
