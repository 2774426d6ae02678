import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { mergeIncidents, type ReportedEvent } from '../../src/incidents/merge-incidents.js';
import { builtinResources } from '../helpers/resources.js';

const res = builtinResources();

/** The events of a report written for the test, as stored reports. */
function reports(documentId: string, outlet: string, published: string, text: string): ReportedEvent[] {
  return extract(text, { id: documentId, published }, res).events.map((event, k) => ({
    key: `${documentId}#${k}`,
    documentId,
    outlet,
    published,
    event,
  }));
}

describe('incidents', () => {
  const a = reports(
    'a',
    'دير الزور 24',
    '2019-03-05',
    'اغتال مسلحون مجهولون أمس الاثنين قيادياً في قسد وسط بلدة الشحيل بريف دير الزور الشرقي، ما أدى لمقتله على الفور.',
  );
  const b = reports(
    'b',
    'فرات بوست',
    '2019-03-05',
    'قتل قيادي في قوات سوريا الديمقراطية برصاص مجهولين في بلدة الشحيل مساء أمس، فيما أصيب مرافقه بجروح.',
  );
  const c = reports(
    'c',
    'نورث برس',
    '2019-03-05',
    'قصفت طائرات التحالف الدولي أمس مواقع لتنظيم داعش في بلدة هجين بريف دير الزور.',
  );
  const d = reports(
    'd',
    'عنب بلدي',
    '2019-03-06',
    'اغتال مسلحون مجهولون أمس الثلاثاء عنصراً في قسد وسط بلدة الشحيل، وقتل معه شخصان آخران.',
  );

  it('merges two outlets reporting one assassination into one incident with two sources', () => {
    const incidents = mergeIncidents([...a, ...b]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ type: 'assassination', corroboration: 2 });
    expect(incidents[0]!.sources.sort()).toEqual(['دير الزور 24', 'فرات بوست'].sort());
  });

  it('keeps different events apart', () => {
    const incidents = mergeIncidents([...a, ...c]);
    expect(incidents.map((i) => i.type).sort()).toEqual(['airstrike', 'assassination']);
  });

  it('keeps the same kind of event on another day apart, and the disagreement in numbers', () => {
    const incidents = mergeIncidents([...a, ...d]);
    expect(incidents).toHaveLength(2);
    const merged = mergeIncidents([
      ...a,
      ...b,
      ...a.map((r) => ({
        ...r,
        key: 'x' + r.key,
        documentId: 'x',
        outlet: 'سمارت',
        event: { ...r.event, fatalities: { min: 2, max: 2 } },
      })),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.fatalities.map((f) => f.value).sort()).toEqual([1, 2]);
    expect(merged[0]!.corroboration).toBe(3);
  });

  it('does not merge two events of one document', () => {
    const two = reports(
      'e',
      'سمارت',
      '2019-03-05',
      'قصفت طائرات روسية بلدة كفرنبل. كما قصفت طائرات روسية بلدة سراقب.',
    );
    expect(mergeIncidents(two)).toHaveLength(two.length);
  });
});
