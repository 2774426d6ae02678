/**
 * Relative date expressions, resolved against the publication day: yesterday (Tuesday), dawn today, last
 * Tuesday, last Tuesday and Wednesday, last week, last month, during the last few days, within two days,
 * three days ago. Without a publication day they are still
 * found, with null dates. Pure.
 */
import type { TextDoc } from '../text/analyze-text.js';
import { adjacent, matchPhrase, type MatchOptions, type PhraseMatch } from './lexicon-match.js';
import { addMonths, dayNumber, monthSpan, weekdayOf, ymdOf } from './hijri.js';
import type { DateLexicon, DateWordEntry, DateWordKind } from './date-lexicon.js';

/** What the recogniser needs while scanning one document. */
export interface DateContext {
  readonly doc: TextDoc;
  readonly lex: DateLexicon;
  /** Publication day number, or null. */
  readonly pub: number | null;
}

/** A date found over tokens [a, b); start/end are day numbers (null when unresolved). */
export interface FoundDate {
  a: number;
  b: number;
  start: number | null;
  end: number | null;
  rule: string;
  ids: string[];
  /** True for a single day written with its year (a publication date candidate). */
  exact: boolean;
}

/** The longest date word of one of the kinds at token i. */
export function word(
  ctx: DateContext,
  i: number,
  kinds: DateWordKind | readonly DateWordKind[],
  opts: MatchOptions = {},
): PhraseMatch<DateWordEntry> | null {
  const set = typeof kinds === 'string' ? [kinds] : kinds;
  return matchPhrase(ctx.doc, i, ctx.lex.words, opts, (e) => set.includes(e.kind));
}

/** Consumes parts of the day (dawn, morning, evening) and the word "day" at the front. */
export function dayPrefix(ctx: DateContext, i: number): { j: number; ids: string[] } {
  let j = i;
  const ids: string[] = [];
  for (let n = 0; n < 3; n++) {
    const m = word(ctx, j, ['part-of-day', 'day-word'], { clitics: j === i, article: 'forbid' });
    if (!m) break;
    ids.push(m.entry.id);
    j = m.end;
  }
  return { j, ids };
}

/** Yesterday, dawn yesterday, yesterday Tuesday, today Monday, tomorrow. */
export function relativeDayAt(ctx: DateContext, i: number): FoundDate | null {
  const { j, ids } = dayPrefix(ctx, i);
  const rd = word(ctx, j, 'relative-day', { clitics: j === i });
  if (!rd || rd.entry.num === null) return null;
  if (rd.entry.num === 0 && word(ctx, rd.end, 'today-blocker')) return null;
  let b = rd.end;
  ids.push(rd.entry.id);
  const wd = word(ctx, b, 'weekday');
  if (wd) {
    ids.push(wd.entry.id);
    b = wd.end;
  }
  const dn = ctx.pub === null ? null : ctx.pub + rd.entry.num;
  return { a: i, b, start: dn, end: dn, rule: 'date.relative-day', ids, exact: false };
}

/** The latest day with weekday w on or before dn (strictly before when strict). */
function weekdayOnOrBefore(dn: number, w: number, strict: boolean): number {
  const back = (weekdayOf(dn) - w + 7) % 7;
  return dn - (back === 0 && strict ? 7 : back);
}

/** A weekday: (on) Friday, last Tuesday, last Tuesday and Wednesday, next Thursday. */
export function weekdayAt(ctx: DateContext, i: number): FoundDate | null {
  const { j, ids } = dayPrefix(ctx, i);
  const first = word(ctx, j, 'weekday', { clitics: j === i });
  if (!first || first.entry.num === null) return null;
  const days = [first.entry.num];
  ids.push(first.entry.id);
  let b = first.end;
  for (;;) {
    const next = word(ctx, b, 'weekday', { conjunction: true });
    if (!next || next.entry.num === null) break;
    days.push(next.entry.num);
    ids.push(next.entry.id);
    b = next.end;
  }
  const rel = word(ctx, b, 'relative');
  if (rel) {
    ids.push(rel.entry.id);
    b = rel.end;
  }
  if (ctx.pub === null) return { a: i, b, start: null, end: null, rule: 'date.weekday', ids, exact: false };
  const mode = rel?.entry.value ?? 'none';
  const lastDay = days[days.length - 1] ?? 0;
  let end: number;
  if (mode === 'next' && days.length === 1) end = ctx.pub + ((lastDay - weekdayOf(ctx.pub) + 7) % 7 || 7);
  else end = weekdayOnOrBefore(ctx.pub, lastDay, mode === 'past' || mode === 'recent');
  let start = end;
  for (let k = days.length - 2; k >= 0; k--) start = weekdayOnOrBefore(start, days[k] ?? 0, true);
  return { a: i, b, start, end, rule: 'date.weekday', ids, exact: false };
}

/** Parses a period value "11-20" into first and last day of the month part. */
export function periodDays(value: string): [number, number] | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Restricts a month span to a period (the middle = days 11-20), clamped to the month's length. */
export function applyPeriod(span: [number, number], period: [number, number] | null): [number, number] {
  if (!period) return span;
  const [a, b] = span;
  return [Math.min(a + period[0] - 1, b), Math.min(a + period[1] - 1, b)];
}

/** A calendar period: last week, last month, the middle of this month, next year, during last week. */
export function relativePeriodAt(ctx: DateContext, i: number): FoundDate | null {
  const ids: string[] = [];
  let k = i;
  const lead = word(ctx, k, 'within-lead', { clitics: true });
  if (lead) {
    ids.push(lead.entry.id);
    k = lead.end;
  }
  const pm = word(ctx, k, 'period', { clitics: k === i });
  const period = pm ? periodDays(pm.entry.value) : null;
  if (pm) {
    ids.push(pm.entry.id);
    k = pm.end;
  }
  const unit = word(ctx, k, 'unit', { clitics: true, article: 'require' });
  const u = unit?.entry.value;
  if (!unit || (u !== 'week' && u !== 'month' && u !== 'year') || (period && u !== 'month')) return null;
  const rel = word(ctx, unit.end, 'relative');
  if (!rel) return null;
  ids.push(unit.entry.id, rel.entry.id);
  const found = { a: i, b: rel.end, rule: 'date.relative-period', ids, exact: false };
  const pub = ctx.pub;
  if (pub === null) return { ...found, start: null, end: null };
  const mode = rel.entry.value === 'recent' ? 'past' : rel.entry.value;
  const step = mode === 'past' ? -1 : mode === 'next' ? 1 : 0;
  const { y, m } = ymdOf(pub);
  let span: [number, number] | null;
  if (u === 'week') span = step === 0 ? [pub - 6, pub] : step < 0 ? [pub - 7, pub - 1] : [pub + 1, pub + 7];
  else if (u === 'month') {
    const t = ymdOf(addMonths(dayNumber(y, m, 1) ?? pub, step));
    const whole = monthSpan(t.y, t.m);
    span = whole ? applyPeriod(whole, period) : null;
    if (span && step === 0 && !period) span = [span[0], pub];
  } else {
    const a = dayNumber(y + step, 1, 1);
    const e = step === 0 ? pub : dayNumber(y + step, 12, 31);
    span = a === null || e === null ? null : [a, e];
  }
  return { ...found, start: span?.[0] ?? null, end: span?.[1] ?? null };
}

/** How far back a plural unit without a count reaches (the last few days = a week). */
const FEW: Record<string, number> = { day: 7, hour: 24, week: 3, month: 3, year: 3 };

/** A count before or after a unit: a count word or digits, maybe with the article ("the three", "the 24"). */
function countAt(ctx: DateContext, i: number): { n: number; b: number; ids: string[] } | null {
  const tok = ctx.doc.tokens[i];
  const next = ctx.doc.tokens[i + 1];
  const digitsAt = (k: number) => {
    const t = ctx.doc.tokens[k]?.text ?? '';
    return /^\d{1,3}$/.test(t) && Number(t) > 0 ? Number(t) : null;
  };
  if (tok?.kind === 'number') {
    const n = digitsAt(i);
    return n === null ? null : { n, b: i + 1, ids: [] };
  }
  if (next?.kind === 'number' && adjacent(ctx.doc, i) && word(ctx, i, 'digit-prefix')) {
    const n = digitsAt(i + 1);
    return n === null ? null : { n, b: i + 2, ids: [] };
  }
  const c = word(ctx, i, 'count', { clitics: true });
  return c && c.entry.num !== null ? { n: c.entry.num, b: c.end, ids: [c.entry.id] } : null;
}

/** Moves a day number back (or forward) by n units. */
function shift(dn: number, unit: string, n: number): number {
  if (unit === 'day') return dn + n;
  if (unit === 'week') return dn + 7 * n;
  if (unit === 'month') return addMonths(dn, n);
  if (unit === 'year') return addMonths(dn, 12 * n);
  return dn + Math.sign(n) * Math.ceil(Math.abs(n) / 24);
}

/** A duration: within two days, three days ago, the last few days, during the last three months, a week ago. */
export function durationAt(ctx: DateContext, i: number): FoundDate | null {
  const ids: string[] = [];
  let k = i;
  const lead = word(ctx, k, ['within-lead', 'ago-lead'], { clitics: true });
  if (lead) {
    ids.push(lead.entry.id);
    k = lead.end;
  }
  let n: number | null = null;
  let unit = '';
  let b = k;
  const dual = word(ctx, k, 'dual-unit', { clitics: true });
  const count = dual ? null : countAt(ctx, k);
  const unitWord = dual || count ? null : word(ctx, k, 'unit', { clitics: true });
  if (dual) {
    [n, unit, b] = [2, dual.entry.value, dual.end];
    ids.push(dual.entry.id);
  } else if (count) {
    const u = word(ctx, count.b, 'unit', { clitics: true, article: 'forbid' });
    if (!u) return null;
    [n, unit, b] = [count.n, u.entry.value, u.end];
    ids.push(...count.ids, u.entry.id);
  } else if (unitWord) {
    const plural = unitWord.entry.value.endsWith('s');
    unit = plural ? unitWord.entry.value.slice(0, -1) : unitWord.entry.value;
    ids.push(unitWord.entry.id);
    b = unitWord.end;
    const after = plural && unitWord.reading.definite ? countAt(ctx, b) : null;
    const few = after ? null : word(ctx, b, 'few');
    if (after) {
      n = after.n;
      b = after.b;
      ids.push(...after.ids);
    } else if (few) {
      ids.push(few.entry.id);
      b = few.end;
    } else if (!plural) {
      // A single unit counts only as "N ago" ("a week ago"), and not before a day name ("before Friday").
      if (unitWord.reading.definite || lead?.entry.kind !== 'ago-lead') return null;
      if (word(ctx, b, 'weekday') || ctx.doc.tokens[b]?.kind === 'number') return null;
      n = 1;
    }
  } else return null;
  if (unit.endsWith('s')) unit = unit.slice(0, -1);
  const rel = word(ctx, b, 'relative');
  const past = rel && (rel.entry.value === 'past' || rel.entry.value === 'recent');
  if (past && rel) {
    ids.push(rel.entry.id);
    b = rel.end;
  }
  if (!lead && !past) return null;
  const found = { a: i, b, rule: 'date.duration', ids, exact: false };
  const pub = ctx.pub;
  if (pub === null) return { ...found, start: null, end: null };
  const ago = lead?.entry.kind === 'ago-lead' && !past;
  const span = n ?? FEW[unit] ?? 7;
  if (ago && unit === 'hour') return { ...found, start: shift(pub, unit, -span), end: pub };
  if (ago && n === null) return { ...found, start: shift(pub, unit, -span), end: pub - 1 };
  if (ago) {
    const dn = shift(pub, unit, -span);
    return { ...found, start: dn, end: dn };
  }
  return { ...found, start: shift(pub, unit, -span), end: pub };
}
