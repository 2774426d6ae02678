import type { EventType } from '../types.js';
import type { TriggerStrength } from '../resources/lexicons.js';
import { findPhrases, matchAt } from '../mentions/phrase-index.js';
import {
  clauseOf,
  cueBefore,
  firstCueEndingAfter,
  inSeg,
  sentenceSeg,
  startingIn,
  type EventContext,
} from './context.js';

/** A trigger word found in the text, typed and checked against its context. */
export interface TriggerHit {
  type: EventType | 'kill';
  strength: TriggerStrength;
  /** True when it can make an event on its own; false when it only supports one nearby. */
  primary: boolean;
  tokenStart: number;
  tokenEnd: number;
  sentence: number;
  entry: string;
  rules: string[];
  hedged: boolean;
  /** A finite verb ("قصفت"), whose subject may follow it, rather than a verbal noun ("قصف"). */
  verbal: boolean;
}

/** Parties that strike from the air far more than they shell. */
const AIR_GROUPS = new Set(['coalition', 'russia']);
/** Artillery words: shelling whatever else is named. */
const ARTILLERY = /^(مدفعي|مدفعيه|هاون|راجمات|دبابه|دبابات|المدفعيه|المدفعي)$/;
/** Munitions that aircraft drop too: shelling only when no aircraft is named. */
const MUNITIONS = /^(قذايف|قذيفه|صواريخ|صاروخ|صاروخيه)$/;
const BATTLE_WORDS = new Set(['معارك', 'معركه', 'اشتباكات', 'اشتباك', 'جبهات', 'جبهه', 'مواجهات', 'قتال']);
const BODY_WORDS = new Set([
  'جثه',
  'جثث',
  'جثمان',
  'جثامين',
  'جثتي',
  'جثتين',
  'رفات',
  'مقبره',
  'مقابر',
  'جثت',
]);
const MEMBER_WORDS = new Set([
  'امير',
  'قايد',
  'شرعي',
  'والي',
  'اميرا',
  'قياديا',
  'عنصر',
  'عناصر',
  'عنصرا',
  'مقاتل',
  'مقاتلين',
  'مقاتلا',
  'قيادي',
  'قيادات',
  'قياديين',
  'اعضاء',
  'انصار',
  'مهاجرين',
  'عنصرين',
]);

function stripWord(w: string): string {
  return w.replace(/^(و|ف)?(ب|ل|ك)?(ال)?/, '');
}

/** Finds trigger words, drops those cancelled by context and types the context-dependent ones. */
export function findTriggers(ctx: EventContext): TriggerHit[] {
  const { doc, lex } = ctx;
  // A trigger word inside a group's name ("هيئة تحرير الشام") triggers nothing.
  const inGroup = new Uint8Array(doc.tokens.length);
  for (const g of ctx.groups) inGroup.fill(1, g.tokenStart, g.tokenEnd);
  const raw = findPhrases(doc.tokens, lex.triggers, (m) => inGroup[m.tokenStart] !== 1, doc.cache);
  const hits: TriggerHit[] = [];
  for (const m of raw) {
    const i = m.tokenStart;
    const clause = clauseOf(ctx, i);
    const sentence = sentenceSeg(ctx, i);
    const { type, strength } = m.entry.data;
    const rules: string[] = [`trigger.${strength}`];
    const words = (seg: { tokenStart: number; tokenEnd: number }) =>
      doc.tokens.slice(seg.tokenStart, seg.tokenEnd).map((t) => stripWord(t.text));
    // Context that cancels the event.
    // A forecast may also follow its noun: "المواجهات مرشحة للتوسع".
    let forecastAfter = false;
    // Cues are sorted by tokenEnd: only those ending inside the rest of the clause can follow.
    for (let k = firstCueEndingAfter(ctx, m.tokenEnd); k < ctx.cues.length; k++) {
      const c = ctx.cues[k]!;
      if (c.tokenEnd > clause.tokenEnd) break;
      if (c.kind === 'future' && c.tokenStart >= m.tokenEnd && c.tokenStart - m.tokenEnd <= 2) {
        forecastAfter = true;
        break;
      }
    }
    // "وكان التنظيم قد خطف …": the pluperfect tells what had happened before the story.
    const back = doc.tokens.slice(Math.max(clause.tokenStart, i - 5), i).map((t) => t.text);
    const pluperfect =
      back.includes('قد') &&
      back.some((w) => /^(و)?(كان|كانت|كانوا)$/.test(w)) &&
      // "وكان التنظيم قد خطف الأسبوع الماضي …": dated, it is an event of its own.
      !inSeg(ctx.dates, clause).length;
    const cancel =
      forecastAfter ||
      pluperfect ||
      cueBefore(ctx, ['negation', 'future', 'sentence', 'purpose', 'generic'], i, clause);
    if (cancel) continue;
    if (type === 'defection' && cueBefore(ctx, ['attempt'], i, sentence)) continue;
    const hedged = cueBefore(ctx, ['hedge'], i, sentence) !== null;
    const groupsInClause = inSeg(ctx.groups, clause);
    /** The words after the trigger in its clause (clitics off), for checks of its object. */
    /** The words after the trigger within its sentence, across commas. */
    const ahead = (n: number) =>
      doc.tokens.slice(m.tokenEnd, Math.min(sentence.tokenEnd, m.tokenEnd + n)).map((t) => t.text);
    const following = (n: number) =>
      doc.tokens.slice(m.tokenEnd, Math.min(clause.tokenEnd, m.tokenEnd + n)).map((t) => t.text);
    const base = {
      tokenStart: i,
      tokenEnd: m.tokenEnd,
      sentence: doc.sentenceOf[i]!,
      entry: m.entry.id,
      hedged,
      verbal: m.entry.inflection === 'verb' && !m.reading.definite,
    };
    const push = (t: EventType | 'kill', primary: boolean, rule: string) =>
      hits.push({ ...base, type: t, strength, primary, rules: [...rules, rule] });
    switch (strength) {
      case 'strong':
      case 'sec':
      case 'self':
        push(type, true, 'trigger.make');
        break;
      case 'plural': {
        const specific =
          inSeg(ctx.places, clause).length > 0 ||
          inSeg(ctx.dates, clause).length > 0 ||
          inSeg(ctx.numbers, clause).length > 0 ||
          inSeg(ctx.persons, clause).length > 0;
        push(type, specific, specific ? 'trigger.plural-specific' : 'trigger.plural-generic');
        break;
      }
      case 'weak': {
        const after = following(4);
        // "هرباً من الخدمة": fleeing as a reason, not as an act of leaving a group.
        if (/^(هربا|هروبا|فرارا|تهربا)$/.test(doc.tokens[i]!.text) && after[0] === 'من') break;
        // A flight from a prison is a prisoner release; of members from their group, a defection.
        if (
          type === 'defection' &&
          ahead(8).some((w) => /^(و|ب|ل|ال)*(سجن|سجون|معتقل|مخيم|سجينا|سجناء|سجينين|معتقلا|معتقلين)$/.test(w))
        ) {
          push('prisoner_release', true, 'trigger.weak-prison');
          break;
        }
        // Members fleeing their group, or their posts ("فروا من نقاطهم").
        const posts = following(3).some((w) =>
          /^(و|ب|ل|ال)*(صفوف|صفوفه|نقاطهم|نقاطه|مواقعهم|مواقعه|مقراتهم|ثكناتهم|قطعهم|قطعته|الخدمه)$/.test(w),
        );
        const members =
          words(clause).some((w) => MEMBER_WORDS.has(w)) && (groupsInClause.length > 0 || posts);
        push(type, type === 'defection' && members, 'trigger.weak');
        break;
      }
      case 'explosive': {
        // A bomb that kills or targets a named or ranked person is a targeted killing.
        const sentWords = words(sentence);
        const victim =
          sentWords.some((w) => /^(مقتل|مقتله|مقتلهم|قتل|اغتيال|مصرع|مصرعه)$/.test(w)) ||
          inSeg(ctx.persons, sentence).length > 0 ||
          sentWords.some((w) => /^(قيادي|امير|قايد|مسوول|شرعي|والي)$/.test(w));
        if (victim) push('assassination', true, 'trigger.explosive-targeted');
        break;
      }
      case 'surrender':
        if (following(5).some((w) => /^(انفسهم|نفسه|نفسها|انفسهما)$/.test(w)))
          push('defection', true, 'trigger.surrender');
        break;
      case 'seize':
        // Houses, land and harvests seized are property taken; weapons or cash seized are not.
        if (
          /(ها|هم)$/.test(doc.tokens[m.tokenEnd - 1]!.text) ||
          ahead(14).some((w) =>
            /^(و|ب|ل|ال)*(منازل|منزل|منزلا|بيوت|اراضي|صهاريج|شاحنات|سيارات|محروقات|بضائع|ماشيه|ارض|ممتلكات|محاصيل|محصول|زيتون|شجره|اشجار|مزارع|محلات|عقارات|املاك|مواشي|اغنام|ابنيه|مباني|مبني|شقق|شقه|معامل|منشات|ارزاق)$/.test(
              w,
            ),
          )
        )
          push(type, true, 'trigger.seize-property');
        break;
      case 'repel':
        if (following(4).some((w) => /^(و|ب|ل|ال)*(هجوم|هجوما|محاوله|تقدم|تسلل|هجمات)$/.test(w)))
          push('armed_clash', true, 'trigger.repel');
        break;
      case 'arson':
        if (ahead(6).some((w) => /^(ال)?نار$/.test(w))) push(type, true, 'trigger.arson');
        break;
      case 'join':
        // "التحقا بالنصرة": joining another group; "الالتحاق بجبهات" (the fronts) is no defection.
        if (startingIn(ctx.groups, m.tokenEnd, m.tokenEnd + 2).length > 0)
          push(type, true, 'trigger.join-group');
        break;
      case 'patrol': {
        // "بإرسال دوريات", "سيرت دوريات": patrols deployed; "دوريات الشرطة اعتقلت" are only actors.
        const before = doc.tokens.slice(Math.max(0, i - 2), i).map((t) => stripWord(t.text));
        if (
          before.some((w) =>
            /^(ارسال|ارسلت|ارسل|سير|سيرت|تسيير|نشر|نشرت|كثف|كثفت|تكثيف|دفع|دفعت|استقدام|استقدمت)$/.test(w),
          )
        )
          push(type, true, 'trigger.patrol-deployed');
        break;
      }
      case 'refuse':
        // Orders may come late ("رفض نحو 40 عنصراً من الفرقة الرابعة … أوامر"); fighting itself, close by.
        if (
          ahead(12).some((w) => /^(و|ب|ل|ال)*(اوامر|اوامره)$/.test(w)) ||
          following(5).some((w) => /^(و|ب|ل|ال)*(قتال|توجه|ذهاب|صعود|تنفيذ|مشاركه)$/.test(w))
        )
          push(type, true, 'trigger.refuse-orders');
        break;
      case 'dispute':
        if (following(6).some((w) => /^(بين|صفوف|داخل|ضمن)$/.test(w)))
          push(type, true, 'trigger.dispute-between');
        break;
      case 'curfew':
        if (following(3).some((w) => /^(و|ب|ل|ال)*(تجول|تجوال)$/.test(w))) push(type, true, 'trigger.curfew');
        break;
      case 'closure':
        if (
          following(4).some((w) =>
            /^(و|ب|ل|ال)*(مداخل|مدخل|طرق|طريق|معابر|معبر|اسواق|محلات|منافذ|جسر|جسور)$/.test(w),
          )
        )
          push(type, true, 'trigger.closure');
        break;
      case 'body': {
        const after = doc.tokens
          .slice(i, Math.min(doc.tokens.length, m.tokenEnd + 6))
          .map((t) => stripWord(t.text));
        if (after.some((w) => BODY_WORDS.has(w) || BODY_WORDS.has(w.replace(/ه$/, 'ه'))))
          push(
            'bodies_found',
            m.tokenEnd - i > 1 || !BODY_WORDS.has(stripWord(doc.tokens[i]!.text)),
            'trigger.body',
          );
        break;
      }
      case 'neutral':
      case 'instrument-air': {
        const near = doc.tokens.slice(clause.tokenStart, clause.tokenEnd);
        const air =
          near.some((t) =>
            matchAt(doc.tokens, t.index, lex.triggers, doc.cache).some(
              (x) =>
                x.entry.data.strength === 'instrument-air' ||
                (x.entry.data.type === 'airstrike' && x.entry.data.strength === 'strong'),
            ),
          ) || groupsInClause.some((g) => AIR_GROUPS.has(g.id));
        const artillery = near.some((t) => ARTILLERY.test(stripWord(t.text)));
        const munitions = near.some((t) => MUNITIONS.test(stripWord(t.text)));
        if (strength === 'instrument-air') {
          push('airstrike', false, 'trigger.instrument');
          break;
        }
        if (artillery || (munitions && !air)) push('shelling', true, 'trigger.neutral-ground');
        else if (air) push('airstrike', true, 'trigger.neutral-air');
        else if (/قصف/.test(doc.tokens[i]!.text) && groupsInClause.length > 0)
          // "القصف التركي", "قصفت قوات النظام": without aircraft, bombardment is from the ground.
          push('shelling', true, 'trigger.neutral-ground-default');
        else {
          const sentAir = doc.tokens
            .slice(sentence.tokenStart, sentence.tokenEnd)
            .some((t) =>
              matchAt(doc.tokens, t.index, lex.triggers, doc.cache).some(
                (x) => x.entry.data.strength === 'instrument-air' || x.entry.data.type === 'airstrike',
              ),
            );
          if (sentAir) push('airstrike', true, 'trigger.neutral-air-sentence');
        }
        break;
      }
      case 'attack': {
        const assassin = inSeg(ctx.groups, sentence).some(
          (g) => g.id === 'unknown' || g.id === 'popular_resistance',
        );
        if (assassin) push('assassination', true, 'trigger.attack-by-unknown');
        else if (
          inSeg(ctx.groups, sentence).length > 0 &&
          (inSeg(ctx.places, clause).length || inSeg(ctx.dates, clause).length)
        )
          push('armed_clash', true, 'trigger.attack-clash');
        break;
      }
      case 'kill':
        if (words(clause).some((w) => BATTLE_WORDS.has(w)))
          push('armed_clash', true, 'trigger.kill-in-battle');
        else push('kill', true, 'trigger.kill');
        break;
      case 'territory': {
        // "سيطر مقاتلو العشائر، أمس الثلاثاء، على بلدات …": the object may follow a parenthetical.
        const placeAfter = startingIn(ctx.places, m.tokenEnd, m.tokenEnd + 10).some(
          (p) => p.tokenEnd <= sentence.tokenEnd,
        );
        if (placeAfter && !cueBefore(ctx, ['background'], m.tokenEnd + 8, clause))
          push(type, true, 'trigger.territory-place');
        break;
      }
      case 'territory-weak':
        break;
      case 'sec-verb':
        // "نصب التنظيم حواجز": the verb is a measure only with checkpoints as its object.
        if (
          doc.tokens
            .slice(m.tokenEnd, Math.min(clause.tokenEnd, m.tokenEnd + 5))
            .some((t) => /^(حواجز|حاجز|حاجزا|نقاط|نقطه)$/.test(stripWord(t.text)))
        )
          push('security_measures', true, 'trigger.sec-verb');
        break;
    }
  }
  return hits;
}
