import type { TextDoc } from '../text/analyze-text.js';
import type { Segment } from '../text/segment.js';
import type { DateMention, GroupMention, NumberMention, PersonMention, PlaceMention } from '../types.js';
import type { Lexicons } from '../resources/lexicons.js';
import type { Gazetteer } from '../resources/gazetteer.js';
import type { TriggerHit } from './find-triggers.js';

/** Everything event assembly reads: the text layer and every mention, sorted by position. */
export interface EventContext {
  doc: TextDoc;
  lex: Lexicons;
  gazetteer: Gazetteer;
  groups: GroupMention[];
  places: PlaceMention[];
  persons: PersonMention[];
  numbers: NumberMention[];
  dates: DateMention[];
  /** The group the article is about ("التنظيم"). */
  mainGroup: string;
  /** Publication date (YYYY-MM-DD) or null. */
  published: string | null;
  /** Token ranges of cue words, by kind, sorted by tokenEnd. */
  cues: CueHit[];
  /** The widest window of any cue (bounds the search of cueBefore). */
  cueWindow: number;
  /** Every trigger found, set by assembly (used to bound argument windows). */
  allHits: readonly TriggerHit[];
}

export interface CueHit {
  kind: string;
  entry: string;
  tokenStart: number;
  tokenEnd: number;
  window: number;
}

export function clauseOf(ctx: EventContext, token: number): Segment {
  const s = ctx.doc.sentences[ctx.doc.sentenceOf[token]!]!;
  return s.clauses.find((c) => token >= c.tokenStart && token < c.tokenEnd) ?? s;
}

export function sentenceSeg(ctx: EventContext, token: number): Segment {
  return ctx.doc.sentences[ctx.doc.sentenceOf[token]!]!;
}

export function inSeg<T extends { tokenStart: number; tokenEnd: number }>(
  items: readonly T[],
  seg: Segment,
): T[] {
  // Mention lists are sorted by tokenStart (extract sorts them): binary search for the first one.
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.tokenStart < seg.tokenStart) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let k = lo; k < items.length && items[k]!.tokenStart < seg.tokenEnd; k++) {
    if (items[k]!.tokenEnd <= seg.tokenEnd) out.push(items[k]!);
  }
  return out;
}

/** The mentions (sorted by tokenStart) that start at a token in [from, to]. */
export function startingIn<T extends { tokenStart: number }>(
  items: readonly T[],
  from: number,
  to: number,
): T[] {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.tokenStart < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let k = lo; k < items.length && items[k]!.tokenStart <= to; k++) out.push(items[k]!);
  return out;
}

/** Index of the first cue (sorted by tokenEnd) that ends after token `after`. */
export function firstCueEndingAfter(ctx: EventContext, after: number): number {
  const cues = ctx.cues;
  let lo = 0;
  let hi = cues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid]!.tokenEnd <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cues of a kind that stand within their window before token i, inside segment seg. */
export function cueBefore(
  ctx: EventContext,
  kinds: readonly string[],
  i: number,
  seg: Segment,
): CueHit | null {
  // Cues are sorted by tokenEnd (extract sorts them): only those ending within the widest window before
  // i can qualify, so a text with many cues and triggers stays linear.
  const cues = ctx.cues;
  for (
    let k = firstCueEndingAfter(ctx, i - ctx.cueWindow - 1);
    k < cues.length && cues[k]!.tokenEnd <= i;
    k++
  ) {
    const c = cues[k]!;
    if (!kinds.includes(c.kind)) continue;
    if (c.tokenStart < seg.tokenStart) continue;
    if (i - c.tokenEnd <= c.window) return c;
  }
  return null;
}
