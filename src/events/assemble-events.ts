import { adminAreas } from './admin-areas.js';
import { cleanName } from '../text/normalize.js';
import type {
  EventType,
  ExtractedEvent,
  LocationArg,
  NumberMention,
  PersonMention,
  Place,
  PlaceMention,
} from '../types.js';
import { clauseOf, inSeg, sentenceSeg, type EventContext } from './context.js';
import { findTriggers, type TriggerHit } from './find-triggers.js';
import {
  chargesIn,
  countFor,
  dateFor,
  directionOf,
  objectGroup,
  ownMembers,
  personsIn,
  placeFor,
  placeUsable,
  civilianVictims,
  contextDate,
  subjectGroup,
  type PlaceChoice,
} from './arguments.js';

/** Types whose reports describe one batch over time: mentions across an article are one event. */
const BATCH_TYPES = new Set<EventType>(['defection', 'self_harm', 'insubordination', 'internal_dispute']);
const KILLING_TYPES = new Set<EventType>([
  'assassination',
  'execution',
  'armed_clash',
  'airstrike',
  'shelling',
]);
const MAX_EVIDENCE = 600;
const FRESH_OPENERS = new Set(['كما', 'فيما', 'بينما']);
/** Sentence openers that announce another story: "وفي سياق متصل", "من جهة أخرى", "في سياق منفصل". */
const NEW_TOPIC = /^(و?في|و?علي|و?من|و?ب)?\s*(سياق|صعيد|جهه|ذات)/;
function opensNewTopic(ctx: EventContext, s: number): boolean {
  const sent = ctx.doc.sentences[s]!;
  return NEW_TOPIC.test(
    ctx.doc.norm.text.slice(
      ctx.doc.tokens[sent.tokenStart]!.start,
      ctx.doc.tokens[Math.min(sent.tokenEnd, sent.tokenStart + 3) - 1]!.end,
    ),
  );
}
const ANAPHORIC = new Set(['هذه', 'هذا', 'تلك', 'ذلك', 'هاتين', 'هذين']);
/** Lines that are page furniture, not report: a source link, share and subscribe prompts. */
const BOILERPLATE = /^(المصدر|مصدر|اقرا ايضا|اقرا المزيد|للمزيد|انشر|شارك|اشترك|تابعونا|الرابط|رابط)/;

interface Candidate {
  type: EventType;
  anchor: TriggerHit;
  hits: TriggerHit[];
  kills: TriggerHit[];
  place: PlaceChoice | null;
  direction: string | null;
  sentences: Set<number>;
  /** The last of `sentences` and the persons named in them (not sources), kept as sentences are added. */
  last: number;
  people: PersonMention[];
  clusters: Set<number>;
  rules: string[];
  /** Introduced as another occurrence ("كما استهدف …", "وفي سياق متصل …"): never a retelling. */
  fresh?: boolean;
}

function ancestorsOf(ctx: EventContext, m: PlaceMention): Place[] {
  const out: Place[] = [];
  if (m.place) out.push(...ctx.gazetteer.ancestors(m.place));
  if (m.parentPlace) out.push(m.parentPlace, ...ctx.gazetteer.ancestors(m.parentPlace));
  return out;
}

function sameOrContains(ctx: EventContext, a: PlaceMention, b: PlaceMention): boolean {
  if (a.name === b.name) return true;
  if (a.place && b.place && a.place.id === b.place.id) return true;
  const inA = (p: Place | null) => !!p && ancestorsOf(ctx, a).some((x) => x.id === p.id);
  const inB = (p: Place | null) => !!p && ancestorsOf(ctx, b).some((x) => x.id === p.id);
  return inA(b.place) || inB(a.place);
}

/** Two candidates can be one event when nothing about their place or people tells them apart. */
function compatible(ctx: EventContext, a: Candidate, b: Candidate, lenientUnknown: boolean): boolean {
  if (a.type !== b.type) return false;
  if (a.direction && b.direction && a.direction !== b.direction) return false;
  if (a.place && b.place && a.place.exact && b.place.exact) {
    const ma = a.place.mention;
    const mb = b.place.mention;
    if (!sameOrContains(ctx, ma, mb)) {
      const unknown = !ma.place || !mb.place;
      if (!(lenientUnknown && unknown)) return false;
      // An unknown village told with its parent ("بير الملح في قرى الشعيطات") is compared at the parent.
      const pa = ma.place ?? ma.parentPlace;
      const pb = mb.place ?? mb.parentPlace;
      if (pa && pb && pa.id !== pb.id) {
        const up = (p: Place) => [p, ...ctx.gazetteer.ancestors(p)].map((x) => x.id);
        if (!up(pa).includes(pb.id) && !up(pb).includes(pa.id)) return false;
      }
    }
  }
  const pa = a.clusters;
  if (pa.size && b.people.length && !b.people.some((p) => pa.has(p.cluster))) return false;
  return true;
}

/**
 * Adds a sentence to a candidate with its persons. Incremental, so that a batch told in thousands of
 * sentences is not re-read at each one.
 */
function addSentence(ctx: EventContext, c: Candidate, s: number): void {
  if (c.sentences.has(s)) return;
  c.sentences.add(s);
  c.last = Math.max(c.last, s);
  for (const p of personsIn(ctx, ctx.doc.sentences[s]!)) {
    if (isSource(ctx, p)) continue;
    c.people.push(p);
    c.clusters.add(p.cluster);
  }
}

/** Journalists, activists and quoted speakers are sources, not participants. */
function isSource(ctx: EventContext, p: PersonMention): boolean {
  if (p.rule === 'person.title' || p.entry?.startsWith('t-2') === true) return true;
  const next = ctx.doc.tokens[p.tokenEnd];
  const prev = ctx.doc.tokens[p.tokenStart - 1];
  const speech = /^(قال|قالت|اكد|اكدت|ذكر|ذكرت|اضاف|افاد|اوضح|صرح|يتحدث|نقل)$/;
  return (
    (!!next && (speech.test(next.text) || next.text === 'احد')) ||
    (!!prev && speech.test(prev.text)) ||
    p.rule === 'person.byline'
  );
}

function merge(ctx: EventContext, into: Candidate, from: Candidate, rule: string): void {
  // Pushed one by one: spreading a batch of thousands of hits as arguments overflows the stack.
  for (const h of from.hits) into.hits.push(h);
  for (const h of from.kills) into.kills.push(h);
  for (const s of from.sentences) addSentence(ctx, into, s);
  if (!into.place || (!into.place.exact && from.place?.exact)) into.place = from.place;
  into.direction ??= from.direction;
  into.rules.push(rule);
}

function newCandidate(ctx: EventContext, type: EventType, hit: TriggerHit): Candidate {
  const place = placeFor(ctx, hit);
  const c: Candidate = {
    type,
    anchor: hit,
    hits: [hit],
    kills: [],
    place,
    direction: place ? directionOf(ctx, place.mention) : null,
    sentences: new Set(),
    last: -1,
    people: [],
    clusters: new Set(),
    rules: [...hit.rules],
  };
  addSentence(ctx, c, hit.sentence);
  return c;
}

/** Index of the first hit (sorted by tokenStart) that starts after token `after`. */
function firstHitAfter(hits: readonly TriggerHit[], after: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.tokenStart <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Groups trigger hits into events: one per incident and per distinct place. */
export function assembleEvents(ctx: EventContext): ExtractedEvent[] {
  const hits = findTriggers(ctx);
  ctx.allHits = hits;
  const events: Candidate[] = [];
  const bySentence = new Map<number, TriggerHit[]>();
  for (const h of hits) {
    const list = bySentence.get(h.sentence);
    if (list) list.push(h);
    else bySentence.set(h.sentence, [h]);
  }
  const sentenceIds = [...bySentence.keys()].sort((a, b) => a - b);

  const tail = furnitureFrom(ctx);
  // Computed once: the first line is the same for every sentence.
  const headline = headlineEnd(ctx);
  for (const s of sentenceIds) {
    if (
      s >= tail ||
      ctx.doc.sentences[s]!.rawStart < headline ||
      BOILERPLATE.test(ctx.doc.norm.text.slice(ctx.doc.tokens[ctx.doc.sentences[s]!.tokenStart]!.start))
    )
      continue;
    const sh = bySentence.get(s)!;
    const local: Candidate[] = [];
    for (const h of sh) {
      if (h.type === 'kill' || !h.primary) continue;
      // "هذه الانشقاقات": these defections were told already.
      if (ANAPHORIC.has(ctx.doc.tokens[h.tokenStart - 1]?.text ?? '')) {
        const told =
          [...local].reverse().find((o) => o.type === h.type) ??
          [...events].reverse().find((o) => o.type === h.type);
        if (told) {
          told.hits.push(h);
          told.rules.push('event.anaphoric');
          continue;
        }
      }
      const c = newCandidate(ctx, h.type, h);
      const clauseOpener = ctx.doc.tokens[clauseOf(ctx, h.tokenStart).tokenStart]!.text;
      const fresh =
        FRESH_OPENERS.has(clauseOpener) && !/^(معه|معهم)$/.test(ctx.doc.tokens[h.tokenEnd]?.text ?? '');
      c.fresh = fresh || opensNewTopic(ctx, s);
      const target = local.find((o) => compatible(ctx, o, c, false));
      const separate = fresh && !['plural', 'weak'].includes(h.strength) && !samePlace(ctx, target, c);
      if (target && !separate) merge(ctx, target, c, 'event.merge-sentence');
      else local.push(c);
    }
    // Weak hits of a type seen in the sentence join it; killings join the nearest violent event.
    for (const h of sh.filter((x) => x.type === 'kill')) {
      const near = local
        .filter((c) => KILLING_TYPES.has(c.type))
        .sort(
          (a, b) =>
            Math.abs(a.anchor.tokenStart - h.tokenStart) - Math.abs(b.anchor.tokenStart - h.tokenStart),
        )[0];
      if (near) {
        near.kills.push(h);
        continue;
      }
      const prev = events
        .filter((c) => KILLING_TYPES.has(c.type) && (c.sentences.has(s - 1) || c.sentences.has(s - 2)))
        .pop();
      const groupHere = inSeg(ctx.groups, clauseOf(ctx, h.tokenStart)).some(
        (g) => g.id !== 'unknown' && g.tokenEnd <= h.tokenStart,
      );
      if (prev && !groupHere) {
        prev.kills.push(h);
        addSentence(ctx, prev, s);
        continue;
      }
      const sentence = sentenceSeg(ctx, h.tokenStart);
      const byUnknown = inSeg(ctx.groups, sentence).some(
        (g) => g.id === 'unknown' || g.id === 'popular_resistance',
      );
      const named = personsIn(ctx, clauseOf(ctx, h.tokenStart)).filter((p) => !isSource(ctx, p)).length > 0;
      // Killed "بتهمة …" or "تحت التعذيب" by a group: put to death by those who held them.
      const clauseText = ctx.doc.tokens
        .slice(clauseOf(ctx, h.tokenStart).tokenStart, clauseOf(ctx, h.tokenStart).tokenEnd)
        .map((t) => t.text);
      const judicial = clauseText.some(
        (w, k) => /^(و)?(بتهمه|بحجه)$/.test(w) || (w === 'تحت' && clauseText[k + 1] === 'التعذيب'),
      );
      if (judicial && !byUnknown) {
        const c = newCandidate(ctx, 'execution', h);
        c.kills.push(h);
        c.rules.push('event.kill-accused');
        const other = local.find((o) => compatible(ctx, o, c, false));
        if (other) merge(ctx, other, c, 'event.merge-sentence');
        else local.push(c);
        continue;
      }
      if (byUnknown || named) {
        const c = newCandidate(ctx, 'assassination', h);
        c.kills.push(h);
        c.rules.push(byUnknown ? 'event.kill-by-unknown' : 'event.kill-named-victim');
        const other = local.find((o) => compatible(ctx, o, c, false));
        if (other) merge(ctx, other, c, 'event.merge-sentence');
        else local.push(c);
      }
    }
    // A raid that arrests people is the arrest ("حملة مداهمات … اعتقلت خلالها").
    for (const raid of local.filter((c) => c.type === 'security_measures' && isRaid(ctx, c.anchor))) {
      const arrest = local.find((c) => c.type === 'arrest');
      if (arrest) {
        // The raid names the places ("مداهمات في بلدتي ذيبان والحوايج، اعتقلت خلالها"): it leads.
        merge(ctx, raid, arrest, 'event.raid-is-arrest');
        raid.type = 'arrest';
        local.splice(local.indexOf(arrest), 1);
      }
    }
    // A body found in a sentence that speaks of assassinations is that assassination.
    for (const b of local.filter((c) => c.type === 'bodies_found')) {
      const a = local.find((c) => c.type === 'assassination');
      if (a) {
        merge(ctx, a, b, 'event.body-is-assassination');
        local.splice(local.indexOf(b), 1);
      }
    }
    local.push(...local.flatMap((c) => splitByPlace(ctx, c, sh)));
    // Across sentences: the same incident told again, or a batch told in several places.
    // The events of earlier sentences: the first `told` of `events`, less those this sentence took over.
    const told = events.length;
    const taken = new Set<Candidate>();
    for (const c of local) {
      // A place split off a list is a new target: it never retells an earlier event.
      const splitOff = c.rules.includes('event.split-place');
      // An unknown place may be the same as a known one only in a retelling ("المنازل التي هدمها").
      const retelling = retells(ctx, c.anchor);
      const retold = (e: Candidate) => {
        if (e.type !== c.type || splitOff) return false;
        if (c.fresh && !BATCH_TYPES.has(c.type)) return false;
        // A batch told again far away joins only when neither telling names people.
        const far = s - e.last > 1;
        const near = !far || (BATCH_TYPES.has(c.type) && !c.people.length && !e.people.length);
        return (
          near &&
          compatible(ctx, e, c, retelling || !c.place?.exact || BATCH_TYPES.has(c.type)) &&
          !(
            c.place?.exact &&
            e.place?.exact &&
            !sameOrContainsChoice(ctx, e, c) &&
            !BATCH_TYPES.has(c.type) &&
            !!c.place.mention.place &&
            !!e.place.mention.place
          )
        );
      };
      let prev: Candidate | undefined;
      for (let k = told - 1; k >= 0 && !prev; k--) {
        const e = events[k]!;
        if (!taken.has(e) && retold(e)) prev = e;
      }
      if (prev && narrower(ctx, c, prev)) {
        // "غارات على ريف إدلب" then "قصفت كفرنبل وحاس": the specific telling is the event.
        merge(ctx, c, prev, 'event.specialise');
        c.anchor = c.hits[0]!;
        events.splice(events.indexOf(prev), 1, c);
        taken.add(c);
      } else if (prev) merge(ctx, prev, c, 'event.merge-across-sentences');
      else events.push(c);
    }
  }
  return events
    .map((c) => finish(ctx, c))
    .sort((a, b) => a.evidence.start - b.evidence.start || a.trigger.start - b.trigger.start);
}

/** The first line of an article, short and standing alone, is its headline: it repeats the body. */
/**
 * Where the page furniture after the report starts: the run of short lines without end punctuation
 * that follows the last full paragraph (related headlines, share and subscribe prompts).
 */
function furnitureFrom(ctx: EventContext): number {
  const sents = ctx.doc.sentences;
  const raw = ctx.doc.raw;
  let lastLong = -1;
  for (const s of sents) if (s.tokenEnd - s.tokenStart >= 20) lastLong = s.index;
  let k = lastLong + 1;
  while (k < sents.length) {
    const s = sents[k]!;
    const text = raw.slice(s.rawStart, s.rawEnd).trim();
    if (s.tokenEnd - s.tokenStart > 15 || /[.!؟?:]$/.test(text)) return sents.length;
    k++;
  }
  // Only a run of two or more such lines is furniture: one short last line may be the report's end.
  return sents.length - (lastLong + 1) >= 2 ? lastLong + 1 : sents.length;
}

/** Where the headline ends (sentences starting before it are the headline), or 0 when there is none. */
function headlineEnd(ctx: EventContext): number {
  const raw = ctx.doc.raw;
  const start = raw.search(/\S/);
  const lineEnd = raw.indexOf('\n', start);
  if (start < 0 || lineEnd < 0) return 0;
  const line = raw.slice(start, lineEnd);
  const tokens = ctx.doc.tokens.filter((t) => t.rawStart >= start && t.rawEnd <= lineEnd).length;
  return tokens <= 20 && !/[.]\s*$/.test(line) && /^\n[ \t\r]*\n/.test(raw.slice(lineEnd)) ? lineEnd : 0;
}

/**
 * One event per distinct place: "غارات على حقل التنك، وقبله حقل العمر … وبير الملح" are three strikes.
 * Places after the trigger (up to the next trigger) that are not the parent of one before are split off.
 */
function splitByPlace(ctx: EventContext, c: Candidate, sentenceHits: readonly TriggerHit[]): Candidate[] {
  if (BATCH_TYPES.has(c.type) || c.type === 'security_measures' || !c.place?.exact) return [];
  const a = c.anchor;
  const own = new Set([...c.hits, ...c.kills]);
  const next = sentenceHits.find(
    (h) => h.primary && h.type !== 'kill' && h.tokenStart >= a.tokenEnd && !own.has(h),
  );
  // The list runs on through the clauses that continue the trigger's (a time adverbial, "وفي …"), and
  // stops at a clause of its own ("حيث …", "ما أدى إلى …") or where people were taken ("إلى …").
  const sent = ctx.doc.sentences[a.sentence]!;
  let k = sent.clauses.findIndex((cl) => a.tokenStart >= cl.tokenStart && a.tokenStart < cl.tokenEnd);
  while (k + 1 < sent.clauses.length && continuesList(ctx, sent.clauses[k + 1]!.tokenStart)) k++;
  const clauseEnd = k >= 0 ? sent.clauses[k]!.tokenEnd : sent.tokenEnd;
  let limit = Math.min(next ? next.tokenStart : sent.tokenEnd, clauseEnd);
  for (let t = a.tokenEnd; t < limit; t++) if (/^(الي|نحو|باتجاه)$/.test(ctx.doc.tokens[t]!.text)) limit = t;
  // "طالت شبانا من أبناء بلدة X": where people come from is not another target.
  const origin = (p: PlaceMention) =>
    /^(ابناء|اهالي|سكان|اهل|من)$/.test(ctx.doc.tokens[p.tokenStart - 1]?.text ?? '') ||
    /^(ابناء|اهالي|سكان|اهل)$/.test(ctx.doc.tokens[p.tokenStart - 2]?.text ?? '');
  const ps = inSeg(ctx.places, { tokenStart: a.tokenEnd, tokenEnd: limit, rawStart: 0, rawEnd: 0 }).filter(
    (p) => !origin(p) && placeUsable(ctx, p) && p.place?.kind !== 'country',
  );
  const kept: PlaceMention[] = [];
  for (const p of ps) {
    // "ناحية شيه (الشيخ حديد)": a bracketed name right after a place is its other name.
    const prev = kept[kept.length - 1];
    if (prev && ctx.doc.tokens[p.tokenStart - 1]?.text === '(' && prev.tokenEnd === p.tokenStart - 1)
      continue;
    // A place that contains one already listed is its parent ("… في بادية دير الزور"), not another
    // target; one inside a listed place may still be another target ("هجين والشعفة").
    if (
      kept.some(
        (k) => k.name === p.name || (!!p.place && ancestorsOf(ctx, k).some((a) => a.id === p.place!.id)),
      )
    )
      continue;
    kept.push(p);
  }
  if (kept.length < 2) return [];
  // "الطريق بين مدينتي القامشلي وعامودا" places one event between two towns.
  const before = ctx.doc.tokens
    .slice(Math.max(0, kept[0]!.tokenStart - 2), kept[0]!.tokenStart + 1)
    .map((t) => t.text);
  if (before.includes('بين')) return [];
  c.place = { mention: kept[0]!, exact: true };
  return kept.slice(1).map((p) => ({
    ...c,
    hits: [...c.hits],
    kills: [],
    sentences: new Set(c.sentences),
    people: [...c.people],
    clusters: new Set(c.clusters),
    place: { mention: p, exact: true },
    direction: directionOf(ctx, p),
    rules: [...c.rules, 'event.split-place'],
  }));
}

/** "عناصر التنظيم" named in the sentence: the victims are the actor's own members. */
function membersOf(ctx: EventContext, hit: TriggerHit, actor: string | null): boolean {
  return inSeg(ctx.groups, sentenceSeg(ctx, hit.tokenStart)).some(
    (g) =>
      g.id === actor &&
      /عناصر|مقاتلي|اعضاء/.test(
        ctx.doc.norm.text.slice(
          ctx.doc.tokens[Math.max(0, g.tokenStart - 2)]!.start,
          ctx.doc.tokens[g.tokenEnd - 1]!.end,
        ),
      ),
  );
}

function isRaid(ctx: EventContext, h: TriggerHit): boolean {
  return /داهم|دهم/.test(ctx.doc.tokens[h.tokenStart]!.text);
}

function clashSides(ctx: EventContext, hit: TriggerHit): [string | null, string | null] | null {
  const toks = ctx.doc.tokens;
  const clause = clauseOf(ctx, hit.tokenStart);
  for (let k = hit.tokenEnd; k < Math.min(clause.tokenEnd, hit.tokenEnd + 4); k++) {
    const w = toks[k]!.text;
    if (w !== 'بين' && w !== 'مع') continue;
    const after = inSeg(ctx.groups, clause).filter((g) => g.tokenStart > k);
    if (!after.length) return null;
    // "بين فصيلي السلطان مراد والحمزات": both sides may be of one group (infighting).
    if (w === 'بين')
      return [after[0]!.id, (after.find((g) => g.id !== after[0]!.id) ?? after[1])?.id ?? null];
    const subject = inSeg(ctx.groups, sentenceSeg(ctx, hit.tokenStart))
      .filter((g) => g.tokenEnd <= hit.tokenStart && !g.governed && g.id !== after[0]!.id)
      .pop();
    return [subject?.id ?? null, after[0]!.id];
  }
  return null;
}

const PEOPLE_TYPES = new Set<EventType>([
  'arrest',
  'assassination',
  'execution',
  'defection',
  'self_harm',
  'prisoner_release',
]);
const SINGULAR =
  /^(و|ب|ل)?(ال)?(عنصر|عنصرا|شاب|شابا|رجل|رجلا|امراه|سيده|طفل|طفلا|قيادي|قياديا|امير|اميرا|مدني|مدنيا|ناشط|ناشطا|شخص|شخصا|شقيقه|شقيقها|والده|والدها|ابن|ابنه|نجل|نجله|مسوول|مسوولا|القيادي|الناشط|المدعو|المدعوه|الشاب|عضو|عضوا)$/;

/** One person acted on: a singular noun right after the trigger, or a singular pronoun on it. */
function singular(ctx: EventContext, hit: TriggerHit): boolean {
  const toks = ctx.doc.tokens;
  const trigger = toks[hit.tokenEnd - 1]!.text;
  if (hit.verbal && /(ه|ها)$/.test(trigger) && !/(هم|هما)$/.test(trigger)) return true;
  for (let k = hit.tokenEnd; k < Math.min(toks.length, hit.tokenEnd + 3); k++)
    if (SINGULAR.test(toks[k]!.text)) return true;
  // "أقدم عنصر … على إطلاق النار على قدمه": one who acts on himself.
  return /(نفسه|قدمه|يده|ساقه|رجله)$/.test(trigger);
}

/** A number mention standing for the trigger itself (used when the count is implied). */
function hitNumber(ctx: EventContext, hit: TriggerHit): NumberMention {
  const t = ctx.doc.tokens[hit.tokenStart]!;
  return {
    kind: 'number',
    start: t.rawStart,
    end: ctx.doc.tokens[hit.tokenEnd - 1]!.rawEnd,
    text: ctx.doc.raw.slice(t.rawStart, ctx.doc.tokens[hit.tokenEnd - 1]!.rawEnd),
    tokenStart: hit.tokenStart,
    tokenEnd: hit.tokenEnd,
    min: 1,
    max: 1,
    vague: false,
    rule: 'count.implied-one',
  };
}

/** A clause that goes on with the list: not a clause of its own with an opener or a consequence. */
function continuesList(ctx: EventContext, start: number): boolean {
  const w = ctx.doc.tokens[start]!.text;
  if (/^(حيث|كما|فيما|بينما|ثم|اذ|ما|مما|وذلك|بحسب|حسب|وفق|وفقا|واضاف|وقال|واكد|مشيرا|مضيفا|فيما)$/.test(w))
    return false;
  return true;
}

/** The group named as the one the people belong to: "عنصر في X", "عنصرين من X", "عناصر X". */
function membersGroup(ctx: EventContext, hit: TriggerHit): string | null {
  const sent = sentenceSeg(ctx, hit.tokenStart);
  const toks = ctx.doc.tokens;
  const memberish =
    /^(و)?(ال)?(عنصر|عنصرا|عناصر|عنصرين|عنصران|مقاتل|مقاتلين|مقاتلي|مقاتلو|قيادي|قياديا|قيادات|امير|اميرا|ضابط|ضباط|جندي|جنود|مجند|مجندين|منتسبي|افراد)$/;
  for (const g of inSeg(ctx.groups, sent)) {
    if (g.tokenStart > hit.tokenStart + 6 || g.id === 'unknown' || g.id === 'civilians') continue;
    const prev = toks[g.tokenStart - 1]?.text ?? '';
    const prev2 = toks[g.tokenStart - 2]?.text ?? '';
    if (memberish.test(prev) || (/^(في|من)$/.test(prev) && memberish.test(prev2))) return g.id;
  }
  return null;
}

/** A trigger in a relative clause or after a demonstrative refers back to an event already told. */
function retells(ctx: EventContext, hit: TriggerHit): boolean {
  const before = ctx.doc.tokens.slice(Math.max(0, hit.tokenStart - 3), hit.tokenStart).map((t) => t.text);
  return before.some((w) => /^(و)?(التي|الذي|الذين|هذه|هذا|تلك|ذلك)$/.test(w));
}

/** "إعدام عنصر", "أعدم أحد عناصره": a member right after the trigger is the group's own. */
function memberNext(ctx: EventContext, hit: TriggerHit): boolean {
  return ctx.doc.tokens
    .slice(hit.tokenEnd, hit.tokenEnd + 3)
    .some((t) =>
      /^(و)?(ال)?(عنصر|عنصرا|عنصرين|عناصر|مقاتل|مقاتلا|قيادي|قياديا|امير|اميرا|احد)$/.test(t.text),
    );
}

/** The most named armed party other than the given one: the other side of a clash or a takeover. */
function otherSide(ctx: EventContext, actor: string | null): string | null {
  const counts = new Map<string, number>();
  for (const g of ctx.groups) {
    if (g.id === actor || g.id === 'unknown' || g.id === 'civilians') continue;
    counts.set(g.id, (counts.get(g.id) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** True when c is placed exactly inside the area where e was placed (a governorate, a district). */
function narrower(ctx: EventContext, c: Candidate, e: Candidate): boolean {
  const inner = c.place?.exact ? c.place.mention.place : null;
  const outer = e.place?.exact ? e.place.mention.place : null;
  if (!inner || !outer || inner.id === outer.id) return false;
  return ctx.gazetteer.ancestors(inner).some((a) => a.id === outer.id);
}

/** Both placed exactly, at the same place or one inside the other. */
function samePlace(ctx: EventContext, a: Candidate | undefined, b: Candidate): boolean {
  return !!a?.place?.exact && !!b.place?.exact && sameOrContains(ctx, a.place.mention, b.place.mention);
}

function sameOrContainsChoice(ctx: EventContext, a: Candidate, b: Candidate): boolean {
  if (!a.place || !b.place) return true;
  return sameOrContains(ctx, a.place.mention, b.place.mention);
}

/**
 * The evidence of an event: its sentence, or the clauses around the trigger when the sentence is too
 * long, and always the trigger itself. A trigger phrase can run past its sentence ("اشتباكات" at the end
 * of a line, "عنيفة" on the next; an endless sentence cut in two): then the evidence reaches over. A
 * trigger longer than the limit (a word stretched by thousands of tatweels) is reported cut to it.
 */
function evidenceSpan(
  ctx: EventContext,
  hit: TriggerHit,
  trigger: { start: number; end: number },
): { start: number; end: number } {
  let { start, end } = sentenceEvidence(ctx, hit);
  start = Math.min(start, trigger.start);
  end = Math.max(end, trigger.end);
  if (end - start > MAX_EVIDENCE) {
    start = Math.max(start, trigger.start - 200);
    end = Math.min(end, start + MAX_EVIDENCE);
  }
  return { start, end };
}

function sentenceEvidence(ctx: EventContext, hit: TriggerHit): { start: number; end: number } {
  const s = sentenceSeg(ctx, hit.tokenStart);
  if (s.rawEnd - s.rawStart <= MAX_EVIDENCE) return { start: s.rawStart, end: s.rawEnd };
  // A run-on sentence: the trigger's clause widened with its neighbours up to the limit.
  const sent = ctx.doc.sentences[hit.sentence]!;
  const k = sent.clauses.findIndex((c) => hit.tokenStart >= c.tokenStart && hit.tokenStart < c.tokenEnd);
  let a = Math.max(0, k);
  let b = Math.max(0, k);
  const span = () => ({ start: sent.clauses[a]!.rawStart, end: sent.clauses[b]!.rawEnd });
  for (;;) {
    let grown = false;
    if (a > 0 && sent.clauses[b]!.rawEnd - sent.clauses[a - 1]!.rawStart <= MAX_EVIDENCE) {
      a--;
      grown = true;
    }
    if (
      b + 1 < sent.clauses.length &&
      sent.clauses[b + 1]!.rawEnd - sent.clauses[a]!.rawStart <= MAX_EVIDENCE
    ) {
      b++;
      grown = true;
    }
    if (!grown) break;
  }
  const out = span();
  if (out.end - out.start > MAX_EVIDENCE) {
    const t = ctx.doc.tokens[hit.tokenStart]!;
    const start = Math.max(out.start, t.rawStart - 200);
    return { start, end: Math.min(out.end, start + MAX_EVIDENCE) };
  }
  return out;
}

function locationOf(ctx: EventContext, choice: PlaceChoice | null): LocationArg | null {
  if (!choice) return null;
  const m = choice.mention;
  const gaz = ctx.gazetteer;
  // An unknown place named with its parent ("قرية السكرية في ريف البوكمال") is put at the parent.
  let place = m.place ?? m.parentPlace;
  let exact = choice.exact && !!m.place;
  // Another clause only tells the area: report the governorate rather than a spot that may be wrong.
  if (!choice.exact && m.place && SPOT_KINDS.has(m.place.kind)) {
    const a1 = gaz.admin1(m.place);
    if (a1) {
      place = a1;
      exact = false;
    }
  }
  // The place as the report writes it ("الباغوز فوقاني", "ديرالزور"), the gazetteer's name beside it.
  const written = writtenName(m);
  const reported = choice.exact || !place ? (m.place && written ? written : m.name) : place.nameAr;
  const region = !!place && REGION_KINDS.has(place.kind);
  // "ريف X", "بادية X", "أطراف X": the area around a place, not the place itself.
  const around =
    (m.placeWord !== null && /^(ريف|ارياف|باديه|اطراف|محيط|قرب|مشارف|جنوب|شمال|شرق|غرب)/.test(m.placeWord)) ||
    // "بين قريتي البصيرة والحسينية": somewhere between two places.
    ctx.doc.tokens.slice(Math.max(0, m.tokenStart - 2), m.tokenStart + 1).some((t) => t.text === 'بين');
  const precision: LocationArg['precision'] = !place
    ? null
    : place.kind === 'country'
      ? 'country'
      : region
        ? 'region'
        : place.kind === 'neighbourhood'
          ? 'neighbourhood'
          : SITE_KINDS.has(place.kind)
            ? 'site'
            : 'town';
  // ACLED geo-precision: 1 the place itself, 2 near it or part of an area, 3 only a large region.
  const geo_precision: 1 | 2 | 3 =
    !place || place.kind === 'governorate' || place.kind === 'country'
      ? 3
      : exact && !region && !around
        ? 1
        : 2;
  const settlement = !m.place && m.parentPlace ? m.parentPlace.nameAr : settlementOf(reported);
  return {
    name: reported,
    name_ar: place?.nameAr ?? null,
    name_en: m.place || !choice.exact ? (place?.nameEn ?? null) : null,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    ...adminAreas(place, gaz),
    precision,
    geo_precision,
    place_id: place?.id ?? null,
    // "مخيم عين عيسى", "قرية السكرية في ريف البوكمال": the settlement the site or village belongs to.
    ...(settlement && settlement !== reported ? { canonical: settlement } : {}),
  };
}

/** The name part of a mention as written: without its place word, quotes and clitics. */
function writtenName(m: PlaceMention): string | null {
  if (!['place.gazetteer', 'place.word+gazetteer', 'place.list+gazetteer'].includes(m.rule)) return null;
  const name = cleanName(m.text)
    .replace(
      /^(و|ب|ل|في)?(مدينة|مدينتي|بلدة|بلدتي|بلدات|قرية|قريتي|قرى|حي|أحياء|ناحية|منطقة|محافظة|ريف|بريف) /,
      '',
    )
    .replace(/^(و|ب|ل|ال)/, (c) => (m.place && m.place.nameAr.startsWith(c) ? c : ''))
    .trim();
  return name || null;
}

const SPOT_KINDS = new Set(['village', 'town', 'neighbourhood', 'oil_field', 'airport', 'base', 'landmark']);
const REGION_KINDS = new Set(['governorate', 'district', 'subdistrict', 'region']);
const SITE_KINDS = new Set(['oil_field', 'airport', 'base', 'landmark', 'road']);

const SITE_OR_AREA = /^(سجن|محطة|محطه|مخيم|معبر|منفذ|دوار|جسر|سد|بادية|باديه|قاطع|مركز) /;

function settlementOf(name: string): string | null {
  return SITE_OR_AREA.test(name) ? name.replace(SITE_OR_AREA, '') : null;
}

function rangeOf(n: NumberMention | null): { min: number | null; max: number | null; text: string } | null {
  return n ? { min: n.min, max: n.max, text: n.text } : null;
}

function best(ns: NumberMention[]): NumberMention | null {
  return ns.reduce<NumberMention | null>((b, n) => (!b || (n.min ?? 0) > (b.min ?? 0) ? n : b), null);
}

function finish(ctx: EventContext, c: Candidate): ExtractedEvent {
  const hit = c.anchor;
  const doc = ctx.doc;
  const tStart = doc.tokens[hit.tokenStart]!.rawStart;
  const ev = evidenceSpan(ctx, hit, { start: tStart, end: doc.tokens[hit.tokenEnd - 1]!.rawEnd });
  const tEnd = Math.min(doc.tokens[hit.tokenEnd - 1]!.rawEnd, ev.end);
  const main = ctx.mainGroup;
  const all = [...c.hits, ...c.kills];
  let actor: string | null = null;
  let target: string | null = null;
  const notDest = (g: { tokenStart: number }) => {
    const p = doc.tokens[g.tokenStart - 1]?.text ?? '';
    return (
      /^(الي|لمناطق|مناطق|سيطره)$/.test(p) ||
      (/^(بال|بـ)/.test(doc.tokens[g.tokenStart]!.text) &&
        /التحق/.test(doc.tokens[g.tokenStart - 1]?.text ?? ''))
    );
  };
  const firstGroup = (f: (h: TriggerHit) => string | null) => {
    for (const h of all) {
      const g = f(h);
      if (g) return g;
    }
    return null;
  };
  switch (c.type) {
    case 'defection':
    case 'self_harm':
    case 'insubordination':
    case 'internal_dispute': {
      // "عنصر في تنظيم داعش سلم نفسه إلى الجيش العراقي": the members' group, not where they went.
      const own = membersGroup(ctx, hit);
      actor =
        own ??
        firstGroup(
          (h) =>
            subjectGroup(
              ctx,
              h,
              (g) =>
                notDest(g) ||
                (['unknown', 'civilians', 'opposition', 'nusra'].includes(g.id) && g.id !== main),
            )?.id ?? null,
        ) ??
        main;
      if (c.type === 'internal_dispute') target = actor;
      break;
    }
    case 'airstrike':
    case 'shelling': {
      const isAir = (g: { id: string }) =>
        [
          'coalition',
          'russia',
          'regime',
          'turkey',
          'iraqi_forces',
          'iran',
          'unknown',
          'kurdish_forces',
        ].includes(g.id);
      // Anyone can shell; only some can fly.
      actor = firstGroup((h) => subjectGroup(ctx, h, (g) => c.type === 'airstrike' && !isAir(g))?.id ?? null);
      if (!actor) actor = [...inSeg(ctx.groups, sentenceSeg(ctx, hit.tokenStart))].find(isAir)?.id ?? null;
      // Barrel bombs and helicopters in this war are the government's.
      if (!actor && c.type === 'airstrike') {
        const cl = clauseOf(ctx, hit.tokenStart);
        const clauseWords = ctx.doc.tokens.slice(cl.tokenStart, cl.tokenEnd).map((t) => t.text);
        if (clauseWords.some((w) => /^(و|ب|ال)*(براميل|برميل|مروحي|مروحيات|حوامات)$/.test(w)))
          actor = 'regime';
      }
      target =
        firstGroup((h) => objectGroup(ctx, h, actor)?.id ?? null) ??
        (civilianVictims(ctx, hit) ? 'civilians' : actor && actor !== main ? main : null);
      break;
    }
    case 'assassination': {
      const sent = inSeg(ctx.groups, sentenceSeg(ctx, hit.tokenStart));
      actor = sent.find((g) => g.id === 'unknown' || g.id === 'popular_resistance')?.id ?? null;
      if (!actor) {
        const subj = subjectGroup(ctx, hit);
        actor = subj && subj.tokenEnd <= hit.tokenStart && subj.id !== main ? subj.id : 'unknown';
      }
      target =
        firstGroup((h) => objectGroup(ctx, h, actor)?.id ?? null) ??
        (civilianVictims(ctx, hit) ? 'civilians' : actor !== main ? main : null);
      break;
    }
    case 'bodies_found':
      actor = null;
      target = firstGroup((h) => objectGroup(ctx, h, null)?.id ?? null);
      break;
    case 'territory_change':
      // "تحتفل الأحزاب الكردية وعدد من فصائل الجيش الحر بتحرير": the head of the subject acts.
      actor =
        inSeg(ctx.groups, clauseOf(ctx, hit.tokenStart)).find((g) => g.tokenEnd <= hit.tokenStart)?.id ??
        firstGroup((h) => subjectGroup(ctx, h)?.id ?? null);
      // Taken from someone: named after the place ("من تنظيم داعش"), else the other side of the story.
      target =
        firstGroup((h) => objectGroup(ctx, h, actor)?.id ?? null) ??
        (actor && actor !== main ? main : otherSide(ctx, actor));
      break;
    case 'prisoner_release':
      actor = firstGroup((h) => subjectGroup(ctx, h, (g) => g.id === 'civilians')?.id ?? null);
      target = firstGroup((h) => objectGroup(ctx, h, actor)?.id ?? null);
      break;
    default: {
      actor = firstGroup((h) => subjectGroup(ctx, h, (g) => g.id === 'civilians')?.id ?? null) ?? main;
      // Executions are carried out by the group that holds the ground: a group named only in another
      // clause ("تمشيط الحر … قاموا بتصفيتهم") is not the executioner.
      if (
        c.type === 'execution' &&
        !inSeg(ctx.groups, clauseOf(ctx, hit.tokenStart)).some((g) => g.id === actor)
      )
        actor = main;
      if (c.type === 'armed_clash') {
        // "اشتباكات بين X و Y": X is the first party; "اشتباكات مع Y": the subject fights Y.
        const sides = clashSides(ctx, hit);
        if (sides) {
          actor = sides[0] ?? actor;
          target = sides[1];
          break;
        }
      }
      const obj = firstGroup((h) => objectGroup(ctx, h, null)?.id ?? null);
      if (c.type === 'property_destruction') target = obj && obj !== actor ? obj : 'civilians';
      else if (c.type === 'armed_clash')
        target = obj && obj !== actor ? obj : ownMembers(ctx, hit) ? actor : null;
      else if (c.type === 'security_measures') target = null;
      else if (c.type === 'execution')
        target =
          obj ?? (ownMembers(ctx, hit) || membersOf(ctx, hit, actor) || memberNext(ctx, hit) ? actor : null);
      else
        target =
          obj && obj !== actor
            ? obj
            : ownMembers(ctx, hit)
              ? actor
              : civilianVictims(ctx, hit)
                ? 'civilians'
                : obj;
    }
  }
  // Numbers.
  const counts = c.hits.map((h) => countFor(ctx, h)).filter((n): n is NumberMention => !!n);
  const killCounts = c.kills.map((h) => countFor(ctx, h)).filter((n): n is NumberMention => !!n);
  const victims = new Map<number, PersonMention>();
  for (const s of c.sentences)
    for (const p of personsIn(ctx, doc.sentences[s]!)) if (!isSource(ctx, p)) victims.set(p.cluster, p);
  // Without a number, one person acted on counts one: "اعتقلت شقيقه", "اعتقلوه", "أقدم عنصر على …".
  const count: NumberMention | null =
    best(counts) ??
    (PEOPLE_TYPES.has(c.type) && (victims.size > 0 || singular(ctx, hit))
      ? { ...hitNumber(ctx, hit), min: Math.max(1, victims.size), max: Math.max(1, victims.size) }
      : null);
  let fatalities: { min: number | null; max: number | null } | null = null;
  const killCount = best(killCounts);
  if (killCount) fatalities = { min: killCount.min, max: killCount.max };
  else if (c.kills.length && victims.size) fatalities = { min: victims.size, max: victims.size };
  else if (['assassination', 'execution'].includes(c.type)) {
    if (count) fatalities = { min: count.min, max: count.max };
    else if (victims.size) fatalities = { min: victims.size, max: victims.size };
    else if (
      c.type === 'assassination' &&
      /جثه/.test(
        doc.norm.text.slice(
          doc.tokens[hit.tokenStart]!.start,
          doc.tokens[Math.min(doc.tokens.length - 1, hit.tokenEnd + 12)]!.end,
        ),
      )
    )
      fatalities = { min: 1, max: 1 };
  }
  const date = c.hits.map((h) => dateFor(ctx, h)).find((d) => !!d) ?? null;
  const persons = [...victims.values()].map((p) => ({
    name: p.name,
    aliases: p.aliases,
    title: p.title,
    role: (KILLING_TYPES.has(c.type) || c.type === 'arrest' ? 'victim' : 'subject') as 'victim' | 'subject',
  }));
  // The accusation that follows each trigger, up to the next trigger of another event.
  const own = new Set(c.hits);
  const charges = [
    ...new Set(
      c.hits.flatMap((h) => {
        const sent = sentenceSeg(ctx, h.tokenStart);
        // allHits are sorted by tokenStart: the first after the trigger, within its sentence.
        let next: TriggerHit | undefined;
        for (let k = firstHitAfter(ctx.allHits, h.tokenEnd); k < ctx.allHits.length; k++) {
          const o = ctx.allHits[k]!;
          if (o.tokenStart >= sent.tokenEnd) break;
          if (o.primary && !own.has(o)) {
            next = o;
            break;
          }
        }
        const end = next ? next.tokenStart : sent.tokenEnd;
        return chargesIn(ctx, { tokenStart: h.tokenEnd, tokenEnd: end, rawStart: 0, rawEnd: 0 });
      }),
    ),
  ];
  const hedged = all.some((h) => h.hedged);
  return {
    type: c.type,
    evidence: { ...ev, text: doc.raw.slice(ev.start, ev.end) },
    trigger: { start: tStart, end: tEnd, text: doc.raw.slice(tStart, tEnd) },
    actor,
    target,
    persons,
    location: locationOf(ctx, c.place),
    date: date ? { start: date.startDate, end: date.endDate, text: date.text } : contextDate(ctx, hit),
    count: rangeOf(count),
    fatalities,
    charges,
    certainty: hedged ? 'hedged' : 'reported',
    rules: [...new Set(c.rules)],
    lexicon: [...new Set(all.map((h) => h.entry))],
  };
}
