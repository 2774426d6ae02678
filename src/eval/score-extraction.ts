/**
 * Scores extraction output against gold annotations, following the scoring rules of the annotation
 * guideline (docs/eval.md): events are paired with gold events one to one by an optimal assignment
 * (equal type, evidence overlapping an anchor), then their arguments and the documents' entities are
 * compared after a light normalisation of Arabic names. The figures are meant to be identical to those
 * of the reference scorer the guideline describes, so that one number means one thing everywhere.
 *
 * Pure: no I/O. The gold file is validated here (`parseGold`); reading files is the CLI's job.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '../types.js';

// ---------------------------------------------------------------------------------------------------
// Gold annotations

/** A calendar day written YYYY-MM-DD. */
function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

const text = z.string('must be a string').min(1, 'must not be empty');
const day = z.string('must be a date string').refine(isCalendarDay, 'must be a calendar date YYYY-MM-DD');
const quantity = z
  .number('must be a number or null')
  .nonnegative('must not be negative')
  .nullable()
  .default(null);
const actorId = text.nullable().default(null);

export const goldEventSchema = z.object({
  type: z.enum(EVENT_TYPES as readonly [EventType, ...EventType[]], {
    error: `must be one of ${EVENT_TYPES.join(', ')}`,
  }),
  /** Short verbatim phrases of the article around the trigger; a prediction must overlap one of them. */
  anchors: z.array(text, 'must be an array of strings').min(1, 'must name at least one anchor'),
  actor: actorId,
  target: actorId,
  persons: z.array(text, 'must be an array of names').default([]),
  /** The place of the event and its parents named in the text; any of them is a right location. */
  locations: z.array(text, 'must be an array of place names').default([]),
  /** First and last day of the event, inclusive. */
  date: z
    .tuple([day, day], { error: 'must be [start, end] or null' })
    .refine(([start, end]) => start <= end, 'start must not be after end')
    .nullable()
    .default(null),
  count: quantity,
  fatalities: quantity,
  /** Borderline events (trends, background…): neither rewarded nor punished. */
  optional: z.boolean('must be true or false').default(false),
  note: z.string('must be a string').optional(),
});

// Unknown fields are dropped rather than refused: other gold sets may carry annotators' extras.
export const goldDocumentSchema = z.object({
  /** The article's file name in the corpus directory. */
  doc: text,
  published: z.string('must be a string or null').nullable().optional(),
  outlet: z.string('must be a string or null').nullable().optional(),
  events: z.array(goldEventSchema, 'must be an array of events'),
  /** Every person the article names, each as a list of aliases whose first is the canonical name. */
  persons: z
    .array(z.array(text, 'must be an array of aliases').min(1, 'must hold at least one name'), {
      error: 'must be an array of alias lists',
    })
    .default([]),
  places: z.array(text, 'must be an array of place names').default([]),
  groups: z.array(text, 'must be an array of group ids').default([]),
});

export type GoldEvent = z.output<typeof goldEventSchema>;
export type GoldDocument = z.output<typeof goldDocumentSchema>;

/** A problem in a JSON Lines file: where (1-based line, field path) and what. */
export interface LineIssue {
  file: string;
  line: number;
  /** `events[2].anchors[0]`; empty for the whole line. */
  field: string;
  message: string;
}

export function formatLineIssue(issue: LineIssue): string {
  return `${issue.file}:${issue.line}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** The non-blank lines of a JSON Lines text, parsed, with their line numbers; bad JSON becomes an issue. */
function jsonLines(source: string, file: string): { values: Array<[number, unknown]>; issues: LineIssue[] } {
  const values: Array<[number, unknown]> = [];
  const issues: LineIssue[] = [];
  source.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      values.push([i + 1, JSON.parse(line) as unknown]);
    } catch (err) {
      issues.push({ file, line: i + 1, field: '', message: `not JSON: ${(err as Error).message}` });
    }
  });
  return { values, issues };
}

const byLine = (issues: LineIssue[]): LineIssue[] => issues.sort((a, b) => a.line - b.line);

/** Parses and validates a gold JSON Lines text; every problem is returned, with its line and field. */
export function parseGold(source: string, file: string): { documents: GoldDocument[]; issues: LineIssue[] } {
  const { values, issues } = jsonLines(source, file);
  const documents: GoldDocument[] = [];
  const seen = new Map<string, number>();
  for (const [line, value] of values) {
    const parsed = goldDocumentSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ file, line, field: fieldPath(issue.path), message: issue.message });
      continue;
    }
    // A document annotated twice would have its events counted twice.
    const first = seen.get(parsed.data.doc);
    if (first !== undefined) {
      issues.push({
        file,
        line,
        field: 'doc',
        message: `'${parsed.data.doc}' is already annotated on line ${first}`,
      });
      continue;
    }
    seen.set(parsed.data.doc, line);
    documents.push(parsed.data);
  }
  return { documents, issues: byLine(issues) };
}

// ---------------------------------------------------------------------------------------------------
// Predictions: the output contract, read leniently (any extractor's output may be scored, and a field
// of the wrong shape only makes that argument wrong, as in the reference scorer).

/** One document of extraction output; `DocumentResult` is one. `id` (or `doc`) is the file name. */
export interface PredictedDocument {
  id?: unknown;
  doc?: unknown;
  events?: unknown;
  entities?: unknown;
}

/** Parses a predictions JSON Lines text: one object per line. */
export function parsePredictions(
  source: string,
  file: string,
): { documents: PredictedDocument[]; issues: LineIssue[] } {
  const { values, issues } = jsonLines(source, file);
  const documents: PredictedDocument[] = [];
  for (const [line, value] of values) {
    if (isRecord(value)) documents.push(value);
    else issues.push({ file, line, field: '', message: 'must be a JSON object (one document)' });
  }
  return { documents, issues: byLine(issues) };
}

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fieldsOf = (value: unknown): Loose => (isRecord(value) ? value : {});
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// ---------------------------------------------------------------------------------------------------
// Name normalisation

const DIACRITICS = /[\u064B-\u065F\u0670\u0640]/g;
const PUNCTUATION = /[«»"“”„'’‘()[\]{}<>.,،؛:!?؟_\-–—|/\\]/g;
// Place and naming words dropped before comparing. They are looked up after the letters are folded (ة is
// then ه), so the words written with ة are in effect kept; the reference scorer does the same, and the
// figures must agree with it.
const DROPPED_WORDS = new Set([
  'مدينة',
  'بلدة',
  'قرية',
  'حي',
  'ناحية',
  'منطقة',
  'محافظة',
  'ريف',
  'المدعو',
  'المدعوة',
]);

/**
 * A name folded for comparison: no diacritics or tatweel, hamza forms and alef maqsura and ta marbuta
 * folded, punctuation as spaces, place words and the article ال of longer words dropped. Not a string: ''.
 */
export function normalizeName(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(DIACRITICS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(PUNCTUATION, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !DROPPED_WORDS.has(word))
    .map((word) => (word.length > 3 && word.startsWith('ال') ? word.slice(2) : word))
    .join(' ');
}

/** The first alias of the gold alias list holding `name`, else the folded name itself. */
function canonicalPerson(aliasLists: readonly (readonly string[])[], name: unknown): string {
  const folded = normalizeName(name);
  const list = aliasLists.find((aliases) => aliases.some((alias) => normalizeName(alias) === folded));
  return list?.[0] ?? folded;
}

// ---------------------------------------------------------------------------------------------------
// Optimal pairing

/**
 * Maximum-weight one-to-one assignment of rows to columns (the Hungarian method: shortest augmenting
 * paths with row and column potentials, O(n³) on the matrix padded square). Returns, for each row, its
 * column, or -1 when it gets none or only a pair of weight 0. Ties are broken as the textbook method
 * does (lowest column first), which the reference scorer also uses, so both pick the same pairs.
 */
export function maxWeightAssignment(weights: readonly (readonly number[])[]): number[] {
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  const result = new Array<number>(rows).fill(-1);
  if (rows === 0 || cols === 0) return result;
  const n = Math.max(rows, cols);
  const top = Math.max(0, ...weights.flat());
  const weight = (r: number, c: number) => (r < rows && c < cols ? weights[r]![c]! : 0);
  // Minimising top − weight maximises the weight; padding cells weigh 0.
  const cost = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => top - weight(r, c)));
  // 1-based: index 0 is the virtual column the augmenting path starts from.
  const rowPotential = new Array<number>(n + 1).fill(0);
  const colPotential = new Array<number>(n + 1).fill(0);
  const rowOfCol = new Array<number>(n + 1).fill(0);
  const previous = new Array<number>(n + 1).fill(0);
  for (let row = 1; row <= n; row++) {
    rowOfCol[0] = row;
    let col = 0;
    const slack = new Array<number>(n + 1).fill(Infinity);
    const visited = new Array<boolean>(n + 1).fill(false);
    do {
      visited[col] = true;
      const from = rowOfCol[col]!;
      let delta = Infinity;
      let next = 0;
      for (let c = 1; c <= n; c++) {
        if (visited[c]) continue;
        const reduced = cost[from - 1]![c - 1]! - rowPotential[from]! - colPotential[c]!;
        if (reduced < slack[c]!) {
          slack[c] = reduced;
          previous[c] = col;
        }
        if (slack[c]! < delta) {
          delta = slack[c]!;
          next = c;
        }
      }
      for (let c = 0; c <= n; c++) {
        if (visited[c]) {
          rowPotential[rowOfCol[c]!]! += delta;
          colPotential[c]! -= delta;
        } else slack[c]! -= delta;
      }
      col = next;
    } while (rowOfCol[col] !== 0);
    // Flip the path back to the virtual column.
    while (col !== 0) {
      const back = previous[col]!;
      rowOfCol[col] = rowOfCol[back]!;
      col = back;
    }
  }
  for (let c = 1; c <= n; c++) {
    const r = rowOfCol[c]! - 1;
    if (r >= 0 && r < rows && c - 1 < cols && weight(r, c - 1) > 0) result[r] = c - 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// The report

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Accuracy {
  accuracy: number;
  right: number;
  of: number;
}

/** A required gold event no prediction was paired with. */
export interface Miss {
  doc: string;
  type: EventType;
  anchor: string;
  /** The sentence around the first anchor found in the text ('' when none is). */
  sentence: string;
  /** The type of a prediction (of another type, or already paired) whose evidence covers an anchor. */
  covered_by: string | null;
}

/** A prediction paired with no gold event. */
export interface FalseAlarm {
  doc: string;
  type: string;
  /** The evidence text, or null when the evidence span is missing, empty or over 600 characters. */
  evidence: string | null;
  /** True when it overlaps a gold event of its type that another prediction was paired with. */
  duplicate: boolean;
}

/** A wrong argument of a paired required event. */
export interface ArgumentError {
  doc: string;
  type: EventType;
  anchor: string;
  argument: string;
  /** The gold value, as text (the accepted places joined by " / "). */
  gold: string;
  /** What the prediction says, as text. */
  predicted: string;
}

export interface EvalReport {
  /** Gold documents. */
  documents: number;
  /** Gold documents some prediction was given for. */
  predicted_documents: number;
  events: Prf & { duplicates: number; optional_matched: number; missed_but_other_type: number };
  /** A pair counts only when the location and actor (where the gold gives them) are right too. */
  events_strict: Prf;
  by_type: Record<string, Prf>;
  /** On paired required events: accuracy per argument; persons as P/R/F1 over names. */
  arguments: Record<string, Accuracy | Prf>;
  entities: { person: Prf; place: Prf; group: Prf };
  /** Mean of the argument accuracies (F1 for persons). */
  argument_mean: number;
  /** The figures of the reference scorer's last line. */
  score: {
    event_f1: number;
    strict_f1: number;
    argument_mean: number;
    person_f1: number;
    place_recall: number;
    group_f1: number;
  };
  misses: Miss[];
  false_alarms: FalseAlarm[];
  /** The wrong arguments of paired required events. */
  argument_errors: ArgumentError[];
  /** Annotation problems found against the texts (anchors not found or found several times). */
  warnings: string[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const newCounts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const round3 = (x: number): number => +x.toFixed(3);

function prf({ tp, fp, fn }: Counts): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round3(precision), recall: round3(recall), f1: round3(f1), tp, fp, fn };
}

// ---------------------------------------------------------------------------------------------------
// Comparing arguments

/** Evidence longer than this points at the article, not at a sentence: it is no evidence. */
export const MAX_EVIDENCE_CHARS = 600;

type Range = readonly [number, number];

function evidenceRange(event: Loose): Range | null {
  const evidence = event['evidence'];
  if (!isRecord(evidence)) return null;
  const { start, end } = evidence;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  const [s, e] = [start as number, end as number];
  return e > s && e - s <= MAX_EVIDENCE_CHARS ? [s, e] : null;
}

const overlap = (a: Range, b: Range): number => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

/** A number, or a {min, max} range, covers the gold value within 10% (and one more at the top). */
function quantityRight(predicted: unknown, gold: number): boolean {
  const range = isRecord(predicted) ? predicted : typeof predicted === 'number' ? { min: predicted } : null;
  if (!range || typeof range['min'] !== 'number') return false;
  const min = range['min'];
  const max = typeof range['max'] === 'number' ? range['max'] : min;
  return gold >= min * 0.9 && gold <= max * 1.1 + 1;
}

const dayNumber = (value: unknown): number => Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`) / 864e5;

/** The predicted range meets the gold one and is at most two days wider (a one-day gold counts as two). */
function dateRight(predicted: unknown, gold: readonly [string, string]): boolean {
  if (!isRecord(predicted) || !predicted['start']) return false;
  const start = dayNumber(predicted['start']);
  const end = dayNumber(predicted['end'] ?? predicted['start']);
  const [goldStart, goldEnd] = gold.map(dayNumber) as [number, number];
  if ([start, end, goldStart, goldEnd].some(Number.isNaN)) return false;
  return start <= goldEnd && end >= goldStart && end - start <= Math.max(goldEnd - goldStart, 1) + 2;
}

function locationRight(predicted: Loose, gold: GoldEvent): boolean {
  const location = fieldsOf(predicted['location']);
  const names = [location['name'], location['name_ar'], location['canonical']]
    .filter(Boolean)
    .map(normalizeName);
  return names.some((name) => gold.locations.some((place) => normalizeName(place) === name));
}

const ENTITY_KINDS: Record<string, 'person' | 'place' | 'group'> = {
  person: 'person',
  per: 'person',
  place: 'place',
  location: 'place',
  loc: 'place',
  gpe: 'place',
  group: 'group',
  organization: 'group',
  org: 'group',
  actor: 'group',
};

const entityKind = (entity: Loose) => ENTITY_KINDS[String(entity['type']).toLowerCase()];

/** The sentence (or line) of `text` around [start, end), at most `max` characters. */
export function sentenceAround(text: string, start: number, end: number, max = 400): string {
  const before = text.slice(Math.max(0, start - max), start);
  const after = text.slice(end, end + max);
  const from =
    start - before.length + Math.max(...['.', '!', '?', '؟', '\n'].map((c) => before.lastIndexOf(c) + 1));
  const stops = [...after.matchAll(/[.!?؟\n]/g)].map((m) => m.index);
  const to = stops.length ? end + stops[0]! + 1 : end + after.length;
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------
// Scoring

interface Tally {
  events: Counts;
  strict: Counts;
  duplicates: number;
  optionalMatched: number;
  otherType: number;
  byType: Map<string, Counts>;
  /** Insertion order is kept: the argument mean is summed in it, as the reference does. */
  args: Map<string, { right: number; of: number } | Counts>;
  entities: { person: Counts; place: Counts; group: Counts };
  predictedDocuments: number;
  misses: Miss[];
  falseAlarms: FalseAlarm[];
  argumentErrors: ArgumentError[];
  warnings: string[];
}

function countType(tally: Tally, type: string, key: keyof Counts): void {
  const counts = tally.byType.get(type) ?? newCounts();
  counts[key]++;
  tally.byType.set(type, counts);
}

function countArgument(tally: Tally, name: string, right: boolean): void {
  const entry = (tally.args.get(name) as { right: number; of: number } | undefined) ?? { right: 0, of: 0 };
  entry.of++;
  if (right) entry.right++;
  tally.args.set(name, entry);
}

interface Candidate {
  event: Loose;
  range: Range | null;
  used: boolean;
}

/** Where each anchor is in the text (its first occurrence), or null when it is not there. */
function anchorRanges(
  gold: GoldDocument,
  event: GoldEvent,
  text: string,
  warnings: string[],
): Array<Range | null> {
  return event.anchors.map((anchor) => {
    const at = text.indexOf(anchor);
    if (at < 0) {
      warnings.push(`${gold.doc}: ${event.type} anchor «${anchor}» is not in the text: it can match nothing`);
      return null;
    }
    if (text.indexOf(anchor, at + 1) >= 0)
      warnings.push(`${gold.doc}: ${event.type} anchor «${anchor}» occurs more than once: the first is used`);
    return [at, at + anchor.length];
  });
}

const anchorOverlap = (anchors: ReadonlyArray<Range | null>, range: Range): number =>
  Math.max(0, ...anchors.map((a) => (a ? overlap(a, range) : 0)));

/** What a predicted argument says, for the list of argument errors. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (!isRecord(value)) return JSON.stringify(value);
  if ('name' in value) return String(value['name']);
  if ('min' in value) {
    const [min, max] = [value['min'], value['max']];
    return min === max ? String(min) : `${String(min ?? '?')}–${String(max ?? '')}`;
  }
  if ('start' in value) {
    const [start, end] = [value['start'], value['end'] ?? value['start']];
    return start === end ? String(start) : `${String(start)}..${String(end)}`;
  }
  return JSON.stringify(value);
}

/** Counts the arguments of a paired required event, and lists the wrong ones. */
function scoreArguments(
  tally: Tally,
  doc: string,
  goldEvent: GoldEvent,
  predicted: Loose,
  placeRight: boolean,
  aliasLists: readonly (readonly string[])[],
): void {
  const check = (argument: string, right: boolean, gold: string, got: unknown) => {
    countArgument(tally, argument, right);
    if (!right)
      tally.argumentErrors.push({
        doc,
        type: goldEvent.type,
        anchor: goldEvent.anchors[0]!,
        argument,
        gold,
        predicted: describe(got),
      });
  };
  if (goldEvent.locations.length)
    check('location', placeRight, goldEvent.locations.join(' / '), predicted['location']);
  if (goldEvent.actor)
    check('actor', predicted['actor'] === goldEvent.actor, goldEvent.actor, predicted['actor']);
  if (goldEvent.target)
    check('target', predicted['target'] === goldEvent.target, goldEvent.target, predicted['target']);
  if (goldEvent.persons.length) {
    const wanted = new Set(goldEvent.persons.map((name) => canonicalPerson(aliasLists, name)));
    // Predicted names are folded once to read them, then again when looked up, as the reference does.
    const names = listOf(predicted['persons']).map((p) =>
      typeof p === 'string' ? p : (fieldsOf(p)['name'] ?? fieldsOf(p)['text'] ?? ''),
    );
    const found = new Set(names.map((name) => canonicalPerson(aliasLists, normalizeName(name))));
    const hits = [...wanted].filter((name) => found.has(name)).length;
    const counts = (tally.args.get('persons') as Counts | undefined) ?? newCounts();
    counts.tp += hits;
    counts.fn += wanted.size - hits;
    counts.fp += found.size - hits;
    tally.args.set('persons', counts);
    if (hits < wanted.size || hits < found.size)
      tally.argumentErrors.push({
        doc,
        type: goldEvent.type,
        anchor: goldEvent.anchors[0]!,
        argument: 'persons',
        gold: goldEvent.persons.join('، '),
        predicted: names.map(String).join('، ') || 'nothing',
      });
  }
  if (goldEvent.count != null)
    check(
      'count',
      quantityRight(predicted['count'], goldEvent.count),
      String(goldEvent.count),
      predicted['count'],
    );
  if (goldEvent.fatalities != null)
    check(
      'fatalities',
      quantityRight(predicted['fatalities'], goldEvent.fatalities),
      String(goldEvent.fatalities),
      predicted['fatalities'],
    );
  if (goldEvent.date)
    check('date', dateRight(predicted['date'], goldEvent.date), goldEvent.date.join('..'), predicted['date']);
}

function scoreEvents(
  tally: Tally,
  gold: GoldDocument,
  predictedEvents: readonly unknown[],
  aliasLists: readonly (readonly string[])[],
  text: string,
): void {
  const candidates: Candidate[] = predictedEvents.map((e) => {
    const event = fieldsOf(e);
    return { event, range: evidenceRange(event), used: false };
  });
  const anchors = gold.events.map((event) => anchorRanges(gold, event, text, tally.warnings));
  // A pair is possible when the types are equal and the evidence meets an anchor. Required events weigh
  // most, then a right location; the share of the evidence on the anchor breaks the remaining ties.
  const weights = gold.events.map((goldEvent, g) =>
    candidates.map(({ event, range }) => {
      if (!range || event['type'] !== goldEvent.type) return 0;
      const shared = anchorOverlap(anchors[g]!, range);
      if (shared <= 0) return 0;
      return (
        (goldEvent.optional ? 1000 : 100000) +
        (locationRight(event, goldEvent) ? 100 : 0) +
        shared / (range[1] - range[0])
      );
    }),
  );
  const pairedWith = maxWeightAssignment(weights);

  gold.events.forEach((goldEvent, g) => {
    const c = pairedWith[g]!;
    if (c < 0) {
      if (goldEvent.optional) return;
      tally.events.fn++;
      tally.strict.fn++;
      countType(tally, goldEvent.type, 'fn');
      const cover = candidates.find(({ range }) => range && anchorOverlap(anchors[g]!, range) > 0);
      if (cover) tally.otherType++;
      const first = anchors[g]!.find((a) => a !== null);
      tally.misses.push({
        doc: gold.doc,
        type: goldEvent.type,
        anchor: goldEvent.anchors[0]!,
        sentence: first ? sentenceAround(text, first[0], first[1]) : '',
        covered_by: cover ? String(cover.event['type']) : null,
      });
      return;
    }
    const candidate = candidates[c]!;
    candidate.used = true;
    if (goldEvent.optional) {
      tally.optionalMatched++;
      return;
    }
    tally.events.tp++;
    countType(tally, goldEvent.type, 'tp');
    const predicted = candidate.event;
    const placeRight = locationRight(predicted, goldEvent);
    const strictRight =
      (goldEvent.locations.length === 0 || placeRight) &&
      (!goldEvent.actor || predicted['actor'] === goldEvent.actor);
    if (strictRight) tally.strict.tp++;
    else {
      tally.strict.fn++;
      tally.strict.fp++;
    }
    scoreArguments(tally, gold.doc, goldEvent, predicted, placeRight, aliasLists);
  });

  // What is left: a prediction on an optional gold event of its type is ignored; one on a paired gold
  // event of its type counts that incident twice (a false alarm, also reported as a duplicate).
  const meets = (candidate: Candidate, g: number) =>
    candidate.range !== null &&
    gold.events[g]!.type === candidate.event['type'] &&
    anchorOverlap(anchors[g]!, candidate.range) > 0;
  for (const candidate of candidates)
    if (!candidate.used && gold.events.some((e, g) => e.optional && meets(candidate, g)))
      candidate.used = true;
  for (const candidate of candidates) {
    if (candidate.used || !candidate.range) continue;
    const duplicate = gold.events.some((_, g) => pairedWith[g]! >= 0 && meets(candidate, g));
    if (duplicate) tally.duplicates++;
    tally.events.fp++;
    tally.strict.fp++;
    const type = String(candidate.event['type']);
    countType(tally, type, 'fp');
    const evidence = text.slice(candidate.range[0], candidate.range[1]).replace(/\s+/g, ' ').trim();
    tally.falseAlarms.push({ doc: gold.doc, type, evidence, duplicate });
  }
  // Without usable evidence a prediction cannot be checked: a false alarm, outside the per-type counts.
  for (const candidate of candidates) {
    if (candidate.range) continue;
    tally.events.fp++;
    tally.strict.fp++;
    tally.falseAlarms.push({
      doc: gold.doc,
      type: String(candidate.event['type']),
      evidence: null,
      duplicate: false,
    });
  }
}

function scoreEntities(tally: Tally, gold: GoldDocument, predictedEntities: readonly unknown[]): void {
  const entities = predictedEntities.map(fieldsOf);
  const ofKind = (kind: string) => entities.filter((e) => entityKind(e) === kind);

  const persons = new Set(
    ofKind('person').map((e) => canonicalPerson(gold.persons, e['canonical'] ?? e['text'] ?? e['name'])),
  );
  const goldPersons = new Set(gold.persons.map((aliases) => aliases[0]!));
  const personHits = [...goldPersons].filter((name) => persons.has(name)).length;
  tally.entities.person.tp += personHits;
  tally.entities.person.fn += goldPersons.size - personHits;
  tally.entities.person.fp += persons.size - personHits;

  // Recall accepts any of a place's names; precision counts each predicted place once.
  const places = ofKind('place');
  const placeNames = new Set(
    places.flatMap((e) => [e['canonical'], e['name'], e['text']].filter(Boolean).map(normalizeName)),
  );
  const goldPlaces = new Set(gold.places.map(normalizeName));
  const placeHits = [...goldPlaces].filter((name) => placeNames.has(name)).length;
  const distinctPlaces = new Set(places.map((e) => normalizeName(e['canonical'] ?? e['name'] ?? e['text'])))
    .size;
  tally.entities.place.tp += placeHits;
  tally.entities.place.fn += goldPlaces.size - placeHits;
  tally.entities.place.fp += Math.max(0, distinctPlaces - placeHits);

  const groups = new Set(
    ofKind('group')
      .map((e) => e['id'] ?? e['canonical'])
      .filter(Boolean),
  );
  const groupHits = gold.groups.filter((id) => groups.has(id)).length;
  tally.entities.group.tp += groupHits;
  tally.entities.group.fn += gold.groups.length - groupHits;
  tally.entities.group.fp += [...groups].filter((id) => !gold.groups.includes(id as string)).length;
}

/**
 * Scores predictions against gold documents. `texts` maps each gold `doc` to the article's text exactly
 * as read from its file (offsets index it); a gold document without its text is an error. A prediction
 * is found by the base name of its `id` (or `doc`); the last of several with the same name wins.
 */
export function scoreExtraction(
  gold: readonly GoldDocument[],
  predicted: readonly PredictedDocument[],
  texts: ReadonlyMap<string, string>,
): EvalReport {
  const byName = new Map<string, PredictedDocument>();
  for (const doc of predicted) byName.set(basename(String(doc.id ?? doc.doc ?? '')), doc);
  const tally: Tally = {
    events: newCounts(),
    strict: newCounts(),
    duplicates: 0,
    optionalMatched: 0,
    otherType: 0,
    byType: new Map(),
    args: new Map(),
    entities: { person: newCounts(), place: newCounts(), group: newCounts() },
    predictedDocuments: 0,
    misses: [],
    falseAlarms: [],
    argumentErrors: [],
    warnings: [],
  };
  const goldNames = new Set(gold.map((g) => g.doc));
  tally.predictedDocuments = [...byName.keys()].filter((name) => goldNames.has(name)).length;

  for (const doc of gold) {
    const text = texts.get(doc.doc);
    if (text === undefined) throw new Error(`no text for gold document '${doc.doc}'`);
    const prediction = byName.get(doc.doc);
    scoreEvents(tally, doc, listOf(prediction?.events), doc.persons, text);
    scoreEntities(tally, doc, listOf(prediction?.entities));
  }

  const args = Object.fromEntries(
    [...tally.args].map(([name, v]): [string, Accuracy | Prf] =>
      'of' in v ? [name, { accuracy: round3(v.right / v.of), right: v.right, of: v.of }] : [name, prf(v)],
    ),
  );
  const argFigures = Object.values(args).map((v) => ('accuracy' in v ? v.accuracy : v.f1));
  const argumentMean = round3(
    argFigures.length ? argFigures.reduce((x, y) => x + y, 0) / argFigures.length : 0,
  );
  const events = prf(tally.events);
  const strict = prf(tally.strict);
  const entities = {
    person: prf(tally.entities.person),
    place: prf(tally.entities.place),
    group: prf(tally.entities.group),
  };
  return {
    documents: gold.length,
    predicted_documents: tally.predictedDocuments,
    events: {
      ...events,
      duplicates: tally.duplicates,
      optional_matched: tally.optionalMatched,
      missed_but_other_type: tally.otherType,
    },
    events_strict: strict,
    by_type: Object.fromEntries(
      [...tally.byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, c]) => [type, prf(c)]),
    ),
    arguments: args,
    entities,
    argument_mean: argumentMean,
    score: {
      event_f1: events.f1,
      strict_f1: strict.f1,
      argument_mean: argumentMean,
      person_f1: entities.person.f1,
      place_recall: entities.place.recall,
      group_f1: entities.group.f1,
    },
    misses: tally.misses,
    false_alarms: tally.falseAlarms,
    argument_errors: tally.argumentErrors,
    warnings: tally.warnings,
  };
}

/** The reference scorer's last line: `score: event_f1=… strict_f1=… …`. */
export function scoreLine(report: EvalReport): string {
  const s = report.score;
  return (
    `score: event_f1=${s.event_f1} strict_f1=${s.strict_f1} argument_mean=${s.argument_mean.toFixed(3)} ` +
    `person_f1=${s.person_f1} place_recall=${s.place_recall} group_f1=${s.group_f1}`
  );
}
