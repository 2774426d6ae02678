/**
 * Number mentions: digits ("200", "1,500", "1.5 thousand"), number words and their compounds (five and
 * twenty, three hundred thousand), vague quantities as ranges (tens of, several), modifiers (more than a
 * hundred, about 200) and dual nouns (two members in one word). Pure and browser-safe: the lexicon comes in
 * as TSV text; see data/lexicons/numbers.tsv for the words.
 */
import type { TextDoc } from '../text/analyze-text.js';
import type { NumberMention } from '../types.js';
import {
  adjacent,
  matchPhrase,
  matchPhrases,
  rawSpan,
  tokenReadings,
  type MatchOptions,
} from './lexicon-match.js';
import type { ModifierMode, NumberEntry, NumberKind, NumberLexicon } from './number-lexicon.js';

export {
  numberLexiconFromTsv,
  type ModifierMode,
  type NumberEntry,
  type NumberKind,
  type NumberLexicon,
} from './number-lexicon.js';

/** A recognised quantity over tokens [a, b). */
interface Quantity {
  a: number;
  b: number;
  min: number | null;
  max: number | null;
  vague: boolean;
  ids: string[];
  rule: string;
}

type TermClass = 'u' | 'teen' | 't' | 'h' | 'k';

/** One additive term of a number phrase: a word or a fused pair (a teen, or a unit written apart from "hundred"). */
interface Term {
  b: number;
  ids: string[];
  value: number;
  cls: TermClass;
  /** Set for vague words and quantifiers. */
  range: { min: number | null; max: number | null; kind: NumberKind } | null;
}

const SCALE_KINDS = new Set<NumberKind>(['thousand', 'thousands', 'million', 'millions']);
const TERM_KINDS = new Set<NumberKind>([
  'unit',
  'teen-unit',
  'ten',
  'hundred',
  'thousand',
  'million',
  'vague',
  'quantifier',
]);

const isBaseScale = (v: number | null): v is number => v === 1e3 || v === 1e6 || v === 1e9;
const scaleBase = (v: number): number => (v >= 1e9 ? 1e9 : v >= 1e6 ? 1e6 : 1e3);

function literal(doc: TextDoc, i: number, lex: NumberLexicon, accept: (e: NumberEntry) => boolean) {
  return matchPhrase(doc, i, lex.phrases, {}, accept);
}

/** A term at token j (teens and "three" + "hundred" written apart are fused), or null. */
function termAt(doc: TextDoc, j: number, lex: NumberLexicon, opts: MatchOptions): Term | null {
  for (const m of matchPhrases(doc, j, lex.phrases, opts, (e) => TERM_KINDS.has(e.kind))) {
    const e = m.entry;
    if (e.kind === 'quantifier' && m.reading.definite) continue;
    if (e.kind === 'vague' || e.kind === 'quantifier') {
      return { b: m.end, ids: [e.id], value: 0, cls: 'u', range: { min: e.min, max: e.max, kind: e.kind } };
    }
    const v = e.value ?? 0;
    if (e.kind === 'unit' || e.kind === 'teen-unit') {
      const ten = v <= 9 ? literal(doc, m.end, lex, (x) => x.kind === 'unit' && x.value === 10) : null;
      if (ten) return { b: ten.end, ids: [e.id, ten.entry.id], value: v + 10, cls: 'teen', range: null };
      if (e.kind === 'teen-unit') continue;
      const hundred =
        v >= 3 && v <= 9 ? literal(doc, m.end, lex, (x) => x.kind === 'hundred' && x.value === 100) : null;
      if (hundred)
        return { b: hundred.end, ids: [e.id, hundred.entry.id], value: v * 100, cls: 'h', range: null };
      return { b: m.end, ids: [e.id], value: v, cls: v >= 10 ? 'teen' : 'u', range: null };
    }
    const cls: TermClass = e.kind === 'ten' ? 't' : e.kind === 'hundred' ? 'h' : 'k';
    return { b: m.end, ids: [e.id], value: v, cls, range: null };
  }
  return null;
}

/** Which term may follow which after the conjunction waw: thousands, hundreds, units, tens (1325 is read "thousand and three hundred and five and twenty"). */
function mayFollow(prev: TermClass, next: Term, lastScale: number): boolean {
  if (next.cls === 'k') return prev === 'k' && scaleBase(next.value) < lastScale;
  if (prev === 'k') return next.value < lastScale;
  if (prev === 'h') return next.cls === 'u' || next.cls === 'teen' || next.cls === 't';
  return prev === 'u' && next.cls === 't';
}

/** A multiplier scale word right after a count (three thousands, tens of thousands). */
function scaleAfter(doc: TextDoc, j: number, lex: NumberLexicon, definite: boolean) {
  const opts: MatchOptions = definite ? { clitics: true } : {};
  const m = matchPhrase(doc, j, lex.phrases, opts, (e) => SCALE_KINDS.has(e.kind) && isBaseScale(e.value));
  if (m && m.reading.prefix > 0 && !(m.reading.definite && m.reading.proclitics.length === 2)) return null;
  return m;
}

function wordsAt(doc: TextDoc, i: number, lex: NumberLexicon, opts: MatchOptions): Quantity | null {
  const first = termAt(doc, i, lex, opts);
  if (!first) return null;
  if (first.range) {
    let { min, max } = first.range;
    const ids = [...first.ids];
    let b = first.b;
    const scale = first.range.kind === 'vague' ? scaleAfter(doc, b, lex, true) : null;
    if (scale && scale.entry.value) {
      const f = scale.entry.value;
      min = min === null ? null : min * f;
      max = max === null ? null : max * f;
      ids.push(scale.entry.id);
      b = scale.end;
    }
    return { a: i, b, min, max, vague: true, ids, rule: 'number.vague' };
  }
  let total = 0;
  let cur = 0;
  let lastScale = Infinity;
  let prev: TermClass = first.cls;
  const ids = [...first.ids];
  if (first.cls === 'k') {
    total = first.value;
    lastScale = scaleBase(first.value);
  } else cur = first.value;
  let j = first.b;
  for (;;) {
    if (cur > 0 && cur < 1000) {
      const s = scaleAfter(doc, j, lex, false);
      if (s && s.entry.value !== null && s.entry.value < lastScale) {
        total += cur * s.entry.value;
        cur = 0;
        lastScale = s.entry.value;
        prev = 'k';
        ids.push(s.entry.id);
        j = s.end;
        continue;
      }
    }
    const t = termAt(doc, j, lex, { conjunction: true });
    if (!t || t.range || !mayFollow(prev, t, lastScale)) break;
    if (t.cls === 'k') {
      total += t.value;
      lastScale = scaleBase(t.value);
    } else cur += t.value;
    prev = t.cls;
    ids.push(...t.ids);
    j = t.b;
  }
  const value = total + cur;
  return { a: i, b: j, min: value, max: value, vague: false, ids, rule: 'number.words' };
}

/** Parses a digit token: "200", "1,500", "1.5"; null for dates, times and codes. */
export function parseDigits(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{1,3}(,\d{3})+$/.test(text)) return Number(text.replace(/,/g, ''));
  if (/^\d+\.\d+$/.test(text)) return Number(text);
  if (/^\d+,\d{1,2}$/.test(text)) return Number(text.replace(',', '.'));
  return null;
}

function digitsAt(doc: TextDoc, a: number, j: number, lex: NumberLexicon): Quantity | null {
  const text = doc.tokens[j]?.text ?? '';
  const range = /^(\d{1,6})-(\d{1,6})$/.exec(text);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (lo >= hi) return null;
    return { a, b: j + 1, min: lo, max: hi, vague: true, ids: [lex.patterns.range], rule: 'number.range' };
  }
  let value = parseDigits(text);
  if (value === null) return null;
  const ids = [lex.patterns.digits];
  let b = j + 1;
  const s = scaleAfter(doc, b, lex, false);
  if (s && s.entry.value !== null) {
    value = Math.round(value * s.entry.value);
    ids.push(s.entry.id);
    b = s.end;
  }
  return { a, b, min: value, max: value, vague: false, ids, rule: 'number.digits' };
}

/** A number phrase at token i: digits (maybe after a clitic written against them) or words. */
function quantityAt(doc: TextDoc, i: number, lex: NumberLexicon, opts: MatchOptions): Quantity | null {
  const tok = doc.tokens[i];
  if (!tok) return null;
  let q: Quantity | null = null;
  const next = doc.tokens[i + 1];
  if (tok.kind === 'number') q = opts.conjunction ? null : digitsAt(doc, i, i, lex);
  else if (
    next?.kind === 'number' &&
    adjacent(doc, i) &&
    literal(doc, i, lex, (e) => e.kind === 'digit-prefix')
  ) {
    q = digitsAt(doc, i, i + 1, lex);
  } else if (tok.kind === 'word') q = wordsAt(doc, i, lex, opts);
  return q && q.rule !== 'number.range' ? withPostModifier(doc, q, lex) : q;
}

function applyMode(
  mode: ModifierMode,
  min: number | null,
  max: number | null,
): { min: number | null; max: number | null } {
  switch (mode) {
    case 'gte':
      return { min, max: null };
    case 'lte':
      return { min: null, max };
    case 'approx':
      return {
        min: min === null ? null : Math.round(min * 0.9),
        max: max === null ? null : Math.round(max * 1.1),
      };
    case 'plus-few':
      return { min: min === null ? null : min + 1, max: max === null ? null : max + 9 };
    default:
      return { min, max };
  }
}

function withPostModifier(doc: TextDoc, q: Quantity, lex: NumberLexicon): Quantity {
  const m = literal(doc, q.b, lex, (e) => e.kind === 'post-modifier');
  if (!m?.entry.mode) return q;
  const range = applyMode(m.entry.mode, q.min, q.max);
  return { ...q, ...range, b: m.end, vague: true, ids: [...q.ids, m.entry.id], rule: 'number.modifier' };
}

/** A modifier before a number: more than a hundred, about 200, between 10 and 15. */
function modifiedAt(doc: TextDoc, i: number, lex: NumberLexicon): Quantity | null {
  const m = matchPhrase(
    doc,
    i,
    lex.phrases,
    { clitics: true, article: 'forbid' },
    (e) => e.kind === 'modifier',
  );
  if (!m?.entry.mode) return null;
  const inner = quantityAt(doc, m.end, lex, { clitics: true });
  if (!inner) return null;
  const ids = [m.entry.id, ...inner.ids];
  if (m.entry.mode === 'between') {
    const j = inner.b;
    const bareAnd =
      doc.tokens[j + 1]?.kind === 'number' && literal(doc, j, lex, (e) => e.kind === 'digit-prefix');
    const second = bareAnd ? digitsAt(doc, j, j + 1, lex) : quantityAt(doc, j, lex, { conjunction: true });
    if (!second || inner.min === null || second.max === null || second.max <= inner.min) return null;
    return {
      a: i,
      b: second.b,
      min: inner.min,
      max: second.max,
      vague: true,
      ids: [...ids, ...second.ids],
      rule: 'number.between',
    };
  }
  return {
    a: i,
    b: inner.b,
    ...applyMode(m.entry.mode, inner.min, inner.max),
    vague: true,
    ids,
    rule: 'number.modifier',
  };
}

/** A dual noun (two members, the two leaders), optionally followed by the word for two. */
function dualAt(doc: TextDoc, i: number, lex: NumberLexicon): Quantity | null {
  const tok = doc.tokens[i];
  if (tok?.kind !== 'word') return null;
  let noun: string | undefined;
  for (const r of tokenReadings(tok.text, { clitics: true })) {
    noun = lex.duals.get(r.key);
    if (noun) break;
  }
  if (!noun) return null;
  const ids = [noun];
  let b = i + 1;
  const two = matchPhrase(doc, b, lex.phrases, { clitics: true }, (e) => e.kind === 'unit' && e.value === 2);
  if (two) {
    ids.push(two.entry.id);
    b = two.end;
  }
  return { a: i, b, min: 2, max: 2, vague: false, ids, rule: 'number.dual' };
}

/** Tokens to step over without a mention: not-number words, ordinal teens, percentages. Returns the next index. */
function skipAt(doc: TextDoc, i: number, lex: NumberLexicon): number {
  const blocker = matchPhrase(
    doc,
    i,
    lex.phrases,
    { clitics: true },
    (e) => e.kind === 'not-number' || e.kind === 'percent',
  );
  if (blocker) return blocker.end;
  const ordinal = matchPhrase(doc, i, lex.phrases, { clitics: true }, (e) => e.kind === 'ordinal');
  if (ordinal) {
    const ten = literal(doc, ordinal.end, lex, (e) => e.kind === 'unit' && e.value === 10);
    return ten ? ten.end : ordinal.end;
  }
  return i;
}

function mayStartNumber(doc: TextDoc, i: number, lex: NumberLexicon): boolean {
  const tok = doc.tokens[i]!;
  if (tok.kind === 'number') return true;
  if (tok.kind !== 'word') return false;
  if (matchPhrases(doc, i, lex.phrases, { clitics: true }).length > 0) return true;
  return tokenReadings(tok.text, { clitics: true }, doc.cache).some((r) => lex.duals.has(r.key));
}

export function findNumbers(
  doc: TextDoc,
  lex: NumberLexicon,
  /** Only quantities starting at tokens this accepts (the caller's region of interest). */
  wanted: (token: number) => boolean = () => true,
): NumberMention[] {
  const out: NumberMention[] = [];
  let i = 0;
  while (i < doc.tokens.length) {
    // Every quantity starts with digits, a number or modifier word, or a dual noun: skip other tokens.
    if (!wanted(i) || !mayStartNumber(doc, i, lex)) {
      i++;
      continue;
    }
    const skip = skipAt(doc, i, lex);
    if (skip > i) {
      i = skip;
      continue;
    }
    let best: Quantity | null = null;
    for (const q of [
      modifiedAt(doc, i, lex),
      quantityAt(doc, i, lex, { clitics: true }),
      dualAt(doc, i, lex),
    ]) {
      if (q && q.b > i && (!best || q.b > best.b)) best = q;
    }
    if (!best) {
      i++;
      continue;
    }
    const percent = literal(doc, best.b, lex, (e) => e.kind === 'percent');
    if (percent) {
      i = percent.end;
      continue;
    }
    const span = rawSpan(doc, best.a, best.b);
    out.push({
      kind: 'number',
      ...span,
      tokenStart: best.a,
      tokenEnd: best.b,
      min: best.min,
      max: best.max,
      vague: best.vague,
      rule: best.rule,
      entry: best.ids.join('+'),
    });
    i = best.b;
  }
  return out;
}
