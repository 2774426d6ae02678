/**
 * Rebuilds the persons of the knowledge base from every stored person mention and event person:
 * per document, the names one report links (a mention's canonical form and aliases, the persons of its
 * events) form one report of one person; resolvePersons joins reports across documents conservatively.
 * A full rebuild is simple and always consistent with the stored extractions (person ids are not
 * stable across rebuilds; the canonical name is).
 */
import { normalizeString } from '../text/normalize.js';
import type { Kysely, Transaction } from 'kysely';
import { personOrigin } from '../people/person-origin.js';
import { resolvePersons, type PersonReport } from '../people/resolve-persons.js';
import type { NisbaData } from '../resources/resources.js';
import type { Database } from './schema.js';

const BATCH = 400;
/** Parties that are not an armed group a person belongs to. */
const NOT_A_GROUP = new Set(['unknown', 'civilians']);

interface ReportLinks {
  mentionIds: number[];
  eventIds: number[];
}

/** One document's reports of persons: names linked within the document become one report. */
class DocumentPersons {
  readonly reports: Array<PersonReport & ReportLinks> = [];
  private readonly byName = new Map<string, PersonReport & ReportLinks>();

  constructor(
    private readonly documentId: string,
    private readonly published: string | null,
  ) {}

  /** The report that holds any of these names, created when none does; the names are added to it. */
  report(names: readonly string[]): PersonReport & ReportLinks {
    let report = names.map((n) => this.byName.get(n)).find((r) => r !== undefined);
    if (!report) {
      report = {
        documentId: this.documentId,
        names: [],
        titles: [],
        group: null,
        published: this.published,
        events: [],
        mentionIds: [],
        eventIds: [],
      };
      this.reports.push(report);
    }
    for (const n of names) {
      if (!n || report.names.includes(n)) continue;
      report.names.push(n);
      this.byName.set(n, report);
    }
    return report;
  }
}

const list = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);

/** Replaces the persons tables with a resolution of every stored mention; returns the person count. */
/** The canonical name and aliases, normalised, one per line: what a name filter matches. */
export function personNamesNorm(canonical: string, aliases: readonly string[]): string {
  return [...new Set([canonical, ...aliases].map((n) => normalizeString(n).toLowerCase()))].join('\n');
}

export async function rebuildPersons(
  db: Kysely<Database>,
  nisbas: ReadonlyMap<string, NisbaData>,
): Promise<number> {
  const docs = new Map<number, DocumentPersons>();
  const published = new Map(
    (await db.selectFrom('documents').select(['id', 'published']).execute()).map((d) => [d.id, d.published]),
  );
  const doc = (id: number) => {
    let d = docs.get(id);
    if (!d) docs.set(id, (d = new DocumentPersons(String(id), published.get(id) ?? null)));
    return d;
  };
  const mentions = await db
    .selectFrom('mentions')
    .select(['id', 'document_id', 'text', 'canonical', 'aliases_json', 'title'])
    .where('kind', '=', 'person')
    .orderBy('id')
    .execute();
  for (const m of mentions) {
    const report = doc(m.document_id).report([m.canonical ?? m.text, ...list(m.aliases_json)]);
    report.mentionIds.push(m.id);
    if (m.title && !report.titles.includes(m.title)) report.titles.push(m.title);
  }
  const eventPersons = await db
    .selectFrom('event_persons')
    .innerJoin('events', 'events.id', 'event_persons.event_id')
    .select([
      'event_persons.event_id',
      'event_persons.person_name',
      'event_persons.aliases_json',
      'event_persons.title',
      'event_persons.role',
      'events.type',
      'events.actor',
      'events.target',
      'events.document_id',
    ])
    .orderBy('event_persons.event_id')
    .orderBy('event_persons.position')
    .execute();
  for (const p of eventPersons) {
    const report = doc(p.document_id).report([p.person_name, ...list(p.aliases_json)]);
    if (!report.eventIds.includes(p.event_id)) report.eventIds.push(p.event_id);
    report.events.push({ type: p.type, role: p.role });
    if (p.title && !report.titles.includes(p.title)) report.titles.push(p.title);
    // The party a person belongs to: the acting side for those who act or defect, the side acted on
    // for victims.
    const group =
      p.role === 'victim' ? p.target : p.role === 'perpetrator' || p.role === 'subject' ? p.actor : null;
    if (!report.group && group && !NOT_A_GROUP.has(group)) report.group = group;
  }
  const reports = [...docs.values()].flatMap((d) => d.reports);
  const persons = resolvePersons(reports);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('person_events').execute();
    await trx.deleteFrom('person_mentions').execute();
    await trx.deleteFrom('persons').execute();
    const links: { mentions: Array<[number, number]>; events: Array<[number, number]> } = {
      mentions: [],
      events: [],
    };
    for (const person of persons) {
      const origin = personOrigin([person.canonical, ...person.aliases], nisbas);
      const { id } = await trx
        .insertInto('persons')
        .values({
          canonical: person.canonical,
          aliases_json: JSON.stringify(person.aliases),
          titles_json: JSON.stringify(person.titles),
          group_id: person.groups[0] ?? null,
          origin: origin.origin,
          nationality: origin.nationality,
          documents_count: person.documents.length,
          names_norm: personNamesNorm(person.canonical, person.aliases),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const own = person.reports.map((k) => reports[k]!);
      for (const m of new Set(own.flatMap((r) => r.mentionIds))) links.mentions.push([id, m]);
      for (const e of new Set(own.flatMap((r) => r.eventIds))) links.events.push([id, e]);
    }
    await insertLinks(trx, links);
  });
  return persons.length;
}

async function insertLinks(
  trx: Transaction<Database>,
  links: { mentions: Array<[number, number]>; events: Array<[number, number]> },
): Promise<void> {
  for (let i = 0; i < links.mentions.length; i += BATCH) {
    const rows = links.mentions
      .slice(i, i + BATCH)
      .map(([person_id, mention_id]) => ({ person_id, mention_id }));
    await trx.insertInto('person_mentions').values(rows).execute();
  }
  for (let i = 0; i < links.events.length; i += BATCH) {
    const rows = links.events.slice(i, i + BATCH).map(([person_id, event_id]) => ({ person_id, event_id }));
    // One event may name two reports that resolve to one person: keep one link.
    await trx
      .insertInto('person_events')
      .values(rows)
      .onConflict((oc) => oc.columns(['person_id', 'event_id']).doNothing())
      .execute();
  }
}
