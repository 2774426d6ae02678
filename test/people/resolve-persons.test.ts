import { describe, expect, it } from 'vitest';
import { identifyingKey, resolvePersons, type PersonReport } from '../../src/people/resolve-persons.js';

const report = (documentId: string, names: string[], extra: Partial<PersonReport> = {}): PersonReport => ({
  documentId,
  names,
  titles: [],
  group: null,
  published: null,
  events: [],
  ...extra,
});

describe('people across documents', () => {
  it.each([
    ['أبو صافية الكويتي', 'ابو صافيه كويتي'],
    ['إبراهيم الكندري', null],
    ['أبو محمد', null],
    ['محمد', null],
  ])('%s identifies on its own: %s', (name, key) => {
    expect(identifyingKey(name)).toBe(key);
  });

  it('joins a kunya and a real name linked in one report', () => {
    const people = resolvePersons([
      report('a', ['أبو صافية الكويتي'], { events: [{ type: 'defection', role: 'subject' }] }),
      report('b', ['إبراهيم الكندري', 'أبو صافية الكويتي'], {
        events: [{ type: 'assassination', role: 'victim' }],
      }),
    ]);
    expect(people).toHaveLength(1);
    expect(people[0]!.aliases.length + 1).toBe(2);
    expect(people[0]!.events.map((e) => e.type)).toEqual(['defection', 'assassination']);
  });

  it('never joins two people on a bare kunya or a common two-word name', () => {
    expect(resolvePersons([report('a', ['أبو محمد']), report('b', ['أبو محمد'])])).toHaveLength(2);
    expect(resolvePersons([report('a', ['محمد الأحمد']), report('b', ['محمد الأحمد'])])).toHaveLength(2);
  });

  it('joins a two-word name when the reports agree on the group or the title', () => {
    const people = resolvePersons([
      report('a', ['خالد العبيد'], { group: 'isis', titles: ['أمير الحسبة'] }),
      report('b', ['خالد العبيد'], { group: 'isis' }),
      report('c', ['خالد العبيد'], { group: 'kurdish_forces' }),
    ]);
    expect(people.map((p) => p.documents.sort())).toEqual([['a', 'b'], ['c']]);
  });
});
