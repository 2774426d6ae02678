/** Latin spellings of Arabic names: the table first, a consistent letter scheme for the rest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranslitTable, transliterate } from '../../src/translit/transliterate.js';

const table = parseTranslitTable(
  readFileSync(join(import.meta.dirname, '..', '..', 'data', 'lexicons', 'translit.tsv'), 'utf8'),
);

describe('transliterate', () => {
  it.each([
    ['أبو ليث الطواطحة', 'Abu Laith al-Tawatiha'],
    ['عبد الرحمن الخلف', 'Abd al-Rahman al-Khalaf'],
    ['عبد الله', 'Abdullah'],
    ['أبو صافية الكويتي', 'Abu Safiya al-Kuwaiti'],
    ['إبراهيم الكندري', 'Ibrahim al-Kandari'],
    ['أبو البراء التونسي', 'Abu al-Baraa al-Tunisi'],
    ['الحاج فاضل', 'Al-Hajj Fadil'],
    // Hamza, ta marbuta and diacritics do not change the spelling.
    ['ابو حمزه الشعيطي', 'Abu Hamza al-Shuaiti'],
    ['أَبُو دُجَانَة', 'Abu Dujana'],
    // Unknown words are spelled by letter.
    ['كندر', 'Kandr'],
    ['الغمار', 'Al-Ghamar'],
    ['Abu Bakr', 'Abu Bakr'],
  ])('%s → %s', (name, latin) => {
    expect(transliterate(name, table)).toBe(latin);
  });

  it('gives Latin letters only for Arabic names', () => {
    const arabic = fc
      .array(fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهوية'.split('')), { minLength: 2, maxLength: 8 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(arabic, { minLength: 1, maxLength: 4 }), (words) => {
        const out = transliterate(words.join(' '), table);
        expect(out).toMatch(/^[A-Za-z' -]+$/);
        expect(out.split(' ').length).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
