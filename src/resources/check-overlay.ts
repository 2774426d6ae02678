/**
 * Checks a lexicon overlay (see apply-overlay.ts) before it is merged: file names, header columns,
 * required fields, enum values, duplicate ids, disabled ids that exist, coordinates and parents of
 * places. Each row is also parsed on its own by the loader's own parser, so what passes here loads.
 * Pure: the overlay's texts and the built-in data in, problems out.
 */
import { dateLexiconFromTsv } from '../mentions/date-lexicon.js';
import { numberLexiconFromTsv } from '../mentions/number-lexicon.js';
import { EVENT_TYPES, type Place, type PlaceKind } from '../types.js';
import {
  DISABLE_COLUMN,
  DISABLE_VALUE,
  PLACES_FILE,
  readTable,
  rowRecord,
  overlayRows,
  type LexiconTexts,
} from './apply-overlay.js';
import { PLACE_KINDS } from './gazetteer.js';
import {
  ACTOR_KINDS,
  CUE_KINDS,
  lexiconsFromTsv,
  TITLE_KINDS,
  TRIGGER_POS,
  TRIGGER_STRENGTHS,
  type LexiconFiles,
} from './lexicons.js';
import { parseTsv } from './tsv.js';

export interface OverlayProblem {
  file: string;
  /** 1-based line of the file (0: the file as a whole). */
  line: number;
  message: string;
}

/** The built-in data an overlay is checked against. */
export interface OverlayBase {
  /** The built-in lexicon texts by file name (groups.tsv included). */
  lexicons: LexiconTexts;
  /** The gazetteer's places (built-in and local). */
  places: readonly Place[];
}

type Row = Readonly<Record<string, string>>;

interface FileSpec {
  /** Columns the header must have and every row (but a disable row) must fill. */
  required: readonly string[];
  /** Other columns allowed besides the built-in file's (places.tsv has no built-in file). */
  optional?: readonly string[];
  /** Problems of one row's values. */
  check?(row: Row, ctx: RowContext): string[];
}

interface RowContext {
  /** Group ids with a display name (built-in and overlay groups.tsv). */
  groups: ReadonlySet<string>;
  /** Place ids a parent may name (built-in, local and overlay places). */
  places: ReadonlySet<string>;
}

const oneOf = (column: string, value: string | undefined, allowed: Iterable<string>): string[] => {
  const list = [...allowed];
  return value && !list.includes(value) ? [`${column} "${value}" is not one of ${list.join(', ')}`] : [];
};

const yesNo = (row: Row, ...columns: string[]): string[] =>
  columns.flatMap((c) => oneOf(c, row[c], ['yes', 'no']));

function numberIn(row: Row, column: string, min: number, max: number): string[] {
  const raw = row[column] ?? '';
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v)) return [`${column} "${raw}" is not a number`];
  return v < min || v > max ? [`${column} ${raw} is out of range (${min}…${max})`] : [];
}

const SPECS: Readonly<Record<string, FileSpec>> = {
  'triggers.tsv': {
    required: ['id', 'type', 'form', 'pos', 'strength'],
    check: (r) => [
      ...oneOf('type', r['type'], EVENT_TYPES),
      ...oneOf('pos', r['pos'], TRIGGER_POS),
      ...oneOf('strength', r['strength'], TRIGGER_STRENGTHS),
    ],
  },
  'actors.tsv': {
    required: ['id', 'group', 'alias', 'kind'],
    check: (r, ctx) => [
      ...oneOf('kind', r['kind'], ACTOR_KINDS),
      ...(/^[a-z0-9_]+$/.test(r['group'] ?? '')
        ? []
        : [`group "${r['group']}" must be lower-case letters, digits and _`]),
      ...(ctx.groups.has(r['group'] ?? '')
        ? []
        : [`group "${r['group']}" has no row in groups.tsv (add its names to the overlay's groups.tsv)`]),
    ],
  },
  'cues.tsv': {
    required: ['id', 'kind', 'form'],
    check: (r) => [
      ...oneOf('kind', r['kind'], CUE_KINDS),
      ...(r['window'] && !/^[1-9]\d*$/.test(r['window'])
        ? [`window "${r['window']}" is not a positive whole number`]
        : []),
    ],
  },
  'titles.tsv': {
    required: ['id', 'title', 'gloss_en', 'kind'],
    check: (r) => oneOf('kind', r['kind'], TITLE_KINDS),
  },
  'place-words.tsv': {
    required: ['id', 'word', 'kind'],
    check: (r) => [...oneOf('kind', r['kind'], PLACE_KINDS), ...yesNo(r, 'keep', 'region', 'list')],
  },
  'outlets.tsv': { required: ['id', 'name'] },
  'given-names.tsv': { required: ['id', 'name'], check: (r) => oneOf('gender', r['gender'], ['m', 'f']) },
  'name-stopwords.tsv': { required: ['id', 'word'] },
  'ambiguous-places.tsv': { required: ['id', 'word'] },
  'numbers.tsv': { required: ['id', 'form', 'kind'] },
  'countable-nouns.tsv': { required: ['id', 'dual'] },
  'months.tsv': { required: ['id', 'form', 'calendar', 'month'] },
  'date-words.tsv': { required: ['id', 'form', 'kind'] },
  'nisbas.tsv': {
    required: ['id', 'nisba', 'kind', 'value'],
    check: (r) => oneOf('kind', r['kind'], ['nationality', 'origin']),
  },
  'groups.tsv': { required: ['id', 'name_ar', 'name_en'] },
  [PLACES_FILE]: {
    required: ['id', 'name_ar', 'kind', 'lat', 'lon', 'country'],
    optional: ['name_en', 'aliases', 'aliases_ar', 'parent', 'population', 'source'],
    check: (r, ctx) => [
      ...oneOf('kind', r['kind'], PLACE_KINDS as readonly PlaceKind[]),
      ...numberIn(r, 'lat', -90, 90),
      ...numberIn(r, 'lon', -180, 180),
      ...(/^[A-Z]{2}$/.test(r['country'] ?? '')
        ? []
        : [`country "${r['country']}" is not an ISO 3166-1 alpha-2 code (YE, SY …)`]),
      ...(r['population'] && !/^\d+$/.test(r['population'])
        ? [`population "${r['population']}" is not a whole number`]
        : []),
      ...(r['parent'] === r['id'] ? ['a place cannot be its own parent'] : []),
      ...(r['parent'] && r['parent'] !== r['id'] && !ctx.places.has(r['parent'])
        ? [`parent "${r['parent']}" is neither a gazetteer place nor a row of places.tsv`]
        : []),
    ],
  },
};

/** The overlay-able files: every built-in lexicon the loader reads, groups.tsv and places.tsv. */
export const OVERLAY_FILES: readonly string[] = Object.keys(SPECS);

/** Files of data/lexicons that an overlay cannot change, and why. */
const NOT_OVERLAID: Readonly<Record<string, string>> = {
  'translit.tsv': 'translit.tsv is built into the web app and cannot be overlaid',
};

/** The header of a built-in text: its first line that is not a comment. */
function headerOf(text: string): string[] {
  return readTable(text).header?.cells ?? [];
}

/** A text of the built-in header and one row, for the loader's parsers. */
function oneRowText(header: readonly string[], row: Row): string {
  return `${header.join('\t')}\n${header.map((h) => row[h] ?? '').join('\t')}\n`;
}

/**
 * Parses a one-row text with the parser the loader uses for the file; returns its complaint, if any.
 * Other files are given as their built-in header alone (`headers`: file → its header line).
 */
function parseProblem(file: string, text: string, headers: ReadonlyMap<string, string[]>): string | null {
  const empty = (name: string) => `${(headers.get(name) ?? []).join('\t')}\n`;
  const lexicons = (key: keyof LexiconFiles) => {
    const files: LexiconFiles = {
      triggers: empty('triggers.tsv'),
      actors: empty('actors.tsv'),
      cues: empty('cues.tsv'),
      titles: empty('titles.tsv'),
      placeWords: empty('place-words.tsv'),
      outlets: empty('outlets.tsv'),
      givenNames: empty('given-names.tsv'),
    };
    files[key] = text;
    lexiconsFromTsv(files);
  };
  const parsers: Record<string, () => void> = {
    'triggers.tsv': () => lexicons('triggers'),
    'actors.tsv': () => lexicons('actors'),
    'cues.tsv': () => lexicons('cues'),
    'titles.tsv': () => lexicons('titles'),
    'place-words.tsv': () => lexicons('placeWords'),
    'outlets.tsv': () => lexicons('outlets'),
    'given-names.tsv': () => lexicons('givenNames'),
    'numbers.tsv': () => numberLexiconFromTsv(text, empty('countable-nouns.tsv')),
    'countable-nouns.tsv': () => numberLexiconFromTsv(empty('numbers.tsv'), text),
    'months.tsv': () => dateLexiconFromTsv(text, empty('date-words.tsv')),
    'date-words.tsv': () => dateLexiconFromTsv(empty('months.tsv'), text),
  };
  const parse = parsers[file] ?? (() => parseTsv(text, file));
  try {
    parse();
    return null;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^[^\s:]+:\d+: /, '');
  }
}

/** The group ids with a display name once the overlay's groups.tsv is applied. */
function knownGroups(overlay: LexiconTexts, base: OverlayBase): Set<string> {
  const groups = new Set(overlayRows(base.lexicons['groups.tsv'] ?? '').map((r) => r.id));
  for (const r of overlayRows(overlay['groups.tsv'] ?? ''))
    if (r.disable) groups.delete(r.id);
    else groups.add(r.id);
  return groups;
}

/** The place ids a parent may name once the overlay's places.tsv is applied. */
function knownPlaces(overlay: LexiconTexts, base: OverlayBase): Set<string> {
  const places = new Set(base.places.map((p) => p.id));
  for (const r of overlayRows(overlay[PLACES_FILE] ?? ''))
    if (r.disable) places.delete(r.id);
    else places.add(r.id);
  return places;
}

function checkFile(
  file: string,
  text: string,
  base: OverlayBase,
  ctx: RowContext,
  headers: ReadonlyMap<string, string[]>,
): OverlayProblem[] {
  const problems: OverlayProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const spec = SPECS[file]!;
  const { header, rows } = readTable(text);
  if (!header) {
    problem(0, 'no header line (the first line that is not a comment names the columns)');
    return problems;
  }
  const builtinHeader = headers.get(file) ?? [];
  const allowed = new Set([...builtinHeader, ...spec.required, ...(spec.optional ?? []), DISABLE_COLUMN]);
  const columns = header.cells;
  let headerOk = true;
  columns.forEach((c, k) => {
    if (!c) {
      problem(header.line, `column ${k + 1} has no name`);
      headerOk = false;
    } else if (!allowed.has(c)) {
      problem(header.line, `unknown column "${c}" (allowed: ${[...allowed].join(', ')})`);
      headerOk = false;
    } else if (columns.indexOf(c) !== k) {
      problem(header.line, `column "${c}" appears twice`);
      headerOk = false;
    }
  });
  // A file of disable rows only ("id", "disable") needs no other column.
  const disableAt = columns.indexOf(DISABLE_COLUMN);
  const disablesOnly = rows.length > 0 && rows.every((r) => r.cells[disableAt] === DISABLE_VALUE);
  for (const c of disablesOnly && disableAt >= 0 ? ['id'] : spec.required)
    if (!columns.includes(c)) {
      problem(header.line, `missing column "${c}"`);
      headerOk = false;
    }
  if (!headerOk) return problems;

  const existing =
    file === PLACES_FILE
      ? new Set(base.places.map((p) => p.id))
      : new Set(overlayRows(base.lexicons[file] ?? '').map((r) => r.id));
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.length > columns.length) {
      problem(line, `${cells.length} cells, the header has ${columns.length}`);
      continue;
    }
    const row = rowRecord(columns, cells);
    const id = row['id'] ?? '';
    if (!id) {
      problem(line, 'no id');
      continue;
    }
    if (/\s/.test(id)) problem(line, `id "${id}" contains a space`);
    const first = seen.get(id);
    if (first !== undefined) problem(line, `duplicate id "${id}" (first on line ${first})`);
    else seen.set(id, line);
    const disable = row[DISABLE_COLUMN] ?? '';
    if (disable === DISABLE_VALUE) {
      if (!existing.has(id)) problem(line, `disables "${id}", which is not a built-in entry`);
      continue;
    }
    if (disable) problem(line, `${DISABLE_COLUMN} must be "${DISABLE_VALUE}" or empty, got "${disable}"`);
    const values = columns.filter((c) => c !== 'id').map((c) => row[c] ?? '');
    if (values.some((v) => v === DISABLE_VALUE) && values.every((v) => v === DISABLE_VALUE || v === '')) {
      // A row of dashes reads as "remove this entry": say how that is written.
      problem(line, `to disable "${id}", put "${DISABLE_VALUE}" in a "${DISABLE_COLUMN}" column`);
      continue;
    }
    const missing = spec.required.filter((c) => !row[c]);
    for (const c of missing) problem(line, `empty ${c}`);
    if (missing.length > 0) continue;
    const own = spec.check?.(row, ctx) ?? [];
    for (const m of own) problem(line, m);
    if (own.length === 0 && file !== PLACES_FILE) {
      const complaint = parseProblem(file, oneRowText(builtinHeader, row), headers);
      if (complaint) problem(line, complaint);
    }
  }
  return problems;
}

/** Every problem of an overlay, sorted by file and line; empty when it can be merged. */
export function checkOverlay(overlay: LexiconTexts, base: OverlayBase): OverlayProblem[] {
  const ctx: RowContext = { groups: knownGroups(overlay, base), places: knownPlaces(overlay, base) };
  const headers = new Map(Object.entries(base.lexicons).map(([f, text]) => [f, headerOf(text)]));
  const problems: OverlayProblem[] = [];
  for (const file of Object.keys(overlay).sort()) {
    if (NOT_OVERLAID[file]) problems.push({ file, line: 0, message: NOT_OVERLAID[file] });
    else if (!SPECS[file])
      problems.push({
        file,
        line: 0,
        message: `unknown file name (an overlay holds ${OVERLAY_FILES.join(', ')})`,
      });
    else problems.push(...checkFile(file, overlay[file]!, base, ctx, headers));
  }
  return problems;
}

/** A problem as printed: `FILE:LINE: message` (`FILE: message` for the file as a whole). */
export function formatProblem(p: OverlayProblem, dir?: string): string {
  const file = dir ? `${dir.replace(/\/+$/, '')}/${p.file}` : p.file;
  return p.line > 0 ? `${file}:${p.line}: ${p.message}` : `${file}: ${p.message}`;
}
