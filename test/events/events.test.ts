import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { builtinResources } from '../helpers/resources.js';

const res = builtinResources();
const summary = (text: string, published: string | null = null) =>
  extract(text, { published }, res).events.map((e) => ({
    type: e.type,
    actor: e.actor,
    target: e.target,
    place: e.location?.name ?? null,
    count: e.count?.min ?? null,
    dead: e.fatalities?.min ?? null,
  }));

// Each row: a sentence written for the test, and the events a careful analyst would code from it.
const cases: Array<[string, Array<Partial<ReturnType<typeof summary>[number]>>]> = [
  // A group joined to the actor by "و" shells with it; the target is what comes after them.
  [
    'قصفت القوات التركية وفصائل الجيش الوطني مواقع قسد في قرية تل شنان بريف تل تمر.',
    [{ type: 'shelling', actor: 'turkey', target: 'kurdish_forces', place: 'تل شنان' }],
  ],
  [
    'قصفت قوات النظام والميليشيات الإيرانية بعشرات القذائف قرى البارة وكنصفرة في جبل الزاوية.',
    [
      { type: 'shelling', actor: 'regime', target: null, place: 'البارة' },
      { type: 'shelling', actor: 'regime', target: null, place: 'كنصفرة' },
    ],
  ],
  [
    'قصفت القوات التركية وحدات حماية الشعب في قرية تل شنان بريف تل تمر.',
    [{ type: 'shelling', actor: 'turkey', target: 'kurdish_forces', place: 'تل شنان' }],
  ],
  [
    'قصفت قوات النظام مواقع فصائل المعارضة في ريف إدلب.',
    [{ type: 'shelling', actor: 'regime', target: 'opposition' }],
  ],
  [
    'شنت طائرات روسية غارات على بلدة كفرنبل بريف إدلب، ما أدى لمقتل ثلاثة مدنيين.',
    [{ type: 'airstrike', actor: 'russia', place: 'كفرنبل', dead: 3 }],
  ],
  [
    'قصفت قوات النظام بقذائف الهاون بلدة معرة النعمان.',
    [{ type: 'shelling', actor: 'regime', place: 'معرة النعمان' }],
  ],
  [
    'اعتقلت قسد خمسة شبان في بلدة الشحيل بريف دير الزور الشرقي.',
    [{ type: 'arrest', actor: 'kurdish_forces', place: 'الشحيل', count: 5 }],
  ],
  [
    'أعدم تنظيم داعش أربعة من عناصره في مدينة الميادين بتهمة التخابر.',
    [{ type: 'execution', actor: 'isis', target: 'isis', place: 'الميادين', count: 4, dead: 4 }],
  ],
  [
    'اغتال مسلحون مجهولون قياديا في التنظيم وسط مدينة الرقة.',
    [{ type: 'assassination', actor: 'unknown', place: 'الرقة' }],
  ],
  [
    'انشق عشرات العناصر عن تنظيم داعش في مدينة البوكمال.',
    [{ type: 'defection', actor: 'isis', place: 'البوكمال', count: 20 }],
  ],
  [
    'سيطرت قوات سوريا الديمقراطية على قرية الباغوز بعد معارك مع التنظيم.',
    [{ type: 'territory_change', actor: 'kurdish_forces', place: 'الباغوز' }],
  ],
  [
    'هدم التنظيم ثلاثة منازل في مدينة الميادين.',
    [{ type: 'property_destruction', actor: 'isis', target: 'civilians', count: 3 }],
  ],
  [
    'نصب التنظيم حواجز على مداخل مدينة العشارة.',
    [{ type: 'security_measures', actor: 'isis', place: 'العشارة' }],
  ],
  ['عثر الأهالي على جثث خمسة أشخاص قرب بلدة هجين.', [{ type: 'bodies_found', place: 'هجين', count: 5 }]],
  ['أطلق عدد من العناصر النار على أنفسهم كي لا يذهبوا إلى الجبهة.', [{ type: 'self_harm' }]],
  ['اندلعت اشتباكات عنيفة بين قسد وخلايا التنظيم في بلدة ذيبان.', [{ type: 'armed_clash', place: 'ذيبان' }]],
  [
    'أفرجت هيئة تحرير الشام عن عشرة معتقلين في مدينة إدلب.',
    [{ type: 'prisoner_release', place: 'إدلب', count: 10 }],
  ],
  [
    'قصفت طائرات التحالف بلدات هجين والشعفة والسوسة.',
    [
      { type: 'airstrike', place: 'هجين' },
      { type: 'airstrike', place: 'الشعفة' },
      { type: 'airstrike', place: 'السوسة' },
    ],
  ],
  [
    'انشق ضابط برتبة ملازم عن قوات النظام ووصل إلى مناطق سيطرة المعارضة في ريف إدلب.',
    [{ type: 'defection', actor: 'regime' }],
  ],
  [
    'أعدمت هيئة تحرير الشام أحد عناصرها بتهمة التواصل مع النظام في مدينة إدلب.',
    [{ type: 'execution', actor: 'nusra', target: 'nusra', place: 'إدلب' }],
  ],
  [
    'اندلعت اشتباكات بين فصيلي السلطان مراد والحمزات في مدينة عفرين.',
    [{ type: 'armed_clash', actor: 'opposition', target: 'opposition', place: 'عفرين' }],
  ],
  [
    'رفض عناصر من الفرقة الرابعة الأوامر بالتوجه إلى جبهات إدلب.',
    [{ type: 'insubordination', actor: 'regime' }],
  ],
  [
    'أقدم عنصر من قوات النظام على إطلاق النار على قدمه هرباً من الخدمة في البادية.',
    [{ type: 'self_harm', actor: 'regime', count: 1 }],
  ],
  [
    'فر عشرات العناصر من صفوف الدفاع الوطني في دير الزور.',
    [{ type: 'defection', actor: 'regime', count: 20 }],
  ],
  [
    'قتل قيادي في تنظيم داعش برصاص مجهولين في بلدة الشحيل.',
    [{ type: 'assassination', actor: 'unknown', target: 'isis', place: 'الشحيل' }],
  ],
  [
    'انفجرت عبوة ناسفة بسيارة قيادي في أحرار الشام في مدينة سرمدا ما أدى لمقتله.',
    [{ type: 'assassination', place: 'سرمدا' }],
  ],
  [
    'سلم ثلاثة عناصر من التنظيم أنفسهم لقوات قسد في بلدة هجين.',
    [{ type: 'defection', actor: 'isis', count: 3 }],
  ],
  ['طالب الأهالي بالإفراج عن المعتقلين في سجون النظام.', []],
  [
    'قتل شاب على يد عناصر التنظيم في مدينة الميادين بتهمة التعامل مع التحالف.',
    [{ type: 'execution', actor: 'isis', place: 'الميادين', dead: 1 }],
  ],
  [
    'قضى معتقل تحت التعذيب في سجون النظام بمدينة حماة.',
    [{ type: 'execution', actor: 'regime', place: 'حماة' }],
  ],
  ['يبدو أن مسلسل الانشقاقات مستمر في صفوف التنظيم.', []],
  ['لم يتم تنفيذ حكم الإعدام بحقه حتى الآن.', []],
  ['يتوقع ناشطون أن تزداد الاغتيالات في المحافظة.', []],
  ['وجاء الخبر في تقرير نشرته الرقة تذبح بصمت.', []],
];

describe('events from single sentences', () => {
  it.each(cases)('%s', (text, expected) => {
    const got = summary(text);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e));
  });
});

describe('events in context', () => {
  it('resolves relative dates against the publication date', () => {
    const [e] = extract(
      'هدم التنظيم منزلين في بلدة هجين يوم الثلاثاء الماضي.',
      { published: '2024-03-28' },
      res,
    ).events;
    expect(e?.date).toMatchObject({ start: '2024-03-26', end: '2024-03-26' });
  });

  it('merges an incident told in two sentences and keeps both its details', () => {
    const text =
      'هدم التنظيم أربعة منازل في مدينة الميادين.\nوالمنازل التي هدمها التنظيم هي منزل فرحان الخلف ومنزل سالم الحمد.';
    const events = extract(text, {}, res).events;
    expect(events).toHaveLength(1);
    expect(events[0]!.persons.map((p) => p.name).sort()).toEqual(['سالم الحمد', 'فرحان الخلف']);
  });

  it('keeps two incidents apart when their places differ', () => {
    const text =
      'اعتقل التنظيم عددا من عناصره في الريف الغربي لدير الزور.\nكما اعتقل التنظيم عددا آخر في الريف الشرقي لدير الزور.';
    expect(extract(text, {}, res).events.filter((e) => e.type === 'arrest')).toHaveLength(2);
  });

  it('attaches victims listed under a colon to the attack', () => {
    const text = 'هاجم مجهولون مقرا للتنظيم في بلدة الشحيل.\nوقد قتلوا كل من :\n_ خالد العبيد\n_ أحمد الحسين';
    const events = extract(text, {}, res).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'assassination', fatalities: { min: 2 } });
  });

  it('skips the related headlines after a report', () => {
    const text =
      'قصفت طائرات روسية بلدة كفرنبل بريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح متفاوتة.\nاقرأ أيضاً\nاغتيال قيادي في تنظيم داعش بريف دير الزور\nقسد تعتقل عشرات الشبان في الرقة';
    expect(extract(text, {}, res).events.map((e) => e.type)).toEqual(['airstrike']);
  });

  it('records the rule and lexicon entry behind every event', () => {
    const [e] = extract('أعدم التنظيم شابا في الميادين.', {}, res).events;
    expect(e!.rules.length).toBeGreaterThan(0);
    expect(e!.lexicon[0]).toMatch(/^execution-/);
    expect(e!.trigger.text).toBe('أعدم');
  });
});
