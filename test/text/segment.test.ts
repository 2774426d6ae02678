import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeText } from '../../src/text/analyze-text.js';
import { procliticReadings, readings } from '../../src/text/clitics.js';

const sentences = (raw: string) => analyzeText(raw).sentences.map((s) => raw.slice(s.rawStart, s.rawEnd));

describe('sentences', () => {
  it.each([
    ['قتل ثلاثة. وجرح آخرون.', ['قتل ثلاثة.', 'وجرح آخرون.']],
    ['هل انتهى؟ نعم', ['هل انتهى؟', 'نعم']],
    ['سطر أول\nسطر ثان', ['سطر أول', 'سطر ثان']],
    ['في 2020.11.19 قصف الطيران البلدة', ['في 2020.11.19 قصف الطيران البلدة']],
    [
      'قتل كل من :\n_ زيد العلي\n_ عمر الحسن\nوانتهى الأمر',
      ['قتل كل من :\n_ زيد العلي\n_ عمر الحسن', 'وانتهى الأمر'],
    ],
    ['قائمة\n- بند أول\n- بند ثان', ['قائمة', '- بند أول', '- بند ثان']],
  ])('%j', (raw, expected) => {
    expect(sentences(raw)).toEqual(expected);
  });

  it('splits run-on sentences into clauses', () => {
    const raw = 'اعتقل التنظيم عشرة، كما هدم منزلين حيث فر آخرون';
    const d = analyzeText(raw);
    const clauses = d.sentences[0]!.clauses.map((c) => raw.slice(c.rawStart, c.rawEnd));
    expect(clauses).toEqual(['اعتقل التنظيم عشرة', 'كما هدم منزلين', 'حيث فر آخرون']);
  });

  it('keeps token spans in bounds and pointing at their text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const d = analyzeText(s);
        for (const t of d.tokens) {
          expect(t.rawStart).toBeGreaterThanOrEqual(0);
          expect(t.rawEnd).toBeLessThanOrEqual(s.length);
          expect(t.rawStart).toBeLessThan(t.rawEnd);
        }
        for (const sent of d.sentences) expect(sent.rawEnd).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});

describe('clitics', () => {
  it.each([
    ['والانشقاق', 'انشقاق'],
    ['بالرقه', 'رقه'],
    ['للرقه', 'رقه'],
    ['وبدير', 'دير'],
    ['فالتنظيم', 'تنظيم'],
    ['كالاطراف', 'اطراف'],
  ])('%s has the reading %s', (word, key) => {
    expect(procliticReadings(word).map((r) => r.key)).toContain(key);
  });

  it('reads pronoun suffixes off', () => {
    expect(readings('اعتقلتهم').map((r) => r.key)).toContain('اعتقلت');
    expect(readings('بصلبهم').map((r) => r.key)).toContain('صلب');
  });

  it('keeps the literal reading first', () => {
    expect(procliticReadings('بير')[0]!.key).toBe('بير');
  });
});
