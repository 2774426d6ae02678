/**
 * Absolute date expressions: numeric dates, day and month with or without a year, month parts and whole
 * years, in the Gregorian and Hijri calendars. Pure.
 */
import { adjacent, matchPhrase, type MatchOptions } from './lexicon-match.js';
import { dayNumber, hijriMonthSpan, hijriOf, hijriToDayNumber, monthSpan, ymdOf } from './hijri.js';
import {
  applyPeriod,
  dayPrefix,
  periodDays,
  word,
  type DateContext,
  type FoundDate,
} from './date-relative.js';
import type { Calendar, MonthEntry } from './date-lexicon.js';

/** "2020.11.19", "2020-11-19", "19/11/2020" (day first unless the middle part cannot be a month). */
function numericAt(ctx: DateContext, j: number): { b: number; dn: number; id: string } | null {
  const text = ctx.doc.tokens[j]?.text ?? '';
  const ymd = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (ymd) {
    const dn = dayNumber(Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
    return dn === null ? null : { b: j + 1, dn, id: ctx.lex.patterns.ymd };
  }
  const dmy = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(text);
  if (!dmy) return null;
  let [d, m] = [Number(dmy[1]), Number(dmy[3])];
  if (m > 12 && d <= 12) [d, m] = [m, d];
  const dn = dayNumber(Number(dmy[4]), m, d);
  return dn === null ? null : { b: j + 1, dn, id: ctx.lex.patterns.dmy };
}

/** Weekday, part of the day and the word "day" before an absolute date ("Tuesday, 19 ..."). */
function absolutePrefix(ctx: DateContext, i: number): { j: number; ids: string[] } {
  const p = dayPrefix(ctx, i);
  const wd = word(ctx, p.j, 'weekday', { clitics: p.j === i });
  if (!wd) return p;
  let j = wd.end;
  const sep = ctx.doc.tokens[j];
  if (sep?.kind === 'punct' && /^[,\u060C-]$/.test(sep.text)) j++;
  return { j, ids: [...p.ids, wd.entry.id] };
}

interface MonthGroup {
  entry: MonthEntry;
  b: number;
  pair: boolean;
  ids: string[];
}

/** A month name, maybe paired with its name of another series: "Ab/August", "Ab (August)". */
function monthGroupAt(ctx: DateContext, j: number, opts: MatchOptions = {}): MonthGroup | null {
  const m = matchPhrase(ctx.doc, j, ctx.lex.months, opts);
  if (!m) return null;
  const same = (e: MonthEntry) => e.month === m.entry.month && e.calendar === m.entry.calendar;
  const group: MonthGroup = { entry: m.entry, b: m.end, pair: false, ids: [m.entry.id] };
  const sep = ctx.doc.tokens[m.end]?.text;
  if (sep === '/' || sep === '-' || sep === '\\' || sep === '(') {
    const other = matchPhrase(ctx.doc, m.end + 1, ctx.lex.months, {}, same);
    const close = other && sep === '(' ? ctx.doc.tokens[other.end]?.text === ')' : true;
    if (other && close) {
      group.b = sep === '(' ? other.end + 1 : other.end;
      group.pair = true;
      group.ids.push(other.entry.id);
    }
  }
  return group;
}

/** A year after a month ("2014", "year 2014", "1436 AH", "2014 AD"). */
function yearAt(
  ctx: DateContext,
  j: number,
  calendar: Calendar,
): { y: number; b: number; ids: string[] } | null {
  const ids: string[] = [];
  let k = j;
  const lead = word(ctx, k, 'year-lead', { clitics: true });
  if (lead) {
    ids.push(lead.entry.id);
    k = lead.end;
  }
  const text = ctx.doc.tokens[k]?.text ?? '';
  if (!/^\d{4}$/.test(text)) return null;
  const y = Number(text);
  const [lo, hi] = calendar === 'hijri' ? [1300, 1600] : [1800, 2200];
  if (y < lo || y > hi) return null;
  let b = k + 1;
  const suffix = word(ctx, b, 'year-suffix');
  if (suffix) {
    ids.push(suffix.entry.id);
    b = suffix.end;
  }
  return { y, b, ids };
}

/** Day number of day d of month m in year y of a calendar. */
function dayIn(calendar: Calendar, y: number, m: number, d: number): number | null {
  return calendar === 'hijri' ? hijriToDayNumber(y, m, d) : dayNumber(y, m, d);
}

/** Month span in a calendar. */
function spanIn(calendar: Calendar, y: number, m: number): [number, number] | null {
  return calendar === 'hijri' ? hijriMonthSpan(y, m) : monthSpan(y, m);
}

/** Year and month of a day number in a calendar. */
function yearMonthOf(calendar: Calendar, dn: number): { y: number; m: number } {
  return calendar === 'hijri' ? hijriOf(dn) : ymdOf(dn);
}

/** The latest date with month m and days d1..d2 on or before pub: [start, end]. */
function latestDays(
  calendar: Calendar,
  pub: number,
  m: number,
  d1: number,
  d2: number,
): [number, number] | null {
  const y0 = yearMonthOf(calendar, pub).y;
  for (let y = y0; y >= y0 - 8; y--) {
    const a = dayIn(calendar, y, m, d1);
    const b = dayIn(calendar, y, m, d2);
    if (a !== null && b !== null && a <= pub) return [a, b];
  }
  return null;
}

/** A day number with optional clitic written against it (the article before "26"), a hyphen range or "26 and 27". */
function dayAt(ctx: DateContext, j: number): { d1: number; d2: number; b: number } | null {
  const toks = ctx.doc.tokens;
  let k = j;
  if (
    toks[k]?.kind === 'word' &&
    toks[k + 1]?.kind === 'number' &&
    adjacent(ctx.doc, k) &&
    word(ctx, k, 'digit-prefix')
  )
    k++;
  const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(toks[k]?.text ?? '');
  if (!m || toks[k]?.kind !== 'number') return null;
  const d1 = Number(m[1]);
  let d2 = m[2] ? Number(m[2]) : d1;
  let b = k + 1;
  const and = toks[b];
  const second = /^\d{1,2}$/.exec(toks[b + 1]?.text ?? '');
  if (!m[2] && and?.kind === 'word' && second && adjacent(ctx.doc, b) && word(ctx, b, 'digit-prefix')) {
    d2 = Number(second[0]);
    b += 2;
  }
  if (d1 < 1 || d1 > 31 || d2 < d1 || d2 > 31) return null;
  return { d1, d2, b };
}

/** Day and month, maybe with a year, a weekday before, a month pair, a Hijri month or two days. */
export function dayMonthAt(ctx: DateContext, i: number): FoundDate | null {
  const p = absolutePrefix(ctx, i);
  const numeric = numericAt(ctx, p.j);
  if (numeric) {
    return {
      a: i,
      b: numeric.b,
      start: numeric.dn,
      end: numeric.dn,
      rule: 'date.numeric',
      ids: [...p.ids, numeric.id],
      exact: true,
    };
  }
  const day = dayAt(ctx, p.j);
  if (!day) return null;
  let k = day.b;
  const link = word(ctx, k, 'day-link');
  const mg = monthGroupAt(ctx, link ? link.end : k);
  if (!mg) return null;
  k = mg.b;
  const { calendar, month } = mg.entry;
  const ids = [...p.ids, ...(link ? [link.entry.id] : []), ...mg.ids];
  const yr = yearAt(ctx, k, calendar);
  let span: [number, number] | null;
  if (yr) {
    const a = dayIn(calendar, yr.y, month, day.d1);
    const e = dayIn(calendar, yr.y, month, day.d2);
    if (a === null || e === null) return null;
    span = [a, e];
    ids.push(...yr.ids);
    k = yr.b;
  } else {
    span = ctx.pub === null ? null : latestDays(calendar, ctx.pub, month, day.d1, day.d2);
  }
  const exact = yr !== null && day.d1 === day.d2;
  return { a: i, b: k, start: span?.[0] ?? null, end: span?.[1] ?? null, rule: 'date.day-month', ids, exact };
}

/** Month, day, year ("March 28, 2024"; the year is required). */
export function monthDayAt(ctx: DateContext, i: number): FoundDate | null {
  const p = absolutePrefix(ctx, i);
  const mg = monthGroupAt(ctx, p.j);
  if (!mg) return null;
  const toks = ctx.doc.tokens;
  let k = mg.b;
  let d: number;
  let y: number;
  const fused = /^(\d{1,2}),(\d{4})$/.exec(toks[k]?.text ?? '');
  if (fused) {
    [d, y] = [Number(fused[1]), Number(fused[2])];
    k++;
  } else {
    if (!/^\d{1,2}$/.test(toks[k]?.text ?? '')) return null;
    d = Number(toks[k]?.text);
    k++;
    if (toks[k]?.text === ',' || toks[k]?.text === '\u060C') k++;
    const yr = yearAt(ctx, k, mg.entry.calendar);
    if (!yr) return null;
    y = yr.y;
    k = yr.b;
  }
  const dn = dayIn(mg.entry.calendar, y, mg.entry.month, d);
  if (dn === null) return null;
  return { a: i, b: k, start: dn, end: dn, rule: 'date.month-day', ids: [...p.ids, ...mg.ids], exact: true };
}

/** A month or month part: the middle of June 2014, last March, in June, July and August 2015, early Ramadan. */
export function monthAt(ctx: DateContext, i: number): FoundDate | null {
  const ids: string[] = [];
  let k = i;
  const pm = word(ctx, k, 'period', { clitics: true });
  const period = pm ? periodDays(pm.entry.value) : null;
  if (pm) {
    ids.push(pm.entry.id);
    k = pm.end;
  }
  const mw = word(ctx, k, 'month-word', { clitics: k === i });
  if (mw) {
    ids.push(mw.entry.id);
    k = mw.end;
  }
  const first = monthGroupAt(ctx, k, { clitics: k === i, article: 'forbid' });
  if (!first) return null;
  let last = first;
  ids.push(...first.ids);
  for (;;) {
    const next = monthGroupAt(ctx, last.b, { conjunction: true });
    if (!next || next.entry.calendar !== first.entry.calendar) break;
    ids.push(...next.ids);
    last = next;
  }
  const calendar = first.entry.calendar;
  const yr = yearAt(ctx, last.b, calendar);
  const rel = yr ? null : word(ctx, last.b, 'relative');
  const lead = ctx.doc.tokens[i - 1] ? word(ctx, i - 1, 'month-lead', { clitics: true }) : null;
  const anchored = pm || mw || first.pair || last !== first || yr || rel || lead?.end === i;
  if (!anchored) return null;
  const b = yr?.b ?? rel?.end ?? last.b;
  if (yr) ids.push(...yr.ids);
  if (rel) ids.push(rel.entry.id);
  const found = { a: i, b, rule: 'date.month', ids, exact: false };
  const m1 = first.entry.month;
  const m2 = last.entry.month;
  let y: number;
  if (yr) y = yr.y;
  else if (ctx.pub !== null) {
    const cur = yearMonthOf(calendar, ctx.pub);
    const mode = rel?.entry.value ?? 'none';
    if (mode === 'past' || mode === 'recent') y = m2 < cur.m ? cur.y : cur.y - 1;
    else if (mode === 'next') y = m2 > cur.m ? cur.y : cur.y + 1;
    else if (mode === 'current') y = cur.y;
    else y = m2 <= cur.m ? cur.y : cur.y - 1;
  } else return { ...found, start: null, end: null };
  const s1 = spanIn(calendar, m1 <= m2 ? y : y - 1, m1);
  const s2 = spanIn(calendar, y, m2);
  if (!s1 || !s2) return { ...found, start: null, end: null };
  return { ...found, start: applyPeriod(s1, period)[0], end: applyPeriod(s2, period)[1] };
}

/** A year with its lead word or era letter ("year 2014", "1436 AH"): the whole year. */
export function yearOnlyAt(ctx: DateContext, i: number): FoundDate | null {
  const lead = word(ctx, i, 'year-lead', { clitics: true });
  const k = lead ? lead.end : i;
  const text = ctx.doc.tokens[k]?.text ?? '';
  if (!/^\d{4}$/.test(text)) return null;
  const suffix = word(ctx, k + 1, 'year-suffix');
  if (!lead && !suffix) return null;
  const calendar: Calendar = suffix?.entry.value === 'hijri' ? 'hijri' : 'gregorian';
  const y = Number(text);
  const [lo, hi] = calendar === 'hijri' ? [1300, 1600] : [1800, 2200];
  if (y < lo || y > hi) return null;
  const a = calendar === 'hijri' ? hijriToDayNumber(y, 1, 1) : dayNumber(y, 1, 1);
  const e = calendar === 'hijri' ? hijriToDayNumber(y + 1, 1, 1) : dayNumber(y + 1, 1, 1);
  const ids = [...(lead ? [lead.entry.id] : []), ...(suffix ? [suffix.entry.id] : [])];
  const b = suffix ? suffix.end : k + 1;
  return { a: i, b, start: a, end: e === null ? null : e - 1, rule: 'date.year', ids, exact: false };
}
