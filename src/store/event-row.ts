/** ExtractedEvent ↔ `events` and `event_persons` rows (a lossless round trip). */
import type { Certainty, EventType, ExtractedEvent, LocationArg, PersonArg } from '../types.js';
import type { EventPersonRow, EventRow, NewEvent, NewEventPerson } from './schema.js';
import { searchText } from './search-text.js';

/**
 * The date range an event is filed under: its own dates, else its document's publication date (the
 * report is the latest the event can have happened).
 */
export function eventWhen(
  start: string | null,
  end: string | null,
  published: string | null,
): { start: string | null; end: string | null } {
  return { start: start ?? end ?? published, end: end ?? start ?? published };
}

/**
 * Events whose effective dates span more days than this are flagged `when_long` (migration 012). A date
 * filter then reads the others through a bounded range of `when_start` — an event that ends on or after
 * `from` and spans at most this many days starts no earlier than `from` minus this many days — and the
 * few long ones through their own partial index.
 */
export const LONG_SPAN_DAYS = 92;

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS;

/** 1 when the range spans more than LONG_SPAN_DAYS or cannot be read as days (so it is never missed). */
export function longSpan(start: string | null, end: string | null): 0 | 1 {
  if (start === null || end === null) return 0; // no dates: no date filter matches it anyway
  const span = dayNumber(end) - dayNumber(start);
  return Number.isNaN(span) || span > LONG_SPAN_DAYS ? 1 : 0;
}

/** Days from `from` to `to` (negative when `to` is earlier), or null when either is not a day. */
export function dayCount(from: string, to: string): number | null {
  const n = dayNumber(to) - dayNumber(from);
  return Number.isNaN(n) ? null : n;
}

/** The ISO day `days` before `iso`, or null when `iso` does not start with a day. */
export function daysBefore(iso: string, days: number): string | null {
  const d = dayNumber(iso);
  if (Number.isNaN(d) || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  return new Date((d - days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The `events` row of an event of a document (without id and incident); `published` is the document's
 * publication date, the event's date when it has none.
 */
export function eventToRow(
  documentId: number,
  e: ExtractedEvent,
  published: string | null = null,
  /** searchText(e.evidence.text), when computed already. */
  search: string = searchText(e.evidence.text),
): NewEvent {
  const loc = e.location;
  const when = eventWhen(e.date?.start ?? null, e.date?.end ?? null, published);
  return {
    document_id: documentId,
    search_text: search,
    when_start: when.start,
    when_end: when.end,
    when_long: longSpan(when.start, when.end),
    type: e.type,
    evidence_start: e.evidence.start,
    evidence_end: e.evidence.end,
    evidence_text: e.evidence.text,
    trigger_start: e.trigger.start,
    trigger_end: e.trigger.end,
    trigger_text: e.trigger.text,
    actor: e.actor,
    target: e.target,
    place_name: loc?.name ?? null,
    place_name_ar: loc?.name_ar ?? null,
    place_name_en: loc?.name_en ?? null,
    place_canonical: loc?.canonical ?? null,
    place_precision: loc?.precision ?? null,
    place_id: loc?.place_id ?? null,
    lat: loc?.lat ?? null,
    lon: loc?.lon ?? null,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    admin3: loc?.admin3 ?? null,
    country: loc?.country ?? null,
    geo_precision: loc?.geo_precision ?? null,
    date_start: e.date?.start ?? null,
    date_end: e.date?.end ?? null,
    date_text: e.date?.text ?? null,
    count_min: e.count?.min ?? null,
    count_max: e.count?.max ?? null,
    count_text: e.count?.text ?? null,
    fatalities_min: e.fatalities?.min ?? null,
    fatalities_max: e.fatalities?.max ?? null,
    certainty: e.certainty,
    charges_json: JSON.stringify(e.charges),
    rules_json: JSON.stringify(e.rules),
    lexicon_json: JSON.stringify(e.lexicon),
    incident_id: null,
  };
}

/** The `event_persons` rows of an event, in order. */
export function eventPersonRows(eventId: number, persons: readonly PersonArg[]): NewEventPerson[] {
  return persons.map((p, position) => ({
    event_id: eventId,
    position,
    person_name: p.name,
    aliases_json: JSON.stringify(p.aliases),
    title: p.title,
    role: p.role,
  }));
}

const parseList = (json: string): string[] => JSON.parse(json) as string[];

/** The event a row (and its persons, in any order) stores. */
export function eventFromRow(row: EventRow, persons: readonly EventPersonRow[] = []): ExtractedEvent {
  const location: LocationArg | null =
    row.place_name === null
      ? null
      : {
          name: row.place_name,
          name_ar: row.place_name_ar,
          name_en: row.place_name_en,
          lat: row.lat,
          lon: row.lon,
          admin1: row.admin1,
          admin2: row.admin2,
          admin3: row.admin3,
          country: row.country,
          precision: row.place_precision as LocationArg['precision'],
          geo_precision: (row.geo_precision ?? 3) as LocationArg['geo_precision'],
          place_id: row.place_id,
          ...(row.place_canonical !== null ? { canonical: row.place_canonical } : {}),
        };
  return {
    type: row.type as EventType,
    evidence: { start: row.evidence_start, end: row.evidence_end, text: row.evidence_text },
    trigger: { start: row.trigger_start, end: row.trigger_end, text: row.trigger_text },
    actor: row.actor,
    target: row.target,
    persons: [...persons]
      .sort((a, b) => a.position - b.position)
      .map((p) => ({
        name: p.person_name,
        aliases: parseList(p.aliases_json),
        title: p.title,
        role: p.role as PersonArg['role'],
      })),
    location,
    date: row.date_text === null ? null : { start: row.date_start, end: row.date_end, text: row.date_text },
    count: row.count_text === null ? null : { min: row.count_min, max: row.count_max, text: row.count_text },
    fatalities:
      row.fatalities_min === null && row.fatalities_max === null
        ? null
        : { min: row.fatalities_min, max: row.fatalities_max },
    charges: parseList(row.charges_json),
    certainty: row.certainty as Certainty,
    rules: parseList(row.rules_json),
    lexicon: parseList(row.lexicon_json),
  };
}
