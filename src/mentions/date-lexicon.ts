/** The date lexicon: month names of every series and date words, read from TSV text. Pure. */
import { parseTsv, TsvError } from '../resources/tsv.js';
import { buildPhraseIndex, cell, formWords, type Phrase, type PhraseIndex } from './lexicon-match.js';

export type Calendar = 'gregorian' | 'hijri';

export interface MonthEntry extends Phrase {
  readonly calendar: Calendar;
  readonly month: number;
}

export type DateWordKind =
  | 'weekday'
  | 'day-word'
  | 'part-of-day'
  | 'relative-day'
  | 'today-blocker'
  | 'period'
  | 'month-word'
  | 'month-lead'
  | 'relative'
  | 'unit'
  | 'dual-unit'
  | 'few'
  | 'within-lead'
  | 'ago-lead'
  | 'count'
  | 'year-lead'
  | 'year-suffix'
  | 'day-link'
  | 'digit-prefix';

export interface DateWordEntry extends Phrase {
  readonly kind: DateWordKind;
  /** The value column as written (period "11-20", unit "days", relative "past", suffix "hijri"). */
  readonly value: string;
  /** The value as a number where it is one (weekday, day offset, count), else null. */
  readonly num: number | null;
}

export interface DateLexicon {
  readonly months: PhraseIndex<MonthEntry>;
  readonly words: PhraseIndex<DateWordEntry>;
  /** Ids of the pattern rows for numeric dates, used as `entry`. */
  readonly patterns: { readonly ymd: string; readonly dmy: string };
}

const WORD_KINDS = new Set<string>([
  'weekday',
  'day-word',
  'part-of-day',
  'relative-day',
  'today-blocker',
  'period',
  'month-word',
  'month-lead',
  'relative',
  'unit',
  'dual-unit',
  'few',
  'within-lead',
  'ago-lead',
  'count',
  'year-lead',
  'year-suffix',
  'day-link',
  'digit-prefix',
]);

export function dateLexiconFromTsv(monthsTsv: string, dateWordsTsv: string): DateLexicon {
  const months: MonthEntry[] = [];
  for (const row of parseTsv(monthsTsv, 'months.tsv', ['id', 'form', 'calendar', 'month'])) {
    const line = Number(row['__line'] ?? 0);
    const calendar = row['calendar'];
    const month = Number(row['month']);
    if (calendar !== 'gregorian' && calendar !== 'hijri')
      throw new TsvError('months.tsv', line, `bad calendar "${calendar}"`);
    if (!Number.isInteger(month) || month < 1 || month > 12)
      throw new TsvError('months.tsv', line, 'bad month');
    months.push({
      id: cell(row, 'id', 'months.tsv'),
      words: formWords(cell(row, 'form', 'months.tsv')),
      calendar,
      month,
    });
  }
  const words: DateWordEntry[] = [];
  const patterns = { ymd: 'pat.ymd', dmy: 'pat.dmy' };
  for (const row of parseTsv(dateWordsTsv, 'date-words.tsv', ['id', 'form', 'kind', 'value'])) {
    const id = cell(row, 'id', 'date-words.tsv');
    const kind = row['kind'] ?? '';
    const value = row['value'] ?? '';
    if (kind === 'pattern') {
      if (value === 'ymd' || value === 'dmy') patterns[value] = id;
      continue;
    }
    if (!WORD_KINDS.has(kind))
      throw new TsvError('date-words.tsv', Number(row['__line'] ?? 0), `unknown kind "${kind}"`);
    const num = /^[+-]?\d+$/.test(value) ? Number(value) : null;
    words.push({
      id,
      words: formWords(cell(row, 'form', 'date-words.tsv')),
      kind: kind as DateWordKind,
      value,
      num,
    });
  }
  return {
    months: buildPhraseIndex(months.filter((m) => m.words.length > 0)),
    words: buildPhraseIndex(words.filter((w) => w.words.length > 0)),
    patterns,
  };
}
