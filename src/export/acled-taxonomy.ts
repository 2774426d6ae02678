/**
 * ACLED's data format as its codebook defines it: the columns of the public export (since the 2023
 * column changes), the event types with their sub-event types and disorder types, the actor types
 * ("inter" codes) and how two of them make an interaction. Pure data and pure functions.
 */

/** The columns of ACLED's export, in ACLED's order. */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

export type AcledColumn = (typeof ACLED_COLUMNS)[number];

const PV = 'Political violence';
const SD = 'Strategic developments';
const DEMO = 'Demonstrations';

/** event type → sub-event type → disorder type, in ACLED's hierarchy order. */
export const ACLED_TAXONOMY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Battles: {
    'Government regains territory': PV,
    'Non-state actor overtakes territory': PV,
    'Armed clash': PV,
  },
  Protests: {
    'Excessive force against protesters': `${PV}; ${DEMO}`,
    'Protest with intervention': DEMO,
    'Peaceful protest': DEMO,
  },
  Riots: { 'Violent demonstration': DEMO, 'Mob violence': PV },
  'Explosions/Remote violence': {
    'Chemical weapon': PV,
    'Air/drone strike': PV,
    'Suicide bomb': PV,
    'Shelling/artillery/missile attack': PV,
    'Remote explosive/landmine/IED': PV,
    Grenade: PV,
  },
  'Violence against civilians': {
    'Sexual violence': PV,
    Attack: PV,
    'Abduction/forced disappearance': PV,
  },
  'Strategic developments': {
    Agreement: SD,
    Arrests: SD,
    'Change to group/activity': SD,
    'Disrupted weapons use': SD,
    'Headquarters or base established': SD,
    'Looting/property destruction': SD,
    'Non-violent transfer of territory': SD,
    Other: SD,
  },
};

/** ACLED's actor types by inter code, as its current export writes them. */
export const INTER_LABELS: Readonly<Record<number, string>> = {
  1: 'State forces',
  2: 'Rebel group',
  3: 'Political militia',
  4: 'Identity militia',
  5: 'Rioters',
  6: 'Protesters',
  7: 'Civilians',
  8: 'External/Other forces',
};

export const CIVILIANS_INTER = 7;

/**
 * The interaction of two actor types: the lower code first ("17"), or the code and 0 for a one-sided
 * event ("20"); as text, "State forces-Civilians" or "Rebel group only" (78 is the one pair ACLED writes
 * with the higher type first).
 */
export function interactionOf(
  inter1: number | null,
  inter2: number | null,
): { code: string; label: string } | null {
  if (inter1 === null) return null;
  if (inter2 === null) return { code: `${inter1}0`, label: `${INTER_LABELS[inter1]} only` };
  const [lo, hi] = inter1 <= inter2 ? [inter1, inter2] : [inter2, inter1];
  const label =
    lo === 7 && hi === 8
      ? `${INTER_LABELS[8]}-${INTER_LABELS[7]}`
      : `${INTER_LABELS[lo]}-${INTER_LABELS[hi]}`;
  return { code: `${lo}${hi}`, label };
}

const DAY = 86_400_000;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * The date ACLED files an event under and its time precision (1 the day is known, 2 a week or a few
 * days, 3 a month or vaguer): a range is filed under its middle day, as ACLED does. An event without a
 * date of its own is filed under its report's publication date with precision 2 (it happened on or
 * shortly before that day).
 */
export function acledDate(e: {
  date: { start: string | null } | null;
  when: { start: string | null; end: string | null };
}): { date: string | null; precision: 1 | 2 | 3; days: number } {
  const { start, end } = e.when;
  if (!start) return { date: null, precision: 3, days: 0 };
  if (!e.date?.start) return { date: start, precision: 2, days: 1 };
  const days = end && end > start ? dayNumber(end) - dayNumber(start) + 1 : 1;
  if (days === 1) return { date: start, precision: 1, days };
  return {
    date: isoOfDay(dayNumber(start) + Math.floor((days - 1) / 2)),
    precision: days <= 10 ? 2 : 3,
    days,
  };
}
