import { normalizeText, type NormalizedText } from './normalize.js';
import { splitSentences, type Sentence } from './segment.js';
import { tokenize, type Token } from './tokenize.js';
import { ReadingCache } from './clitics.js';

/** A document after the text layer: normalised text, tokens and sentences, all mapped to raw offsets. */
export interface TextDoc {
  readonly raw: string;
  readonly norm: NormalizedText;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
  /** sentenceOf[tokenIndex] = index of the sentence holding that token. */
  readonly sentenceOf: Int32Array;
  /** Clitic readings memoised for this document. */
  readonly cache: ReadingCache;
}

export function analyzeText(raw: string): TextDoc {
  const norm = normalizeText(raw);
  const tokens = tokenize(norm);
  const sentences = splitSentences(tokens, raw);
  const sentenceOf = new Int32Array(tokens.length);
  for (const s of sentences) for (let i = s.tokenStart; i < s.tokenEnd; i++) sentenceOf[i] = s.index;
  return { raw, norm, tokens, sentences, sentenceOf, cache: new ReadingCache() };
}
