/**
 * Publication dates of feeds and page metadata, reduced to YYYY-MM-DD. Feeds of Arabic outlets write
 * them in many ways besides RFC 822 and ISO 8601: Arabic weekday and month names (Levantine "آذار",
 * Egyptian "مارس", Maghrebi "مارس/جوان"), both at once ("آذار/مارس"), Arabic-Indic digits, day-first
 * numeric dates, two-digit years, "Month day, year". The date is the one written: the time of day and
 * the zone are dropped without converting, since the outlet's own calendar day is the one its readers
 * saw. Pure; never throws.
 */

/** Normalised month names (see normalizeWord) to month numbers. */
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, 'jan january يناير ينير جانفي'],
      [2, 'feb february فبراير فيفري شباط'],
      [3, 'mar march مارس اذار'],
      [4, 'apr april ابريل افريل نيسان'],
      [5, 'may مايو ماي ايار'],
      [6, 'jun june يونيو يونيه جوان حزيران'],
      [7, 'jul july يوليو يوليه يوليوز جويليه تموز'],
      [8, 'aug august اغسطس غشت اوت اب'],
      [9, 'sep sept september سبتمبر شتنبر ايلول'],
      [10, 'oct october اكتوبر'],
      [11, 'nov november نوفمبر نونبر'],
      [12, 'dec december ديسمبر دجنبر'],
    ] as const
  ).flatMap(([month, names]) => names.split(' ').map((name) => [name, month] as const)),
);

/** The Levantine months of two words: "تشرين الأول", "كانون الثاني" (the article may be missing). */
const TWO_WORD_MONTHS: ReadonlyMap<string, number> = new Map([
  ['تشرين اول', 10],
  ['تشرين ثاني', 11],
  ['كانون اول', 12],
  ['كانون ثاني', 1],
]);

/** Arabic letters reduced to one spelling: hamza carriers, alef maqsura, taa marbuta, marks dropped. */
function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/\.$/, '');
}

/** Arabic-Indic and Persian digits as ASCII; direction marks removed. */
function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, '');
}

/** YYYY-MM-DD for a real calendar date, else null. */
function ymd(year: number, month: number, day: number): string | null {
  if (year < 100) year += year < 70 ? 2000 : 1900;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The month a token (or the token and the next) names, and how many tokens it takes. */
function monthAt(tokens: readonly string[], i: number): { month: number; width: number } | null {
  const word = tokens[i]!;
  if (word === 'تشرين' || word === 'كانون') {
    const next = tokens[i + 1]?.replace(/^ال/, '');
    const month = next === undefined ? undefined : TWO_WORD_MONTHS.get(`${word} ${next}`);
    return month === undefined ? null : { month, width: 2 };
  }
  // "آذار/مارس" was split in two tokens that name the same month: the first is read.
  const month = MONTHS.get(word);
  return month === undefined ? null : { month, width: 1 };
}

const isDay = (token: string | undefined) => token !== undefined && /^\d{1,2}$/.test(token);
const isYear = (token: string | undefined) => token !== undefined && /^(\d{4}|\d{2})$/.test(token);

/** The date of a value such as "Tue, 12 Mar 2024 10:00:00 +0300" or "الثلاثاء ١٢ آذار ٢٠٢٤", or null. */
export function isoDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = asciiDigits(value).trim();
  if (!text) return null;

  // ISO 8601 and its slashed form: 2024-03-12T10:00:00+03:00, 2024/3/12.
  const iso = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(text);
  if (iso) return ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  // Day first, as Arabic and European outlets write it: 12/03/2024, 12-3-2024, 12.03.2024.
  const dmy = /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)/.exec(text);
  if (dmy) {
    const [a, b, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    // Month first only when the day-first reading is impossible (03/28/2024).
    return b > 12 && a <= 12 ? ymd(year, a, b) : ymd(year, b, a);
  }

  const tokens = text
    .split(/[\s,،؛|()/]+/)
    .filter((t) => t && !t.includes(':'))
    .map(normalizeWord);
  for (let i = 0; i < tokens.length; i++) {
    const found = monthAt(tokens, i);
    if (!found) continue;
    const after = i + found.width;
    // "12 Mar 2024", "١٢ آذار ٢٠٢٤", "12 آذار/مارس 2024".
    if (isDay(tokens[i - 1])) {
      let y = after;
      if (tokens[y] !== undefined && MONTHS.has(tokens[y]!)) y++;
      if (isYear(tokens[y])) return ymd(Number(tokens[y]), found.month, Number(tokens[i - 1]));
    }
    // "March 12, 2024", "مارس 10, 2018".
    if (isDay(tokens[after]) && tokens[after + 1] !== undefined && /^\d{4}$/.test(tokens[after + 1]!))
      return ymd(Number(tokens[after + 1]), found.month, Number(tokens[after]));
  }
  return null;
}
