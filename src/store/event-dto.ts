/**
 * The public shape of a stored event (the `--json` output of `marsad events` and the HTTP API's
 * EventDTO): camelCase, nested like the extraction contract, without internal columns.
 */
import type { Certainty, EventType, PersonArg } from '../types.js';
import type { EventRecord } from './store.js';

export interface EventDTO {
  id: number;
  documentId: number;
  incidentId: number | null;
  type: EventType;
  evidence: { start: number; end: number; text: string };
  trigger: { start: number; end: number; text: string };
  actor: string | null;
  target: string | null;
  persons: Array<{ name: string; aliases: string[]; title: string | null; role: PersonArg['role'] }>;
  location: {
    name: string;
    nameAr: string | null;
    nameEn: string | null;
    lat: number | null;
    lon: number | null;
    admin1: string | null;
    admin2: string | null;
    admin3: string | null;
    country: string | null;
    placeId: string | null;
    geoPrecision: number | null;
  } | null;
  date: { start: string | null; end: string | null; text: string } | null;
  /** The date range the event is filed under: its own, else the publication date of its report. */
  when: { start: string | null; end: string | null };
  count: { min: number | null; max: number | null; text: string } | null;
  fatalities: { min: number | null; max: number | null } | null;
  charges: string[];
  certainty: Certainty;
  outlet: string | null;
  published: string | null;
  rules: string[];
  lexicon: string[];
  /** The latest review, null when nobody reviewed the event (edited values are already applied). */
  review: { state: 'confirmed' | 'rejected' | 'edited'; by: string | null; at: string | null } | null;
}

const list = (json: string) => JSON.parse(json) as string[];

export function eventDto(r: EventRecord): EventDTO {
  return {
    id: r.id,
    documentId: r.document_id,
    incidentId: r.incident_id,
    type: r.type as EventType,
    evidence: { start: r.evidence_start, end: r.evidence_end, text: r.evidence_text },
    trigger: { start: r.trigger_start, end: r.trigger_end, text: r.trigger_text },
    actor: r.actor,
    target: r.target,
    persons: [...r.persons]
      .sort((a, b) => a.position - b.position)
      .map((p) => ({
        name: p.person_name,
        aliases: list(p.aliases_json),
        title: p.title,
        role: p.role as PersonArg['role'],
      })),
    location:
      r.place_name === null
        ? null
        : {
            name: r.place_name,
            nameAr: r.place_name_ar,
            nameEn: r.place_name_en,
            lat: r.lat,
            lon: r.lon,
            admin1: r.admin1,
            admin2: r.admin2,
            admin3: r.admin3,
            country: r.country,
            placeId: r.place_id,
            geoPrecision: r.geo_precision,
          },
    date: r.date_text === null ? null : { start: r.date_start, end: r.date_end, text: r.date_text },
    when: { start: r.when_start, end: r.when_end },
    count: r.count_text === null ? null : { min: r.count_min, max: r.count_max, text: r.count_text },
    fatalities:
      r.fatalities_min === null && r.fatalities_max === null
        ? null
        : { min: r.fatalities_min, max: r.fatalities_max },
    charges: list(r.charges_json),
    certainty: r.certainty as Certainty,
    outlet: r.outlet,
    published: r.published,
    rules: list(r.rules_json),
    lexicon: list(r.lexicon_json),
    review:
      r.review_state === null
        ? null
        : { state: r.review_state as 'confirmed' | 'rejected' | 'edited', by: r.review_by, at: r.review_at },
  };
}
