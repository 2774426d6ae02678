import type { DateMention, GroupMention, NumberMention, PersonMention, PlaceMention } from '../types.js';
import type { Segment } from '../text/segment.js';
import { clauseOf, inSeg, sentenceSeg, type EventContext } from './context.js';
import type { TriggerHit } from './find-triggers.js';

const DESTINATION = new Set(['الي', 'باتجاه', 'نحو', 'لمناطق', 'للاراضي', 'لمنطقه']);
const PURPOSE_OPENERS = new Set(['كي', 'لكي', 'وذلك', 'حتي']);
const DIRECTIONS: Record<string, string> = {
  شرق: 'east',
  شرقي: 'east',
  الشرقي: 'east',
  الشرقيه: 'east',
  شرقيه: 'east',
  غرب: 'west',
  غربي: 'west',
  الغربي: 'west',
  الغربيه: 'west',
  غربيه: 'west',
  شمال: 'north',
  شمالي: 'north',
  الشمالي: 'north',
  الشماليه: 'north',
  جنوب: 'south',
  جنوبي: 'south',
  الجنوبي: 'south',
  الجنوبيه: 'south',
};
const TIME_UNITS =
  /^(يوم|ايام|يومين|ساعه|ساعات|ساعتين|اسبوع|اسابيع|شهر|اشهر|شهور|سنه|سنوات|عام|اعوام|دقيقه|دقايق|كم|كيلومتر|متر)$/;
const OWN_MEMBERS = /^(و|ب|ل|من)*(عناصره|عناصرها|اعضايه|مقاتليه|افراده|عناصرهم|كوادره|قياداته)$/;

/** A place counts for an event unless it is where people went ("إلى تركيا") or inside a purpose clause. */
export function placeUsable(ctx: EventContext, p: PlaceMention): boolean {
  // The town inside a site's name ("مطار دير الزور") is not a place of its own for an event.
  if (p.rule === 'place.site-town') return false;
  const prev = ctx.doc.tokens[p.tokenStart - 1];
  if (prev && DESTINATION.has(prev.text)) return false;
  const first = ctx.doc.tokens[p.tokenStart]!;
  if (/^(الي|لل?اراضي)/.test(first.text)) return false;
  const clause = clauseOf(ctx, p.tokenStart);
  const opener = ctx.doc.tokens[clause.tokenStart]!.text;
  if (PURPOSE_OPENERS.has(opener)) return false;
  // "ينحدر من مدينة حلب": where a person comes from, not where the event was.
  const before = ctx.doc.tokens.slice(Math.max(0, p.tokenStart - 2), p.tokenStart).map((t) => t.text);
  if (before.some((w) => /^(ينحدر|ينحدرون|تنحدر)$/.test(w))) return false;
  return true;
}

/** "مدفعية النظام المتمركزة في جبل زين العابدين": where the shooters stand, not what they hit. */
function shootersPost(ctx: EventContext, p: PlaceMention): boolean {
  const near = ctx.doc.tokens.slice(Math.max(0, p.tokenStart - 3), p.tokenStart).map((t) => t.text);
  return near.some((w) => /^(ال)?(متمركزه|متمركز|متمركزين|منتشره|مرابطه|انطلاقا|مواقعها|مواقعه)$/.test(w));
}

export function directionOf(ctx: EventContext, p: PlaceMention): string | null {
  const toks = ctx.doc.tokens;
  for (let k = Math.max(0, p.tokenStart - 3); k < Math.min(toks.length, p.tokenEnd + 2); k++) {
    const d = DIRECTIONS[toks[k]!.text.replace(/^(و|ب|ل)/, '')];
    if (d && (k < p.tokenStart || k >= p.tokenEnd)) return d;
  }
  return null;
}

export interface PlaceChoice {
  mention: PlaceMention;
  /** False when the place came from another clause: the area is known, not the spot. */
  exact: boolean;
}

const STRIKE_TYPES = new Set([
  'airstrike',
  'shelling',
  'armed_clash',
  'territory_change',
  'property_destruction',
  'execution',
]);

/** The place of an event: in the trigger's clause first, then nearest in the sentence. */
export function placeFor(ctx: EventContext, hit: TriggerHit): PlaceChoice | null {
  const clause = clauseOf(ctx, hit.tokenStart);
  // Where people come from ("من أبناء ريف حلب") places what happens to people, not a strike.
  const strike = STRIKE_TYPES.has(hit.type);
  const origin = (p: PlaceMention) =>
    strike &&
    ctx.doc.tokens
      .slice(Math.max(0, p.tokenStart - 2), p.tokenStart)
      .some((t) => /^(ابناء|اهالي|سكان)$/.test(t.text));
  const shooters = (p: PlaceMention) =>
    (hit.type === 'shelling' || hit.type === 'airstrike') && shootersPost(ctx, p);
  const usableAll = (ps: PlaceMention[]) =>
    ps.filter((p) => placeUsable(ctx, p) && !origin(p) && !shooters(p));
  // A country is the place of an event only when nothing more specific is named nearby.
  // Rivers run past many places: like countries, they are the place only when nothing else is named.
  const broad = (p: PlaceMention) => p.place?.kind === 'country' || /^نهر /.test(p.name);
  const usable = (ps: PlaceMention[]) => usableAll(ps).filter((p) => !broad(p));
  const inClause = usable(inSeg(ctx.places, clause));
  // "واقتادتهم إلى فرع الأمن في مدينة درعا": past "إلى" lies where people were taken.
  const toward = ctx.doc.tokens
    .slice(hit.tokenEnd, clause.tokenEnd)
    .findIndex((t) => /^(الي|نحو|باتجاه)$/.test(t.text));
  const stop = toward < 0 ? clause.tokenEnd : hit.tokenEnd + toward;
  const after = inClause.find((p) => p.tokenStart >= hit.tokenEnd && p.tokenStart < stop);
  if (after) return { mention: after, exact: true };
  const before = inClause.filter((p) => p.tokenEnd <= hit.tokenStart).pop();
  if (before) return { mention: before, exact: true };
  const inSentence = usable(inSeg(ctx.places, sentenceSeg(ctx, hit.tokenStart)));
  const prior = inSentence.filter((p) => p.tokenEnd <= hit.tokenStart).pop();
  if (prior) return { mention: prior, exact: false };
  // Past "إلى" lies where people were taken or went: not where the event was.
  const headedAway = (p: PlaceMention) =>
    ctx.doc.tokens.slice(hit.tokenEnd, p.tokenStart).some((t) => /^(الي|نحو|باتجاه)$/.test(t.text));
  const later = inSentence.find((p) => p.tokenStart >= hit.tokenEnd && !headedAway(p));
  // "اغتال مجهولون، مساء أمس، القيادي …، في بلدة الشحيل": a "في" phrase a few words on, past
  // parenthetical commas, still says where the act happened.
  if (later)
    return { mention: later, exact: introducedByFi(ctx, later) && later.tokenStart - hit.tokenEnd <= 16 };
  // The report goes on about a place named just before: "… في البوكمال. وانشق آخرون".
  for (let s = hit.sentence - 1; s >= Math.max(0, hit.sentence - 2); s--) {
    const ps = usable(inSeg(ctx.places, ctx.doc.sentences[s]!));
    if (ps.length) return { mention: ps[ps.length - 1]!, exact: false };
  }
  const country = usableAll(inSeg(ctx.places, clause)).find(broad);
  return country ? { mention: country, exact: true } : null;
}

/** True when "في" (or "وفي") opens the place phrase. */
function introducedByFi(ctx: EventContext, p: PlaceMention): boolean {
  const first = ctx.doc.tokens[p.tokenStart]!.text;
  const prev = ctx.doc.tokens[p.tokenStart - 1]?.text;
  return /^و?في/.test(first) || prev === 'في' || prev === 'وفي';
}

/** The nearest group acting: preceding in the clause, then following closely, then preceding in the sentence. */
export function subjectGroup(
  ctx: EventContext,
  hit: TriggerHit,
  exclude: (g: GroupMention) => boolean = () => false,
): GroupMention | null {
  const clause = clauseOf(ctx, hit.tokenStart);
  const gs = inSeg(ctx.groups, clause).filter((g) => !exclude(g) && !g.governed);
  // Verb first, then subject: "قصفت الهيئة بقذائف الهاون".
  const after = gs.find((g) => g.tokenStart >= hit.tokenEnd && g.tokenStart - hit.tokenEnd <= 3);
  if (hit.verbal && after) return after;
  const before = gs.filter((g) => g.tokenEnd <= hit.tokenStart).pop();
  if (before) return before;
  // A verbal noun's agent follows with lam: "قصف مدفعي لميليشيات قسد".
  const agent = inSeg(ctx.groups, clause).find(
    (g) =>
      !exclude(g) &&
      !hit.verbal &&
      g.tokenStart >= hit.tokenEnd &&
      g.tokenStart - hit.tokenEnd <= 3 &&
      /^ل/.test(ctx.doc.tokens[g.tokenStart]!.text),
  );
  if (agent) return agent;
  if (after) return after;
  const sent = inSeg(ctx.groups, sentenceSeg(ctx, hit.tokenStart)).filter((g) => !exclude(g) && !g.governed);
  return sent.filter((g) => g.tokenEnd <= hit.tokenStart).pop() ?? null;
}

/**
 * The group acted on: the first group after the trigger in its clause, unless civilians come first
 * ("اعتقلت 11 شاباً بتهمة التعامل مع داعش") or the group only appears in an accusation.
 */
export function objectGroup(ctx: EventContext, hit: TriggerHit, not: string | null): GroupMention | null {
  const clause = clauseOf(ctx, hit.tokenStart);
  const groups = inSeg(ctx.groups, clause);
  // Where the acting group's mention (and any joined to it) ends: "قصفت قوات النظام والميليشيات
  // الإيرانية القرى" — a group joined to the actor by "و" acts with it, it is not the target.
  let actingUntil = -1;
  for (let k = hit.tokenEnd; k < clause.tokenEnd; k++) {
    const text = ctx.doc.tokens[k]!.text;
    // "متهمين بالانتماء لتنظيم داعش": those taken are (alleged) members of that group.
    if (MEMBERSHIP.test(text)) {
      const g = groups.find((x) => x.tokenStart > k && x.tokenStart <= k + 3 && x.id !== not);
      if (g) return g;
    }
    if (ACCUSATION.test(text)) return null;
    const acting = not === null ? undefined : groups.find((x) => x.tokenStart === k && x.id === not);
    if (acting) actingUntil = acting.tokenEnd;
    // The joined group's mention may begin after the joining word: "وفصائل الجيش الوطني".
    if (k === actingUntil && JOINED.test(text)) {
      const joined = groups.find((x) => x.tokenStart >= k && x.tokenStart <= k + 1 && x.id !== not);
      if (joined) {
        actingUntil = joined.tokenEnd;
        k = joined.tokenEnd - 1;
        continue;
      }
    }
    const g = groups.find((x) => x.tokenStart === k && x.id !== not);
    if (g) return g;
    if (CIVILIAN_WORDS.test(text)) return CIVILIANS_AT(ctx, k);
  }
  return null;
}

/** "و" joining a second group to the first, normalised: "والميليشيات", "وفصائل" (not "وحدات", a name). */
const JOINED = /^و(ال|قوات|فصايل|ميليشيات|مليشيات|ميلشيات|جيش|عناصر|مقاتلي|طيران|طايرات|مسلحي)/;

const MEMBERSHIP = /^(و)?(ب|ل)?(ال)?(انتماء|انتمايهم|انتمايه|انتمايهما|ينتمون|ينتمي)$/;

/** Words after which a group is what someone is accused of, not whom an act targets. */
const ACCUSATION = /^(و)?(بتهمه|بتهم|بحجه|بذريعه|بسبب|لاتهامه|لاتهامهم|بدعوي)$/;

function CIVILIANS_AT(ctx: EventContext, k: number): GroupMention {
  const t = ctx.doc.tokens[k]!;
  return {
    kind: 'group',
    start: t.rawStart,
    end: t.rawEnd,
    text: ctx.doc.raw.slice(t.rawStart, t.rawEnd),
    tokenStart: k,
    tokenEnd: k + 1,
    id: 'civilians',
    resolved: true,
    governed: true,
    rule: 'group.civilian-word',
  };
}

/** True when the victims are the acting group's own members ("من عناصره"). */
export function ownMembers(ctx: EventContext, hit: TriggerHit): boolean {
  const clause = clauseOf(ctx, hit.tokenStart);
  const from = Math.max(clause.tokenStart, hit.tokenStart - 6);
  return ctx.doc.tokens
    .slice(from, Math.min(clause.tokenEnd, hit.tokenEnd + 10))
    .some((t) => OWN_MEMBERS.test(t.text));
}

const CIVILIAN_WORDS =
  /^(و|ب|ل|من|ك)*(ال)?(مدني|مدنيين|مدنيا|مدنيون|مدنيه|شاب|شبان|شابا|شابين|اهالي|سكان|منازل|منزل|بيوت|نساء|اطفال|طفل|طفلا|امراه|سيده|احياء|سكنيه|مواطن|مواطنين|عائله|عائلات|مزارع|مزارعين|ناشط|ناشطين|ناشطا|اعلامي|اعلاميين|عامل|عمال|رعاه|متظاهرين|مخيم|مشفي|مستشفي|مدرسه|سوق|اسواق|محصول|اراضي|ممتلكات|رجل|رجلين|رجال)$/;

/** True when the people or things acted on are civilian: "سبعة شبان", "الأحياء السكنية", "منازل". */
export function civilianVictims(ctx: EventContext, hit: TriggerHit): boolean {
  const sentence = sentenceSeg(ctx, hit.tokenStart);
  const clause = clauseOf(ctx, hit.tokenStart);
  const to = Math.min(sentence.tokenEnd, Math.max(clause.tokenEnd, hit.tokenEnd + 12));
  return ctx.doc.tokens.slice(hit.tokenEnd, to).some((t) => CIVILIAN_WORDS.test(t.text));
}

/** A count near the trigger in its clause, not part of a date and not a time span. */
export function countFor(ctx: EventContext, hit: TriggerHit): NumberMention | null {
  const clause = clauseOf(ctx, hit.tokenStart);
  const sentence = sentenceSeg(ctx, hit.tokenStart);
  const ok = (n: NumberMention) => {
    if (ctx.dates.some((d) => n.start < d.end && d.start < n.end)) return false;
    const next = ctx.doc.tokens[n.tokenEnd];
    if (next && TIME_UNITS.test(next.text.replace(/^(ال)/, ''))) return false;
    return n.min !== null;
  };
  const ns = inSeg(ctx.numbers, clause).filter(ok);
  // "وهذا ما حدث مع عنصرين … حيث التحقا": the count may stand in the clause just before.
  const prior = inSeg(ctx.numbers, sentence).filter(
    (n) => ok(n) && n.tokenEnd <= clause.tokenStart && hit.tokenStart - n.tokenEnd <= 12,
  );
  return (
    ns.find((n) => n.tokenStart >= hit.tokenEnd && n.tokenStart - hit.tokenEnd <= 8) ??
    ns.filter((n) => n.tokenEnd <= hit.tokenStart && hit.tokenStart - n.tokenEnd <= 8).pop() ??
    prior.pop() ??
    null
  );
}

export function dateFor(ctx: EventContext, hit: TriggerHit): DateMention | null {
  const seg: Segment = sentenceSeg(ctx, hit.tokenStart);
  // "منذ حزيران 2014" dates a state of affairs, not the event; a clause's own date comes first.
  const ds = inSeg(ctx.dates, seg).filter((d) => eventDate(ctx, d));
  if (!ds.length) return null;
  const clause = clauseOf(ctx, hit.tokenStart);
  const own = inSeg(ds, clause);
  if (own.length) return own[0]!;
  return ds.reduce((best, d) =>
    Math.abs(d.tokenStart - hit.tokenStart) < Math.abs(best.tokenStart - hit.tokenStart) ? d : best,
  );
}

/** A date that can date an event: not "منذ …" (since), "حتى اليوم" (until now), nor an open-ended span. */
function eventDate(ctx: EventContext, d: DateMention): boolean {
  return (
    !/^(و)?(منذ|قبل|حتي|لغايه|بعد)$/.test(ctx.doc.tokens[d.tokenStart - 1]?.text ?? '') &&
    d.startDate !== null
  );
}

/**
 * The date a report gives its events when their own sentence has none: the last date told in the two
 * sentences before (the story goes on), else the day of publication and the day before (news is told
 * the day it happens or the next).
 */
export function contextDate(
  ctx: EventContext,
  hit: TriggerHit,
): { start: string; end: string; text: string } | null {
  for (let s = hit.sentence - 1; s >= Math.max(0, hit.sentence - 2); s--) {
    const ds = inSeg(ctx.dates, ctx.doc.sentences[s]!).filter((d) => eventDate(ctx, d));
    const d = ds[ds.length - 1];
    if (d?.startDate) return { start: d.startDate, end: d.endDate ?? d.startDate, text: d.text };
  }
  if (!ctx.published) return null;
  const day = Date.parse(ctx.published + 'T00:00:00Z');
  if (Number.isNaN(day)) return null;
  return { start: new Date(day - 864e5).toISOString().slice(0, 10), end: ctx.published, text: '' };
}

export function personsIn(ctx: EventContext, seg: Segment): PersonMention[] {
  return inSeg(ctx.persons, seg);
}

/** "بتهمة X": the accusations stated in a segment. */
export function chargesIn(ctx: EventContext, seg: Segment): string[] {
  const toks = ctx.doc.tokens;
  const out: string[] = [];
  for (let k = seg.tokenStart; k < seg.tokenEnd; k++) {
    if (!/^(و)?(ب)?(تهمه|تهم|بتهمه)$/.test(toks[k]!.text) && !/^(و)?بتهمه$/.test(toks[k]!.text)) continue;
    let e = k + 1;
    while (
      e < seg.tokenEnd &&
      e - k <= 6 &&
      toks[e]!.kind !== 'punct' &&
      !['بتهمه', 'كل', 'ما', 'لان', 'قبل'].includes(toks[e]!.text)
    )
      e++;
    if (e > k + 1) out.push(ctx.doc.raw.slice(toks[k + 1]!.rawStart, toks[e - 1]!.rawEnd));
  }
  return out;
}
