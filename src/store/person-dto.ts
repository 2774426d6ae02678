/** The public shape of a person of the knowledge base (`marsad persons --json`, the HTTP API). */
import type { EventType } from '../types.js';
import type { EventDTO } from './event-dto.js';
import type { PersonRecord } from './store.js';

export interface PersonDTO {
  id: number;
  name: string;
  aliases: string[];
  /** Titles as the reports gave them, with the document and its date (titles change over time). */
  titles: PersonRecord['titles'];
  group: string | null;
  origin: string | null;
  nationality: string | null;
  documentsCount: number;
  eventsByType: Partial<Record<EventType, number>>;
  /** The person's events, when asked for one person. */
  events?: EventDTO[];
}

export function personDto(r: PersonRecord, events?: EventDTO[]): PersonDTO {
  return {
    id: r.id,
    name: r.canonical,
    aliases: r.aliases,
    titles: r.titles,
    group: r.group_id,
    origin: r.origin,
    nationality: r.nationality,
    documentsCount: r.documents_count,
    eventsByType: r.eventsByType,
    ...(events ? { events } : {}),
  };
}
