// The scorer on small hand-made cases with known figures, and against the reference scorer of the
// shared workspace (when it is there) on the seed articles and the project's own sets.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  goldDocumentSchema,
  maxWeightAssignment,
  normalizeName,
  parseGold,
  parsePredictions,
  scoreExtraction,
  scoreLine,
  type EvalReport,
  type GoldDocument,
  type PredictedDocument,
} from '../../src/eval/score-extraction.js';
import { EVENT_TYPES } from '../../src/types.js';

// ---------------------------------------------------------------------------------------------------
// A small article and helpers to annotate it

const SENTENCES = [
  'قصف الطيران الروسي بلدة كفرنبل في ريف إدلب صباح أمس.',
  'واعتقلت قوات النظام خمسة شبان في حي الميدان بمدينة دمشق.',
  'وقتل مسلحون مجهولون القيادي أبو صافية الكويتي في البوكمال.',
];
// A long tail, so that an evidence span can be made too long to count.
const TEXT = `${SENTENCES.join(' ')} ${'خلفية '.repeat(150)}`;
const DOC = 'a.txt';

function at(phrase: string): [number, number] {
  const start = TEXT.indexOf(phrase);
  if (start < 0) throw new Error(`not in the text: ${phrase}`);
  return [start, start + phrase.length];
}

const span = (phrase: string) => {
  const [start, end] = at(phrase);
  return { start, end, text: phrase };
};

const gold = (events: unknown[], extra: Record<string, unknown> = {}): GoldDocument =>
  goldDocumentSchema.parse({ doc: DOC, events, ...extra });

/** A predicted event whose evidence is `phrase`. */
const ev = (type: string, phrase: string, extra: Record<string, unknown> = {}) => ({
  type,
  evidence: span(phrase),
  ...extra,
});

function score(g: GoldDocument, events: unknown[], entities: unknown[] = []): EvalReport {
  return scoreExtraction([g], [{ id: DOC, events, entities }], new Map([[DOC, TEXT]]));
}

const STRIKE = 'قصف الطيران الروسي';
const ARREST = 'واعتقلت قوات النظام';
const KILLING = 'وقتل مسلحون مجهولون';

describe('event matching', () => {
  const cases: Array<{
    name: string;
    gold: unknown[];
    pred: unknown[];
    expected: Record<string, unknown>;
  }> = [
    {
      name: 'exact match',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [ev('airstrike', SENTENCES[0]!)],
      expected: {
        events: { precision: 1, recall: 1, f1: 1, tp: 1, fp: 0, fn: 0 },
        events_strict: { f1: 1 },
        by_type: { airstrike: { tp: 1, fp: 0, fn: 0 } },
      },
    },
    {
      name: 'wrong type: a miss and a false alarm, the miss covered by another type',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [ev('shelling', SENTENCES[0]!)],
      expected: {
        events: { tp: 0, fp: 1, fn: 1, f1: 0, missed_but_other_type: 1 },
        by_type: { airstrike: { fn: 1, fp: 0 }, shelling: { fp: 1, fn: 0 } },
        misses: [{ type: 'airstrike', anchor: STRIKE, covered_by: 'shelling', sentence: SENTENCES[0] }],
      },
    },
    {
      name: 'evidence ending where the anchor starts does not overlap it',
      gold: [{ type: 'arrest', anchors: [ARREST] }],
      pred: [{ type: 'arrest', evidence: { start: at(ARREST)[0] - 10, end: at(ARREST)[0] } }],
      expected: { events: { tp: 0, fp: 1, fn: 1, missed_but_other_type: 0 } },
    },
    {
      name: 'one shared character is enough',
      gold: [{ type: 'arrest', anchors: [ARREST] }],
      pred: [{ type: 'arrest', evidence: { start: at(ARREST)[1] - 1, end: at(ARREST)[1] + 20 } }],
      expected: { events: { tp: 1, fp: 0, fn: 0 } },
    },
    {
      name: 'any anchor of the gold event may be met',
      gold: [{ type: 'arrest', anchors: [STRIKE, ARREST] }],
      pred: [ev('arrest', SENTENCES[1]!)],
      expected: { events: { tp: 1, fp: 0, fn: 0 } },
    },
    {
      name: 'evidence over 600 characters is no evidence: a false alarm outside the per-type counts',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [{ type: 'airstrike', evidence: { start: 0, end: 601 } }],
      expected: {
        events: { tp: 0, fp: 1, fn: 1 },
        by_type: { airstrike: { tp: 0, fp: 0, fn: 1 } },
        false_alarms: [{ type: 'airstrike', evidence: null, duplicate: false }],
      },
    },
    {
      name: 'evidence of exactly 600 characters still counts',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [{ type: 'airstrike', evidence: { start: 0, end: 600 } }],
      expected: { events: { tp: 1, fp: 0, fn: 0 } },
    },
    {
      name: 'an empty or non-integer span is no evidence',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [
        { type: 'airstrike', evidence: { start: 5, end: 5 } },
        { type: 'airstrike', evidence: { start: 0.5, end: 20 } },
        { type: 'airstrike' },
      ],
      expected: { events: { tp: 0, fp: 3, fn: 1 } },
    },
    {
      name: 'a second prediction of a found event is a false alarm and a duplicate',
      gold: [{ type: 'airstrike', anchors: [STRIKE] }],
      pred: [ev('airstrike', SENTENCES[0]!), ev('airstrike', STRIKE)],
      expected: {
        events: { tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, f1: 0.667, duplicates: 1 },
        false_alarms: [{ type: 'airstrike', duplicate: true }],
      },
    },
    {
      name: 'an optional event found is neither rewarded nor punished',
      gold: [{ type: 'airstrike', anchors: [STRIKE], optional: true }],
      pred: [ev('airstrike', SENTENCES[0]!)],
      expected: { events: { tp: 0, fp: 0, fn: 0, f1: 0, optional_matched: 1 }, by_type: {} },
    },
    {
      name: 'an optional event missed is no miss; more predictions of it are ignored',
      gold: [
        { type: 'airstrike', anchors: [STRIKE], optional: true },
        { type: 'arrest', anchors: [ARREST], optional: true },
      ],
      pred: [ev('airstrike', SENTENCES[0]!), ev('airstrike', STRIKE)],
      expected: { events: { tp: 0, fp: 0, fn: 0, optional_matched: 1, duplicates: 0 } },
    },
    {
      name: 'a required event wins a prediction over an optional one on the same anchor',
      gold: [
        { type: 'airstrike', anchors: [STRIKE], optional: true },
        { type: 'airstrike', anchors: [STRIKE] },
      ],
      pred: [ev('airstrike', SENTENCES[0]!)],
      expected: { events: { tp: 1, fp: 0, fn: 0, optional_matched: 0 } },
    },
    {
      name: 'two events in one sentence are paired by their right places, whatever the order',
      gold: [
        { type: 'airstrike', anchors: [STRIKE], locations: ['كفرنبل'] },
        { type: 'airstrike', anchors: [STRIKE], locations: ['إدلب'] },
      ],
      pred: [
        ev('airstrike', SENTENCES[0]!, { location: { name: 'إدلب' } }),
        ev('airstrike', SENTENCES[0]!, { location: { name: 'كفرنبل' } }),
      ],
      expected: {
        events: { tp: 2, fp: 0, fn: 0 },
        events_strict: { tp: 2 },
        arguments: { location: { accuracy: 1, right: 2, of: 2 } },
      },
    },
    {
      name: 'a wrong place: matched, but not strictly',
      gold: [{ type: 'airstrike', anchors: [STRIKE], locations: ['كفرنبل'] }],
      pred: [ev('airstrike', SENTENCES[0]!, { location: { name: 'حلب' } })],
      expected: {
        events: { tp: 1, fp: 0, fn: 0, f1: 1 },
        events_strict: { tp: 0, fp: 1, fn: 1, f1: 0 },
        arguments: { location: { accuracy: 0, right: 0, of: 1 } },
        argument_errors: [{ argument: 'location', gold: 'كفرنبل', predicted: 'حلب' }],
      },
    },
    {
      name: 'a missing place when the gold has one is wrong',
      gold: [{ type: 'airstrike', anchors: [STRIKE], locations: ['كفرنبل'] }],
      pred: [ev('airstrike', SENTENCES[0]!, { location: null })],
      expected: { events_strict: { tp: 0 }, arguments: { location: { right: 0, of: 1 } } },
    },
    {
      name: 'the gazetteer name or the canonical settlement of a site may be the right one',
      gold: [{ type: 'airstrike', anchors: [STRIKE], locations: ['كفرنبل'] }],
      pred: [ev('airstrike', SENTENCES[0]!, { location: { name: 'x', name_ar: null, canonical: 'كفرنبل' } })],
      expected: { arguments: { location: { right: 1, of: 1 } } },
    },
    {
      name: 'a wrong actor fails the strict match; a right target is counted apart',
      gold: [{ type: 'arrest', anchors: [ARREST], actor: 'regime', target: 'civilians' }],
      pred: [ev('arrest', SENTENCES[1]!, { actor: 'isis', target: 'civilians' })],
      expected: {
        events_strict: { tp: 0, fp: 1, fn: 1 },
        arguments: { actor: { accuracy: 0, of: 1 }, target: { accuracy: 1, of: 1 } },
      },
    },
    {
      name: 'arguments the gold leaves out are not scored',
      gold: [{ type: 'arrest', anchors: [ARREST] }],
      pred: [ev('arrest', SENTENCES[1]!, { actor: 'isis', count: { min: 9, max: 9 } })],
      expected: { events_strict: { tp: 1 }, arguments: {}, argument_mean: 0 },
    },
    {
      name: 'persons: F1 over names, aliases folded into the first name of their list',
      gold: [{ type: 'assassination', anchors: [KILLING], persons: ['أبو صافية الكويتي'] }],
      pred: [
        ev('assassination', SENTENCES[2]!, {
          persons: [{ name: 'إبراهيم الكندري' }, { name: 'محمد الأشهل' }],
        }),
      ],
      expected: { arguments: { persons: { tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, f1: 0.667 } } },
    },
  ];

  it.each(cases)('$name', ({ gold: events, pred, expected }) => {
    const aliases = { persons: [['إبراهيم الكندري', 'أبو صافية الكويتي'], ['محمد الأشهل']] };
    expect(score(gold(events, aliases), pred)).toMatchObject(expected);
  });

  it('the argument mean averages accuracies and the persons F1', () => {
    const report = score(
      gold(
        [
          {
            type: 'arrest',
            anchors: [ARREST],
            actor: 'regime',
            target: 'civilians',
            persons: ['محمد الأشهل'],
          },
        ],
        { persons: [['محمد الأشهل']] },
      ),
      [ev('arrest', SENTENCES[1]!, { actor: 'regime', target: 'isis', persons: ['محمد الأشهل', 'زيد'] })],
    );
    // actor 1, target 0, persons F1 0.667
    expect(report.argument_mean).toBe(0.556);
    expect(scoreLine(report)).toContain('argument_mean=0.556');
  });
});

describe('quantities and dates', () => {
  const countCases: Array<[number, unknown, boolean]> = [
    [20, { min: 20, max: 99 }, true], // "عشرات"
    [99, { min: 20, max: 99 }, true],
    [100, { min: 100, max: null }, true], // "أكثر من مئة": the minimum is also the top
    [111, { min: 100, max: null }, true], // up to max·1.1 + 1
    [112, { min: 100, max: null }, false],
    [7, { min: 6, max: 6 }, true], // 7 ≤ 6·1.1 + 1
    [5, { min: 6, max: 6 }, false], // 5 < 6·0.9
    [3, 3, true], // a bare number
    [3, { min: null, max: 3 }, false], // no minimum, no count
    [3, null, false],
  ];
  it.each(countCases)('gold count %s, predicted %j: right = %s', (goldCount, predicted, right) => {
    const report = score(gold([{ type: 'arrest', anchors: [ARREST], count: goldCount }]), [
      ev('arrest', SENTENCES[1]!, { count: predicted }),
    ]);
    expect(report.arguments['count']).toEqual({ accuracy: right ? 1 : 0, right: right ? 1 : 0, of: 1 });
  });

  const dateCases: Array<[[string, string], unknown, boolean]> = [
    [['2024-03-27', '2024-03-27'], { start: '2024-03-27', end: '2024-03-27' }, true],
    [['2024-03-27', '2024-03-27'], { start: '2024-03-26', end: '2024-03-29' }, true], // 3 days ≤ 1 + 2
    [['2024-03-27', '2024-03-27'], { start: '2024-03-21', end: '2024-03-27' }, false], // a week: too wide
    [['2024-03-21', '2024-03-27'], { start: '2024-03-21', end: '2024-03-27' }, true],
    [['2024-03-27', '2024-03-27'], { start: '2024-03-28', end: '2024-03-28' }, false], // no overlap
    [['2024-03-27', '2024-03-27'], { start: '2024-03-27', end: null }, true], // end defaults to start
    [['2024-03-27', '2024-03-27'], { start: null, end: null, text: 'أمس' }, false],
  ];
  it.each(dateCases)('gold date %j, predicted %j: right = %s', (goldDate, predicted, right) => {
    const report = score(gold([{ type: 'arrest', anchors: [ARREST], date: goldDate }]), [
      ev('arrest', SENTENCES[1]!, { date: predicted }),
    ]);
    expect(report.arguments['date']).toMatchObject({ right: right ? 1 : 0, of: 1 });
  });
});

describe('name normalisation', () => {
  const same: Array<[string, string]> = [
    ['إدلب', 'ادلب'], // hamza
    ['البوكمال', 'بوكمال'], // the article
    ['ريف حلب', 'حلب'], // place word
    ['حي الميدان', 'الميدان'],
    ['الرقّة', 'الرقه'], // shadda, ta marbuta
    ['المدعو ” أبو ليث ”', 'أبو ليث'], // naming word, quotes
    ['مصطفى', 'مصطفي'], // alef maqsura
  ];
  it.each(same)('%s = %s', (a, b) => expect(normalizeName(a)).toBe(normalizeName(b)));

  it('keeps the place words written with ta marbuta, as the reference scorer does', () => {
    expect(normalizeName('مدينة الرقة')).not.toBe(normalizeName('الرقة'));
    expect(normalizeName('مدينة الرقة')).toBe('مدينه رقه');
  });

  it('drops the article only from words longer than three letters', () => {
    expect(normalizeName('الباب')).toBe('باب');
    expect(normalizeName('الف')).toBe('الف');
  });

  it('gives "" for what is not a string', () => {
    expect(normalizeName(null)).toBe('');
    expect(normalizeName(3)).toBe('');
  });
});

describe('entities', () => {
  it('scores persons (F1), places (recall, precision over distinct places) and groups (F1) per document', () => {
    const g = gold([], {
      persons: [['إبراهيم الكندري', 'أبو صافية الكويتي'], ['محمد الأشهل']],
      places: ['كفرنبل', 'إدلب', 'دمشق'],
      groups: ['russia', 'regime', 'unknown'],
    });
    const report = score(
      g,
      [],
      [
        { type: 'person', text: 'القيادي أبو صافية الكويتي', canonical: 'أبو صافية الكويتي' },
        { type: 'person', text: 'زيد' },
        { type: 'place', text: 'بلدة كفرنبل', canonical: 'كفرنبل' },
        { type: 'place', text: 'ريف إدلب', canonical: 'إدلب' },
        { type: 'place', text: 'بريف إدلب', canonical: 'ادلب' },
        { type: 'place', canonical: 'حلب' },
        { type: 'group', id: 'russia' },
        { type: 'group', id: 'regime' },
        { type: 'group', id: 'regime' },
        { type: 'group', id: 'isis' },
      ],
    );
    expect(report.entities.person).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, tp: 1, fp: 1, fn: 1 });
    expect(report.entities.place).toEqual({
      precision: 0.667,
      recall: 0.667,
      f1: 0.667,
      tp: 2,
      fp: 1,
      fn: 1,
    });
    expect(report.entities.group).toEqual({
      precision: 0.667,
      recall: 0.667,
      f1: 0.667,
      tp: 2,
      fp: 1,
      fn: 1,
    });
    expect(report.score).toMatchObject({ person_f1: 0.5, place_recall: 0.667, group_f1: 0.667 });
  });

  it('a missing place lowers recall only', () => {
    const report = score(
      gold([], { places: ['كفرنبل', 'دمشق'] }),
      [],
      [{ type: 'place', canonical: 'كفرنبل' }],
    );
    expect(report.entities.place).toMatchObject({ recall: 0.5, precision: 1, tp: 1, fp: 0, fn: 1 });
  });

  it('accepts the usual entity type names (LOC, ORG, PER …)', () => {
    const report = score(
      gold([], { persons: [['محمد الأشهل']], places: ['دمشق'], groups: ['regime'] }),
      [],
      [
        { type: 'PER', text: 'محمد الأشهل' },
        { type: 'LOC', name: 'دمشق' },
        { type: 'ORG', canonical: 'regime' },
      ],
    );
    expect(report.score).toMatchObject({ person_f1: 1, place_recall: 1, group_f1: 1 });
  });
});

describe('documents', () => {
  it('a gold document without a prediction: all its events are missed', () => {
    const g = gold([{ type: 'airstrike', anchors: [STRIKE] }], { places: ['كفرنبل'] });
    const report = scoreExtraction([g], [{ id: 'other.txt', events: [] }], new Map([[DOC, TEXT]]));
    expect(report).toMatchObject({
      documents: 1,
      predicted_documents: 0,
      events: { tp: 0, fp: 0, fn: 1 },
      entities: { place: { recall: 0 } },
    });
  });

  it('finds a prediction by the base name of its id (or doc)', () => {
    const g = gold([{ type: 'airstrike', anchors: [STRIKE] }]);
    const texts = new Map([[DOC, TEXT]]);
    for (const p of [{ id: `corpus/dir/${DOC}` }, { doc: DOC }] as PredictedDocument[]) {
      const report = scoreExtraction([g], [{ ...p, events: [ev('airstrike', STRIKE)] }], texts);
      expect(report).toMatchObject({ predicted_documents: 1, events: { tp: 1 } });
    }
  });

  it('warns about an anchor that is not in the text (it can match nothing) or occurs twice', () => {
    const g = gold([
      { type: 'airstrike', anchors: ['غارة لم تذكر'] },
      { type: 'arrest', anchors: ['في'] },
    ]);
    const report = score(g, [ev('airstrike', SENTENCES[0]!), ev('arrest', SENTENCES[1]!)]);
    expect(report.warnings).toEqual([
      expect.stringContaining('«غارة لم تذكر» is not in the text'),
      expect.stringContaining('«في» occurs more than once'),
    ]);
    expect(report.events).toMatchObject({ tp: 0, fn: 2, fp: 2 });
  });

  it('refuses a gold document without its text', () => {
    expect(() => scoreExtraction([gold([])], [], new Map())).toThrow(/no text for gold document 'a.txt'/);
  });
});

describe('parseGold', () => {
  it('fills the defaults of a minimal annotation', () => {
    const { documents, issues } = parseGold(
      '{"doc": "x.txt", "events": [{"type": "arrest", "anchors": ["اعتقل"]}]}\n',
      'g.jsonl',
    );
    expect(issues).toEqual([]);
    expect(documents[0]).toMatchObject({
      persons: [],
      places: [],
      groups: [],
      events: [
        {
          actor: null,
          target: null,
          persons: [],
          locations: [],
          date: null,
          count: null,
          fatalities: null,
          optional: false,
        },
      ],
    });
  });

  it('names the file, the line and the field of every problem', () => {
    const lines = [
      '{"doc": "a.txt", "events": []}',
      '',
      '{"doc": "b.txt", "events": [{"type": "raid", "anchors": []}]}',
      '{"doc": "c.txt", "events": [{"type": "arrest", "anchors": ["x"], "date": ["2024-02-30", "2024-03-01"]}]}',
      '{"doc": "d.txt", "events": [{"type": "arrest", "anchors": ["x"], "count": "five"}], "persons": [[]]}',
      '{"doc": "a.txt", "events": []}',
      '{"doc": "e.txt", "events": [{"type": "arrest", "anchors": ["x"], "date": ["2024-03-02", "2024-03-01"]}]}',
      'not json',
      '[]',
    ];
    const { documents, issues } = parseGold(lines.join('\n'), 'g.jsonl');
    expect(documents.map((d) => d.doc)).toEqual(['a.txt']);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'events[0].type'],
      [3, 'events[0].anchors'],
      [4, 'events[0].date[0]'],
      [5, 'events[0].count'],
      [5, 'persons[0]'],
      [6, 'doc'],
      [7, 'events[0].date'],
      [8, ''],
      [9, ''],
    ]);
    expect(issues.every((i) => i.file === 'g.jsonl')).toBe(true);
    expect(issues[0]!.message).toMatch(/must be one of defection, /);
    expect(issues[5]!.message).toMatch(/already annotated on line 1/);
    expect(issues[7]!.message).toMatch(/^not JSON/);
  });

  it('reads the seeds and the dev set without a problem', () => {
    const dev = fileURLToPath(new URL('../fixtures/dev/gold.jsonl', import.meta.url));
    const seeds = fileURLToPath(new URL('../../../shared/gold/seeds.jsonl', import.meta.url));
    for (const file of [dev, seeds].filter((f) => existsSync(f)))
      expect(parseGold(readFileSync(file, 'utf8'), file).issues).toEqual([]);
  });
});

describe('parsePredictions', () => {
  it('wants one object per line', () => {
    const { documents, issues } = parsePredictions('{"id": "a"}\n\n[1]\n{', 'p.jsonl');
    expect(documents).toEqual([{ id: 'a' }]);
    expect(issues.map((i) => i.line)).toEqual([3, 4]);
  });
});

describe('maxWeightAssignment', () => {
  /** The best total weight by trying every pairing. */
  function bestTotal(w: number[][], row = 0, used = new Set<number>()): number {
    if (row === w.length) return 0;
    let best = bestTotal(w, row + 1, used);
    w[row]!.forEach((x, c) => {
      if (x <= 0 || used.has(c)) return;
      used.add(c);
      best = Math.max(best, x + bestTotal(w, row + 1, used));
      used.delete(c);
    });
    return best;
  }

  it('finds an optimal one-to-one assignment of positive pairs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: cols, maxLength: cols }), {
            maxLength: 5,
          }),
        ),
        (w) => {
          const pairs = maxWeightAssignment(w);
          expect(pairs).toHaveLength(w.length);
          const cols = pairs.filter((c) => c >= 0);
          expect(new Set(cols).size).toBe(cols.length);
          pairs.forEach((c, r) => c >= 0 && expect(w[r]![c]).toBeGreaterThan(0));
          const total = pairs.reduce((sum, c, r) => sum + (c >= 0 ? w[r]![c]! : 0), 0);
          expect(total).toBe(bestTotal(w));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles empty matrices', () => {
    expect(maxWeightAssignment([])).toEqual([]);
    expect(maxWeightAssignment([[], []])).toEqual([-1, -1]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Against the reference scorer

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const SHARED = join(ROOT, '../shared');
const REFERENCE = join(SHARED, 'eval/score.mjs');
const SETS = [
  { name: 'seeds', gold: join(SHARED, 'gold/seeds.jsonl'), corpus: join(SHARED, 'corpus/seeds') },
  {
    name: 'dev',
    gold: join(ROOT, 'test/fixtures/dev/gold.jsonl'),
    corpus: join(ROOT, 'test/fixtures/dev/articles'),
  },
  {
    name: 'heldout',
    gold: join(ROOT, 'test/fixtures/heldout/gold.jsonl'),
    corpus: join(ROOT, 'test/fixtures/heldout/articles'),
  },
].filter((set) => existsSync(set.gold) && existsSync(set.corpus));

/** The figures both scorers give (the reference's JSON report and its score line). */
function figures(report: EvalReport) {
  const {
    documents,
    predicted_documents,
    events,
    events_strict,
    by_type,
    arguments: args,
    entities,
  } = report;
  return {
    report: { documents, predicted_documents, events, events_strict, by_type, arguments: args, entities },
    score: report.score,
  };
}

function reference(set: (typeof SETS)[number], pred: string) {
  const run = spawnSync(
    process.execPath,
    [REFERENCE, '--gold', set.gold, '--pred', pred, '--corpus', set.corpus, '--json'],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  const cut = run.stdout.lastIndexOf('\nscore: ');
  const score = Object.fromEntries(
    run.stdout
      .slice(cut + '\nscore: '.length)
      .trim()
      .split(' ')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k!, Number(v)]),
  );
  return { report: JSON.parse(run.stdout.slice(0, cut)) as unknown, score };
}

function marsad(args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** A small deterministic random generator (mulberry32), so that the mutated cases are the same each run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The predictions with random errors of every kind the rules look at: events dropped, repeated, retyped,
 * moved, stripped of their evidence, given other places, actors, counts, dates and persons; entities
 * dropped; whole documents dropped.
 */
function mutate(docs: Array<Record<string, any>>, seed: number): Array<Record<string, any>> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const places = docs.flatMap((d) => d['events'].map((e: any) => e.location?.name).filter(Boolean));
  const out: Array<Record<string, any>> = [];
  for (const doc of docs) {
    if (rnd() < 0.1) continue;
    const events: any[] = [];
    for (const original of doc['events']) {
      const e = structuredClone(original);
      const r = rnd();
      if (r < 0.1) continue;
      if (r < 0.2) events.push(structuredClone(e));
      if (rnd() < 0.15) e.type = pick(EVENT_TYPES);
      if (rnd() < 0.15) {
        const shift = Math.floor(rnd() * 160) - 80;
        e.evidence = { ...e.evidence, start: e.evidence.start + shift, end: e.evidence.end + shift };
      }
      if (rnd() < 0.05) e.evidence = pick([null, { start: 0, end: 5000 }, { start: 10, end: 10 }]);
      if (rnd() < 0.2) e.location = rnd() < 0.5 ? null : { name: pick(places) };
      if (rnd() < 0.2) e.actor = pick(['isis', 'regime', 'unknown', null]);
      if (rnd() < 0.2) e.target = pick(['isis', 'civilians', null]);
      if (rnd() < 0.2) e.count = rnd() < 0.5 ? null : { min: Math.floor(rnd() * 30), max: null };
      if (rnd() < 0.2) e.fatalities = { min: Math.floor(rnd() * 10), max: Math.floor(rnd() * 10) };
      if (rnd() < 0.2) e.date = rnd() < 0.5 ? null : { start: '2017-08-01', end: '2017-08-09' };
      if (rnd() < 0.2) e.persons = e.persons.slice(1);
      events.push(e);
    }
    const entities = doc['entities'].filter(() => rnd() > 0.15);
    out.push({ ...doc, events, entities });
  }
  return out;
}

describe.runIf(existsSync(REFERENCE) && existsSync(CLI) && SETS.length > 0)(
  'the same figures as the reference scorer',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-eval-'));

    describe.each(SETS)('$name', (set) => {
      const goldDocs = parseGold(readFileSync(set.gold, 'utf8'), set.gold).documents;
      const texts = new Map(goldDocs.map((g) => [g.doc, readFileSync(join(set.corpus, g.doc), 'utf8')]));

      const pred = join(dir, `${set.name}.jsonl`);
      beforeAll(() => {
        writeFileSync(pred, marsad(['extract', set.corpus, '--format', 'jsonl']));
      });

      it("on marsad's extraction (scoreExtraction, `marsad eval --pred` and `marsad eval`)", () => {
        const expected = reference(set, pred);
        const predicted = parsePredictions(readFileSync(pred, 'utf8'), pred).documents;
        expect(figures(scoreExtraction(goldDocs, predicted, texts))).toEqual(expected);
        const common = ['eval', '--gold', set.gold, '--corpus', set.corpus, '--json'];
        expect(figures(JSON.parse(marsad([...common, '--pred', pred])))).toEqual(expected);
        expect(figures(JSON.parse(marsad(common)))).toEqual(expected);
      });

      it('on predictions with random errors', () => {
        const original = readFileSync(pred, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, any>);
        for (let seed = 1; seed <= 8; seed++) {
          const docs = mutate(original, seed * 7919);
          const mutated = join(dir, `${set.name}-${seed}.jsonl`);
          writeFileSync(mutated, docs.map((d) => JSON.stringify(d)).join('\n'));
          const mine = figures(scoreExtraction(goldDocs, docs, texts));
          expect(mine, `seed ${seed}`).toEqual(reference(set, mutated));
        }
      });
    });
  },
);
