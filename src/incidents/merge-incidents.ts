/**
 * Incidents: reports of one event from several documents merged into one record with all its sources.
 * Counting articles as events is the failure this avoids (one abduction told by 366 articles is one).
 * Pure: reports in, incidents out.
 */
import { distanceKm } from '../resources/gazetteer.js';
import type { EventType, ExtractedEvent } from '../types.js';

/** One event as one document reported it. */
export interface ReportedEvent {
  /** Stable key of the report (document id and event index). */
  key: string;
  documentId: string;
  outlet: string | null;
  published: string | null;
  event: ExtractedEvent;
  /**
   * The independent source the report counts as, when not its own outlet: a repost or syndicated copy
   * counts as the outlet of the text it repeats.
   */
  sourceKey?: string;
}

/** A value as the sources give it, with how many support it. */
export interface Supported<T> {
  value: T;
  support: number;
}

export interface Incident {
  id: string;
  type: EventType;
  reports: ReportedEvent[];
  /** Distinct outlets (a document without an outlet counts as its own source). */
  sources: string[];
  /** Independent outlets reporting it. */
  corroboration: number;
  place: { name: string; placeId: string | null; lat: number | null; lon: number | null } | null;
  dateStart: string | null;
  dateEnd: string | null;
  actor: string | null;
  target: string | null;
  /** Every value the sources gave, best-supported first: disagreements are kept, not averaged away. */
  fatalities: Supported<number>[];
  counts: Supported<number>[];
  actors: Supported<string>[];
  persons: string[];
}

export interface MergeOptions {
  /** Two places closer than this are one place (km). */
  nearKm?: number;
  /** Slack added to date windows (days); reports without a date of their own already get the two days before publication. */
  slackDays?: number;
}

const DAY = 864e5;
const day = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso.slice(0, 10) + 'T00:00:00Z');
  return Number.isNaN(t) ? null : t / DAY;
};

/** The date window of a report: its event date, else the two days before publication. */
function windowOf(r: ReportedEvent): [number, number] | null {
  const s = day(r.event.date?.start);
  const e = day(r.event.date?.end ?? r.event.date?.start);
  if (s !== null) return [s, e ?? s];
  const p = day(r.published);
  return p === null ? null : [p - 2, p];
}

function samePlace(a: ExtractedEvent, b: ExtractedEvent, nearKm: number): boolean | null {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return null; // unknown: does not tell them apart
  if (la.place_id && la.place_id === lb.place_id) return true;
  const admins = (l: NonNullable<ExtractedEvent['location']>) => [
    l.admin1,
    l.admin2,
    l.admin3,
    l.name_ar,
    l.name,
  ];
  // One inside the other: "البوكمال" and "قرية السكرية في ريف البوكمال".
  if (la.geo_precision > 1 && admins(lb).includes(la.name_ar ?? la.name)) return true;
  if (lb.geo_precision > 1 && admins(la).includes(lb.name_ar ?? lb.name)) return true;
  if (la.lat !== null && la.lon !== null && lb.lat !== null && lb.lon !== null)
    return distanceKm({ lat: la.lat, lon: la.lon }, { lat: lb.lat, lon: lb.lon }) <= nearKm;
  return la.name === lb.name;
}

type WindowOf = (r: ReportedEvent) => [number, number] | null;

function compatible(
  a: ReportedEvent,
  b: ReportedEvent,
  opts: Required<MergeOptions>,
  win: WindowOf = windowOf,
): boolean {
  if (a.event.type !== b.event.type) return false;
  if (a.documentId === b.documentId) return false; // one document's events are already one per incident
  const place = samePlace(a.event, b.event, opts.nearKm);
  if (place === false) return false;
  const wa = win(a);
  const wb = win(b);
  if (wa && wb && (wa[0] > wb[1] + opts.slackDays || wb[0] > wa[1] + opts.slackDays)) return false;
  const actorsClash =
    a.event.actor &&
    b.event.actor &&
    a.event.actor !== b.event.actor &&
    a.event.actor !== 'unknown' &&
    b.event.actor !== 'unknown';
  if (actorsClash) return false;
  // Without a place or a date on either side, only shared people make it the same incident.
  if (place === null || !wa || !wb) return sharedPerson(a.event, b.event);
  return true;
}

function sharedPerson(a: ExtractedEvent, b: ExtractedEvent): boolean {
  const names = new Set(a.persons.flatMap((p) => [p.name, ...p.aliases]));
  return b.persons.some((p) => [p.name, ...p.aliases].some((n) => names.has(n)));
}

function tally<T>(values: Array<T | null | undefined>): Supported<T>[] {
  const m = new Map<T, number>();
  for (const v of values) if (v !== null && v !== undefined) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .map(([value, support]) => ({ value, support }))
    .sort((x, y) => y.support - x.support);
}

function summarise(id: string, reports: ReportedEvent[]): Incident {
  const sources = [...new Set(reports.map((r) => r.outlet ?? `document:${r.documentId}`))];
  const independent = new Set(reports.map((r) => r.sourceKey ?? r.outlet ?? `document:${r.documentId}`));
  const located = reports.map((r) => r.event.location).filter((l): l is NonNullable<typeof l> => !!l);
  // The most precise place any source gives.
  const best = located.sort((a, b) => a.geo_precision - b.geo_precision)[0] ?? null;
  const windows = reports.map(windowOf).filter((w): w is [number, number] => !!w);
  const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
  const dated = reports.filter((r) => r.event.date?.start);
  const starts = dated.map((r) => day(r.event.date!.start)!);
  const ends = dated.map((r) => day(r.event.date!.end ?? r.event.date!.start)!);
  const actors = tally(reports.map((r) => r.event.actor));
  return {
    id,
    type: reports[0]!.event.type,
    reports,
    sources,
    corroboration: independent.size,
    place: best ? { name: best.name, placeId: best.place_id, lat: best.lat, lon: best.lon } : null,
    dateStart: starts.length
      ? iso(Math.max(...starts))
      : windows.length
        ? iso(Math.max(...windows.map((w) => w[0])))
        : null,
    dateEnd: ends.length ? iso(Math.min(...ends.map((e, k) => Math.max(e, starts[k]!)))) : null,
    actor: actors.find((a) => a.value !== 'unknown')?.value ?? actors[0]?.value ?? null,
    target: tally(reports.map((r) => r.event.target))[0]?.value ?? null,
    fatalities: tally(reports.map((r) => r.event.fatalities?.min ?? null)),
    counts: tally(reports.map((r) => r.event.count?.min ?? null)),
    actors,
    persons: [...new Set(reports.flatMap((r) => r.event.persons.map((p) => p.name)))],
  };
}

/** An incident already stored: its reports stay together and it keeps its id. */
export interface ExistingIncident {
  id: string;
  reports: ReportedEvent[];
}

/**
 * Merges reports into incidents: same type, places within `nearKm` or one inside the other, date windows
 * that overlap (with `slackDays`), actors that do not contradict, and — when no place is known — a
 * person in common. A report joins the first incident all of whose reports it is compatible with.
 * Incidents in `existing` are never split: new reports join them or form new incidents (ids `new-N`),
 * so stored incident ids stay stable as reports arrive.
 *
 * Reports are taken in date order and compared only with incidents of their type whose window is still
 * open, so the cost grows with the reports per type and day, not with the square of all reports.
 */
export function mergeIncidents(
  reports: readonly ReportedEvent[],
  options: MergeOptions & { existing?: readonly ExistingIncident[] } = {},
): Incident[] {
  const opts: Required<MergeOptions> = { nearKm: options.nearKm ?? 5, slackDays: options.slackDays ?? 0 };
  // Windows parse dates: computed once per report, not in every comparison.
  const windows = new Map<ReportedEvent, [number, number] | null>();
  const win: WindowOf = (r) => {
    let w = windows.get(r);
    if (w === undefined) windows.set(r, (w = windowOf(r)));
    return w;
  };
  const start = (r: ReportedEvent) => win(r)?.[0] ?? Infinity;
  const ordered = [...reports].sort((a, b) => start(a) - start(b) || a.key.localeCompare(b.key));
  interface Group {
    id: string | null;
    reports: ReportedEvent[];
    /** The latest window end of its reports (Infinity when one has no date). */
    end: number;
  }
  const endOf = (r: ReportedEvent) => {
    const w = win(r);
    return w ? w[1] : Infinity;
  };
  const all: Group[] = [];
  const open = new Map<EventType, Group[]>();
  const add = (g: Group) => {
    all.push(g);
    const type = g.reports[0]!.event.type;
    const list = open.get(type);
    if (list) list.push(g);
    else open.set(type, [g]);
  };
  for (const e of options.existing ?? []) {
    if (e.reports.length) add({ id: e.id, reports: [...e.reports], end: Math.max(...e.reports.map(endOf)) });
  }
  for (const r of ordered) {
    const from = start(r);
    const list = open.get(r.event.type) ?? [];
    // Incidents that closed before this report's window can take no later report either.
    const live = from === Infinity ? list : list.filter((g) => g.end + opts.slackDays >= from);
    if (live.length !== list.length) open.set(r.event.type, live);
    const home = live.find((g) => g.reports.every((o) => compatible(o, r, opts, win)));
    if (home) {
      home.reports.push(r);
      home.end = Math.max(home.end, endOf(r));
    } else add({ id: null, reports: [r], end: endOf(r) });
  }
  let fresh = 0;
  return all.map((g) => summarise(g.id ?? `new-${++fresh}`, g.reports));
}
