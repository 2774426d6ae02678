/**
 * Calendar helpers for the date recogniser: Gregorian day numbers (days since 1970-01-01, UTC) and Hijri
 * (Umm al-Qura) conversion without a dependency. Hijri → Gregorian uses Intl's islamic-umalqura calendar,
 * which maps a Gregorian day to its Hijri date, and searches around an arithmetic estimate. Where Intl lacks
 * that calendar the tabular (civil) Islamic calendar is used instead. Pure and browser-safe.
 */

const DAY_MS = 86_400_000;

/** Day number of a Gregorian date, or null when the date does not exist. */
export function dayNumber(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1 || y > 9999) return null;
  const t = Date.UTC(y, m - 1, d);
  const date = new Date(t);
  date.setUTCFullYear(y);
  return Math.round(date.getTime() / DAY_MS);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function ymdOf(dn: number): Ymd {
  const date = new Date(dn * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoOf(dn: number): string {
  const { y, m, d } = ymdOf(dn);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day number of an ISO date string (YYYY-MM-DD), or null for anything else. */
export function parseIso(s: string | null | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((s ?? '').trim());
  return m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Weekday of a day number, 0 = Sunday. */
export function weekdayOf(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

/** Adds months to a day number, clamping the day to the target month's length. */
export function addMonths(dn: number, months: number): number {
  const { y, m, d } = ymdOf(dn);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return dayNumber(ty, tm, Math.min(d, daysInMonth(ty, tm))) ?? dn;
}

/** First and last day number of a Gregorian month. */
export function monthSpan(y: number, m: number): [number, number] | null {
  const a = dayNumber(y, m, 1);
  const b = dayNumber(y, m, daysInMonth(y, m));
  return a === null || b === null ? null : [a, b];
}

let formatter: Intl.DateTimeFormat | null | undefined;

function umalqura(): Intl.DateTimeFormat | null {
  if (formatter !== undefined) return formatter;
  try {
    const f = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatter = f.resolvedOptions().calendar === 'islamic-umalqura' ? f : null;
  } catch {
    formatter = null;
  }
  return formatter;
}

/** Tabular Islamic calendar (civil epoch): day number of a Hijri date. */
function tabularToDn(y: number, m: number, d: number): number {
  const jd = d + Math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + Math.floor((3 + 11 * y) / 30) + 1948439;
  return jd - 2440588;
}

function tabularFromDn(dn: number): Ymd {
  const jd = dn + 2440588;
  const y = Math.floor((30 * (jd - 1948440) + 10646) / 10631);
  const m = Math.min(12, Math.ceil((jd - (29 + tabularToDn(y, 1, 1) + 2440588)) / 29.5) + 1);
  const d = jd - (tabularToDn(y, m, 1) + 2440588) + 1;
  return { y, m, d };
}

/** Hijri date of a Gregorian day number. */
export function hijriOf(dn: number): Ymd {
  const f = umalqura();
  if (!f) return tabularFromDn(dn);
  const parts = f.formatToParts(new Date(dn * DAY_MS));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const ymd = { y: get('year'), m: get('month'), d: get('day') };
  return Number.isFinite(ymd.y) && Number.isFinite(ymd.m) && Number.isFinite(ymd.d) ? ymd : tabularFromDn(dn);
}

/** Gregorian day number of a Hijri date, or null when it does not exist (e.g. the 30th of a 29-day month). */
export function hijriToDayNumber(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 2000 || m < 1 || m > 12 || d < 1 || d > 30) return null;
  const estimate = tabularToDn(y, m, d);
  for (let delta = 0; delta <= 12; delta++) {
    for (const dn of delta === 0 ? [estimate] : [estimate - delta, estimate + delta]) {
      const h = hijriOf(dn);
      if (h.y === y && h.m === m && h.d === d) return dn;
    }
  }
  return null;
}

/** First and last Gregorian day numbers of a Hijri month. */
export function hijriMonthSpan(y: number, m: number): [number, number] | null {
  const a = hijriToDayNumber(y, m, 1);
  const next = m === 12 ? hijriToDayNumber(y + 1, 1, 1) : hijriToDayNumber(y, m + 1, 1);
  return a === null || next === null ? null : [a, next - 1];
}
