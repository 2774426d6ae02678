/**
 * Events as an ACLED-compatible CSV: ACLED's columns in ACLED's order, marsad's types mapped to ACLED's
 * event types by data/export/acled-mapping.tsv, groups named as ACLED names actors by
 * data/export/acled-actors.tsv. RFC 4180 (CRLF, fields quoted when needed), one row per event, streamed.
 */
import type { EventDTO } from '../store/event-dto.js';
import { normalizeString } from '../text/normalize.js';
import {
  ACLED_COLUMNS,
  acledDate,
  CIVILIANS_INTER,
  INTER_LABELS,
  interactionOf,
  type AcledColumn,
} from './acled-taxonomy.js';
import { englishAdmins, englishPlace, englishSummary } from './english-summary.js';
import {
  acledActorOf,
  countryOf,
  eventCountry,
  eventFacts,
  fatalityCount,
  mappingRow,
  type ExportOptions,
  type ExportTables,
} from './export-tables.js';

export interface AcledOptions extends ExportOptions {
  /** ACLED's current text labels ("State forces", "Rebel group-Civilians") or its former numeric codes. */
  interCodes?: 'text' | 'numeric';
  /** Begin with a UTF-8 byte order mark (spreadsheets then read the Arabic correctly). */
  bom?: boolean;
  /** The export time, the timestamp of events nobody reviewed (default now). */
  now?: Date;
}

export type AcledRow = Record<AcledColumn, string | number | null>;

const NOT_SPREADSHEET_FORMULA = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text starting with
 * = + - @ (or a tab or CR) gets a leading apostrophe so that spreadsheets do not run it as a formula.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && NOT_SPREADSHEET_FORMULA.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: ReadonlyArray<string | number | null | undefined>) =>
  `${fields.map(csvField).join(',')}\r\n`;

const coordinate = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Number(v.toFixed(4));

const unixSeconds = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
};

/** The ACLED row of one event. */
export function acledRow(e: EventDTO, tables: ExportTables, options: AcledOptions = {}): AcledRow {
  const facts = eventFacts(e, tables, options);
  const map = mappingRow(tables.acledMapping, e, facts);
  const iso2 = eventCountry(e, options);
  const country = countryOf(tables, iso2);
  const { date, precision } = acledDate(e);
  const actorOf = (g: string) => acledActorOf(tables, g, date, iso2);

  const againstCivilians = map.eventType === 'Violence against civilians';
  const violent = map.disorderType !== 'Strategic developments';
  // ACLED names an actor 1 for every act of violence: an unknown one is an unidentified armed group.
  let actor1 = e.actor !== null ? actorOf(e.actor) : violent ? actorOf('unknown') : null;
  let actor2 = e.target !== null ? actorOf(e.target) : null;
  let assoc2: string | null = null;
  if (againstCivilians) {
    // The target of violence against civilians is always Civilians, actor 2; a victim's armed group is
    // recorded as associated with them.
    if (actor2 && actor2.inter !== CIVILIANS_INTER) assoc2 = actor2.name;
    actor2 = actorOf('civilians');
  } else if (!actor1 && actor2) {
    // A one-sided development about its target alone (bodies found, released detainees).
    [actor1, actor2] = [actor2, null];
  }
  const inter1 = actor1?.inter ?? null;
  const inter2 = actor2 ? actor2.inter : null;
  const interaction = interactionOf(inter1, inter2);
  const numeric = options.interCodes === 'numeric';
  const interText = (i: number | null) => (i === null ? null : numeric ? i : (INTER_LABELS[i] ?? null));
  const civilianTargeting =
    inter2 === CIVILIANS_INTER &&
    (againstCivilians || map.eventType === 'Explosions/Remote violence' || map.eventType === 'Riots');

  const [admin1, admin2, admin3] = englishAdmins(e, tables);
  const outlet = e.outlet ? tables.outlets.get(normalizeString(e.outlet)) : undefined;
  const notes = `${englishSummary(e, tables, options)} | ${e.evidence.text.replace(/\s+/g, ' ').trim()}`;
  const tags = [
    `marsad type: ${e.type}`,
    // Reports of one event by several outlets share an incident: the key to count each event once.
    ...(e.incidentId !== null ? [`marsad incident: ${e.incidentId}`] : []),
    ...(e.certainty !== 'reported' ? [`certainty: ${e.certainty}`] : []),
    ...(e.review ? [`review: ${e.review.state}`] : []),
  ];
  const updated = e.review?.at ? unixSeconds(e.review.at) : null;

  return {
    event_id_cnty: `${country.iso3 ?? iso2}M${e.id}`,
    event_date: date,
    year: date ? Number(date.slice(0, 4)) : null,
    time_precision: precision,
    disorder_type: map.disorderType,
    event_type: map.eventType,
    sub_event_type: map.subEventType,
    actor1: actor1?.name ?? null,
    assoc_actor_1: null,
    inter1: interText(inter1),
    actor2: actor2?.name ?? null,
    assoc_actor_2: assoc2,
    inter2: interText(inter2),
    interaction: interaction ? (numeric ? Number(interaction.code) : interaction.label) : null,
    civilian_targeting: civilianTargeting ? 'Civilians targeted' : null,
    iso: country.iso,
    region: country.region,
    country: country.name,
    admin1,
    admin2,
    admin3,
    location: englishPlace(e, tables),
    latitude: coordinate(e.location?.lat),
    longitude: coordinate(e.location?.lon),
    geo_precision: e.location ? (e.location.geoPrecision ?? 3) : null,
    source: outlet?.nameEn ?? e.outlet,
    source_scale: outlet?.scale ?? tables.defaultSourceScale,
    notes,
    fatalities: fatalityCount(e),
    tags: tags.join('; '),
    timestamp: updated ?? Math.floor((options.now ?? new Date()).getTime() / 1000),
  };
}

/** The CSV, header first, a chunk per event. */
export async function* acledCsv(
  events: AsyncIterable<EventDTO> | Iterable<EventDTO>,
  tables: ExportTables,
  options: AcledOptions = {},
): AsyncGenerator<string, { written: number }> {
  const now = options.now ?? new Date();
  yield `${options.bom ? '\uFEFF' : ''}${csvLine(ACLED_COLUMNS)}`;
  let written = 0;
  for await (const e of events) {
    const row = acledRow(e, tables, { ...options, now });
    yield csvLine(ACLED_COLUMNS.map((c) => row[c]));
    written++;
  }
  return { written };
}
