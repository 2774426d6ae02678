/**
 * The header of a news article: the short lines above the body that name the outlet, the author, the
 * place the report is filed from and the publication date ("EXCLUSIVE – OUTLET", "OUTLET – PLACE",
 * "YYYY.MM.DD | HH:MM PLACE", "NAME: OUTLET"). Pure and browser-safe; never throws. docs/ingest.md lists
 * the forms with Arabic examples.
 *
 * A header line is cut into segments at the separators of the genre (| – — / : and a spaced hyphen),
 * after its date, clock time and bracketed parts are taken out. The line belongs to the header only when
 * every segment is recognised: an outlet (outlets.tsv, or a source-like name: "<word> News"), a place of
 * the gazetteer, a person, or a marker ("exclusive", a weekday, "published on"). The first line that is
 * not a header line starts the body. A title line is allowed above the header ("TITLE\n\nEXCLUSIVE –
 * OUTLET"), and so is a dateline leading into the first paragraph ("PLACE (OUTLET) – The body …").
 */
import { analyzeText } from '../text/analyze-text.js';
import { cleanName } from '../text/normalize.js';
import { findDates, findPublicationDate } from '../mentions/dates.js';
import { phraseWords } from '../mentions/phrase-index.js';
import { placeKey } from '../resources/gazetteer.js';
import type { Resources } from '../resources/resources.js';

export interface ParsedHeader {
  /** The outlet: its name as in outlets.tsv when known, else the header's source-like segment. */
  outlet: string | null;
  /** The author named in the header ("(NAME)", "NAME: OUTLET", "By: NAME"). */
  byline: string | null;
  /** The place the report is filed from, as written (a city, or "the countryside of" a city). */
  dateline: string | null;
  /** The publication date of the header (YYYY-MM-DD). */
  published: string | null;
  /** A title line above the header lines, when there is one (it lies before bodyStart). */
  title: string | null;
  /**
   * Raw offset where the body begins: the start of the first non-blank line after the header
   * (0 when there is no header; the text's length when it is all header).
   */
  bodyStart: number;
}

/** Header lines read at most (the title line not counted). */
export const MAX_HEADER_LINES = 4;
/** Longer lines are never header lines. */
const MAX_LINE_CHARS = 160;
const MAX_LINE_WORDS = 16;
/** Longest title line accepted above a header. */
const MAX_TITLE_CHARS = 200;

/** Words that say "exclusive", "breaking", "follow-up": no information for the header (normalised). */
const MARKERS = new Set(['خاص', 'خاصه', 'حصري', 'حصريا', 'حصريه', 'عاجل', 'متابعات', 'متابعه', 'ل', 'ب']);
/** Labels and weekdays around a publication date (normalised, article dropped). */
const DATE_WORDS = new Set([
  'نشر',
  'في',
  'تاريخ',
  'بتاريخ',
  'اخر',
  'تحديث',
  'محدث',
  'يوم',
  'احد',
  'اثنين',
  'ثلاثاء',
  'اربعاء',
  'خميس',
  'جمعه',
  'سبت',
  'موافق',
  'ه',
  'م',
]);
/** Labels before an author's name: "by", "prepared by", "wrote", "report" (normalised, article dropped). */
const BYLINE_LABELS = new Set([
  'بقلم',
  'اعداد',
  'كتب',
  'كتبه',
  'كتبت',
  'كتابه',
  'تقرير',
  'تحرير',
  'ترجمه',
  'تصوير',
  'مراسل',
  'كاتب',
  'بواسطه',
]);
/** Labels before an outlet's name: "source:", "quoting". */
const OUTLET_LABELS = new Set(['مصدر', 'نقلا', 'عن']);
/** Words that make a segment look like the name of a news source (normalised, article dropped). */
const SOURCE_WORDS = new Set([
  'نيوز',
  'برس',
  'وكاله',
  'شبكه',
  'موقع',
  'مرصد',
  'تلفزيون',
  'قناه',
  'صحيفه',
  'جريده',
  'مجله',
  'اذاعه',
  'راديو',
  'اخباريه',
  'اخباري',
  'اعلامي',
  'اعلاميه',
  'مكتب',
  'بوست',
  'تايمز',
  'نت',
  'اونلاين',
  'news',
  'post',
  'press',
  'agency',
  'tv',
  'online',
  'times',
  'network',
]);
/** Direction words after a place name ("the southern countryside of Idlib"). */
const DIRECTIONS = new Set([
  'شرقي',
  'غربي',
  'شمالي',
  'جنوبي',
  'شرقيه',
  'غربيه',
  'شماليه',
  'جنوبيه',
  'اوسط',
  'شمال',
  'جنوب',
  'شرق',
  'غرب',
]);
const KUNYA = new Set(['ابو', 'ام', 'ابي']);

const EMPTY: ParsedHeader = {
  outlet: null,
  byline: null,
  dateline: null,
  published: null,
  title: null,
  bodyStart: 0,
};

interface OutletEntry {
  words: readonly string[];
  name: string;
}

const outletCache = new WeakMap<Resources, OutletEntry[]>();

/** The outlets of the lexicon as word lists, longest first. */
function outletEntries(resources: Resources): OutletEntry[] {
  let list = outletCache.get(resources);
  if (!list) {
    list = [];
    for (const entries of resources.lexicons.outlets.byFirst.values()) {
      for (const e of entries) list.push({ words: e.words, name: e.data.name.replace(/_/g, ' ') });
    }
    list.sort((a, b) => b.words.length - a.words.length);
    outletCache.set(resources, list);
  }
  return list;
}

/** Normalised words of a segment, each without its article; "_" separates words as a space does. */
function keyWords(text: string): string[] {
  return phraseWords(text.replace(/_/g, ' ')).map((w) => w.toLowerCase());
}

/** A segment as reported: invisible marks, diacritics and extra spaces removed. */
function clean(text: string): string {
  return cleanName(text.replace(/_/g, ' ')).replace(/^[\s\-–—|/:،,.]+|[\s\-–—|/:،,.]+$/g, '');
}

type Kind = 'outlet' | 'source' | 'place' | 'person' | 'marker' | 'byline-label' | 'outlet-label' | 'unknown';

interface Segment {
  text: string;
  kind: Kind;
  /** The outlet's lexicon name, for kind 'outlet'. */
  outlet?: string;
  /** The separator before the segment ('' for the first). */
  before: string;
  bracketed: boolean;
}

interface LineInfo {
  outlet: string | null;
  outletKnown: boolean;
  byline: string | null;
  dateline: string | null;
  published: string | null;
}

class HeaderReader {
  constructor(private readonly resources: Resources) {}

  /** The known outlet a segment names (with only markers and source words around it), or null. */
  knownOutlet(words: readonly string[]): string | null {
    for (const e of outletEntries(this.resources)) {
      const n = e.words.length;
      for (let k = 0; k + n <= words.length; k++) {
        let ok = true;
        for (let j = 0; j < n; j++) {
          const w = words[k + j]!;
          const want = e.words[j]!;
          // A preposition (li-, bi-) written against the first word.
          if (w !== want && !(j === 0 && /^[لب]/.test(w) && w.slice(1) === want)) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        const rest = [...words.slice(0, k), ...words.slice(k + n)];
        if (rest.every((w) => MARKERS.has(w) || SOURCE_WORDS.has(w))) return e.name;
      }
    }
    return null;
  }

  /** A word of the event vocabulary (a trigger or an actor): such a segment is a title, not a source. */
  isEventWord(word: string): boolean {
    const lex = this.resources.lexicons;
    if (lex.givenNames.has(word)) return false;
    return (
      (lex.triggers.byForm.get(word) ?? []).some((m) => m.entry.words.length === 1) ||
      (lex.actors.byFirst.get(word) ?? []).some((e) => e.words.length === 1)
    );
  }

  isPlace(text: string): boolean {
    const raw = text.split(/\s+/).filter(Boolean);
    if (raw.length === 0 || raw.length > 6 || /[0-9٠-٩۰-۹]/.test(text)) return false;
    for (let n = raw.length; n >= 1; n--) {
      const dropped = raw.slice(n).map((w) => keyWords(w).join(' '));
      if (!dropped.every((w) => DIRECTIONS.has(w))) break;
      const key = placeKey(raw.slice(0, n).join(' '));
      if (key && this.resources.gazetteer.lookup(key).length > 0) return true;
    }
    return false;
  }

  /** Two to four words made of letters only, none of them an event word. */
  looseName(words: readonly string[]): boolean {
    return (
      words.length >= 2 &&
      words.length <= 4 &&
      words.every(
        (w) => /^[\p{L}]+$/u.test(w) && !MARKERS.has(w) && !SOURCE_WORDS.has(w) && !this.isEventWord(w),
      )
    );
  }

  /** Two to four name words starting with a given name or a kunya (Abu …, Umm …). */
  isPerson(words: readonly string[]): boolean {
    if (!this.looseName(words)) return false;
    const given = this.resources.lexicons.givenNames;
    const first = words[0]!;
    return (
      given.has(first) ||
      given.has(`${first} ${words[1] ?? ''}`) ||
      KUNYA.has(first) ||
      (first === 'عبد' && words.length >= 3)
    );
  }

  classify(text: string, bracketed: boolean, before: string): Segment {
    const seg = (kind: Kind, outlet?: string): Segment => ({
      text: clean(text),
      kind,
      before,
      bracketed,
      ...(outlet !== undefined ? { outlet } : {}),
    });
    const words = keyWords(text);
    if (words.length === 0 || words.every((w) => MARKERS.has(w) || DATE_WORDS.has(w))) return seg('marker');
    if (words.length === 1 && BYLINE_LABELS.has(words[0]!)) return seg('byline-label');
    if (words.every((w) => OUTLET_LABELS.has(w))) return seg('outlet-label');
    const outlet = this.knownOutlet(words);
    if (outlet) return seg('outlet', outlet);
    // "EXCLUSIVE OUTLET", "EXCLUSIVE to …": drop the marker and read the rest.
    if (MARKERS.has(words[0]!)) {
      const rest = text.replace(/^\s*\S+\s*/, '');
      if (rest.trim()) {
        const inner = this.classify(rest, bracketed, before);
        if (inner.kind !== 'unknown') return inner;
      }
    }
    // "By NAME" without a colon.
    if (BYLINE_LABELS.has(words[0]!) && this.looseName(words.slice(1))) {
      const s = seg('person');
      return { ...s, text: clean(text.replace(/^\s*\S+\s*/, '')) };
    }
    if (bracketed && this.isPerson(words)) return seg('person');
    if (this.isPlace(text)) return seg('place');
    if (this.isPerson(words)) return seg('person');
    if (words.length <= 6 && words.some((w) => SOURCE_WORDS.has(w))) return seg('source');
    if (words.length <= 4 && words.every((w) => /^[a-z]+$/.test(w))) return seg('source');
    return seg('unknown');
  }

  /** What a line says when it is a header line; null when it is not. */
  readLine(line: string): LineInfo | null {
    if (line.length > MAX_LINE_CHARS) return null;
    if (line.split(/\s+/).filter(Boolean).length > MAX_LINE_WORDS) return null;
    let rest = line;
    const doc = analyzeText(line);
    // Every calendar date goes (a Hijri date and its Gregorian day), last first so offsets hold.
    const dates = findDates(doc, null, this.resources.dates).filter((d) => d.startDate !== null);
    // A Gregorian day wins over the Hijri one it restates ("… 1438 AH, corresponding to 15 December 2016").
    const gregorian = dates.find(
      (d) => d.startDate === d.endDate && !/hijri/.test(d.entry ?? '') && validYear(d.startDate),
    );
    const published = gregorian?.startDate ?? findPublicationDate(doc, this.resources.dates)?.date ?? null;
    for (const d of dates.reverse()) rest = `${rest.slice(0, d.start)} | ${rest.slice(d.end)}`;
    // Clock times: "08:23", "14:05:10", "8:30 pm" (Arabic am/pm letters too).
    rest = rest.replace(
      /(?<![0-9٠-٩۰-۹:])[0-9٠-٩۰-۹]{1,2}:[0-9٠-٩۰-۹]{2}(?::[0-9٠-٩۰-۹]{2})?(?![0-9٠-٩۰-۹:])(?:\s*(?:ص|م|صباحا|مساء|صباحاً|مساءً|am|pm|AM|PM)(?![\p{L}]))?/gu,
      ' | ',
    );
    const segments: Segment[] = [];
    // Bracketed parts: "(NAME)", "(EXCLUSIVE)", "(OUTLET)".
    rest = rest.replace(/[([]([^()[\]]*)[)\]]/g, (_m, inner: string) => {
      segments.push(this.classify(inner, true, '('));
      return ' | ';
    });
    if (/[()[\]]/.test(rest)) return null;
    const parts = rest.split(/(\s*(?:[|–—―/\\:؛•·،,]|(?<![0-9٠-٩])-|-(?![0-9٠-٩]))\s*)/);
    let before = '';
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (k % 2 === 1) {
        before = part.trim() || before;
        continue;
      }
      if (part.trim() === '') continue;
      segments.push(this.classify(part, false, before));
      before = '';
    }
    if (segments.length === 0 && published === null) return null;
    this.resolveUnknowns(segments, published !== null);
    if (segments.some((s) => s.kind === 'unknown')) return null;

    const info: LineInfo = { outlet: null, outletKnown: false, byline: null, dateline: null, published };
    for (const s of segments) {
      if (s.kind === 'outlet' && !info.outletKnown) {
        info.outlet = s.outlet ?? s.text;
        info.outletKnown = true;
      } else if (s.kind === 'source' && info.outlet === null) info.outlet = s.text;
      else if (s.kind === 'person' && info.byline === null) info.byline = s.text;
      else if (s.kind === 'place' && info.dateline === null) info.dateline = s.text;
    }
    return info;
  }

  /** Reads unknown segments from their neighbours: "NAME: OUTLET", "By: NAME", "OUTLET – PLACE". */
  resolveUnknowns(segments: Segment[], dated: boolean): void {
    const hasOutlet = () => segments.some((s) => s.kind === 'outlet' || s.kind === 'source');
    for (let k = 0; k < segments.length; k++) {
      const s = segments[k]!;
      const prev = segments[k - 1];
      const words = keyWords(s.text);
      if (
        prev?.kind === 'byline-label' &&
        (s.kind === 'unknown' || s.kind === 'place') &&
        this.looseName(words)
      ) {
        s.kind = 'person';
      } else if (prev?.kind === 'outlet-label' && s.kind !== 'outlet' && words.length <= 5) {
        s.kind = 'source';
      }
    }
    for (const s of segments) if (s.kind === 'byline-label' || s.kind === 'outlet-label') s.kind = 'marker';
    const unknown = segments.filter((s) => s.kind === 'unknown');
    if (unknown.length !== 1) return;
    const u = unknown[0]!;
    const words = keyWords(u.text);
    const k = segments.indexOf(u);
    const colonNext = segments[k + 1]?.before === ':';
    const colonHere = u.before === ':';
    // "NAME: OUTLET", "OUTLET: NAME", "(NAME)".
    if (
      this.looseName(words) &&
      (u.bracketed ||
        (colonNext && segments[k + 1]!.kind === 'outlet') ||
        (colonHere && segments[k - 1]?.kind === 'outlet'))
    ) {
      u.kind = 'person';
      return;
    }
    // "(Reuters)": one unknown word in brackets is the source.
    if (u.bracketed && words.length === 1 && !hasOutlet()) {
      u.kind = 'source';
      return;
    }
    // "SOURCE – PLACE", "PLACE/ SOURCE": an unknown name next to a place or a marker is the source.
    const others = segments.length - 1 + (dated ? 1 : 0);
    if (
      !hasOutlet() &&
      !u.bracketed &&
      words.length <= (k === 0 ? 4 : 3) &&
      others >= 1 &&
      u.before !== ':' &&
      !words.some((w) => this.isEventWord(w))
    ) {
      u.kind = 'source';
    }
  }
}

/** A publication year the header may hold. */
function validYear(iso: string | null): boolean {
  const y = Number(iso?.slice(0, 4));
  return y >= 1900 && y <= 2200;
}

interface Line {
  /** Raw offset of the line's first character. */
  start: number;
  /** The raw line, without its line break. */
  raw: string;
  /** The line without CR, invisible marks and surrounding spaces. */
  text: string;
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/g;

/** The non-blank lines of the text, with their raw start offsets. */
function nonBlankLines(text: string, limit: number): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos < text.length && out.length < limit) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const raw = text.slice(pos, end);
    const line = raw.replace(INVISIBLE, '').trim();
    if (line) out.push({ start: pos, raw, text: line });
    pos = end + 1;
  }
  return out;
}

/** A dash or colon that may end a lead-in dateline ("PLACE (OUTLET) – The body …", "PLACE-OUTLET: …"). */
const LEAD_DASH = /\s*[–—:-]\s*/g;
/** Longest lead-in dateline, in characters. */
const MAX_LEAD_CHARS = 60;

/** Reads the header lines at the top of an article. Never throws. */
export function parseHeader(text: string, resources: Resources): ParsedHeader {
  try {
    return readHeader(text, resources);
  } catch {
    return { ...EMPTY };
  }
}

/** Reads the top of an article: header lines, or a dateline leading into the first paragraph. */
function readHeader(text: string, resources: Resources): ParsedHeader {
  if (typeof text !== 'string' || text.length === 0) return { ...EMPTY };
  const reader = new HeaderReader(resources);
  const lines = nonBlankLines(text, MAX_HEADER_LINES + 2);
  const infos: LineInfo[] = [];
  let title: string | null = null;
  let bodyStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    bodyStart = line.start;
    if (infos.length >= MAX_HEADER_LINES) break;
    const info = reader.readLine(line.text);
    if (info) {
      infos.push(info);
      bodyStart = lines[i + 1]?.start ?? text.length;
      continue;
    }
    const lead = leadIn(reader, line);
    if (lead) {
      infos.push(lead.info);
      bodyStart = lead.bodyStart;
      break;
    }
    // The first line may be a title above the header.
    if (i === 0 && line.text.length <= MAX_TITLE_CHARS) {
      const next = lines[1];
      if (next && (reader.readLine(next.text) || leadIn(reader, next))) {
        title = line.text;
        continue;
      }
    }
    break;
  }
  if (infos.length === 0) return { ...EMPTY };
  const result: ParsedHeader = { ...EMPTY, title, bodyStart };
  let outletKnown = false;
  for (const info of infos) {
    if (info.outlet !== null && (result.outlet === null || (info.outletKnown && !outletKnown))) {
      result.outlet = info.outlet;
      outletKnown = info.outletKnown;
    }
    result.byline ??= info.byline;
    result.dateline ??= info.dateline;
    result.published ??= info.published;
  }
  return result;
}

/** "PLACE (OUTLET) – The body …": a short place or outlet prefix before a dash, the body after it. */
function leadIn(reader: HeaderReader, line: Line): { info: LineInfo; bodyStart: number } | null {
  let best: { info: LineInfo; bodyStart: number } | null = null;
  // The longest prefix that reads as a header wins ("PLACE-OUTLET: …" ends at the colon).
  for (const m of line.raw.matchAll(LEAD_DASH)) {
    const at = m.index;
    if (at > MAX_LEAD_CHARS) break;
    const prefix = line.raw.slice(0, at);
    if (!prefix.trim() || /[0-9٠-٩۰-۹]$/.test(prefix)) continue;
    const after = at + m[0].length;
    if (!line.raw.slice(after).trim()) break;
    const info = reader.readLine(prefix.replace(INVISIBLE, '').trim());
    if (info && (info.dateline !== null || info.outlet !== null))
      best = { info, bodyStart: line.start + after };
  }
  return best;
}
