/**
 * Lexicon overlays: a user's directory of TSV files with the names and columns of data/lexicons (plus
 * places.tsv for the gazetteer) merged into the built-in data before it is parsed, so every consumer sees
 * the merged data. Per row, by `id`: a new id adds an entry, a built-in id replaces that entry, and a row
 * with `-` in the `disable` column removes it. Pure: texts in, texts out (docs/customising.md).
 */
import { PLACE_KINDS } from './gazetteer.js';
import type { Place, PlaceKind } from '../types.js';

/** File name → text, as read from a lexicon directory. */
export type LexiconTexts = Readonly<Record<string, string>>;

/** The column whose value `-` removes the built-in entry of the row's id. */
export const DISABLE_COLUMN = 'disable';
export const DISABLE_VALUE = '-';

/** The gazetteer additions of an overlay (not a file of data/lexicons). */
export const PLACES_FILE = 'places.tsv';

/** Source recorded on places that come from an overlay and name none. */
export const OVERLAY_PLACE_SOURCE = 'lexicon overlay';

export interface TableLine {
  /** 1-based line number in the file. */
  line: number;
  cells: string[];
}

/** A TSV file read without judging it: the header and the data lines, comments and blanks skipped. */
export interface Table {
  header: TableLine | null;
  rows: TableLine[];
}

/** Reads a TSV text loosely (the checker reports what is wrong; the merge takes what it can). */
export function readTable(text: string): Table {
  let header: TableLine | null = null;
  const rows: TableLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (!raw.trim() || raw.startsWith('#')) return;
      const cells = raw.split('\t').map((c) => c.trim());
      if (header) rows.push({ line: i + 1, cells });
      else header = { line: i + 1, cells };
    });
  return { header, rows };
}

/** A data line as a record by column name (missing cells are empty). */
export function rowRecord(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((h, k) => (out[h] = cells[k] ?? ''));
  return out;
}

/** Whether a row of an overlay removes the built-in entry of its id. */
export function isDisableRow(row: Readonly<Record<string, string>>): boolean {
  return row[DISABLE_COLUMN] === DISABLE_VALUE;
}

export interface OverlayRow {
  id: string;
  line: number;
  row: Record<string, string>;
  disable: boolean;
}

/** The rows of an overlay file that have an id, in file order (a later row of the same id wins). */
export function overlayRows(text: string): OverlayRow[] {
  const { header, rows } = readTable(text);
  if (!header) return [];
  return rows
    .map((r) => {
      const row = rowRecord(header.cells, r.cells);
      return { id: row['id'] ?? '', line: r.line, row, disable: isDisableRow(row) };
    })
    .filter((r) => r.id !== '');
}

/** One overlay file merged into one built-in text: replaced rows in place, new rows at the end. */
function mergeText(builtin: string, overlay: string): string {
  const rows = overlayRows(overlay);
  if (rows.length === 0) return builtin;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lines = builtin.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | null = null;
  const used = new Set<string>();
  const out: string[] = [];
  const serialise = (row: Record<string, string>) => header!.map((h) => row[h] ?? '').join('\t');
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) {
      out.push(line);
      continue;
    }
    const cells = line.split('\t').map((c) => c.trim());
    if (!header) {
      header = cells;
      out.push(line);
      continue;
    }
    const id = rowRecord(header, cells)['id'] ?? '';
    const over = byId.get(id);
    if (!over) {
      out.push(line);
      continue;
    }
    used.add(id);
    if (!over.disable) out.push(serialise(over.row));
  }
  // A built-in file without a header cannot take rows (the checker reports the overlay's own problems).
  if (!header) return builtin;
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  for (const r of byId.values()) if (!used.has(r.id) && !r.disable) out.push(serialise(r.row));
  return `${out.join('\n')}\n`;
}

/**
 * The built-in lexicon texts with an overlay's files merged in. Only files the built-in set has are
 * merged (places.tsv goes to overlayPlaces); the result has exactly the built-in file names.
 */
export function applyOverlay(builtin: LexiconTexts, overlay: LexiconTexts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(builtin)) {
    out[name] = Object.hasOwn(overlay, name) ? mergeText(text, overlay[name]!) : text;
  }
  return out;
}

/** The list cells of places.tsv (`|` separated), blanks dropped. */
function listCell(value: string | undefined): string[] {
  return (value ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A place from a places.tsv row (assumed checked: see check-overlay.ts). */
export function placeFromRow(row: Readonly<Record<string, string>>): Place {
  const kind = row['kind'] as PlaceKind;
  const population = row['population'] ? Number(row['population']) : null;
  return {
    id: row['id']!,
    nameAr: row['name_ar'] ?? '',
    nameEn: row['name_en'] ?? '',
    aliases: [...new Set([...listCell(row['aliases']), ...listCell(row['aliases_ar'])])],
    kind: PLACE_KINDS.includes(kind) ? kind : 'village',
    lat: Number(row['lat']),
    lon: Number(row['lon']),
    parent: row['parent'] || null,
    country: (row['country'] ?? '').toUpperCase(),
    population: population !== null && Number.isFinite(population) ? population : null,
    source: row['source'] || OVERLAY_PLACE_SOURCE,
  };
}

/** The gazetteer's places with an overlay's places.tsv applied: replaced in place, removed, added. */
export function overlayPlaces(places: readonly Place[], placesTsv: string): Place[] {
  const rows = overlayRows(placesTsv);
  if (rows.length === 0) return [...places];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Place[] = [];
  for (const p of places) {
    const over = byId.get(p.id);
    if (!over) out.push(p);
    else if (!over.disable) out.push(placeFromRow(over.row));
  }
  const known = new Set(places.map((p) => p.id));
  for (const r of byId.values()) if (!known.has(r.id) && !r.disable) out.push(placeFromRow(r.row));
  return out;
}

export type OverlayAction = 'add' | 'override' | 'disable';

export interface OverlayChange {
  file: string;
  line: number;
  id: string;
  action: OverlayAction;
  /** The row's cells after the id, as written (empty for a disable row). */
  summary: string;
}

/**
 * What an overlay does, row by row: adds, overrides or disables. builtinIds: the built-in ids of each
 * file (places.tsv: the gazetteer's place ids). Files the built-in set does not know are left out.
 */
export function describeOverlay(
  overlay: LexiconTexts,
  builtinIds: ReadonlyMap<string, ReadonlySet<string>>,
): OverlayChange[] {
  const out: OverlayChange[] = [];
  for (const file of Object.keys(overlay).sort()) {
    const ids = builtinIds.get(file);
    if (!ids) continue;
    const { header } = readTable(overlay[file]!);
    const columns = (header?.cells ?? []).filter((c) => c !== 'id' && c !== DISABLE_COLUMN);
    for (const r of overlayRows(overlay[file]!)) {
      const action: OverlayAction = r.disable ? 'disable' : ids.has(r.id) ? 'override' : 'add';
      const summary = r.disable
        ? ''
        : columns
            .map((c) => r.row[c] ?? '')
            .filter(Boolean)
            .join(' | ');
      out.push({ file, line: r.line, id: r.id, action, summary });
    }
  }
  return out;
}

/** The ids of a built-in TSV text. */
export function idsOf(text: string): Set<string> {
  return new Set(overlayRows(text).map((r) => r.id));
}
