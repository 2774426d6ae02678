import type { TextDoc } from '../text/analyze-text.js';
import { stripArticle } from '../text/clitics.js';
import type { Token } from '../text/tokenize.js';
import type { PersonMention } from '../types.js';
import type { Lexicons } from '../resources/lexicons.js';
import { matchAt, phraseWords } from './phrase-index.js';
import { cleanName } from '../text/normalize.js';

export interface PersonContext {
  lexicons: Lexicons;
  /** Tokens already taken by places, groups or outlets. */
  masked: (tokenIndex: number) => boolean;
  stopwords: ReadonlySet<string>;
  /** Names the document uses for places (phrase keys): a kunya with that name is the place. */
  placeNames: ReadonlySet<string>;
}

interface Candidate {
  a: number;
  b: number;
  prefix: number;
  rule: string;
  entry?: string;
}

const KUNYA = new Set(['ابو', 'ام', 'ابي']);
/** Words before a place, not a person: "في أم الكيف", "على أبو حمام". */
const LOCATIVE = new Set([
  'في',
  'قرب',
  'علي',
  'الي',
  'من',
  'نحو',
  'باتجاه',
  'محيط',
  'اطراف',
  'بلده',
  'قريه',
  'مدينه',
  'حي',
  'قري',
  'بلدات',
  'بين',
]);
/** Given names that are also common words. */
const AMBIGUOUS_NAMES = new Set([
  'اسماء',
  'صالح',
  'جمعه',
  'نور',
  'فرح',
  'سعيد',
  'كامل',
  'جميل',
  'امين',
  'عادل',
  'سلام',
  'وفاء',
  'فايز',
  'راشد',
  'منصور',
  'حامد',
  'شريف',
  'سامي',
  'مهدي',
  'هادي',
  'عيد',
  'خضر',
  'ضياء',
  'طلال',
  'بدر',
  'هلال',
  'مجد',
  'رعد',
  'صفاء',
  'هدي',
  'مني',
  'امل',
  'عبير',
  'ريم',
  'نجم',
  'بشير',
  'غالب',
  'نادر',
  'حسام',
  'فراس',
  'رايد',
  'سيف',
]);
const CALLED = new Set(['مدعو', 'مدعوه', 'ملقب', 'ملقبه', 'المكني', 'مكني']);
const HOUSE = new Set(['منزل', 'بيت', 'منازل', 'دار']);

function baseKeys(doc: TextDoc, t: Token): string[] {
  return doc.cache
    .readings(t.text)
    .filter((r) => r.suffix === 0)
    .map((r) => stripArticle(r.key));
}

/**
 * Finds person names: "المدعو ” X ”", kunyas (أبو ليث الطواطحة), given name + nisbas (محمد الرفدان),
 * names after titles and roles (الصحفي أحمد يساوي), quoted names after a title or kin word, and house
 * owners (منزل لطوف الخضير). Mentions of one person (same name, or linked by "المدعو") share a cluster.
 */
export function findPersons(doc: TextDoc, ctx: PersonContext): PersonMention[] {
  const tokens = doc.tokens;
  const { lexicons: lex, stopwords } = ctx;
  const isStop = (t: Token | undefined) =>
    !t ||
    t.kind !== 'word' ||
    stopwords.has(t.text) ||
    stopwords.has(t.text.replace(/^و/, '')) ||
    baseKeys(doc, t).some((k) => CALLED.has(k)) ||
    matchAt(tokens, t.index, lex.titles, doc.cache).length > 0 ||
    matchAt(tokens, t.index, lex.triggers, doc.cache).length > 0 ||
    matchAt(tokens, t.index, lex.placeWords, doc.cache).length > 0;
  // A name may carry "و" but no preposition: "لصالح" is "for the benefit of", not the name صالح.
  const isGivenStart = (t: Token) =>
    t.kind === 'word' &&
    doc.cache
      .readings(t.text)
      .some(
        (r) =>
          r.suffix === 0 &&
          !r.definite &&
          (r.proclitics === '' || r.proclitics === 'و') &&
          lex.givenNames.has(r.key),
      ) &&
    !cleanName(doc.raw.slice(t.rawStart, t.rawEnd)).endsWith('على');
  // "على" (on) and "علي" (a name) meet under normalisation: the raw spelling decides.
  const isGiven = (t: Token | undefined) =>
    !!t &&
    t.kind === 'word' &&
    baseKeys(doc, t).some((k) => lex.givenNames.has(k)) &&
    !cleanName(doc.raw.slice(t.rawStart, t.rawEnd)).endsWith('على');
  const free = (i: number) => !ctx.masked(i);

  /** Extends a name from token a: given names, عبد + X, and nisba words with the article. */
  const chunk = (a: number, max: number, loose: boolean): number => {
    let b = a + 1;
    while (b < tokens.length && b - a < max) {
      const t = tokens[b]!;
      if (!free(b) || isStop(t)) break;
      // A name never runs over a line break (list items are separate names).
      if (doc.raw.slice(tokens[b - 1]!.rawEnd, t.rawStart).includes('\n')) break;
      if (isGiven(t) && !t.text.startsWith('و')) b++;
      else if (t.text.startsWith('ال') && t.text.length > 3) b++;
      else if (/^ال?عبد$/.test(tokens[b - 1]!.text) || tokens[b - 1]!.text === 'عبد') b++;
      else if (loose && !t.text.startsWith('و')) b++;
      else break;
      if (tokens[b - 1]!.text === 'الله' || tokens[b - 1]!.text === 'العبد') continue;
    }
    return b;
  };
  const inQuotes = (a: number, strong = false): number | null => {
    if (tokens[a]?.text !== '"') return null;
    let b = a + 1;
    while (b < tokens.length && tokens[b]!.text === '"') b++;
    const s = b;
    while (b < tokens.length && tokens[b]!.kind === 'word' && b - s < 5) b++;
    // A quoted group, place or title ("قائد ” مجلس دير الزور العسكري ”", "نائب ” والي الفرات ”") is no person.
    // After المدعو the quotes always hold a name, even one that is also a place ("جاسم").
    if (!strong) for (let k = s; k < b; k++) if (!free(k)) return null;
    if (matchAt(tokens, s, lex.titles, doc.cache).length) return null;
    if (b > s && tokens[b]?.text === '"') return b;
    return null;
  };

  const cands: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || !free(i)) continue;
    const keys = baseKeys(doc, t);
    // المدعو / الملقب: what follows is a name, quoted or not.
    if (keys.some((k) => CALLED.has(k))) {
      const q = inQuotes(i + 1, true);
      if (q) {
        const s = firstWord(tokens, i + 1);
        cands.push({ a: s, b: q, prefix: 0, rule: 'person.called-quoted' });
        i = q;
        continue;
      }
      if (tokens[i + 1]?.kind === 'word' && free(i + 1)) {
        const b = chunk(i + 1, 4, true);
        cands.push({ a: i + 1, b, prefix: 0, rule: 'person.called' });
        i = b - 1;
        continue;
      }
    }
    // Kunya: أبو/أم + name + nisbas.
    if (
      keys.some((k) => KUNYA.has(k)) &&
      tokens[i + 1]?.kind === 'word' &&
      free(i + 1) &&
      !isStop(tokens[i + 1]) &&
      !LOCATIVE.has(tokens[i - 1]?.text ?? '') &&
      !ctx.placeNames.has(phraseWords(`${t.text} ${tokens[i + 1]!.text}`).join(' '))
    ) {
      let b = i + 2;
      while (
        b < tokens.length &&
        b - i < 4 &&
        free(b) &&
        tokens[b]!.text.startsWith('ال') &&
        !isStop(tokens[b])
      )
        b++;
      const prefix = doc.cache.readings(t.text).find((r) => KUNYA.has(r.key))?.prefix ?? 0;
      cands.push({ a: i, b, prefix, rule: 'person.kunya' });
      i = b - 1;
      continue;
    }
    // Title or kin word followed by a quoted name or a name.
    const title = matchAt(tokens, i, lex.titles, doc.cache)[0];
    if (title) {
      let qs = title.tokenEnd;
      while (qs < title.tokenEnd + 2 && tokens[qs]?.kind === 'word' && free(qs) && !isGiven(tokens[qs])) qs++;
      if (tokens[qs]?.text !== '"') qs = title.tokenEnd;
      const q = inQuotes(qs);
      if (q) {
        cands.push({
          a: firstWord(tokens, qs),
          b: q,
          prefix: 0,
          rule: 'person.title-quoted',
          entry: title.entry.id,
        });
        i = q;
        continue;
      }
      const n = tokens[title.tokenEnd];
      if (n && free(n.index) && !isStop(n) && title.entry.data.kind === 'role' && isGiven(n)) {
        const b = chunk(n.index, 3, false);
        const b2 =
          b === n.index + 1 && tokens[b] && !isStop(tokens[b]) && tokens[b]!.kind === 'word' ? b + 1 : b;
        if (b2 - n.index >= 2) {
          cands.push({ a: n.index, b: b2, prefix: 0, rule: 'person.title', entry: title.entry.id });
          i = b2 - 1;
          continue;
        }
      }
    }
    // House owner: منزل X الY.
    if (doc.cache.readings(t.text).some((r) => r.suffix === 0 && !r.definite && HOUSE.has(r.key))) {
      const n = tokens[i + 1];
      const m = tokens[i + 2];
      if (
        n &&
        m &&
        free(i + 1) &&
        free(i + 2) &&
        !isStop(n) &&
        !isStop(m) &&
        m.text.startsWith('ال') &&
        !n.text.startsWith('ال')
      ) {
        const b = chunk(i + 1, 3, false);
        cands.push({ a: i + 1, b, prefix: 0, rule: 'person.house-owner' });
        i = b - 1;
        continue;
      }
    }
    // A byline: "إعداد: X", "تحرير: X", "بقلم X".
    if (
      /^(اعداد|تحرير|بقلم|كتابه|تقرير|تصوير|ترجمه)$/.test(t.text) &&
      (tokens[i + 1]?.text === ':' || t.text === 'بقلم')
    ) {
      const s = tokens[i + 1]!.text === ':' ? i + 2 : i + 1;
      const n = tokens[s];
      if (n && n.kind === 'word' && free(s) && !isStop(n)) {
        let b = s + 1;
        while (
          b < tokens.length &&
          b - s < 3 &&
          tokens[b]!.kind === 'word' &&
          free(b) &&
          !isStop(tokens[b]) &&
          !doc.raw.slice(tokens[b - 1]!.rawEnd, tokens[b]!.rawStart).includes('\n')
        )
          b++;
        if (b - s >= 2) {
          cands.push({ a: s, b, prefix: 0, rule: 'person.byline' });
          i = b - 1;
          continue;
        }
      }
    }
    // Given name + at least one more name word; a given name that is also a common word ("أسماء",
    // "صالح", "جمعة") needs a name-like word after it.
    // "(محمد جرابلسي)": a bracketed name after a dateline.
    if (
      tokens[i - 1]?.text === '(' &&
      isGiven(t) &&
      tokens[i + 1]?.kind === 'word' &&
      tokens[i + 2]?.text === ')'
    ) {
      cands.push({ a: i, b: i + 2, prefix: 0, rule: 'person.bracketed' });
      i += 1;
      continue;
    }
    if (
      isGivenStart(t) &&
      (!AMBIGUOUS_NAMES.has(stripArticle(t.text)) ||
        /ي$|يه$/.test(tokens[i + 1]?.text ?? '') ||
        isGiven(tokens[i + 1]))
    ) {
      const b = chunk(i, 4, false);
      if (b - i >= 2) {
        const prefix =
          doc.cache
            .readings(t.text)
            .find(
              (r) =>
                r.suffix === 0 &&
                lex.givenNames.has(stripArticle(r.key)) &&
                r.prefix > 0 &&
                r.proclitics === 'و',
            )?.prefix ?? 0;
        cands.push({ a: i, b, prefix, rule: 'person.given-name' });
        i = b - 1;
      }
    }
  }

  // Build mentions and clusters.
  const mentions: PersonMention[] = [];
  const clusterOfKey = new Map<string, number>();
  let nextCluster = 0;
  for (const c of cands) {
    const words = tokens.slice(c.a, c.b).filter((t) => t.kind === 'word');
    if (!words.length) continue;
    const start = tokens[c.a]!.rawStart + c.prefix;
    const end = tokens[c.b - 1]!.text === '"' ? tokens[c.b - 2]!.rawEnd : tokens[c.b - 1]!.rawEnd;
    const name = cleanName(doc.raw.slice(start, end));
    const key = phraseWords(name).join(' ');
    if (!name || (key.split(' ').length < 2 && !c.rule.startsWith('person.called'))) continue;
    let cluster = clusterOfKey.get(key);
    // "X المدعو Y": Y is an alias of X.
    const prev = mentions[mentions.length - 1];
    if (cluster === undefined && prev && c.rule.startsWith('person.called')) {
      const between = tokens.slice(prev.tokenEnd, c.a).filter((t) => t.text !== '"');
      if (between.length === 1 && baseKeys(doc, between[0]!).some((k) => CALLED.has(k)))
        cluster = prev.cluster;
    }
    if (cluster === undefined) cluster = nextCluster++;
    clusterOfKey.set(key, cluster);
    mentions.push({
      kind: 'person',
      start,
      end,
      text: doc.raw.slice(start, end),
      tokenStart: c.a,
      tokenEnd: c.b,
      name,
      aliases: [],
      title: titleNear(doc, lex, c),
      origin: null,
      cluster,
      rule: c.rule,
      ...(c.entry ? { entry: c.entry } : {}),
    });
  }
  // The names of each cluster, gathered once: a name told thousands of times is not compared with
  // every other mention.
  const namesOf = new Map<number, Set<string>>();
  for (const m of mentions) {
    const names = namesOf.get(m.cluster) ?? new Set<string>();
    names.add(m.name);
    namesOf.set(m.cluster, names);
  }
  for (const m of mentions) m.aliases = [...namesOf.get(m.cluster)!].filter((n) => n !== m.name);
  return mentions;
}

function firstWord(tokens: readonly Token[], i: number): number {
  while (tokens[i]?.text === '"') i++;
  return i;
}

/** The title before the name ("الصحفي X") or the role phrase right after it ("X أمير ديوان الحسبة"). */
function titleNear(doc: TextDoc, lex: Lexicons, c: Candidate): string | null {
  const tokens = doc.tokens;
  let j = c.b;
  while (tokens[j]?.text === '"') j++;
  if (tokens[j]?.text === 'وهو') j++;
  const after = matchAt(tokens, j, lex.titles, doc.cache)[0];
  if (after && after.entry.data.kind !== 'kin') {
    let e = after.tokenEnd;
    while (
      e < tokens.length &&
      e - j < 7 &&
      tokens[e]!.kind === 'word' &&
      !['في', 'كما', 'الذي', 'وهو', 'مع'].includes(tokens[e]!.text)
    )
      e++;
    return doc.raw.slice(tokens[j]!.rawStart, tokens[e - 1]!.rawEnd);
  }
  for (let k = Math.max(0, c.a - 4); k < c.a; k++) {
    const m = matchAt(tokens, k, lex.titles, doc.cache)[0];
    if (m && m.tokenEnd >= c.a - 2 && m.entry.data.kind !== 'kin') {
      return doc.raw.slice(tokens[k]!.rawStart, tokens[m.tokenEnd - 1]!.rawEnd);
    }
  }
  return null;
}
