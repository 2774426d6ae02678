/**
 * Fuzzing the whole extraction path: whatever the text, extraction returns, its output is valid against
 * the output contract and every span points at the text it reports. MARSAD_FUZZ_RUNS=N runs each
 * property about N/100 times its usual count (see docs/reliability.md, "Extraction fuzzing").
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinResources } from '../helpers/resources.js';
import { checkExtraction, fuzzRuns } from './check-extraction.js';
import { lexiconArabic, lexiconForms } from './lexicon-arabic.js';
import { fuzzArticles, mutatedArticle } from './mutate-article.js';

const res = builtinResources();

/** Arrays short and long: fast-check keeps lengths small by default, and long texts have bugs of their own. */
function shortOrLong<T>(item: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> {
  return fc.oneof(fc.array(item, { maxLength }), fc.array(item, { maxLength, size: 'max' }));
}
const articles = fuzzArticles();
const published = fc.option(
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  { nil: undefined },
);

describe('extraction fuzzing', () => {
  it('holds on random Unicode: every code unit, lone surrogates and control characters', () => {
    fc.assert(
      fc.property(
        shortOrLong(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), 2000).map((u) => u.join('')),
        (s) => void checkExtraction(s, res),
      ),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('holds on random code units mixed with Arabic words and line breaks', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom('انشق', 'الرقة', 'داعش', 'أمس', '١٢', '\n', '.', ' ', '\uD800', '\uDFFF', '\u0000'),
    );
    fc.assert(
      fc.property(
        shortOrLong(unit, 400).map((u) => u.join('')),
        (s) => void checkExtraction(s, res),
      ),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('reads forms from every lexicon', () => {
    // The generator below is only as good as its vocabulary: triggers, places, dates and numbers in it.
    const forms = new Set(lexiconForms());
    for (const f of ['انشق', 'غارة', 'داعش', 'قرية', 'أمس', 'عشرات', 'المدعو', 'شباط'])
      expect(forms).toContain(f);
  });

  it('holds on Arabic built from lexicon entries, gazetteer names, digits and punctuation', () => {
    let events = 0;
    fc.assert(
      fc.property(lexiconArabic(res), published, (s, p) => {
        events += checkExtraction(s, res, p).events.length;
      }),
      { numRuns: fuzzRuns(300) },
    );
    // The text is of the genre: rules fire and make events, so the properties are not tried on air.
    expect(events).toBeGreaterThan(0);
  });

  it.runIf(articles.length > 0)(
    'holds on real articles with spans deleted, duplicated, swapped and noise inserted',
    () => {
      fc.assert(
        fc.property(mutatedArticle(articles), published, (s, p) => void checkExtraction(s, res, p)),
        { numRuns: fuzzRuns(150) },
      );
    },
  );
});

describe('found by fuzzing', () => {
  it('keeps a trigger phrase broken by a line break inside its evidence', () => {
    const text = 'دارت اشتباكات\nعنيفة بين قسد وداعش في مدينة الرقة.';
    const [event] = checkExtraction(text, res).events;
    expect(event).toMatchObject({
      type: 'armed_clash',
      trigger: { text: 'اشتباكات\nعنيفة' },
      evidence: { start: 0, text: 'دارت اشتباكات\nعنيفة' },
    });
  });

  it('keeps a trigger cut by the end of an endless sentence inside its evidence', () => {
    // 300 tokens make a sentence: "بنصب" is its last, "حواجز" opens the next.
    const filler = 'قال مصدر محلي '.repeat(99) + 'إن التنظيم قام بنصب حواجز في مدينة الرقة';
    const text = filler.split(' ').slice(0, 300).join(' ').replace(/قام$/, 'بنصب') + ' حواجز في مدينة الرقة';
    const events = checkExtraction(text, res).events.filter((e) => e.type === 'security_measures');
    expect(events.map((e) => e.trigger.text)).toEqual(['بنصب حواجز']);
  });

  it('cuts a trigger stretched past the evidence limit to it', () => {
    const text = 'ا' + '\u0640'.repeat(1000) + 'نشق عنصر من تنظيم داعش في مدينة الرقة';
    const [event] = checkExtraction(text, res).events;
    expect(event!.type).toBe('defection');
    expect(event!.evidence).toMatchObject({ start: 0, end: 600 });
    expect(event!.trigger).toMatchObject({ start: 0, end: 600 });
  });
});
