/** Formatting of numbers, ranges and dates shared by the pages. */
import type { EventType } from '../../src/types';

/** Latin digits in both languages: the data (dates, counts) is written with them. */
export function num(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en').format(n);
}

/** `6`, `20–99`, `100+`, '' when unknown. */
export function range(r: { min: number | null; max: number | null } | null | undefined): string {
  if (!r || (r.min === null && r.max === null)) return '';
  if (r.min !== null && r.max !== null) return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
  if (r.min !== null) return `${r.min}+`;
  return `≤${r.max}`;
}

/** A number to sort by: the upper bound, else the lower one, else -1 (unknown sorts first). */
export function rangeValue(r: { min: number | null; max: number | null } | null | undefined): number {
  return r?.max ?? r?.min ?? -1;
}

export function dateRange(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return '';
  if (!end || start === end) return start ?? '';
  if (!start) return end;
  return `${start} – ${end}`;
}

/** Colours of the 15 event types: internal-cohesion types warm, violence red, state measures cool. */
export const TYPE_COLORS: Record<EventType, string> = {
  defection: '#e6550d',
  insubordination: '#fd8d3c',
  internal_dispute: '#fdae6b',
  armed_clash: '#a50f15',
  assassination: '#de2d26',
  execution: '#67000d',
  arrest: '#3182bd',
  airstrike: '#6a51a3',
  shelling: '#9e9ac8',
  property_destruction: '#8c6d31',
  self_harm: '#e7969c',
  security_measures: '#6baed6',
  prisoner_release: '#31a354',
  territory_change: '#637939',
  bodies_found: '#636363',
};

export const typeColor = (t: string): string => TYPE_COLORS[t as EventType] ?? '#999';

/** The Monday (UTC) of the week of a YYYY-MM-DD date, as YYYY-MM-DD. */
export function mondayOf(date: string): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Relative change as `↑ 40%`, `↓ 25%`, `=`; null (nothing before) is shown by the caller. */
export function changeText(change: number): string {
  if (change === 0) return '= 0%';
  return `${change > 0 ? '↑' : '↓'} ${Math.round(Math.abs(change) * 100)}%`;
}
