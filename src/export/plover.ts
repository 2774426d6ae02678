/**
 * Events as PLOVER records (Open Event Data Alliance), one JSON object a line as the PLOVER manual
 * suggests: the category and mode of data/export/plover-mapping.tsv, actor and recipient lists of actor
 * objects (groups coded by data/export/plover-actors.tsv, persons with their English name and office),
 * the location, dead / injured / size, the Arabic sentence as `text` and an English `comment`.
 */
import type { EventDTO } from '../store/event-dto.js';
import { transliterate } from '../translit/transliterate.js';
import { englishAdmins, englishPlace, englishSummary, titleGloss } from './english-summary.js';
import {
  countryOf,
  eventCountry,
  eventFacts,
  mappingRow,
  type ExportOptions,
  type ExportTables,
} from './export-tables.js';
import { PLOVER_CATEGORIES } from './plover-taxonomy.js';

export interface PloverActor {
  /** ISO 3166 alpha-3 code or a PLOVER non-state code (IGO, IMG); null when unknown. */
  code: string | null;
  sector: string | null;
  /** The actor as marsad names it: a group id, or a person's name as written. */
  actor_text: string;
  /** The English name. */
  identifier_text: string;
  /** A person's title in English, when known. */
  office?: string | null;
}

export interface PloverRecord {
  id: string;
  date: string | null;
  enddate: string | null;
  event_type: string;
  mode: string | null;
  context: string[];
  quad_code: 1 | 2 | 3 | 4;
  actor: PloverActor[];
  recipient: PloverActor[];
  location: {
    name: string;
    name_en: string | null;
    lat: number | null;
    lon: number | null;
    admin1: string | null;
    admin2: string | null;
    admin3: string | null;
    country_code: string;
    cc3: string | null;
    geo_precision: number | null;
  } | null;
  dead: number | null;
  injured: null;
  size: number | null;
  text: string;
  event_text: string[];
  comment: string;
  cite_info: {
    publication: string | null;
    publication_date: string | null;
    language: 'ar';
    corpus: 'marsad';
  };
  marsad: {
    id: number;
    type: EventDTO['type'];
    certainty: EventDTO['certainty'];
    incident_id: number | null;
    document_id: number;
    review: string | null;
  };
}

function groupActor(group: string, tables: ExportTables, cc3: string | null): PloverActor {
  const code = tables.ploverActors.get(group);
  return {
    code: code ? (code.code === '{country}' ? cc3 : code.code) : null,
    sector: code?.sector ?? null,
    actor_text: group,
    identifier_text: tables.groups.get(group)?.nameEn ?? group,
  };
}

function personActor(
  p: EventDTO['persons'][number],
  group: PloverActor | undefined,
  tables: ExportTables,
): PloverActor {
  return {
    code: group?.code ?? null,
    sector: group?.sector ?? null,
    actor_text: p.name,
    identifier_text: transliterate(p.name, tables.translit),
    office: titleGloss(p.title, tables),
  };
}

/** The PLOVER record of one event. */
export function ploverRecord(e: EventDTO, tables: ExportTables, options: ExportOptions = {}): PloverRecord {
  const map = mappingRow(tables.ploverMapping, e, eventFacts(e, tables, options));
  const iso2 = eventCountry(e, options);
  const country = countryOf(tables, iso2);
  const group = (g: string | null) => (g === null ? undefined : groupActor(g, tables, country.iso3));
  let actorGroup = group(e.actor);
  let targetGroup = group(e.target);
  // Nobody is said to have killed the people found dead: an unidentified armed actor.
  if (e.type === 'bodies_found' && !actorGroup) actorGroup = group('unknown');

  const actor: PloverActor[] = [];
  const recipient: PloverActor[] = [];
  if (map.roles === 'reverse') [actorGroup, targetGroup] = [targetGroup, actorGroup];
  if (map.roles === 'members') {
    // The members act against their own group: they are the actor, coded as the group is.
    if (actorGroup) recipient.push(actorGroup);
    if (targetGroup) recipient.push(targetGroup);
  } else {
    if (actorGroup) actor.push(actorGroup);
    if (targetGroup) (map.roles === 'two-sided' ? actor : recipient).push(targetGroup);
  }
  const subjectSide = map.roles === 'two-sided' ? actor : map.subjects === 'actor' ? actor : recipient;
  for (const p of e.persons) {
    if (p.role === 'source') continue;
    const side = p.role === 'victim' ? recipient : p.role === 'perpetrator' ? actor : subjectSide;
    const affiliation = side === recipient ? (targetGroup ?? actorGroup) : actorGroup;
    side.push(personActor(p, map.roles === 'members' ? group(e.actor) : affiliation, tables));
  }
  if (map.roles === 'members' && !actor.length && e.actor) {
    const g = groupActor(e.actor, tables, country.iso3);
    actor.push({ ...g, identifier_text: `members of ${g.identifier_text}` });
  }

  const start = e.when.start;
  const end = e.when.end && e.when.end !== start ? e.when.end : null;
  const [admin1, admin2, admin3] = englishAdmins(e, tables);
  const loc = e.location;
  return {
    id: `marsad-${e.id}`,
    date: start,
    enddate: end,
    event_type: map.eventType,
    mode: map.mode,
    context: [],
    quad_code: PLOVER_CATEGORIES[map.eventType]!.quad,
    actor,
    recipient,
    location: loc
      ? {
          name: loc.name,
          name_en: englishPlace(e, tables),
          lat: loc.lat,
          lon: loc.lon,
          admin1,
          admin2,
          admin3,
          country_code: iso2,
          cc3: country.iso3,
          geo_precision: loc.geoPrecision,
        }
      : null,
    dead: e.fatalities ? (e.fatalities.min ?? e.fatalities.max) : null,
    injured: null,
    size: e.count ? (e.count.min ?? e.count.max) : null,
    text: e.evidence.text,
    event_text: [e.trigger.text],
    comment: englishSummary(e, tables, options),
    cite_info: { publication: e.outlet, publication_date: e.published, language: 'ar', corpus: 'marsad' },
    marsad: {
      id: e.id,
      type: e.type,
      certainty: e.certainty,
      incident_id: e.incidentId,
      document_id: e.documentId,
      review: e.review?.state ?? null,
    },
  };
}

/** PLOVER JSON Lines, a line per event. */
export async function* plover(
  events: AsyncIterable<EventDTO> | Iterable<EventDTO>,
  tables: ExportTables,
  options: ExportOptions = {},
): AsyncGenerator<string, { written: number }> {
  let written = 0;
  for await (const e of events) {
    yield `${JSON.stringify(ploverRecord(e, tables, options))}\n`;
    written++;
  }
  return { written };
}
