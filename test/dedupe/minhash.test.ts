/** MinHash near-duplicates: reposts are close, the same story in other words is not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bands, minhash, NEAR_DUPLICATE, shingles, similarity } from '../../src/dedupe/minhash.js';

// Written for the test.
const STORY =
  'أقدم عناصر من تنظيم داعش صباح اليوم على إعدام شاب من أبناء بلدة الشحيل بريف دير الزور الشرقي رمياً بالرصاص في الساحة العامة، بتهمة التواصل مع فصائل المعارضة، وذلك أمام حشد من الأهالي الذين أجبرهم عناصر الحسبة على الحضور، بحسب ما أفاد مراسلنا في المنطقة. وأضاف المراسل أن التنظيم علق جثة الشاب لثلاثة أيام.';
const REPOST = `شبكة أخبار الشرق | عاجل\n\n${STORY.replace('مراسلنا', 'مراسل دير الزور 24')}\n\nتابعونا على قناتنا في تلغرام`;
const RETOLD =
  'نفذ التنظيم حكم القتل بحق شاب في الشحيل بعد اتهامه بالعمالة للمعارضة، وأرغم السكان على مشاهدة الإعدام في ساحة البلدة، وفق مصادر محلية تحدثت لنا، مشيرة إلى ترك الجثة معلقة.';

describe('minhash', () => {
  it.each([
    ['a repost with its own header, footer and a changed phrase', REPOST, true],
    ['the same story told in other words', RETOLD, false],
    ['another story', 'قصفت طائرات التحالف الدولي مواقع للتنظيم في مدينة البوكمال مساء أمس.', false],
  ])('%s', (_what, other, near) => {
    const s = similarity(minhash(STORY), minhash(other));
    expect(s >= NEAR_DUPLICATE).toBe(near);
    // Near-duplicates share a band (so the index finds them); the others rarely do.
    const shared = bands(minhash(STORY)).some((b, i) => b.key === bands(minhash(other))[i]!.key);
    if (near) expect(shared).toBe(true);
  });

  it('is the same whatever the diacritics, tatweel and hamza forms', () => {
    const marks = ['\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0640'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(STORY.length), fc.constantFrom(...marks)), { maxLength: 20 }),
        (edits) => {
          let text = STORY;
          for (const [at, mark] of edits.sort((a, b) => b[0] - a[0])) {
            // Marks after a letter only (a mark after a space would glue nothing).
            if (/\p{L}/u.test(text[at - 1] ?? '')) text = text.slice(0, at) + mark + text.slice(at);
          }
          expect(minhash(text)).toBe(minhash(STORY));
        },
      ),
      { numRuns: 50 },
    );
    expect(minhash(STORY.replace(/أ/g, 'ا'))).toBe(minhash(STORY));
  });

  it('handles empty and very short texts', () => {
    expect(shingles('').size).toBe(0);
    expect(similarity(minhash('قصف'), minhash('قصف'))).toBe(1);
    expect(minhash('')).toHaveLength(64 * 8);
  });
});
