/**
 * The data the exports are made from: the mappings and names of data/export/*.tsv, with the group names,
 * title glosses, transliteration table, outlets and countries of the lexicons and gazetteer. Parsed and
 * checked once (a type without a mapping, an ACLED sub-event type ACLED does not have, or an unknown
 * condition fails here); after that, looking things up is pure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gazetteer } from '../resources/gazetteer.js';
import { parseGroupNames, type GroupName } from '../resources/group-names.js';
import { loadGazetteer } from '../resources/load-gazetteer.js';
import { packageRoot } from '../resources/package-root.js';
import { parseTsv, TsvError, type TsvRow } from '../resources/tsv.js';
import type { EventDTO } from '../store/event-dto.js';
import { normalizeString } from '../text/normalize.js';
import { parseTranslitTable, type TranslitTable } from '../translit/transliterate.js';
import { EVENT_TYPES, type EventType } from '../types.js';
import { ACLED_TAXONOMY, acledDate } from './acled-taxonomy.js';
import {
  compileCondition,
  cueTest,
  parseConditionCues,
  type EventCondition,
  type EventFacts,
} from './event-conditions.js';
import { PLOVER_CATEGORIES, PLOVER_ROLES, type PloverRoles } from './plover-taxonomy.js';

export interface AcledMappingRow {
  type: EventType;
  condition: string;
  test: EventCondition;
  eventType: string;
  subEventType: string;
  disorderType: string;
  reason: string;
}

export interface PloverMappingRow {
  type: EventType;
  condition: string;
  test: EventCondition;
  eventType: string;
  mode: string | null;
  roles: PloverRoles;
  subjects: 'actor' | 'recipient';
  reason: string;
}

export interface AcledActorRow {
  group: string;
  from: string | null;
  to: string | null;
  actor: string;
  inter: number;
  home: string | null;
}

export interface Country {
  iso2: string;
  iso3: string | null;
  iso: number | null;
  name: string;
  region: string | null;
}

export interface ExportTables {
  acledMapping: ReadonlyMap<EventType, readonly AcledMappingRow[]>;
  ploverMapping: ReadonlyMap<EventType, readonly PloverMappingRow[]>;
  acledActors: ReadonlyMap<string, readonly AcledActorRow[]>;
  ploverActors: ReadonlyMap<string, { code: string; sector: string }>;
  countries: ReadonlyMap<string, Country>;
  /** Normalised outlet name → its English name and ACLED source scale. */
  outlets: ReadonlyMap<string, { nameEn: string; scale: string }>;
  defaultSourceScale: string;
  cues: ReadonlyMap<string, RegExp>;
  groups: ReadonlyMap<string, GroupName>;
  /** Normalised Arabic title → English gloss, longest first. */
  titles: ReadonlyArray<{ key: string; gloss: string }>;
  translit: TranslitTable;
  /** For English names of places and admin areas; null: transliterate them. */
  gazetteer: Gazetteer | null;
}

/** The text of every file the tables are made from. */
export interface ExportFiles {
  acledMapping: string;
  acledActors: string;
  acledCountries: string;
  acledSources: string;
  ploverMapping: string;
  ploverActors: string;
  conditionCues: string;
  groups: string;
  titles: string;
  translit: string;
  outlets: string;
  countries: string;
}

const line = (r: TsvRow) => Number(r['__line']);
const orNull = (s: string | undefined) => (s ? s : null);

function eventType(r: TsvRow, file: string): EventType {
  const t = r['marsad_type']!;
  if (!(EVENT_TYPES as readonly string[]).includes(t))
    throw new TsvError(file, line(r), `unknown marsad type "${t}"`);
  return t as EventType;
}

/** Groups rows by type and checks that every type ends with an unconditional row. */
function byType<T extends { type: EventType; condition: string }>(
  rows: T[],
  file: string,
): Map<EventType, T[]> {
  const out = new Map<EventType, T[]>();
  for (const r of rows) out.set(r.type, [...(out.get(r.type) ?? []), r]);
  for (const t of EVENT_TYPES) {
    const list = out.get(t);
    if (!list?.length) throw new TsvError(file, 0, `no mapping for the event type "${t}"`);
    if (list[list.length - 1]!.condition !== '*')
      throw new TsvError(file, 0, `the last row of "${t}" must have the condition *`);
  }
  return out;
}

/** What the tables may take from elsewhere than the package's files. */
export interface ExportTableSources {
  /** For English names of places and admin areas (null: transliterate them). */
  gazetteer?: Gazetteer | null;
  /** The group names, when a lexicon overlay adds groups (default: groups.tsv of the package). */
  groups?: ReadonlyMap<string, GroupName>;
}

export function parseExportTables(files: ExportFiles, sources: ExportTableSources = {}): ExportTables {
  const cues = parseConditionCues(files.conditionCues);
  const cueNames = new Set(cues.keys());

  const acledRows = parseTsv(files.acledMapping, 'acled-mapping.tsv', [
    'marsad_type',
    'condition',
    'event_type',
    'sub_event_type',
    'disorder_type',
    'reason',
  ]).map((r): AcledMappingRow => {
    const f = 'acled-mapping.tsv';
    const disorder = ACLED_TAXONOMY[r['event_type']!]?.[r['sub_event_type']!];
    if (disorder === undefined)
      throw new TsvError(f, line(r), `"${r['event_type']} / ${r['sub_event_type']}" is not an ACLED type`);
    if (disorder !== r['disorder_type'])
      throw new TsvError(f, line(r), `the disorder type of "${r['sub_event_type']}" is "${disorder}"`);
    return {
      type: eventType(r, f),
      condition: r['condition']!,
      test: compileCondition(r['condition']!, cueNames, `${f}:${line(r)}`),
      eventType: r['event_type']!,
      subEventType: r['sub_event_type']!,
      disorderType: disorder,
      reason: r['reason'] ?? '',
    };
  });

  const ploverRows = parseTsv(files.ploverMapping, 'plover-mapping.tsv', [
    'marsad_type',
    'condition',
    'event_type',
    'mode',
    'roles',
    'subjects',
  ]).map((r): PloverMappingRow => {
    const f = 'plover-mapping.tsv';
    const category = PLOVER_CATEGORIES[r['event_type']!];
    if (!category) throw new TsvError(f, line(r), `"${r['event_type']}" is not a PLOVER category`);
    const mode = orNull(r['mode']);
    if (mode !== null && !category.modes.includes(mode))
      throw new TsvError(f, line(r), `"${mode}" is not a mode of ${r['event_type']}`);
    if (!(PLOVER_ROLES as readonly string[]).includes(r['roles']!))
      throw new TsvError(f, line(r), `roles must be one of ${PLOVER_ROLES.join(', ')}`);
    if (r['subjects'] !== 'actor' && r['subjects'] !== 'recipient')
      throw new TsvError(f, line(r), 'subjects must be actor or recipient');
    return {
      type: eventType(r, f),
      condition: r['condition']!,
      test: compileCondition(r['condition']!, cueNames, `${f}:${line(r)}`),
      eventType: r['event_type']!,
      mode,
      roles: r['roles'] as PloverRoles,
      subjects: r['subjects'],
      reason: r['reason'] ?? '',
    };
  });

  const acledActors = new Map<string, AcledActorRow[]>();
  for (const r of parseTsv(files.acledActors, 'acled-actors.tsv', [
    'group',
    'from',
    'to',
    'actor',
    'inter',
  ])) {
    const inter = Number(r['inter']);
    if (!Number.isInteger(inter) || inter < 1 || inter > 8)
      throw new TsvError('acled-actors.tsv', line(r), `inter must be 1 to 8, got "${r['inter']}"`);
    const row = {
      group: r['group']!,
      from: orNull(r['from']),
      to: orNull(r['to']),
      actor: r['actor']!,
      inter,
      home: orNull(r['home']),
    };
    acledActors.set(row.group, [...(acledActors.get(row.group) ?? []), row]);
  }

  const ploverActors = new Map(
    parseTsv(files.ploverActors, 'plover-actors.tsv', ['group', 'code', 'sector']).map((r) => [
      r['group']!,
      { code: r['code']!, sector: r['sector']! },
    ]),
  );

  const countries = new Map<string, Country>();
  for (const r of parseTsv(files.countries, 'countries.tsv', ['id', 'name_en']))
    countries.set(r['id']!, { iso2: r['id']!, iso3: null, iso: null, name: r['name_en']!, region: null });
  for (const r of parseTsv(files.acledCountries, 'acled-countries.tsv', ['iso2', 'iso3', 'iso', 'country']))
    countries.set(r['iso2']!, {
      iso2: r['iso2']!,
      iso3: r['iso3']!,
      iso: Number(r['iso']),
      name: r['country']!,
      region: orNull(r['region']),
    });

  const scales = new Map(
    parseTsv(files.acledSources, 'acled-sources.tsv', ['outlet', 'source_scale']).map((r) => [
      r['outlet']!,
      r['source_scale']!,
    ]),
  );
  const defaultSourceScale = scales.get('*') ?? '';
  const outlets = new Map<string, { nameEn: string; scale: string }>();
  for (const r of parseTsv(files.outlets, 'outlets.tsv', ['id', 'name', 'name_en']))
    outlets.set(normalizeString(r['name']!), {
      nameEn: r['name_en']!,
      scale: scales.get(r['id']!) ?? defaultSourceScale,
    });

  const titles = parseTsv(files.titles, 'titles.tsv', ['title', 'gloss_en'])
    .map((r) => ({ key: normalizeString(r['title']!), gloss: r['gloss_en']! }))
    .sort((a, b) => b.key.length - a.key.length);

  return {
    acledMapping: byType(acledRows, 'acled-mapping.tsv'),
    ploverMapping: byType(ploverRows, 'plover-mapping.tsv'),
    acledActors,
    ploverActors,
    countries,
    outlets,
    defaultSourceScale,
    cues,
    groups: sources.groups ?? parseGroupNames(files.groups),
    titles,
    translit: parseTranslitTable(files.translit),
    gazetteer: sources.gazetteer ?? null,
  };
}

/** The files as shipped in the package. */
export function readExportFiles(root: string = packageRoot()): ExportFiles {
  const read = (...path: string[]) => readFileSync(join(root, 'data', ...path), 'utf8');
  return {
    acledMapping: read('export', 'acled-mapping.tsv'),
    acledActors: read('export', 'acled-actors.tsv'),
    acledCountries: read('export', 'acled-countries.tsv'),
    acledSources: read('export', 'acled-sources.tsv'),
    ploverMapping: read('export', 'plover-mapping.tsv'),
    ploverActors: read('export', 'plover-actors.tsv'),
    conditionCues: read('export', 'condition-cues.tsv'),
    groups: read('lexicons', 'groups.tsv'),
    titles: read('lexicons', 'titles.tsv'),
    translit: read('lexicons', 'translit.tsv'),
    outlets: read('lexicons', 'outlets.tsv'),
    countries: read('gazetteer', 'countries.tsv'),
  };
}

/**
 * The tables from the package's files. Without a gazetteer given, the built one is used, or none when it
 * has not been built (place names are then transliterated).
 */
export function loadExportTables(sources: ExportTableSources = {}): ExportTables {
  const root = packageRoot();
  let gazetteer = sources.gazetteer;
  if (gazetteer === undefined) {
    try {
      gazetteer = loadGazetteer(root);
    } catch {
      gazetteer = null;
    }
  }
  return parseExportTables(readExportFiles(root), { ...sources, gazetteer });
}

/** Options shared by the formats. */
export interface ExportOptions {
  /** The country (ISO 3166 alpha-2) of events whose place has none (default SY: marsad's scope). */
  defaultCountry?: string;
}

/** The country code an event is filed under. */
export function eventCountry(e: EventDTO, options: ExportOptions = {}): string {
  return e.location?.country ?? options.defaultCountry ?? 'SY';
}

export function countryOf(tables: ExportTables, iso2: string): Country {
  return tables.countries.get(iso2) ?? { iso2, iso3: null, iso: null, name: iso2, region: null };
}

/**
 * The ACLED actor of a group on a date in a country: the row whose period holds the date (the open-ended
 * one when the date is unknown), {country} filled in, state forces abroad as external forces (8). A group
 * the table does not know keeps its English name and has no actor type.
 */
export function acledActorOf(
  tables: ExportTables,
  group: string,
  date: string | null,
  iso2: string,
): { name: string; inter: number | null } {
  const rows = tables.acledActors.get(group);
  const country = countryOf(tables, iso2).name;
  if (!rows?.length) return { name: tables.groups.get(group)?.nameEn ?? group, inter: null };
  const row =
    (date !== null
      ? rows.find((r) => (r.from === null || r.from <= date) && (r.to === null || date <= r.to))
      : rows.find((r) => r.to === null)) ?? rows[rows.length - 1]!;
  const inter = row.inter === 1 && row.home !== null && row.home !== iso2 ? 8 : row.inter;
  return { name: row.actor.replaceAll('{country}', country), inter };
}

/** Fatalities as ACLED counts them: the lowest reported number, 0 when none is reported. */
export function fatalityCount(e: EventDTO): number {
  return e.fatalities?.min ?? e.fatalities?.max ?? 0;
}

/** The facts the mapping conditions ask about. */
export function eventFacts(e: EventDTO, tables: ExportTables, options: ExportOptions = {}): EventFacts {
  const iso2 = eventCountry(e, options);
  const { date } = acledDate(e);
  const inter = (g: string | null) => (g === null ? null : acledActorOf(tables, g, date, iso2).inter);
  return {
    actor: e.actor,
    target: e.target,
    actorInter: inter(e.actor),
    targetInter: inter(e.target),
    fatalities: fatalityCount(e),
    cue: cueTest([e.evidence.text, e.trigger.text], tables.cues),
  };
}

/** The first row of a type's mapping whose condition holds. */
export function mappingRow<R extends { test: EventCondition }>(
  rows: ReadonlyMap<EventType, readonly R[]>,
  e: EventDTO,
  facts: EventFacts,
): R {
  const list = rows.get(e.type) ?? [];
  const row = list.find((r) => r.test(facts)) ?? list[list.length - 1];
  if (!row) throw new Error(`no export mapping for the event type "${e.type}"`);
  return row;
}
