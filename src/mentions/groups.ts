import type { TextDoc } from '../text/analyze-text.js';
import type { GroupMention } from '../types.js';
import type { Lexicons } from '../resources/lexicons.js';
import { findPhrases } from './phrase-index.js';

/** Groups that are parties but never reported as document-level group entities. */
export const NON_ENTITY_GROUPS: ReadonlySet<string> = new Set(['unknown', 'civilians']);

/** Armed groups that "التنظيم" (the organisation) can stand for. */
const ORGANISATIONS = new Set(['isis', 'nusra']);

/**
 * Finds group mentions from the actor dictionary. Generic mentions ("التنظيم") are resolved to the
 * article's main organisation; adjectival aliases ("المعارضة") are skipped after a definite noun
 * ("الصفحة المعارضة" is "the opposition page", not the opposition).
 */
export function findGroups(
  doc: TextDoc,
  lex: Lexicons,
  masked: (tokenIndex: number) => boolean,
): GroupMention[] {
  const matches = findPhrases(
    doc.tokens,
    lex.actors,
    (m) => !masked(m.tokenStart) && (m.entry.data.kind !== 'nationality' || afterForce(doc, m.tokenStart)),
    doc.cache,
  );
  const named = matches.filter((m) => m.entry.data.kind !== 'generic');
  const counts = new Map<string, number>();
  for (const m of named) counts.set(m.entry.data.group, (counts.get(m.entry.data.group) ?? 0) + 1);
  const main =
    [...counts.entries()].filter(([g]) => ORGANISATIONS.has(g)).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'isis';
  const out: GroupMention[] = [];
  for (const m of matches) {
    const { group, kind } = m.entry.data;
    if (kind === 'adjectival' && m.tokenStart > 0) {
      const prev = doc.tokens[m.tokenStart - 1]!;
      if (prev.kind === 'word' && prev.text.startsWith('ال') && !lexHead(prev.text)) continue;
    }
    const id = kind === 'generic' && group === 'isis' ? main : group;
    const first = doc.tokens[m.tokenStart]!;
    const last = doc.tokens[m.tokenEnd - 1]!;
    out.push({
      kind: 'group',
      start: first.rawStart + m.reading.prefix,
      end: last.rawEnd,
      text: doc.raw.slice(first.rawStart + m.reading.prefix, last.rawEnd),
      tokenStart: m.tokenStart,
      tokenEnd: m.tokenEnd,
      id,
      resolved: kind === 'generic',
      governed:
        /[بلك]/.test(m.reading.proclitics) ||
        (PREPOSITIONS.has(doc.tokens[m.tokenStart - 1]?.text ?? '') &&
          // "قوة من جهاز مكافحة الإرهاب", "عناصر من قسد": the force is the group.
          !(
            doc.tokens[m.tokenStart - 1]?.text === 'من' &&
            FORCE_NOUNS.test(doc.tokens[m.tokenStart - 2]?.text ?? '')
          )),
      rule: kind === 'generic' ? 'group.generic-main' : 'group.dictionary',
      entry: m.entry.id,
    });
  }
  return out;
}

const FORCE_NOUNS =
  /^(و)?(ال)?(قوه|قوات|عناصر|عنصر|دوريه|دوريات|مجموعه|مجموعات|مقاتلو|مقاتلين|مسلحو|مسلحين|وحدات|كتيبه|فرقه|سريه|رتل|ارتال|خليه|خلايا|دفعه)$/;

const PREPOSITIONS = new Set([
  'من',
  'مع',
  'ضد',
  'علي',
  'عن',
  'الي',
  'في',
  'بين',
  'لدي',
  'لصالح',
  'تابعه',
  'التابعه',
  'التابع',
  'لمواقع',
  'مواقع',
  'عناصر',
  'مقاتلي',
  'سيطره',
  'مناطق',
]);

/** Heads that a nationality adjective turns into a party: "الطيران الحربي الروسي", "مسيرة تركية". */
const FORCE_HEADS =
  /^(و|ب|ل)?(ال)?(طيران|طايرات|طايره|مقاتلات|مقاتله|مروحيات|مروحيه|مسيره|مسيرات|مدفعيه|قوات|جيش|بوارج|زوارق|دبابات|قصف|غارات|غاره|ضربات|صواريخ|دوريه|دوريات|قاعده|ميليشيات|مليشيات|ميليشيا|الحربي|الحربيه|الحربيات)$/;

function afterForce(doc: TextDoc, i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) if (FORCE_HEADS.test(doc.tokens[k]!.text)) return true;
  return false;
}

/** Definite nouns that head a group phrase ("الفصائل المعارضة" is still the opposition). */
function lexHead(word: string): boolean {
  return ['الفصايل', 'القوات', 'الكتايب', 'الجماعات'].includes(word);
}
