import type { DocumentResult, EntityOut, ExtractedEvent, PlaceMention } from './types.js';
import type { Resources } from './resources/resources.js';
import { analyzeText } from './text/analyze-text.js';
import { findPhrases, phraseWords } from './mentions/phrase-index.js';
import { findGroups, NON_ENTITY_GROUPS } from './mentions/groups.js';
import { findPlaces, type CandidateTrace, type PlaceContext } from './mentions/places.js';
import type { TextDoc } from './text/analyze-text.js';
import { findPersons } from './mentions/persons.js';
import { findNumbers } from './mentions/numbers.js';
import { findDates, findPublicationDate } from './mentions/dates.js';
import { assembleEvents } from './events/assemble-events.js';
import type { CueHit, EventContext } from './events/context.js';

const SITE_WORDS = /^(سجن|محطة|محطه|مخيم|معبر|منفذ|دوار|جسر|سد) /;

export interface ExtractOptions {
  /** Document id reported in the output (the file name for `marsad extract`). */
  id?: string;
  /** Publication date (YYYY-MM-DD); found in the article header when not given. */
  published?: string | null;
}

/** Outlets, groups and places of a document, in the order that lets each mask the next. */
function placesOf(doc: TextDoc, resources: Resources, trace?: PlaceContext['trace']) {
  const lex = resources.lexicons;
  // Outlet names are masked first: "الرقة تذبح بصمت" names no place.
  const outlets = findPhrases(doc.tokens, lex.outlets, () => true, doc.cache);
  const masked = new Uint8Array(doc.tokens.length);
  for (const o of outlets) masked.fill(1, o.tokenStart, o.tokenEnd);
  const groups = findGroups(doc, lex, (i) => masked[i] === 1);
  const groupMask = masked.slice();
  for (const g of groups) groupMask.fill(1, g.tokenStart, g.tokenEnd);
  const places = findPlaces(doc, {
    gazetteer: resources.gazetteer,
    lexicons: lex,
    masked: (i) => groupMask[i] === 1,
    ambiguous: resources.ambiguousPlaces,
    ...(trace ? { trace } : {}),
  });
  return { outlets, masked, groups, groupMask, places };
}

/** The places a text names, with the ranked candidates behind each (for `marsad geocode`). */
export function geocode(
  text: string,
  resources: Resources,
): Array<{ mention: PlaceMention; candidates: readonly CandidateTrace[] }> {
  const traces = new Map<PlaceMention, readonly CandidateTrace[]>();
  const { places } = placesOf(analyzeText(text), resources, (m, c) => traces.set(m, c));
  return places.map((mention) => ({ mention, candidates: traces.get(mention) ?? [] }));
}

/** Extracts the events and entities of one Arabic article. Pure: same text and resources, same output. */
export function extract(text: string, options: ExtractOptions, resources: Resources): DocumentResult {
  const doc = analyzeText(text);
  const lex = resources.lexicons;
  const published = options.published ?? findPublicationDate(doc, resources.dates)?.date ?? null;
  const { outlets, masked, groups, groupMask, places } = placesOf(doc, resources);
  const isMasked = (i: number) => masked[i] === 1;
  // Groups inside a place name ("ولاية الفرات" is a group, but "مطار الطبقة" is a place): places win only
  // over generic group words.
  const personMask = groupMask.slice();
  for (const p of places) personMask.fill(1, p.tokenStart, p.tokenEnd);
  const placeNames = new Set(places.map((p) => phraseWords(p.name).join(' ')));
  const persons = findPersons(doc, {
    lexicons: lex,
    masked: (i) => personMask[i] === 1,
    stopwords: resources.nameStopwords,
    placeNames,
  });
  // Numbers and dates matter only as arguments of events: read them in the sentences that have a
  // trigger word and the two before (whose dates the story may carry on).
  const eventful = new Uint8Array(doc.sentences.length);
  for (const m of findPhrases(doc.tokens, lex.triggers, () => true, doc.cache)) {
    const s = doc.sentenceOf[m.tokenStart]!;
    eventful.fill(1, Math.max(0, s - 2), s + 1);
  }
  const wanted = (i: number) => eventful[doc.sentenceOf[i]!] === 1;
  // "دير الزور 24" is an outlet, not twenty-four of anything.
  const numbers = findNumbers(doc, resources.numbers, wanted).filter((n) => !isMasked(n.tokenStart));
  const dates = findDates(doc, published, resources.dates, wanted);

  const cues: CueHit[] = findPhrases(doc.tokens, lex.cues, () => true, doc.cache).map((m) => ({
    kind: m.entry.data.kind,
    entry: m.entry.id,
    tokenStart: m.tokenStart,
    tokenEnd: m.tokenEnd,
    window: m.entry.data.window,
  }));
  // "قد" before an imperfect verb is "may": a possibility, not an occurrence.
  for (let i = 0; i + 1 < doc.tokens.length; i++) {
    if (/^و?قد$/.test(doc.tokens[i]!.text) && /^[يت]/.test(doc.tokens[i + 1]!.text)) {
      cues.push({ kind: 'future', entry: 'rule:qad-imperfect', tokenStart: i, tokenEnd: i + 2, window: 6 });
    }
  }
  cues.sort((a, b) => a.tokenEnd - b.tokenEnd);
  const counts = new Map<string, number>();
  for (const g of groups) if (!g.resolved) counts.set(g.id, (counts.get(g.id) ?? 0) + 1);
  const mainGroup =
    groups.find((g) => g.resolved)?.id ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'isis';
  // Argument search relies on position order (binary search in inSeg).
  const byStart = (
    a: { tokenStart: number; tokenEnd: number },
    b: { tokenStart: number; tokenEnd: number },
  ) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd;
  for (const list of [groups, places, persons, numbers, dates] as Array<
    Array<{ tokenStart: number; tokenEnd: number }>
  >)
    list.sort(byStart);
  const ctx: EventContext = {
    doc,
    lex,
    gazetteer: resources.gazetteer,
    groups,
    places,
    persons,
    numbers,
    dates,
    mainGroup,
    published,
    cues,
    cueWindow: cues.reduce((w, c) => Math.max(w, c.window), 0),
    allHits: [],
  };
  const events: ExtractedEvent[] = assembleEvents(ctx);

  const entities: EntityOut[] = [];
  const seenPerson = new Set<string>();
  for (const p of persons) {
    if (seenPerson.has(p.name)) continue;
    seenPerson.add(p.name);
    entities.push({
      type: 'person',
      text: p.text,
      canonical: p.name,
      aliases: p.aliases,
      title: p.title,
      start: p.start,
      end: p.end,
      rule: p.rule,
      ...(p.entry ? { entry: p.entry } : {}),
    });
  }
  for (const p of places) {
    if (p.rule === 'place.anaphor') continue;
    const pl = p.place ?? p.parentPlace;
    // "سجن الملعب الأسود", "معبر أبو الزندين": the site also answers to the name it is built on.
    const bare = p.name.replace(SITE_WORDS, '');
    entities.push({
      type: 'place',
      text: p.text,
      canonical: p.name,
      ...(bare !== p.name && bare ? { name: bare } : {}),
      lat: pl?.lat ?? null,
      lon: pl?.lon ?? null,
      start: p.start,
      end: p.end,
      rule: p.rule,
      ...(p.entry ? { entry: p.entry } : {}),
    });
  }
  for (const g of groups) {
    if (NON_ENTITY_GROUPS.has(g.id)) continue;
    entities.push({
      type: 'group',
      text: g.text,
      id: g.id,
      start: g.start,
      end: g.end,
      rule: g.rule,
      ...(g.entry ? { entry: g.entry } : {}),
    });
  }
  const outlet =
    outlets.find((o) => doc.sentenceOf[o.tokenStart]! <= 2)?.entry.data.name.replace(/_/g, ' ') ?? null;
  return { id: options.id ?? 'doc', published, outlet, events, entities };
}
