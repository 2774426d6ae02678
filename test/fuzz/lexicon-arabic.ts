/** Random Arabic built from the lexicons and the gazetteer, so that properties are tried where rules fire. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Resources } from '../../src/resources/resources.js';

const LEXICONS = fileURLToPath(new URL('../../data/lexicons/', import.meta.url));

/** The column that holds the Arabic form in each lexicon file. */
const FORM_COLUMNS = ['alias', 'form', 'word', 'title', 'name', 'nisba', 'singular', 'dual', 'plural'];

/** Every Arabic form of data/lexicons/*.tsv (pattern rows such as "YYYY-MM-DD" are left out). */
export function lexiconForms(): string[] {
  const forms = new Set<string>();
  for (const file of readdirSync(LEXICONS).filter((f) => f.endsWith('.tsv'))) {
    const rows = readFileSync(LEXICONS + file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split('\t'));
    const header = rows.shift() ?? [];
    const columns = FORM_COLUMNS.map((c) => header.indexOf(c)).filter((k) => k >= 0);
    for (const row of rows)
      for (const k of columns)
        for (const form of (row[k] ?? '').split('|'))
          if (/[\u0600-\u06FF]/.test(form)) forms.add(form.replace(/_/g, ' ').trim());
  }
  return [...forms].sort();
}

/** Ordinary words of the genre that no lexicon lists: the glue between findings. */
const GLUE =
  'قال مصدر محلي إن عناصر قاموا بعد ذلك حيث كما فيما بينما ثم وقد أن على من إلى عن مع هذه الذي التي خلال يوم شهر منذ قبل لم لن سوف قد كانوا'.split(
    ' ',
  );
const PUNCT = [
  '،',
  '.',
  ':',
  '؛',
  '!',
  '؟',
  '"',
  '«',
  '»',
  '(',
  ')',
  '-',
  '_',
  '…',
  '\n',
  '\n\n',
  '\n- ',
  ' ',
];
const DIGITS = fc.oneof(
  fc.nat({ max: 3000 }).map(String),
  fc.nat({ max: 999 }).map((n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))),
  fc
    .tuple(
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1990, max: 2030 }),
    )
    .map(([d, m, y]) => `${d}/${m}/${y}`),
);

/** Arabic text: lexicon forms, gazetteer names, glue words, digits and punctuation, in any order. */
export function lexiconArabic(resources: Resources, maxWords = 400): fc.Arbitrary<string> {
  const forms = lexiconForms();
  const places = [...new Set(resources.gazetteer.places.map((p) => p.nameAr).filter((n) => n))].sort();
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...forms) },
    { weight: 2, arbitrary: fc.constantFrom(...places) },
    { weight: 3, arbitrary: fc.constantFrom(...GLUE) },
    { weight: 1, arbitrary: DIGITS },
    { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
    // Clitics glued on: "والانشقاق", "بالرقة".
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('و', 'ب', 'ل', 'ف', 'وب', 'لل'), fc.constantFrom(...forms))
        .map(([c, f]) => c + f),
    },
  );
  const word = fc.tuple(piece, fc.constantFrom(' ', ' ', ' ', '', '\n'));
  // Short texts and long ones: fast-check keeps arrays small unless asked.
  return fc
    .oneof(fc.array(word, { maxLength: maxWords }), fc.array(word, { maxLength: maxWords, size: 'max' }))
    .map((ps) => ps.map(([p, sep]) => p + sep).join(''));
}
