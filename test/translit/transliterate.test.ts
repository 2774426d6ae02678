/** Latin spellings of Arabic names: the table first, a consistent letter scheme for the rest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranslitTable, transliterate, unknownWords } from '../../src/translit/transliterate.js';
import { existsSync } from 'node:fs';

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

  // Fifty names from public reporting on the Syrian and Iraqi wars, as English-language media write them.
  it.each([
    ['أبو بكر البغدادي', 'Abu Bakr al-Baghdadi'],
    ['أبو محمد العدناني', 'Abu Muhammad al-Adnani'],
    ['أبو محمد الجولاني', 'Abu Muhammad al-Julani'],
    ['أبو عمر الشيشاني', 'Abu Omar al-Shishani'],
    ['أبو علي الأنباري', 'Abu Ali al-Anbari'],
    ['أبو مسلم التركماني', 'Abu Muslim al-Turkmani'],
    ['أبو أيمن العراقي', 'Abu Ayman al-Iraqi'],
    ['أبو لقمان', 'Abu Luqman'],
    ['أبو إبراهيم الهاشمي القرشي', 'Abu Ibrahim al-Hashimi al-Qurashi'],
    ['أبو الحسن الهاشمي القرشي', 'Abu al-Hassan al-Hashimi al-Qurashi'],
    ['أبو الحسين الحسيني القرشي', 'Abu al-Hussein al-Husseini al-Qurashi'],
    ['أبو حفص الهاشمي القرشي', 'Abu Hafs al-Hashimi al-Qurashi'],
    ['أبو حسن المهاجر', 'Abu Hassan al-Muhajir'],
    ['أبو مصعب الزرقاوي', 'Abu Musab al-Zarqawi'],
    ['أبو عمر البغدادي', 'Abu Omar al-Baghdadi'],
    ['أبو حمزة المهاجر', 'Abu Hamza al-Muhajir'],
    ['أبو سياف', 'Abu Sayyaf'],
    ['أبو وهيب', 'Abu Wahib'],
    ['أبو ماريا القحطاني', 'Abu Maria al-Qahtani'],
    ['أبو خالد السوري', 'Abu Khalid al-Suri'],
    ['أبو عبد الرحمن البيلاوي', 'Abu Abd al-Rahman al-Bilawi'],
    ['أبو سليمان الفرنسي', 'Abu Suleiman al-Faransi'],
    ['حجي بكر', 'Haji Bakr'],
    ['مظلوم عبدي', 'Mazloum Abdi'],
    ['أحمد الخبيل', 'Ahmad al-Khabil'],
    ['أبو خولة', 'Abu Khawla'],
    ['عصام زهر الدين', 'Issam Zahr al-Din'],
    ['سهيل الحسن', 'Suhail al-Hassan'],
    ['قاسم سليماني', 'Qasim Soleimani'],
    ['حسن نصر الله', 'Hassan Nasr Allah'],
    ['أبو مهدي المهندس', 'Abu Mahdi al-Muhandis'],
    ['هادي العامري', 'Hadi al-Amiri'],
    ['رياض الأسعد', 'Riad al-Asaad'],
    ['زهران علوش', 'Zahran Alloush'],
    ['عبد الباسط الساروت', 'Abd al-Basit al-Sarout'],
    ['حسان عبود', 'Hassan Aboud'],
    ['عبد القادر الصالح', 'Abd al-Qadir al-Salih'],
    ['طلال سلو', 'Talal Silo'],
    ['مصطفى بالي', 'Mustafa Bali'],
    ['ريدور خليل', 'Redur Khalil'],
    ['بشار الأسد', 'Bashar al-Assad'],
    ['ماهر الأسد', 'Maher al-Assad'],
    ['رامي مخلوف', 'Rami Makhlouf'],
    ['علي مملوك', 'Ali Mamlouk'],
    ['جميل الحسن', 'Jamil al-Hassan'],
    ['وليد المعلم', 'Walid al-Muallem'],
    ['عبد الله الشامي', 'Abdullah al-Shami'],
    ['أبو صالح العراقي', 'Abu Salih al-Iraqi'],
    ['خالد الحمد', 'Khalid al-Hamad'],
    ['عمار الحمصي', 'Ammar al-Homsi'],
  ])('%s → %s (from the table)', (name, latin) => {
    expect(unknownWords(name, table)).toEqual([]);
    expect(transliterate(name, table)).toBe(latin);
  });

  // The persons of the seed articles (read at run time): every word of their names is in the table.
  const gold = join(import.meta.dirname, '..', '..', '..', 'shared', 'gold', 'seeds.jsonl');
  it.runIf(existsSync(gold))('covers every person named in the seed articles', () => {
    const names = readFileSync(gold, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) =>
        (JSON.parse(l) as { events: Array<{ persons?: string[] }> }).events.flatMap((e) => e.persons ?? []),
      );
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => unknownWords(n, table).length)).toEqual([]);
  });
});
