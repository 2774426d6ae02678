import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normalizeAlef,
  normalizeAlefMaqsura,
  normalizeDigits,
  normalizeQuotes,
  normalizeTehMarbuta,
  normalizeText,
  removeBidiMarks,
  removeDiacritics,
  removeTatweel,
  toRawSpan,
} from '../../src/text/normalize.js';

describe('character normalisers', () => {
  it.each([
    [normalizeAlef, 'أ', 'ا'],
    [normalizeAlef, 'إ', 'ا'],
    [normalizeAlef, 'آ', 'ا'],
    [normalizeAlef, 'ٱ', 'ا'],
    [normalizeTehMarbuta, 'ة', 'ه'],
    [normalizeAlefMaqsura, 'ى', 'ي'],
    [removeTatweel, 'ـ', ''],
    [removeDiacritics, 'َ', ''],
    [removeDiacritics, 'ّ', ''],
    [removeDiacritics, 'ٰ', ''],
    [normalizeDigits, '٣', '3'],
    [normalizeDigits, '۷', '7'],
    [removeBidiMarks, '\u200F', ''],
    [removeBidiMarks, '\u202B', ''],
    [normalizeQuotes, '”', '"'],
    [normalizeQuotes, '«', '"'],
    [normalizeQuotes, '„', '"'],
    [normalizeAlef, 'ب', 'ب'],
  ])('%#: %s', (f, input, expected) => {
    expect(f(input)).toBe(expected);
  });
});

describe('normalizeText', () => {
  it.each([
    ['الانشقاقــات', 'الانشقاقات'],
    ['إعدامُ', 'اعدام'],
    ['مدينة البوكمال', 'مدينه البوكمال'],
    ['مُسْتَشْفَى', 'مستشفي'],
    ['٢٦ آب', '26 اب'],
    ['«داعش»', '"داعش"'],
    ['دير\u00A0الزور', 'دير الزور'],
    ['دير\u200Cالزور', 'ديرالزور'],
    ['ﻻ', 'لا'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input).text).toBe(expected);
  });

  it('maps a normalised span back to the raw text', () => {
    const raw = 'قُتِلَ أَمِيرُ الحِسْبَة';
    const n = normalizeText(raw);
    const i = n.text.indexOf('امير');
    const span = toRawSpan(n, i, i + 4);
    expect(raw.slice(span.start, span.end)).toBe('أَمِيرُ'.slice(0, 6));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normalizeText(s).text;
        expect(normalizeText(once).text).toBe(once);
      }),
    );
  });

  it('keeps every offset inside the raw text and monotonic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const n = normalizeText(s);
        expect(n.rawStart.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.rawStart[i]).toBeGreaterThanOrEqual(0);
          expect(n.rawEnd[i]).toBeLessThanOrEqual(s.length);
          expect(n.rawStart[i]).toBeLessThan(n.rawEnd[i]!);
          if (i > 0) expect(n.rawStart[i]).toBeGreaterThanOrEqual(n.rawStart[i - 1]!);
        }
      }),
    );
  });

  it('ignores inserted tatweel and diacritics', () => {
    const arabic = fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى '.split(''));
    const noise = fc.constantFrom('\u0640', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B');
    fc.assert(
      fc.property(fc.array(fc.tuple(arabic, fc.option(noise)), { maxLength: 60 }), (pairs) => {
        const clean = pairs.map(([c]) => c).join('');
        const noisy = pairs.map(([c, n]) => c + (n ?? '')).join('');
        expect(normalizeText(noisy).text).toBe(normalizeText(clean).text);
      }),
    );
  });
});
