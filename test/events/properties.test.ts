import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extract } from '../../src/extract.js';
import { builtinResources } from '../helpers/resources.js';

const res = builtinResources();
const seeds = fileURLToPath(new URL('../../../shared/corpus/seeds/', import.meta.url));
const own = fileURLToPath(new URL('../fixtures/dev/articles/', import.meta.url));
const dir = existsSync(own) ? own : seeds;
const articles = existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8')) : [];

// Arabic text from words of the genre, so properties are tested where rules fire.
const WORDS =
  'انشق اعتقل التنظيم داعش قسد في مدينة البوكمال قرية السكرية ريف دير الزور أمس الثلاثاء عشرات العناصر قتل غارة طيران التحالف المدعو أبو ليث الطواطحة هدم أربعة منازل بتهمة ، . : " ( )'.split(
    ' ',
  );
const arabic = fc.array(fc.constantFrom(...WORDS), { maxLength: 80 }).map((ws) => ws.join(' '));

function checkSpans(text: string) {
  const out = extract(text, {}, res);
  for (const e of out.events) {
    for (const s of [e.evidence, e.trigger]) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.start).toBeLessThan(s.end);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    expect(e.evidence.end - e.evidence.start).toBeLessThanOrEqual(600);
    expect(e.trigger.start).toBeGreaterThanOrEqual(e.evidence.start);
    expect(e.trigger.end).toBeLessThanOrEqual(e.evidence.end);
  }
  for (const en of out.entities) {
    expect(en.start).toBeGreaterThanOrEqual(0);
    expect(en.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(en.start, en.end)).toBe(en.text);
  }
  return out;
}

/** What an analyst reads off an event, independent of offsets. */
const findings = (text: string) =>
  extract(text, {}, res).events.map((e) =>
    [e.type, e.actor, e.target, e.location?.name, e.count?.min, e.fatalities?.min].join('|'),
  );

describe('extraction properties', () => {
  it('never throws on arbitrary Unicode and keeps spans in bounds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => void checkSpans(s)),
      { numRuns: 200 },
    );
  });

  it('keeps spans in bounds and pointing at what they name on Arabic of the genre', () => {
    fc.assert(
      fc.property(arabic, (s) => void checkSpans(s)),
      { numRuns: 200 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(arabic, (s) => {
        expect(extract(s, {}, res)).toEqual(extract(s, {}, res));
      }),
      { numRuns: 50 },
    );
  });

  it('finds the same events when tatweel or diacritics are inserted', () => {
    const noise = fc.constantFrom('\u0640', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652');
    fc.assert(
      fc.property(arabic, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 15 }), (s, inserts) => {
        let noisy = s;
        for (const [at, ch] of inserts) {
          const i = at % (noisy.length + 1);
          // Only after an Arabic letter: that is where such marks occur.
          if (i > 0 && /[\u0621-\u064A]/.test(noisy[i - 1]!)) noisy = noisy.slice(0, i) + ch + noisy.slice(i);
        }
        expect(findings(noisy)).toEqual(findings(s));
      }),
      { numRuns: 150 },
    );
  });

  it.runIf(articles.length > 0)('holds on whole articles', () => {
    for (const a of articles) {
      const out = checkSpans(a);
      const noisy = a.replace(/([\u0628-\u064A])(?=[\u0628-\u064A])/g, (m, _c, off: number) =>
        off % 7 === 0 ? m + '\u0640' : m,
      );
      expect(findings(noisy)).toEqual(
        out.events.map((e) =>
          [e.type, e.actor, e.target, e.location?.name, e.count?.min, e.fatalities?.min].join('|'),
        ),
      );
    }
  });
});
