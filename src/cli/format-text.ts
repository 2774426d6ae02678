/** The human-readable output of `marsad extract --format text`. */
import type { DocumentResult, ExtractedEvent, LocationArg, PersonArg } from '../types.js';

const INDENT = '     ';

/** Whitespace runs (line breaks included) become one space, so a field stays on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatPlace(location: LocationArg | null): string {
  if (!location) return 'unknown';
  let text = oneLine(location.name);
  if (location.name_en) text += ` / ${location.name_en}`;
  if (location.admin1 && location.admin1 !== location.name) text += `, ${oneLine(location.admin1)}`;
  if (location.lat !== null && location.lon !== null) text += ` (${location.lat}, ${location.lon})`;
  return text;
}

function formatDate(date: ExtractedEvent['date']): string {
  if (!date) return 'unknown';
  let value: string;
  if (date.start === null) value = 'unresolved';
  else if (date.end === null || date.end === date.start) value = date.start;
  else value = `${date.start} .. ${date.end}`;
  return date.text ? `${value} «${oneLine(date.text)}»` : value;
}

/** `6`, `20-99`, `100+`, `up to 5`, `?`. */
export function formatRange(range: { min: number | null; max: number | null } | null): string {
  if (!range) return '?';
  const { min, max } = range;
  if (min !== null && max !== null) return min === max ? String(min) : `${min}-${max}`;
  if (min !== null) return `${min}+`;
  if (max !== null) return `up to ${max}`;
  return '?';
}

function formatPerson(person: PersonArg): string {
  let text = oneLine(person.name);
  if (person.title) text += `, ${oneLine(person.title)}`;
  if (person.role) text += ` [${person.role}]`;
  return text;
}

function formatEvent(event: ExtractedEvent, index: number): string[] {
  const lines = [`  ${index + 1}. ${event.type} (${event.certainty})`];
  const field = (label: string, value: string): void => {
    lines.push(`${INDENT}${`${label}:`.padEnd(11)}${value}`);
  };
  field('place', formatPlace(event.location));
  field('date', formatDate(event.date));
  field('actors', `${event.actor ?? '?'} → ${event.target ?? '?'}`);
  if (event.persons.length > 0) field('persons', event.persons.map(formatPerson).join('; '));
  let numbers = `count ${formatRange(event.count)}`;
  if (event.count?.text) numbers += ` «${oneLine(event.count.text)}»`;
  numbers += `, killed ${formatRange(event.fatalities)}`;
  field('numbers', numbers);
  if (event.charges.length > 0) field('charges', event.charges.map(oneLine).join('; '));
  field(
    'evidence',
    `[${event.evidence.start}-${event.evidence.end}], trigger «${oneLine(event.trigger.text)}»`,
  );
  lines.push(`${INDENT}  ${oneLine(event.evidence.text)}`);
  return lines;
}

/** One document as text: a header line, then each event, then a blank line. */
export function formatDocumentText(doc: DocumentResult): string {
  const header = [`published ${doc.published ?? 'unknown'}`];
  if (doc.outlet) header.push(oneLine(doc.outlet));
  header.push(
    plural(doc.events.length, 'event', 'events'),
    plural(doc.entities.length, 'entity', 'entities'),
  );
  const lines = [`== ${doc.id} (${header.join(', ')})`];
  if (doc.events.length === 0) lines.push('  no events found');
  doc.events.forEach((event, i) => lines.push(...formatEvent(event, i)));
  return `${lines.join('\n')}\n\n`;
}
