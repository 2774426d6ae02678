/**
 * English for the exports: place and admin-area names (the gazetteer's English names, else transliterated),
 * persons (transliterated, with English glosses of their titles) and a one-sentence summary of an event in
 * the style of ACLED's notes: when, who did what to whom, where, how many.
 */
import { placeKey } from '../resources/gazetteer.js';
import type { EventDTO } from '../store/event-dto.js';
import { normalizeString } from '../text/normalize.js';
import { transliterate } from '../translit/transliterate.js';
import type { EventType } from '../types.js';
import { acledDate } from './acled-taxonomy.js';
import {
  countryOf,
  eventCountry,
  fatalityCount,
  type ExportOptions,
  type ExportTables,
} from './export-tables.js';

const ADMIN_SUFFIX = / (Governorate|Province|District|Sub-?district|Nahiya|Nahia)$/i;
const ADMIN_KINDS = ['governorate', 'district', 'subdistrict'] as const;

/** An admin area's English name: the gazetteer's (without "Governorate", "District" …), else transliterated. */
export function englishAdmin(
  nameAr: string | null,
  level: 1 | 2 | 3,
  tables: ExportTables,
  placeId: string | null = null,
): string | null {
  if (!nameAr) return null;
  const gaz = tables.gazetteer;
  const kind = ADMIN_KINDS[level - 1];
  const key = normalizeString(nameAr);
  const place = placeId ? gaz?.byId.get(placeId) : undefined;
  // The place's own ancestors first: the same name can be a district of several governorates.
  const chain = place && gaz ? [place, ...gaz.ancestors(place)] : [];
  const match =
    chain.find((p) => p.kind === kind && normalizeString(p.nameAr) === key) ??
    gaz?.lookup(placeKey(nameAr)).find((p) => p.kind === kind && normalizeString(p.nameAr) === key);
  if (match?.nameEn) return match.nameEn.replace(ADMIN_SUFFIX, '');
  return transliterate(nameAr, tables.translit);
}

/** The event's place in English, or null without a place. */
export function englishPlace(e: EventDTO, tables: ExportTables): string | null {
  const loc = e.location;
  if (!loc) return null;
  return loc.nameEn || transliterate(loc.nameAr ?? loc.name, tables.translit);
}

/** The event's admin areas in English: [admin1, admin2, admin3]. */
export function englishAdmins(
  e: EventDTO,
  tables: ExportTables,
): [string | null, string | null, string | null] {
  const loc = e.location;
  if (!loc) return [null, null, null];
  return [
    englishAdmin(loc.admin1, 1, tables, loc.placeId),
    englishAdmin(loc.admin2, 2, tables, loc.placeId),
    englishAdmin(loc.admin3, 3, tables, loc.placeId),
  ];
}

/** The English gloss of a title: the longest title of titles.tsv the title starts with, or null. */
export function titleGloss(title: string | null, tables: ExportTables): string | null {
  if (!title) return null;
  const key = normalizeString(title);
  const hit = tables.titles.find((t) => key === t.key || key.startsWith(`${t.key} `));
  return hit?.gloss ?? null;
}

/** "Abu Hamza al-Shuaiti (Hisba emir)". */
export function englishPerson(p: { name: string; title: string | null }, tables: ExportTables): string {
  const name = transliterate(p.name, tables.translit);
  const gloss = titleGloss(p.title, tables);
  return gloss ? `${name} (${gloss})` : name;
}

/** Display names that need an article or lower case inside a sentence. */
const PROSE_NAMES: Readonly<Record<string, string>> = {
  civilians: 'civilians',
  unknown: 'unidentified perpetrators',
  coalition: 'the US-led coalition',
  fsa: 'the Free Syrian Army',
  new_syrian_army: 'the New Syrian Army',
  kurdish_forces: 'the Syrian Democratic Forces (SDF)',
  tribes: 'tribal forces',
  popular_resistance: 'the popular resistance',
};

/** A group's English name as prose writes it. */
export function englishGroup(id: string | null, tables: ExportTables): string | null {
  if (id === null) return null;
  return PROSE_NAMES[id] ?? tables.groups.get(id)?.nameEn ?? id;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "9 March 2018". */
export function englishDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

function datePhrase(e: EventDTO): string {
  const { start, end } = e.when;
  if (!start) return 'On an unknown date';
  if (!e.date?.start) return `On or shortly before ${englishDate(start)} (the date of the report)`;
  if (acledDate(e).precision === 1 || !end) return `On ${englishDate(start)}`;
  const [ys, ms] = start.split('-');
  const [ye, me] = end.split('-');
  const from = englishDate(start).split(' ');
  const first = ys === ye ? (ms === me ? from[0] : `${from[0]} ${from[1]}`) : englishDate(start);
  return `Between ${first} and ${englishDate(end)}`;
}

/** "5", "20-99", "more than 100", or null. */
function amount(v: { min: number | null; max: number | null } | null): string | null {
  if (!v || (v.min === null && v.max === null)) return null;
  if (v.max === null) return `more than ${v.min}`;
  if (v.min === null) return `up to ${v.max}`;
  return v.min === v.max ? String(v.min) : `${v.min}-${v.max}`;
}

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

interface Slots {
  actor: string | null;
  target: string | null;
  /** The persons the event names, as a list, or null. */
  named: string | null;
  /** How many people (or bodies) it involves, as a number or range, or null. */
  count: string | null;
}

/** The named persons, else "5 members" / "members". */
function who(s: Slots, noun: [string, string], fallback = noun[1]): string {
  if (s.named) return s.named;
  if (s.count) return `${s.count} ${s.count === '1' ? noun[0] : noun[1]}`;
  return fallback;
}

const plural = (s: Slots) => (s.named ? s.named.includes(' and ') : s.count !== '1');
/** The people of the target: "civilians", "members of Islamic State (ISIS)". */
const targetPeople = (s: Slots, fallback: string) =>
  s.target === null ? fallback : s.target === 'civilians' ? s.target : `members of ${s.target}`;
const ofGroup = (s: Slots) => (s.actor ? ` of ${s.actor}` : '');
const MEMBERS: [string, string] = ['member', 'members'];
const PEOPLE: [string, string] = ['person', 'people'];

/** One clause per type: who did what to whom. */
const CLAUSES: Readonly<Record<EventType, (s: Slots) => string>> = {
  defection: (s) => `${who(s, MEMBERS)}${ofGroup(s)} defected`,
  insubordination: (s) => `${who(s, MEMBERS)}${ofGroup(s)} refused orders`,
  internal_dispute: (s) => `a dispute broke out within ${s.actor ?? 'an armed group'}`,
  armed_clash: (s) =>
    s.actor && s.target ? `${s.actor} clashed with ${s.target}` : `${s.actor ?? 'armed groups'} fought`,
  assassination: (s) =>
    `${s.actor ?? 'unidentified perpetrators'} assassinated ${who(s, PEOPLE, targetPeople(s, 'a person'))}`,
  execution: (s) => `${s.actor ?? 'an armed group'} executed ${who(s, PEOPLE, targetPeople(s, 'people'))}`,
  arrest: (s) => `${s.actor ?? 'an armed group'} detained ${who(s, PEOPLE, targetPeople(s, 'people'))}`,
  airstrike: (s) =>
    `${s.actor ?? 'unidentified aircraft'} carried out air strikes${s.target ? ` on ${s.target}` : ''}`,
  shelling: (s) => `${s.actor ?? 'unidentified forces'} shelled ${s.target ?? 'the area'}`,
  property_destruction: (s) =>
    `${s.actor ?? 'an armed group'} destroyed or seized property${s.target ? ` of ${s.target}` : ''}`,
  self_harm: (s) => `${who(s, MEMBERS)}${ofGroup(s)} injured themselves to avoid fighting`,
  security_measures: (s) =>
    `${s.actor ?? 'an armed group'} imposed security measures (checkpoints, searches or closures)`,
  prisoner_release: (s) =>
    `${who(s, ['detainee', 'detainees'])} ${plural(s) ? 'were' : 'was'} released${s.actor ? ` by ${s.actor}` : ''}`,
  territory_change: (s) =>
    `${s.actor ?? 'an armed group'} took control${s.target ? ` from ${s.target}` : ''}`,
  bodies_found: (s) =>
    `${who(s, ['body', 'bodies'])} ${plural(s) ? 'were' : 'was'} found${s.named ? ' dead' : ''}`,
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The English summary of an event, in ACLED's style: "On 9 March 2018, Islamic State (ISIS) detained 5
 * people in Al-Mayadin (Deir ez-Zor, Syria). 3 killed."
 */
export function englishSummary(e: EventDTO, tables: ExportTables, options: ExportOptions = {}): string {
  const persons = e.persons.filter((p) => p.role !== 'source').map((p) => englishPerson(p, tables));
  const named = persons.length ? list(persons) : null;
  const count = amount(e.count);
  const slots = {
    actor: englishGroup(e.actor, tables),
    target: englishGroup(e.target, tables),
    named,
    count,
  };
  const clause = CLAUSES[e.type](slots);
  const place = englishPlace(e, tables);
  const areas = [...englishAdmins(e, tables)].reverse().filter((a): a is string => !!a && a !== place);
  const country = countryOf(tables, eventCountry(e, options)).name;
  const where = place ? ` in ${place} (${[...new Set([...areas, country])].join(', ')})` : ` in ${country}`;
  const parts = [`${datePhrase(e)}, ${clause}${where}.`];
  // Types whose clause has no room for persons still name them.
  if (named && !clause.includes(named)) parts.push(`Named: ${named}.`);
  if (named && count && count !== String(persons.length)) parts.push(`${capitalise(count)} people involved.`);
  const dead = fatalityCount(e);
  const deadText = amount(e.fatalities);
  if (dead > 0 && deadText) parts.push(`${capitalise(deadText)} killed.`);
  if (e.certainty === 'claimed') parts.push('(Claimed by a party.)');
  if (e.certainty === 'hedged') parts.push('(Reported with reservations.)');
  return parts.join(' ');
}
