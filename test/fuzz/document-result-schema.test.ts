/** The output contract as a schema: real outputs pass, each kind of violation is caught. */
import { describe, expect, it } from 'vitest';
import { contractProblems, spanProblems } from '../../src/contract/document-result-schema.js';
import { extract } from '../../src/extract.js';
import type { DocumentResult } from '../../src/types.js';
import { builtinResources } from '../helpers/resources.js';
import { fuzzArticles } from './mutate-article.js';

const res = builtinResources();
const TEXT =
  'اعتقلت قوات النظام أمس الثلاثاء عشرة شبان في مدينة البوكمال بتهمة التعامل مع داعش. وانشق القيادي أبو ليث الطواطحة عن التنظيم.';

/** A valid result to break, as JSON (what the schema sees from `marsad extract`). */
function sample(): any {
  const out = JSON.parse(JSON.stringify(extract(TEXT, { id: 'a.txt', published: '2024-03-28' }, res)));
  expect(out.events.length).toBeGreaterThanOrEqual(2);
  expect(out.events.some((e: any) => e.location)).toBe(true);
  return out;
}

describe('document result schema', () => {
  it('accepts what extraction prints, for every article', () => {
    const articles = fuzzArticles();
    expect(articles.length).toBeGreaterThan(0);
    for (const a of articles) {
      const out = extract(a, { id: 'x' }, res);
      expect(contractProblems(JSON.parse(JSON.stringify(out)))).toEqual([]);
      expect(spanProblems(out, a)).toEqual([]);
    }
    expect(contractProblems(sample())).toEqual([]);
  });

  const breakages: Array<[string, (d: any) => void, RegExp]> = [
    ['a missing list', (d) => delete d.entities, /^entities:/],
    ['a missing nullable field', (d) => delete d.events[0].fatalities, /^events\.0\.fatalities:/],
    ['an unknown field', (d) => (d.events[0].score = 1), /^events\.0:.*score/],
    ['an unknown event type', (d) => (d.events[0].type = 'riot'), /^events\.0\.type:/],
    ['an unknown certainty', (d) => (d.events[0].certainty = 'likely'), /^events\.0\.certainty:/],
    [
      'a person role outside the contract',
      (d) => (d.events[0].persons = [{ name: 'x', aliases: [], title: null, role: 'hero' }]),
      /^events\.0\.persons\.0\.role:/,
    ],
    ['an actor id in another style', (d) => (d.events[0].actor = 'Islamic State'), /^events\.0\.actor:/],
    ['a fractional offset', (d) => (d.events[0].trigger.start += 0.5), /^events\.0\.trigger\.start:/],
    ['a negative offset', (d) => (d.entities[0].start = -1), /^entities\.0\.start:/],
    [
      'an offset given as a string',
      (d) => (d.events[0].evidence.end = String(d.events[0].evidence.end)),
      /^events\.0\.evidence\.end:/,
    ],
    [
      'a span whose text is not as long as it',
      (d) => (d.events[0].evidence.text += 'x'),
      /^events\.0\.evidence:.*as long/,
    ],
    [
      'a trigger outside its evidence',
      (d) =>
        Object.assign(d.events[0].trigger, { start: 0, end: 1, text: 'ا' }) &&
        (d.events[0].evidence = { start: 5, end: 6, text: 'x' }),
      /^events\.0:.*inside the evidence/,
    ],
    [
      'evidence over 600 characters',
      (d) => (d.events[0].evidence = { start: 0, end: 601, text: 'x'.repeat(601) }),
      /^events\.0\.evidence\.text:/,
    ],
    ['a date that is not a calendar date', (d) => (d.published = '2024-02-30'), /^published:/],
    [
      'a date range backwards',
      (d) => (d.events[0].date = { start: '2024-03-02', end: '2024-03-01', text: '' }),
      /^events\.0\.date:/,
    ],
    [
      'a count range backwards',
      (d) => (d.events[0].count = { min: 5, max: 2, text: 'x' }),
      /^events\.0\.count:/,
    ],
    [
      'a geo precision out of range',
      (d) => (d.events.find((e: any) => e.location).location.geo_precision = 4),
      /geo_precision:/,
    ],
    [
      'a latitude out of range',
      (d) => (d.events.find((e: any) => e.location).location.lat = 95),
      /location\.lat:/,
    ],
    [
      'a lower-case country code',
      (d) => (d.events.find((e: any) => e.location).location.country = 'sy'),
      /location\.country:/,
    ],
    [
      'a group entity without its id',
      (d) => delete d.entities.find((e: any) => e.type === 'group').id,
      /^entities\.\d+\.id:/,
    ],
    ['an entity of unknown type', (d) => (d.entities[0].type = 'weapon'), /^entities\.0\.type:/],
  ];
  for (const [what, damage, problem] of breakages) {
    it(`rejects ${what}`, () => {
      const d = sample();
      damage(d);
      const problems = contractProblems(d);
      expect(
        problems.some((p) => problem.test(p)),
        problems.join('\n'),
      ).toBe(true);
    });
  }

  it('finds spans that do not point at their text', () => {
    const out: DocumentResult = extract(TEXT, {}, res);
    expect(spanProblems(out, TEXT)).toEqual([]);
    expect(spanProblems(out, 'x' + TEXT)).not.toEqual([]);
    expect(spanProblems(out, TEXT.slice(0, 20)).some((p) => /outside the text/.test(p))).toBe(true);
  });
});
