/**
 * Arabic articles generated for tests from phrases written for them: a header (outlet, date, dateline)
 * and a few report sentences with places, groups, numbers and days varied by a seeded generator. The
 * same seed gives the same corpus on every machine, so a failure is reproducible from its seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Outlets of data/lexicons/outlets.tsv, so that the header's outlet does not depend on the overlay.
const OUTLETS = ['دير الزور 24', 'عنب بلدي', 'فرات بوست', 'نورث برس', 'بلدي نيوز', 'سمارت', 'شبكة شام'];
const PLACES = [
  'الميادين',
  'البوكمال',
  'الشحيل',
  'هجين',
  'العشارة',
  'القورية',
  'الرقة',
  'الطبقة',
  'منبج',
  'سرمين',
  'معرة النعمان',
  'تدمر',
  'القامشلي',
  'الحسكة',
  'درعا',
  'حماة',
];
const NUMBERS = ['ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'عشرة'];
const DAYS = ['صباح أمس', 'مساء أمس', 'فجر اليوم', 'صباح اليوم', 'ظهر اليوم'];
const KUNYAS = ['صافية الكويتي', 'حمزة الشعيطي', 'عمر التونسي', 'أسامة العراقي', 'خطاب الجزراوي'];
const ATTACKERS = ['قوات النظام', 'عناصر تنظيم داعش', 'قوات سوريا الديمقراطية', 'فصائل المعارضة'];

/**
 * Report sentences. `{p}` a place, `{n}` a number word, `{d}` a time of day, `{g}` an armed group.
 * The last one tells of a repelled "advance" (زحف), which the built-in lexicons do not read as an
 * event: the overlay of `ADVANCE_OVERLAY` makes it an armed clash, so a reprocess with it changes events.
 */
const SENTENCES = [
  'قصفت طائرات التحالف الدولي، {d}، مواقع لتنظيم داعش في بلدة {p}، ما أدى لمقتل {n} عناصر من التنظيم.',
  'اعتقلت {g} {n} شبان من أبناء مدينة {p} خلال حملة مداهمات {d}.',
  'اغتال مسلحون مجهولون، {d}، قياديا في {g} وسط مدينة {p} بعد استهداف سيارته بالرصاص.',
  'انفجرت عبوة ناسفة بسيارة عسكرية تابعة لـ{g} قرب {p}، {d}، ما أدى إلى مقتل {n} عناصر.',
  'اندلعت اشتباكات عنيفة بين {g} وعناصر من تنظيم داعش على أطراف {p}، {d}، قتل فيها {n} مقاتلين.',
  'انشق {n} عناصر عن {g} في {p}، {d}، وفروا إلى مناطق سيطرة فصائل المعارضة.',
  'قصفت قوات النظام بقذائف المدفعية أحياء مدينة {p}، {d}، ما أسفر عن مقتل {n} مدنيين.',
  'أعدم تنظيم داعش {n} أشخاص في ساحة عامة بمدينة {p}، {d}، بتهمة التعامل مع التحالف.',
  'قتل القيادي في تنظيم داعش المدعو أبو {k}، {d}، بغارة جوية استهدفت سيارته قرب {p}.',
  'صدت {g} زحفا لعناصر تنظيم داعش على مواقعها في محيط {p}، {d}.',
];

/** A lexicon overlay that reads "زحف" (an advance, repelled) as an armed clash. */
export const ADVANCE_OVERLAY: Record<string, string> = {
  'triggers.tsv':
    'id\ttype\tform\tpos\tstrength\treason\n' +
    't-advance-1\tarmed_clash\tزحف\tnoun\tplural\tan advance on positions: a clash\n',
};

/** Writes an overlay's files into `dir` (created). */
export function writeOverlay(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** One article: header lines, two to four report sentences, and a reference line that makes it unique. */
export function generateArticle(r: () => number, serial: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const day = new Date(Date.UTC(2017, 0, 1) + Math.floor(r() * 60) * 864e5).toISOString().slice(0, 10);
  const place = pick(PLACES);
  const header = `${pick(OUTLETS)}\n${day.replaceAll('-', '.')} | 10:${String(10 + (serial % 50))} ${place}\n\n`;
  const count = 2 + Math.floor(r() * 3);
  const body: string[] = [];
  for (let k = 0; k < count; k++) {
    const sentence = pick(SENTENCES)
      .replace('{p}', k === 0 ? place : pick(PLACES))
      .replace('{n}', pick(NUMBERS))
      .replace('{d}', pick(DAYS))
      .replace('{g}', pick(ATTACKERS))
      .replace('{k}', pick(KUNYAS));
    body.push(sentence);
  }
  return `${header}${body.join('\n\n')}\n\nرقم المرجع ${serial}\n`;
}

/** `count` articles of the seed, in order. */
export function generateArticles(count: number, seed: number): string[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => generateArticle(r, i + 1));
}

/** Writes `count` articles as NNNN.txt into `dir` (created) and returns their texts in file order. */
export function writeArticles(dir: string, count: number, seed: number): string[] {
  mkdirSync(dir, { recursive: true });
  const texts = generateArticles(count, seed);
  texts.forEach((text, i) => writeFileSync(join(dir, `${String(i).padStart(4, '0')}.txt`), text));
  return texts;
}
