/**
 * Date mentions: numeric dates ("2020.11.19", "19/11/2020"), day and month with or without a year
 * (a day with a Levantine/Egyptian month pair, "28 March 2024", "March 28, 2024"), month parts (the middle
 * of June 2014), Hijri dates (15 Ramadan 1436, converted to Gregorian) and relative expressions (see date-relative.ts), resolved
 * against the publication day. Pure and browser-safe; bad input never throws.
 */
import type { TextDoc } from '../text/analyze-text.js';
import type { DateMention } from '../types.js';
import { matchPhrases, rawSpan } from './lexicon-match.js';
import { isoOf, parseIso, ymdOf } from './hijri.js';
import { dayMonthAt, monthAt, monthDayAt, yearOnlyAt } from './date-absolute.js';
import {
  durationAt,
  relativeDayAt,
  relativePeriodAt,
  weekdayAt,
  type DateContext,
  type FoundDate,
} from './date-relative.js';
import type { DateLexicon } from './date-lexicon.js';

export {
  dateLexiconFromTsv,
  type Calendar,
  type DateLexicon,
  type DateWordEntry,
  type DateWordKind,
  type MonthEntry,
} from './date-lexicon.js';

const PARSERS = [
  dayMonthAt,
  monthDayAt,
  monthAt,
  yearOnlyAt,
  relativeDayAt,
  weekdayAt,
  relativePeriodAt,
  durationAt,
];

function mayStartDate(ctx: DateContext, i: number): boolean {
  const t = ctx.doc.tokens[i]!;
  if (t.kind === 'number') return true;
  if (t.kind !== 'word') return false;
  const opts = { clitics: true };
  return (
    matchPhrases(ctx.doc, i, ctx.lex.months, opts).length > 0 ||
    matchPhrases(ctx.doc, i, ctx.lex.words, opts).length > 0
  );
}

/** All dates of a document, left to right, longest first at each position, non-overlapping. */
function scan(
  ctx: DateContext,
  until = ctx.doc.tokens.length,
  wanted: (token: number) => boolean = () => true,
): FoundDate[] {
  const out: FoundDate[] = [];
  let i = 0;
  while (i < until) {
    // Every date starts with a number, a month name or a date word: skip other tokens at once.
    if (!wanted(i) || !mayStartDate(ctx, i)) {
      i++;
      continue;
    }
    let best: FoundDate | null = null;
    for (const parse of PARSERS) {
      const f = parse(ctx, i);
      if (f && f.b > i && (!best || f.b > best.b)) best = f;
    }
    if (!best) {
      i++;
      continue;
    }
    out.push(best);
    i = best.b;
  }
  return out;
}

function toMention(doc: TextDoc, f: FoundDate): DateMention {
  return {
    kind: 'date',
    ...rawSpan(doc, f.a, f.b),
    tokenStart: f.a,
    tokenEnd: f.b,
    startDate: f.start === null ? null : isoOf(f.start),
    endDate: f.end === null ? null : isoOf(f.end),
    rule: f.rule,
    entry: f.ids.join('+'),
  };
}

export function findDates(
  doc: TextDoc,
  published: string | null,
  lex: DateLexicon,
  /** Only dates starting at tokens this accepts (the caller's region of interest). */
  wanted?: (token: number) => boolean,
): DateMention[] {
  try {
    return scan({ doc, lex, pub: parseIso(published) }, doc.tokens.length, wanted).map((f) =>
      toMention(doc, f),
    );
  } catch {
    return [];
  }
}

/** Raw offset where the first `lines` non-empty lines end. */
function headerEnd(raw: string, lines: number): number {
  let seen = 0;
  let pos = 0;
  while (pos < raw.length) {
    const nl = raw.indexOf('\n', pos);
    const end = nl < 0 ? raw.length : nl;
    if (raw.slice(pos, end).trim()) seen++;
    if (seen >= lines) return end;
    pos = end + 1;
  }
  return raw.length;
}

export function findPublicationDate(
  doc: TextDoc,
  lex: DateLexicon,
): { date: string; start: number; end: number } | null {
  try {
    const limit = headerEnd(doc.raw, 3);
    // Only the header is read: scan the tokens that start before its end.
    let until = 0;
    while (until < doc.tokens.length && doc.tokens[until]!.rawStart < limit) until++;
    for (const f of scan({ doc, lex, pub: null }, until)) {
      const start = doc.tokens[f.a]?.rawStart ?? Infinity;
      if (start >= limit) break;
      if (!f.exact || f.start === null) continue;
      const y = ymdOf(f.start).y;
      if (y < 1900 || y > 2200) continue;
      const span = rawSpan(doc, f.a, f.b);
      return { date: isoOf(f.start), start: span.start, end: span.end };
    }
  } catch {
    return null;
  }
  return null;
}
