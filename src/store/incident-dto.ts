/** The public shape of an incident (`marsad incidents --json`, the HTTP API). */
import type { EventType } from '../types.js';
import type { EventDTO } from './event-dto.js';
import type { IncidentValues } from './incident-writer.js';
import type { IncidentRecord } from './store.js';

export interface IncidentDTO {
  id: number;
  type: EventType;
  firstDate: string | null;
  lastDate: string | null;
  place: { id: string | null; name: string | null; lat: number | null; lon: number | null };
  actor: string | null;
  target: string | null;
  /** Reports (documents) of the incident. */
  sourcesCount: number;
  /** Independent outlets among them (reposts of one outlet count once). */
  corroboration: number;
  /** Every value the sources gave, with how many support each: disagreements are kept. */
  values: IncidentValues;
  /** The reports, when asked for one incident. */
  reports?: EventDTO[];
}

export function incidentDto(r: IncidentRecord, reports?: EventDTO[]): IncidentDTO {
  return {
    id: r.id,
    type: r.type as EventType,
    firstDate: r.first_date,
    lastDate: r.last_date,
    place: { id: r.place_id, name: r.place_name, lat: r.lat, lon: r.lon },
    actor: r.actor,
    target: r.target,
    sourcesCount: r.sources_count,
    corroboration: r.corroboration,
    values: r.values,
    ...(reports ? { reports } : {}),
  };
}
