import type { TextDoc } from '../text/analyze-text.js';
import { stripArticle } from '../text/clitics.js';
import { cleanName } from '../text/normalize.js';
import type { Place, PlaceMention } from '../types.js';
import type { Lexicons } from '../resources/lexicons.js';
import type { Gazetteer } from '../resources/gazetteer.js';
import { distanceKm, placeKey } from '../resources/gazetteer.js';
import { matchAt } from './phrase-index.js';

/** Words that link a place to the larger place it lies in ("السكرية في ريف البوكمال"). */
const CONNECTORS = new Set([
  'في',
  'التابعه',
  'التابع',
  'ريف',
  'قرب',
  'من',
  'شرق',
  'غرب',
  'شمال',
  'جنوب',
  'شرقي',
  'غربي',
  'شمالي',
  'جنوبي',
  'الشرقي',
  'الغربي',
  'الشمالي',
  'الجنوبي',
  'بريف',
  'لمدينه',
  'لمحافظه',
  'بمدينه',
  'بمحافظه',
  'علي',
  'اطراف',
  'مدينه',
  'محافظه',
  'بالقرب',
  'ضمن',
  '"',
  ',',
  '،',
]);

/** Words that end an unknown place name. */
const NAME_STOP = new Set([
  'تابع',
  'تابعه',
  'تابعا',
  'يتبع',
  'سري',
  'سريه',
  'خاص',
  'مؤقت',
  'موقت',
  'زيتون',
  'قمح',
  'قطن',
  'شعير',
  'الغام',
  'خضار',
  'مفتوح',
  'عده',
  'عديده',
  'اخري',
  'اخر',
  'مختلفه',
  'بعض',
  'كل',
  'عدد',
  'مجاوره',
  'ريف',
  'منطقه',
  'القتال',
  'قتال',
  'المعارك',
  'داخل',
  'خارج',
  'المجاور',
  'القريب',
  'بلدات',
  'قري',
  'مدن',
  'وبلدات',
  'وقري',
  'ومدن',
  'بين',
  'القريبه',
  'المحاذيه',
  'المتاخمه',
  'الحدوديه',
  'البعيده',
  'المذكوره',
  'في',
  'من',
  'علي',
  'الي',
  'عن',
  'مع',
  'التي',
  'الذي',
  'الذين',
  'بين',
  'حيث',
  'بعد',
  'قبل',
  'خلال',
  'منذ',
  'عند',
  'او',
  'ثم',
  'كما',
  'وهو',
  'وهي',
  'هو',
  'هي',
  'قرب',
  'بالقرب',
  'التابعه',
  'التابع',
  'الشرقي',
  'الغربي',
  'الشمالي',
  'الجنوبي',
  'الشرقيه',
  'الغربيه',
  'الشماليه',
  'الجنوبيه',
  'العسكري',
  'النفطي',
  'الواقع',
  'الواقعه',
  'المحيطه',
  'المجاوره',
  'الاخيره',
  'الجديده',
  'نفسها',
  'ذاتها',
  'حاليا',
  'سابقا',
  'اليوم',
  'امس',
  'ايضا',
  'كله',
  'كلها',
  'جميع',
  'انحاء',
  'ضد',
  'لدي',
  'بسبب',
  'بتهمه',
  'الذي',
  'تقطنه',
  'يقع',
  'تقع',
]);

const ANAPHORS: Record<string, readonly Place['kind'][]> = {
  مدينه: ['city', 'town', 'district'],
  بلده: ['town', 'village', 'city'],
  قريه: ['village', 'town'],
  محافظه: ['governorate'],
  قضاء: ['district', 'city', 'town'],
  ناحيه: ['subdistrict', 'town'],
};

/** Words that tell two villages of one name apart: "الباغوز فوقاني", "الكرك الشرقي". */
const QUALIFIERS =
  /^(فوقاني|تحتاني|الفوقاني|التحتاني|شرقي|غربي|الشرقي|الغربي|الشمالي|الجنوبي|الكبير|الصغير|الكبري|الصغري|الجديده|القديمه)$/;

/** Adjectives that end a site's name: "مطار دير الزور العسكري", "حقل العمر النفطي". */
const SITE_ADJECTIVES = /^(العسكري|النفطي|الغازي|الدولي|المدني|الزراعي|المركزي|الحدودي|الكبير)$/;

/** Words that begin compound village names and never stand alone as one. */
const NAME_HEADS = new Set([
  'الشيخ',
  'شيخ',
  'تل',
  'عين',
  'دير',
  'كفر',
  'بير',
  'تله',
  'جسر',
  'خان',
  'قصر',
  'راس',
  'ام',
  'ابو',
  'بيت',
  'جبل',
  'تله',
  'مزرعه',
  'سد',
  'وادي',
  'حوش',
  'بنش',
  'شيخ',
]);

const COUNTRY_HEADS = new Set(['اراضي', 'حدود', 'جانب', 'داخل']);

export interface PlaceContext {
  gazetteer: Gazetteer;
  lexicons: Lexicons;
  masked: (tokenIndex: number) => boolean;
  /** Common words that are also place names: a bare match needs a place word before it. */
  ambiguous: ReadonlySet<string>;
  /** Receives the ranked candidates of every gazetteer match (for explanations). */
  trace?: (mention: PlaceMention, candidates: readonly CandidateTrace[]) => void;
}

interface GazMatch {
  end: number;
  candidates: readonly Place[];
  prefix: number;
}

function gazMatchAt(doc: TextDoc, i: number, gaz: Gazetteer, afterPlaceWord = false): GazMatch | null {
  const t = doc.tokens[i];
  if (!t || t.kind !== 'word') return null;
  let best: GazMatch | null = null;
  for (const r of doc.cache.readings(t.text)) {
    if (r.suffix || r.proclitics.includes('ف')) continue;
    // A name written with the article is matched only with it: "خبر" (news) is not "الخبر".
    const definite = r.definite || r.key.startsWith('ال');
    let key = stripArticle(r.key);
    let end = i + 1;
    for (;;) {
      // After a place word the article is often dropped: "حي رميلة", "مدينة عين عرب".
      // A two-letter name alone ("ام" from an alias "الام") is too often an ordinary word; "تل أبيض" is fine.
      const candidates =
        key.length < 3
          ? []
          : gaz.lookupKey(key).filter((p) => afterPlaceWord || namedAs(gaz, p, key, definite));
      if (candidates.length && (!best || end > best.end)) best = { end, candidates, prefix: r.prefix };
      if (!gaz.prefixes.has(key)) break;
      let k = end;
      while (doc.tokens[k]?.text === '"') k++;
      const next = doc.tokens[k];
      if (!next || next.kind !== 'word') break;
      key = `${key} ${stripArticle(next.text)}`;
      end = k + 1;
    }
    if (best) return best;
  }
  return best;
}

const KIND_FITS: Record<string, readonly Place['kind'][]> = {
  neighbourhood: ['neighbourhood', 'town', 'village'],
  village: ['village', 'town', 'subdistrict', 'neighbourhood'],
  town: ['town', 'village', 'city', 'subdistrict', 'district'],
  city: ['city', 'town', 'district', 'governorate', 'subdistrict'],
  subdistrict: ['subdistrict', 'town', 'city', 'village'],
  governorate: ['governorate'],
  oil_field: ['oil_field'],
  airport: ['airport', 'base'],
  base: ['base', 'airport'],
};

function kindFits(word: string, kind: Place['kind']): boolean {
  const allowed = KIND_FITS[word];
  return !allowed || allowed.includes(kind);
}

/** True when one of the place's names has this key and the same article use on its first word. */
function namedAs(gaz: Gazetteer, p: Place, key: string, definite: boolean): boolean {
  return gaz.articleUse(key)?.get(p.id)?.has(definite) ?? false;
}

/** An unknown name after a place word: one or two words. */
function unknownNameAt(
  doc: TextDoc,
  i: number,
  masked: (i: number) => boolean,
  inList = false,
): { start: number; end: number } | null {
  let j = i;
  while (doc.tokens[j]?.text === '"') j++;
  const first = doc.tokens[j];
  if (
    !first ||
    masked(j) ||
    first.kind !== 'word' ||
    NAME_STOP.has(first.text) ||
    NAME_STOP.has(first.text.replace(/^و/, '')) ||
    first.text.length < 2 ||
    first.text === 'ال'
  )
    return null;
  let end = j + 1;
  const second = doc.tokens[end];
  // "تل حبش", "عين علي", "كفر نبل": a head word always takes the word after it.
  const head = NAME_HEADS.has(first.text.replace(/^و/, ''));
  if (
    second &&
    second.kind === 'word' &&
    !masked(end) &&
    !NAME_STOP.has(second.text) &&
    (head || (second.text.startsWith('ال') && second.text.length > 3))
  )
    end++;
  // In a list, "وركايا سجنة،": a second word before a comma or the next "و"-name belongs to the name.
  if (
    inList &&
    end === j + 1 &&
    second?.kind === 'word' &&
    !masked(end) &&
    !NAME_STOP.has(second.text) &&
    !/^و/.test(second.text)
  ) {
    const after = doc.tokens[end + 1];
    if (!after || after.kind === 'punct' || /^و/.test(after.text)) end++;
  }
  // "حي هشام بن عبد الملك": a name with a patronymic runs on.
  while (/^(بن|ابن)$/.test(doc.tokens[end]?.text ?? '') && doc.tokens[end + 1]?.kind === 'word') {
    end += 2;
    if (/^عبد$/.test(doc.tokens[end - 1]!.text) && doc.tokens[end]?.kind === 'word') end++;
  }
  while (doc.tokens[end]?.text === '"' && end < j + 4) end++;
  return { start: j, end };
}

/** Kinds a place word points to, best first; '' is a bare name ("في الرقة" is the city). */
const PREFERRED_KINDS: Record<string, readonly Place['kind'][]> = {
  '': ['city', 'town', 'village', 'neighbourhood'],
  مدينه: ['city', 'town'],
  مدينتي: ['city', 'town'],
  بلده: ['town', 'village', 'city'],
  بلدتي: ['town', 'village', 'city'],
  بلدات: ['town', 'village'],
  قريه: ['village', 'town'],
  قريتي: ['village', 'town'],
  قري: ['village', 'town', 'region'],
  حي: ['neighbourhood'],
  احياء: ['neighbourhood'],
  محافظه: ['governorate'],
  ناحيه: ['subdistrict', 'town'],
  منطقه: ['region', 'district', 'subdistrict'],
  ريف: ['governorate', 'district', 'city'],
  ارياف: ['governorate', 'district'],
  باديه: ['region', 'governorate', 'district'],
  مطار: ['airport', 'base'],
  حقل: ['oil_field'],
};

/** Why a candidate was or was not chosen: for `marsad geocode` and for debugging. */
export interface CandidateTrace {
  place: Place;
  score: number;
  reasons: string[];
  chosen: boolean;
}

/**
 * Picks among same-name places: one inside (or within 60 km of) a parent named in the text wins; else the
 * one nearest the document's centre of gravity (its unambiguous places); a far namesake needs evidence.
 */
function rank(
  gaz: Gazetteer,
  candidates: readonly Place[],
  anchor: { lat: number; lon: number } | null,
  parents: readonly Place[],
  placeWord: string | null,
): CandidateTrace[] {
  const wanted = PREFERRED_KINDS[placeWord ?? ''] ?? PREFERRED_KINDS['']!;
  const traces = candidates.map((c, order) => {
    const reasons: string[] = [];
    let score = 100 - order; // gazetteer order: importance (kind, population)
    const fit = wanted.indexOf(c.kind);
    if (fit >= 0) {
      score += 40 - fit * 10;
      reasons.push(
        placeWord
          ? `a ${c.kind}, as "${placeWord}" says`
          : `a ${c.kind}: a bare name is most often the settlement`,
      );
    }
    const up = gaz.ancestors(c).map((a) => a.id);
    const underParent = parents.some((p) => up.includes(p.id) || p.id === c.id || distanceKm(c, p) < 60);
    if (parents.length && underParent) {
      score += 1000;
      reasons.push('inside the parent named in the text');
    } else if (parents.length) reasons.push('not under the parent named in the text');
    if (anchor) {
      const d = distanceKm(c, anchor) * (c.kind === 'country' ? 10 : 1);
      score -= d / 10;
      reasons.push(`${Math.round(d)} km from the article's other places`);
    }
    if (c.country === 'SY' || c.country === 'IQ') reasons.push("in the gazetteer's focus countries");
    return { place: c, score, reasons, chosen: false };
  });
  traces.sort((a, b) => b.score - a.score);
  if (traces[0]) traces[0].chosen = true;
  return traces;
}

/**
 * Finds place mentions: gazetteer names (with clitics: "بريف دير الزور"), unknown names after a place
 * word ("قرية السكرية"), country adjectives ("الأراضي التركية"), and anaphors ("المدينة") resolved to the
 * last place of that kind. Same-name places are resolved to the candidate nearest the places the
 * article names without ambiguity.
 */
export function findPlaces(doc: TextDoc, ctx: PlaceContext): PlaceMention[] {
  const { gazetteer: gaz, lexicons: lex } = ctx;
  const out: PlaceMention[] = [];
  const pending: Array<{ m: PlaceMention; candidates: readonly Place[] }> = [];
  /** Per anaphor ("المدينة"): how much of `out` was searched for its antecedent, and what was found. */
  const antecedents = new Map<string, { upTo: number; found: PlaceMention | undefined }>();
  const tokens = doc.tokens;
  const make = (
    a: number,
    b: number,
    prefix: number,
    name: string,
    rule: string,
    entry: string,
    placeWord: string | null,
  ) => {
    const start = tokens[a]!.rawStart + prefix;
    const end = tokens[b - 1]!.rawEnd;
    const m: PlaceMention = {
      kind: 'place',
      start,
      end,
      text: doc.raw.slice(start, end),
      tokenStart: a,
      tokenEnd: b,
      name,
      place: null,
      parentPlace: null,
      placeWord,
      rule,
      entry,
    };
    return m;
  };
  /** A site word followed by a gazetteer place: the site (itself in the gazetteer or not) and the place. */
  const siteOf = (
    at: number,
    pwEntry: { id: string; words: readonly string[] },
    start: number,
    prefix: number,
  ): number | null => {
    const inner = gazMatchAt(doc, skipQuotes(doc, at), gaz, true);
    if (!inner) return null;
    let end = inner.end;
    if (SITE_ADJECTIVES.test(tokens[end]?.text ?? '')) end++;
    const word = cleanName(doc.raw.slice(tokens[start]!.rawStart + prefix, tokens[at - 1]!.rawEnd));
    const adjective =
      end > inner.end
        ? ` ${cleanName(doc.raw.slice(tokens[end - 1]!.rawStart, tokens[end - 1]!.rawEnd))}`
        : '';
    const innerMention = make(
      skipQuotes(doc, at),
      inner.end,
      inner.prefix,
      inner.candidates[0]!.nameAr,
      'place.site-town',
      inner.candidates[0]!.id,
      null,
    );
    const siteName = `${word} ${inner.candidates[0]!.nameAr}${adjective}`;
    const known = gaz.lookupKey(placeKey(siteName));
    const site = make(
      start,
      end,
      prefix,
      siteName,
      known.length ? 'place.site+gazetteer' : 'place.site+town',
      pwEntry.id,
      pwEntry.words.join(' '),
    );
    if (known.length) pending.push({ m: site, candidates: known });
    out.push(site);
    pending.push({ m: innerMention, candidates: inner.candidates });
    out.push(innerMention);
    site.parentPlace = inner.candidates[0]!;
    return end;
  };
  /** After "قرى X": "وY وZ" are more places of the list, known or not. Returns where the list ends. */
  const continueList = (from: number, pwEntry: { id: string; words: readonly string[] }): number => {
    let j = from;
    while (j < tokens.length && !ctx.masked(j) && /^و/.test(tokens[j]!.text) && tokens[j]!.kind === 'word') {
      // "مدن وبلدات": another place word ends the list.
      if (matchAt(tokens, j, lex.placeWords, doc.cache).length) break;
      const known = gazMatchAt(doc, j, gaz);
      const headed = NAME_HEADS.has(tokens[j]!.text.slice(1)) && (!known || known.end - j < 2);
      if (known && known.prefix > 0 && !headed) {
        const m = make(
          j,
          known.end,
          known.prefix,
          known.candidates[0]!.nameAr,
          'place.list+gazetteer',
          known.candidates[0]!.id,
          pwEntry.words.join(' '),
        );
        pending.push({ m, candidates: known.candidates });
        out.push(m);
        j = known.end;
        continue;
      }
      const nm = unknownNameAt(doc, j, ctx.masked, true);
      if (!nm || nm.start !== j) break;
      const words = tokens
        .slice(nm.start, nm.end)
        .filter((t) => t.kind === 'word')
        .map((t, k) => cleanName(doc.raw.slice(t.rawStart + (k === 0 ? 1 : 0), t.rawEnd)));
      out.push(
        make(j, nm.end, 1, words.join(' '), 'place.list+unknown', pwEntry.id, pwEntry.words.join(' ')),
      );
      j = nm.end;
    }
    return j;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (ctx.masked(i) || tokens[i]!.kind !== 'word') continue;
    const direct = gazMatchAt(doc, i, gaz);
    const pw = matchAt(tokens, i, lex.placeWords, doc.cache).find(
      (m) => !m.reading.definite && !m.reading.key.startsWith('ال'),
    );
    if (direct && (!pw || direct.end > pw.tokenEnd)) {
      const single = tokens.slice(i, direct.end).filter((t) => t.kind === 'word').length === 1;
      const bare = stripArticle(
        doc.cache.readings(tokens[i]!.text).find((r) => r.suffix === 0 && r.prefix === direct.prefix)?.key ??
          '',
      );
      const prevPw = i > 0 && matchAt(tokens, i - 1, lex.placeWords, doc.cache).length > 0;
      // "أبو جاسم البكيري" is a person: a kunya, a name and a nisba.
      const nisba = tokens[direct.end];
      if (
        i > 0 &&
        /^(ابو|ام|ابي)$/.test(tokens[i - 1]!.text) &&
        nisba?.kind === 'word' &&
        /^ال.+(ي|يه)$/.test(nisba.text)
      )
        continue;
      if (single && ctx.ambiguous.has(bare) && !prevPw) continue;
      // "نصر القاسم", "محمد الحلبي": after a given name, a one-word place name is a family name.
      const prevWord = tokens[i - 1];
      if (
        single &&
        !prevPw &&
        direct.prefix === 0 &&
        prevWord?.kind === 'word' &&
        lex.givenNames.has(prevWord.text.replace(/^و/, ''))
      )
        continue;
      const major = (p: Place) =>
        p.country === 'SY' || p.country === 'IQ' || p.kind === 'country' || (p.population ?? 0) >= 1_000_000;
      if (!prevPw && !direct.candidates.some(major)) continue;
      const m = make(
        i,
        direct.end,
        direct.prefix,
        direct.candidates[0]!.nameAr,
        'place.gazetteer',
        direct.candidates[0]!.id,
        // "الريف الشرقي لدير الزور": the countryside of the place, told before it.
        tokens.slice(Math.max(0, i - 2), i).some((t) => /^(و|ب|في)?(ال)?(ريف|ارياف|باديه)$/.test(t.text))
          ? 'ريف'
          : null,
      );
      pending.push({ m, candidates: direct.candidates });
      out.push(m);
      i = direct.end - 1;
      continue;
    }
    // "أحياء مدينة رأس العين": the inner place word introduces the name.
    if (
      pw &&
      matchAt(tokens, pw.tokenEnd, lex.placeWords, doc.cache).length &&
      !gazMatchAt(doc, pw.tokenEnd, gaz)
    ) {
      i = pw.tokenEnd - 1;
      continue;
    }
    if (pw) {
      // "بير الملح", "حقل X": a site is named after its word, not the town it shares a name with.
      const found = pw.entry.data.keep ? null : gazMatchAt(doc, skipQuotes(doc, pw.tokenEnd), gaz, true);
      // The place word tells the kind: "حي الرميلة" is a neighbourhood, not the oil field of that name.
      const fits = found?.candidates.filter((p) => kindFits(pw.entry.data.kind, p.kind)) ?? [];
      const at = skipQuotes(doc, pw.tokenEnd);
      // "قرية عين علي": a head word makes a two-word name, not the one-word place "العين".
      const headed = NAME_HEADS.has(tokens[at]?.text ?? '') && !!found && found.end - at < 2;
      const after = found && fits.length && !headed ? { ...found, candidates: fits } : null;
      if (after) {
        const m = make(
          i,
          after.end,
          pw.reading.prefix,
          after.candidates[0]!.nameAr,
          'place.word+gazetteer',
          after.candidates[0]!.id,
          pw.entry.words.join(' '),
        );
        pending.push({ m, candidates: after.candidates });
        out.push(m);
        i = (pw.entry.data.list ? continueList(after.end, pw.entry) : after.end) - 1;
        continue;
      }
      // "مطار ديرالزور العسكري": a site named after a known place is that place's site.
      if (pw.entry.data.keep) {
        const site = siteOf(pw.tokenEnd, pw.entry, i, pw.reading.prefix);
        if (site) {
          i = site - 1;
          continue;
        }
      }
      if (!pw.entry.data.region) {
        const nm = unknownNameAt(doc, pw.tokenEnd, ctx.masked);
        if (nm) {
          const words = tokens
            .slice(nm.start, nm.end)
            .filter((t) => t.kind === 'word')
            .map((t) => cleanName(doc.raw.slice(t.rawStart, t.rawEnd)));
          const surface = words.join(' ');
          const name = pw.entry.data.keep
            ? `${cleanName(doc.raw.slice(tokens[i]!.rawStart + pw.reading.prefix, tokens[pw.tokenEnd - 1]!.rawEnd))} ${surface}`
            : surface;
          out.push(
            make(
              i,
              nm.end,
              pw.reading.prefix,
              name,
              'place.word+unknown',
              pw.entry.id,
              pw.entry.words.join(' '),
            ),
          );
          i = (pw.entry.data.list ? continueList(nm.end, pw.entry) : nm.end) - 1;
          continue;
        }
      }
    }
    // "الأراضي التركية": a country named by its adjective.
    const head = doc.cache
      .readings(tokens[i]!.text)
      .some((r) => r.suffix === 0 && COUNTRY_HEADS.has(stripArticle(r.key)));
    if (head && tokens[i + 1]) {
      const country = gaz.adjectives.get(stripArticle(tokens[i + 1]!.text));
      if (country) {
        const m = make(i, i + 2, 0, country.nameAr, 'place.country-adjective', country.id, null);
        m.place = country;
        out.push(m);
        i++;
        continue;
      }
    }
    // "المدينة": the last city named before.
    const ana = doc.cache
      .readings(tokens[i]!.text)
      .find((r) => r.suffix === 0 && r.definite && ANAPHORS[r.key]);
    if (ana && !gazMatchAt(doc, i + 1, gaz)) {
      const kinds = ANAPHORS[ana.key]!;
      const fits = (p: PlaceMention) =>
        (p.place && kinds.includes(p.place.kind)) ||
        (!p.place && p.placeWord && stripArticle(p.placeWord) === ana.key);
      // The last fitting place: only the mentions added since the last search of this anaphor are new.
      const seen = antecedents.get(ana.key) ?? { upTo: 0, found: undefined };
      for (let k = out.length - 1; k >= seen.upTo; k--) {
        if (fits(out[k]!)) {
          seen.found = out[k]!;
          break;
        }
      }
      seen.upTo = out.length;
      antecedents.set(ana.key, seen);
      const prev = seen.found;
      if (prev) {
        const m = make(i, i + 1, ana.prefix, prev.name, 'place.anaphor', prev.entry ?? '', null);
        m.place = prev.place;
        out.push(m);
      }
    }
  }
  // Resolve same-name candidates against the document's unambiguous places.
  const sure = pending
    .filter((p) => p.candidates.length === 1)
    .map((p) => p.candidates[0]!)
    .filter((p) => p.kind !== 'country');
  const anchor = sure.length
    ? {
        lat: sure.reduce((s, p) => s + p.lat, 0) / sure.length,
        lon: sure.reduce((s, p) => s + p.lon, 0) / sure.length,
      }
    : null;
  // Positions and pending entries by mention, looked up once per place rather than searched.
  const position = new Map<PlaceMention, number>();
  out.forEach((m, k) => position.set(m, k));
  const pendingOf = new Map<PlaceMention, readonly Place[]>();
  for (const q of pending) if (!pendingOf.has(q.m)) pendingOf.set(q.m, q.candidates);
  for (const p of pending) {
    // A parent named right after ("X في ريف Y") narrows X's namesakes to those under Y.
    const k = position.get(p.m) ?? -1;
    const next = out[k + 1];
    const parentCands =
      next && isParentMention(doc, p.m, next)
        ? (pendingOf.get(next) ?? (next.place ? [next.place] : []))
        : [];
    const traces = rank(gaz, p.candidates, anchor, parentCands, p.m.placeWord);
    ctx.trace?.(p.m, traces);
    p.m.place = traces[0]!.place;
    p.m.name = p.m.place.nameAr;
    p.m.entry = p.m.place.id;
    // "الباغوز فوقاني", "الكرك الشرقي": a qualified village is a namesake next to the known one,
    // named as written and placed near it.
    const q = doc.tokens[p.m.tokenEnd];
    // "الشحيل شرقي دير الزور" is "al-Shuhayl, east of Deir ez-Zor": a bare direction before a place
    // relates the two places and qualifies neither.
    const relation = q && /^(شرقي|غربي)$/.test(q.text) && next?.tokenStart === p.m.tokenEnd + 1;
    if (
      q &&
      !relation &&
      QUALIFIERS.test(q.text) &&
      (p.m.place.kind === 'village' || p.m.place.kind === 'town')
    ) {
      p.m.tokenEnd += 1;
      p.m.end = q.rawEnd;
      p.m.text = doc.raw.slice(p.m.start, p.m.end);
      p.m.name = `${p.m.place.nameAr} ${cleanName(doc.raw.slice(q.rawStart, q.rawEnd))}`;
      p.m.rule = 'place.gazetteer+qualifier';
      p.m.parentPlace = p.m.place;
      p.m.place = null;
    }
  }
  // Anaphors copied their antecedent before resolution: refresh them.
  for (const m of out) if (m.rule === 'place.anaphor' && m.place) m.name = m.place.nameAr;
  linkParents(doc, out);
  return out;
}

function skipQuotes(doc: TextDoc, i: number): number {
  while (doc.tokens[i]?.text === '"') i++;
  return i;
}

/** Links "X في ريف Y" / "X التابعة لمدينة Y": Y becomes X's parent in the text. */
/** True when mention b names the place that mention a lies in: "X في ريف Y", "X التابعة لمدينة Y". */
function isParentMention(doc: TextDoc, a: PlaceMention, b: PlaceMention): boolean {
  const gap = doc.tokens.slice(a.tokenEnd, b.tokenStart);
  const firstOfB = doc.tokens[b.tokenStart]!;
  // "و"-joined names are siblings in a list, never the parent of the name before them.
  const coordinated = /^و/.test(firstOfB.text) || b.rule.startsWith('place.list');
  const bHasPrep = !coordinated && (/^(ب|في|ل)/.test(firstOfB.text) || b.placeWord !== null);
  return gap.length <= 4 && gap.every((t) => CONNECTORS.has(t.text)) && (gap.length > 0 || bHasPrep);
}

/** Links "X في ريف Y" / "X التابعة لمدينة Y": Y becomes X's parent in the text. */
function linkParents(doc: TextDoc, mentions: PlaceMention[]): void {
  for (let k = 0; k + 1 < mentions.length; k++) {
    const a = mentions[k]!;
    const b = mentions[k + 1]!;
    if (!b.place || !isParentMention(doc, a, b)) continue;
    if (a.place && a.place.id === b.place.id) continue;
    a.parentPlace = b.place;
  }
}
