import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { builtinResources } from '../helpers/resources.js';

const res = builtinResources();
const entities = (text: string, type: 'person' | 'place' | 'group') =>
  extract(text, {}, res)
    .entities.filter((e) => e.type === type)
    .map((e) => (type === 'group' ? e.id : e.canonical));

describe('persons', () => {
  it.each([
    ['انشق المدعو ” أبو حمزة الشامي ” عن التنظيم', ['أبو حمزة الشامي']],
    ['قتل أبو عمر الجزراوي أمير الحسبة في البلدة', ['أبو عمر الجزراوي']],
    ['اعتقلت الدورية خالد العبيد وأحمد الحسين أمس', ['خالد العبيد', 'أحمد الحسين']],
    ['قال الصحفي سامر يوسف إن القصف استمر', ['سامر يوسف']],
    ['تم هدم منزل فرحان الخلف في القرية', ['فرحان الخلف']],
    ['وأصيبت زوجته المدعوة ” سعاد الأحمد ”', ['سعاد الأحمد']],
    ['القيادي “ماجد العلي” انشق', ['ماجد العلي']],
    ['يسيطر التنظيم على الأرض ويتقدم على الجبهة', []],
    ['وصلت الأخبار إلى المدينة مساء', []],
  ])('%s', (text, expected) => {
    expect(entities(text, 'person')).toEqual(expected);
  });

  it('links an alias introduced by المدعو to the same person', () => {
    const out = extract('قتل سامي الحمد المدعو ” أبو بكر الحلبي ” في الهجوم', {}, res);
    const p = out.entities.filter((e) => e.type === 'person');
    expect(p.map((e) => e.canonical)).toEqual(['سامي الحمد', 'أبو بكر الحلبي']);
    expect(p[0]!.aliases).toContain('أبو بكر الحلبي');
  });
});

describe('groups', () => {
  it.each([
    ['قصفت طائرات التحالف الدولي مواقع داعش', ['coalition', 'isis']],
    ['اشتباكات بين قسد وخلايا التنظيم', ['kurdish_forces', 'isis']],
    ['اعتقلت هيئة تحرير الشام ناشطا', ['nusra']],
    ['قالت الصفحة المعارضة إن القصف استمر', []],
    ['سيطرت فصائل المعارضة على البلدة', ['opposition']],
    ['قوات النظام والميليشيات الإيرانية', ['regime', 'iran']],
    ['هاجم مسلحون مجهولون حاجزا', []],
    ['عناصر الحشد الشعبي', ['iraqi_forces']],
  ])('%s', (text, expected) => {
    expect([...new Set(entities(text, 'group'))]).toEqual(expected);
  });
});

describe('places', () => {
  it.each([
    ['قصف الطيران مدينة البوكمال', ['البوكمال']],
    ['في قرية السكرية في ريف البوكمال', ['السكرية', 'البوكمال']],
    ['بالقرب من حقل العمر النفطي', ['حقل العمر']],
    ['وصلوا إلى الأراضي التركية', ['تركيا']],
    ['في حي الرميلة بمدينة الرقة', ['الرميلة', 'الرقة']],
    ['ينتشر خبر الانشقاق بسرعة', []],
    ['في مدينة عين عرب ” كوباني ”', ['عين العرب', 'عين العرب']],
    ['بريف دير الزور الشرقي', ['دير الزور']],
    ['في بلدة الزرزور القريبة', ['الزرزور']],
  ])('%s', (text, expected) => {
    expect(entities(text, 'place')).toEqual(expected);
  });
});
