/** The number lexicon: number words, vague quantities, modifiers and countable nouns, read from TSV text. Pure. */
import { parseTsv, TsvError, type TsvRow } from '../resources/tsv.js';
import { buildPhraseIndex, cell, formWords, type Phrase, type PhraseIndex } from './lexicon-match.js';

export type NumberKind =
  | 'unit'
  | 'teen-unit'
  | 'ten'
  | 'hundred'
  | 'thousand'
  | 'thousands'
  | 'million'
  | 'millions'
  | 'vague'
  | 'quantifier'
  | 'modifier'
  | 'post-modifier'
  | 'not-number'
  | 'ordinal'
  | 'percent'
  | 'digit-prefix';

export type ModifierMode = 'gte' | 'lte' | 'approx' | 'between' | 'plus-few';

export interface NumberEntry extends Phrase {
  readonly kind: NumberKind;
  /** Value of a number word (1000 for thousand, 2000 for its dual); null for other kinds. */
  readonly value: number | null;
  /** Range of a vague word or quantifier. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mode: ModifierMode | null;
}

export interface NumberLexicon {
  readonly phrases: PhraseIndex<NumberEntry>;
  /** Normalised dual form of a countable noun → the noun's id. */
  readonly duals: ReadonlyMap<string, string>;
  /** Ids of the pattern rows (digits, hyphen range, dual noun), used as `entry`. */
  readonly patterns: { readonly digits: string; readonly range: string; readonly dual: string };
}

const KINDS = new Set<string>([
  'unit',
  'teen-unit',
  'ten',
  'hundred',
  'thousand',
  'thousands',
  'million',
  'millions',
  'vague',
  'quantifier',
  'modifier',
  'post-modifier',
  'not-number',
  'ordinal',
  'percent',
  'digit-prefix',
  'pattern',
]);
const VALUE_KINDS = new Set<string>([
  'unit',
  'teen-unit',
  'ten',
  'hundred',
  'thousand',
  'thousands',
  'million',
  'millions',
  'ordinal',
]);
const MODES = new Set<string>(['gte', 'lte', 'approx', 'between', 'plus-few']);

function entryFromRow(row: TsvRow, file: string): NumberEntry | { pattern: string; id: string } {
  const line = Number(row['__line'] ?? 0);
  const id = cell(row, 'id', file);
  const kind = row['kind'] ?? '';
  const value = row['value'] ?? '';
  if (!KINDS.has(kind)) throw new TsvError(file, line, `unknown kind "${kind}"`);
  if (kind === 'pattern') return { pattern: value, id };
  const words = formWords(cell(row, 'form', file));
  const base = { id, words, kind: kind as NumberKind, value: null, min: null, max: null, mode: null };
  if (VALUE_KINDS.has(kind)) {
    const v = Number(value);
    if (!Number.isFinite(v) || v <= 0) throw new TsvError(file, line, `bad value "${value}"`);
    return { ...base, value: v };
  }
  if (kind === 'vague' || kind === 'quantifier') {
    const m = /^(\d+)\.\.(\d*)$/.exec(value);
    if (!m) throw new TsvError(file, line, `bad range "${value}" (expected min..max or min..)`);
    return { ...base, min: Number(m[1]), max: m[2] ? Number(m[2]) : null };
  }
  if (kind === 'modifier' || kind === 'post-modifier') {
    if (!MODES.has(value)) throw new TsvError(file, line, `bad modifier mode "${value}"`);
    return { ...base, mode: value as ModifierMode };
  }
  return base;
}

export function numberLexiconFromTsv(numbersTsv: string, countableTsv: string): NumberLexicon {
  const entries: NumberEntry[] = [];
  const patterns = { digits: 'pat.digits', range: 'pat.range', dual: 'pat.dual' };
  for (const row of parseTsv(numbersTsv, 'numbers.tsv', ['id', 'form', 'value', 'kind'])) {
    const e = entryFromRow(row, 'numbers.tsv');
    if ('pattern' in e) {
      if (e.pattern === 'digits' || e.pattern === 'range' || e.pattern === 'dual') patterns[e.pattern] = e.id;
    } else if (e.words.length > 0) {
      entries.push(e);
    }
  }
  const duals = new Map<string, string>();
  for (const row of parseTsv(countableTsv, 'countable-nouns.tsv', ['id', 'dual'])) {
    const id = cell(row, 'id', 'countable-nouns.tsv');
    for (const form of (row['dual'] ?? '').split('|')) {
      const key = formWords(form).join(' ');
      if (key) duals.set(key, id);
    }
  }
  return { phrases: buildPhraseIndex(entries), duals, patterns };
}
