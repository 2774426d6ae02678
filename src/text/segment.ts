import type { Token } from './tokenize.js';

/** A run of tokens [tokenStart, tokenEnd) with its raw span. */
export interface Segment {
  readonly tokenStart: number;
  readonly tokenEnd: number;
  readonly rawStart: number;
  readonly rawEnd: number;
}

export interface Sentence extends Segment {
  readonly index: number;
  readonly clauses: readonly Segment[];
}

/** Longest sentence (raw code units) before it is cut at clause marks for evidence purposes. */
export const MAX_SENTENCE = 600;
/**
 * Longest sentence in tokens: text without sentence marks (a dump, a list without full stops) is cut
 * here. Argument search scans a trigger's sentence, so an unbounded sentence makes extraction quadratic;
 * real reporting stays far below (the longest sentence of the seed, dev and held-out sets has 147).
 */
export const MAX_SENTENCE_TOKENS = 300;

const SENTENCE_END = new Set(['.', '!', '?', '؟', '…']);
/** Clause openers: news run-on sentences chain clauses with these. */
const CLAUSE_OPENERS = new Set([
  'حيث',
  'كما',
  'فيما',
  'بينما',
  'اذ',
  'ثم',
  'لكن',
  'ولكن',
  'فقد',
  'وقد',
  'فضلا',
  'اضافه',
  'عقب',
  'ليقوم',
  'ليتخلص',
]);
const CLAUSE_PUNCT = new Set(['،', ',', '؛', ';', ':', '-']);

function segmentOf(tokens: readonly Token[], a: number, b: number): Segment {
  return { tokenStart: a, tokenEnd: b, rawStart: tokens[a]!.rawStart, rawEnd: tokens[b - 1]!.rawEnd };
}

/** Splits tokens into clauses at clause punctuation and clause-opening connectives. */
export function splitClauses(tokens: readonly Token[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let a = start;
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    const cut = (CLAUSE_PUNCT.has(t.text) && i > a) || (CLAUSE_OPENERS.has(t.text) && i > a);
    if (cut) {
      const b = CLAUSE_PUNCT.has(t.text) ? i : i;
      if (b > a) out.push(segmentOf(tokens, a, b));
      a = CLAUSE_PUNCT.has(t.text) ? i + 1 : i;
    }
  }
  if (end > a) out.push(segmentOf(tokens, a, end));
  return out.filter((s) => s.tokenEnd > s.tokenStart);
}

/**
 * Splits a token stream into sentences: at sentence punctuation, at line breaks in the raw text, and
 * never inside a number ("2020.11.19") since numbers are single tokens.
 */
export function splitSentences(tokens: readonly Token[], raw: string): Sentence[] {
  const out: Sentence[] = [];
  let a = 0;
  const close = (b: number) => {
    if (b > a) {
      out.push({ ...segmentOf(tokens, a, b), index: out.length, clauses: splitClauses(tokens, a, b) });
    }
    a = b;
  };
  const memo: ListMemo = { lineStart: -1, colon: false };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i - a >= MAX_SENTENCE_TOKENS) close(i);
    if (
      i > a &&
      raw.slice(tokens[i - 1]!.rawEnd, t.rawStart).includes('\n') &&
      !continuesList(tokens, i, raw, memo)
    )
      close(i);
    if (t.kind === 'punct' && SENTENCE_END.has(t.text)) {
      let j = i + 1;
      while (
        j < tokens.length &&
        j - a < MAX_SENTENCE_TOKENS &&
        tokens[j]!.kind === 'punct' &&
        (SENTENCE_END.has(tokens[j]!.text) || tokens[j]!.text === '"')
      )
        j++;
      close(j);
      i = j - 1;
    }
  }
  close(tokens.length);
  return out;
}

/**
 * The last walk back to a list's lead line: the start of the item line it began on and what it found.
 * A later walk that reaches that line (an item line too) would find the same, so a long list is walked
 * once rather than once per item.
 */
interface ListMemo {
  lineStart: number;
  colon: boolean;
}

/** A list item ("_ name", "- name") under a line ending with a colon continues that sentence. */
function continuesList(tokens: readonly Token[], i: number, raw: string, memo: ListMemo): boolean {
  const gap = raw.slice(tokens[i - 1]!.rawEnd, tokens[i]!.rawStart);
  const bullet =
    /\n[ \t\u00A0]*[-_•*·–]/.test(gap) || (gap.includes('\n') && /^[-_•*·–]/.test(tokens[i]!.text));
  if (!bullet) return false;
  // Walk back over the list's item lines to its lead line, which must end with a colon.
  let end = tokens[i - 1]!.rawEnd;
  let first = -1;
  let colon = false;
  for (;;) {
    const start = end === 0 ? 0 : raw.lastIndexOf('\n', end - 1) + 1;
    const line = raw.slice(start, end).trim();
    if (line && !/^[-_•*·–]/.test(line)) {
      colon = line.endsWith(':');
      break;
    }
    if (first < 0) first = start;
    if (start === memo.lineStart) {
      colon = memo.colon;
      break;
    }
    if (start === 0) break;
    end = start - 1;
  }
  if (first >= 0) {
    memo.lineStart = first;
    memo.colon = colon;
  }
  return colon;
}
