/**
 * Reading articles from files (Node only): plain text, Markdown, HTML pages, JSON, JSON Lines and CSV,
 * chosen by the file's extension. Files are read with the safe reader of src/io/read-document.ts (size
 * limit, strict UTF-8, binary and empty detection); directories are walked with src/io/walk-inputs.ts.
 *
 * Errors are MarsadErrors: the reader's codes for a file that cannot be read, E_BAD_RECORD for one bad
 * record of a JSON, JSON Lines or CSV file (the file's other records are still read).
 */
import { extname } from 'node:path';
import { MarsadError, reasonOf } from '../cli/errors.js';
import { parseCsv } from '../gazetteer/csv.js';
import { DEFAULT_MAX_BYTES, readDocumentFile, readDocumentStream } from '../io/read-document.js';
import { walkInputs } from '../io/walk-inputs.js';
import { nameOf, normalizePublished, readHtml } from './html.js';
import { readMarkdown } from './markdown.js';

export interface IngestItem {
  /** The file the item comes from ("stdin" for standard input). */
  sourcePath: string;
  /** Position of the record in a JSON array, JSON Lines or CSV file (0-based); null for a whole file. */
  recordIndex: number | null;
  /** The article's text. */
  raw: string;
  title?: string;
  url?: string;
  /** YYYY-MM-DD when the source's value starts with an ISO date, else the value as given. */
  published?: string;
  outlet?: string;
  author?: string;
}

/** Field (or CSV column) names of a record; "a|b" tries a, then b. */
export interface FieldNames {
  text?: string;
  title?: string;
  url?: string;
  published?: string;
  outlet?: string;
  author?: string;
}

export type FieldName = keyof FieldNames;

export const DEFAULT_FIELDS: Readonly<Record<FieldName, string>> = {
  text: 'text|content|body',
  title: 'title',
  url: 'url|link',
  published: 'published|date|datePublished',
  outlet: 'outlet|source|site',
  author: 'author|byline',
};

export interface ReadInputOptions {
  /** Field names of JSON, JSON Lines and CSV records (and Markdown front matter); defaults: DEFAULT_FIELDS. */
  fields?: FieldNames;
  /** Largest file read, in bytes (default 20 MB). */
  maxBytes?: number;
  /**
   * Receives each file or record that fails, in order, and reading goes on. Without it, the first
   * failure is thrown once every readable item has been yielded.
   */
  onError?: (error: MarsadError) => void;
}

export type InputFormat = 'text' | 'markdown' | 'html' | 'json' | 'jsonl' | 'csv';

const FORMATS: Record<string, InputFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/** The format of a path, by its extension (case-insensitive); anything unknown is text. */
export function formatOf(path: string): InputFormat {
  return FORMATS[extname(path).toLowerCase()] ?? 'text';
}

type Outcome = IngestItem | MarsadError;

function badRecord(path: string, where: string, detail: string): MarsadError {
  return MarsadError.of('E_BAD_RECORD', { where, detail }, path);
}

/**
 * Why a string cannot be stored as it is, if so: a NUL character (PostgreSQL refuses it in text, and
 * SQLite's string functions stop at it) or an unpaired surrogate (a JSON escape such as "\ud800", which
 * UTF-8 cannot encode: it would be stored as U+FFFD, silently changing the text).
 */
function unstorable(value: string): string | undefined {
  const nul = value.indexOf('\0');
  if (nul >= 0) return `a NUL character (at character ${nul})`;
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(value);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `an unpaired surrogate U+${unit} (at character ${lone.index})`;
  }
  return undefined;
}

/** The E_BINARY error of a decoded file holding a NUL past the sample that binary detection reads. */
function nulInText(text: string, path: string): MarsadError | null {
  const at = text.indexOf('\0');
  if (at < 0) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const detail = `NUL byte at offset ${Buffer.byteLength(before, 'utf8')} (line ${line})`;
  return MarsadError.of('E_BINARY', { detail }, path);
}

/** The first field of an item that cannot be stored, as an E_BAD_RECORD detail. */
function unstorableField(item: IngestItem): string | undefined {
  for (const field of ['raw', 'title', 'url', 'published', 'outlet', 'author'] as const) {
    const value = item[field];
    const flaw = value === undefined ? undefined : unstorable(value);
    if (flaw) return `the ${field === 'raw' ? 'text' : field} field holds ${flaw}`;
  }
  return undefined;
}

function fieldNames(fields: FieldNames | undefined, field: FieldName): string[] {
  return (fields?.[field] ?? DEFAULT_FIELDS[field])
    .split('|')
    .map((n) => n.trim())
    .filter(Boolean);
}

/** The value of the first of the names the record has (exact name first, then ignoring case). */
function lookup(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (Object.hasOwn(record, name)) return record[name];
  const lower = new Map(Object.keys(record).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return record[key];
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Metadata fields of a record, only those present. */
function metadata(
  record: Record<string, unknown>,
  fields: FieldNames | undefined,
): Omit<IngestItem, 'sourcePath' | 'recordIndex' | 'raw'> {
  const out: Omit<IngestItem, 'sourcePath' | 'recordIndex' | 'raw'> = {};
  const title = stringOf(lookup(record, fieldNames(fields, 'title')));
  const url = stringOf(lookup(record, fieldNames(fields, 'url')));
  const published = stringOf(lookup(record, fieldNames(fields, 'published')));
  const outlet = nameOf(lookup(record, fieldNames(fields, 'outlet')));
  const author = nameOf(lookup(record, fieldNames(fields, 'author')));
  if (title !== undefined) out.title = title;
  if (url !== undefined) out.url = url;
  if (published !== undefined) out.published = normalizePublished(published);
  if (outlet !== undefined) out.outlet = outlet;
  if (author !== undefined) out.author = author;
  return out;
}

/** One record (a JSON object, a CSV row as an object) as an item, or the reason it is bad. */
function recordItem(
  value: unknown,
  path: string,
  recordIndex: number | null,
  where: string,
  fields: FieldNames | undefined,
): Outcome {
  // One record that breaks the reader spoils that record, not the file's other records.
  try {
    return readRecord(value, path, recordIndex, where, fields);
  } catch (err) {
    return MarsadError.of('E_INTERNAL', { reason: `${where}: ${reasonOf(err)}` }, path, { cause: err });
  }
}

function readRecord(
  value: unknown,
  path: string,
  recordIndex: number | null,
  where: string,
  fields: FieldNames | undefined,
): Outcome {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    return badRecord(path, where, `expected an object, got ${kind}`);
  }
  const record = value as Record<string, unknown>;
  const names = fieldNames(fields, 'text');
  const text = lookup(record, names);
  if (typeof text !== 'string' || text.trim() === '') {
    const looked = names.map((n) => `"${n}"`).join(', ');
    const detail =
      text === undefined
        ? `no text field (looked for ${looked})`
        : typeof text === 'string'
          ? `the text field is empty`
          : `the text field is not a string`;
    return badRecord(path, where, detail);
  }
  const item: IngestItem = { sourcePath: path, recordIndex, raw: text, ...metadata(record, fields) };
  const flaw = unstorableField(item);
  return flaw ? badRecord(path, where, flaw) : item;
}

function readJson(text: string, path: string, fields: FieldNames | undefined): Outcome[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return [badRecord(path, 'file', `not valid JSON: ${reasonOf(err)}`)];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [MarsadError.of('E_EMPTY', {}, path)];
    return value.map((v, i) => recordItem(v, path, i, `array index ${i}`, fields));
  }
  return [recordItem(value, path, null, 'file', fields)];
}

function readJsonLines(text: string, path: string, fields: FieldNames | undefined): Outcome[] {
  const out: Outcome[] = [];
  const lines = text.split('\n');
  let index = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      out.push(badRecord(path, where, `not valid JSON: ${reasonOf(err)}`));
      index++;
      continue;
    }
    out.push(recordItem(value, path, index++, where, fields));
  }
  if (out.length === 0) return [MarsadError.of('E_EMPTY', {}, path)];
  return out;
}

function readCsvRecords(text: string, path: string, fields: FieldNames | undefined): Outcome[] {
  const { records, problems } = parseCsv(text);
  const header = records[0];
  if (!header) return [MarsadError.of('E_EMPTY', {}, path)];
  const columns = header.fields.map((f) => f.trim());
  const rows = records.slice(1);
  if (rows.length === 0) return [MarsadError.of('E_EMPTY', {}, path)];
  // A problem belongs to the record whose lines hold it.
  const problemOf = (k: number): string | undefined => {
    const from = rows[k]!.line;
    const to = rows[k + 1]?.line ?? Infinity;
    const p = problems.find((q) => q.line >= from && q.line < to);
    return p && `${p.message} (line ${p.line})`;
  };
  const headerProblem = problems.find((q) => q.line < (rows[0]?.line ?? Infinity));
  if (headerProblem)
    return [badRecord(path, `line ${headerProblem.line}`, `header: ${headerProblem.message}`)];
  return rows.map((row, k) => {
    const where = `line ${row.line}`;
    const problem = problemOf(k);
    if (problem) return badRecord(path, where, problem);
    const extra = row.fields.slice(columns.length);
    if (row.fields.length < columns.length || extra.some((f) => f.trim() !== '')) {
      return badRecord(path, where, `${row.fields.length} fields, the header has ${columns.length}`);
    }
    const record: Record<string, string> = {};
    columns.forEach((c, j) => {
      if (c !== '' && !Object.hasOwn(record, c)) record[c] = row.fields[j] ?? '';
    });
    return recordItem(record, path, k, where, fields);
  });
}

function readMarkdownItem(text: string, path: string, fields: FieldNames | undefined): Outcome[] {
  const md = readMarkdown(text);
  if (md.text.trim() === '') return [MarsadError.of('E_EMPTY', {}, path)];
  return [{ sourcePath: path, recordIndex: null, raw: md.text, ...metadata(md.frontMatter, fields) }];
}

function readHtmlItem(text: string, path: string): Outcome[] {
  const { text: raw, ...meta } = readHtml(text);
  if (raw.trim() === '') return [MarsadError.of('E_EMPTY', {}, path)];
  return [{ sourcePath: path, recordIndex: null, raw, ...meta }];
}

/**
 * The items of one decoded file, in order, with the failures among them. Pure: `path` only names the
 * source. Plain text is kept exactly as decoded (CRLF included), so offsets into it index the file.
 */
export function readContent(
  text: string,
  path: string,
  format: InputFormat,
  fields?: FieldNames,
): Array<IngestItem | MarsadError> {
  // Records are checked one by one (a NUL escaped in one JSON record spoils that record only).
  if (format === 'text' || format === 'markdown' || format === 'html') {
    const nul = nulInText(text, path);
    if (nul) return [nul];
  }
  try {
    switch (format) {
      case 'markdown':
        return readMarkdownItem(text, path, fields);
      case 'html':
        return readHtmlItem(text, path);
      case 'json':
        return readJson(text, path, fields);
      case 'jsonl':
        return readJsonLines(text, path, fields);
      case 'csv':
        return readCsvRecords(text, path, fields);
      default:
        return [{ sourcePath: path, recordIndex: null, raw: text }];
    }
  } catch (err) {
    return [MarsadError.of('E_INTERNAL', { reason: reasonOf(err) }, path, { cause: err })];
  }
}

function asMarsadError(err: unknown, path: string): MarsadError {
  if (err instanceof MarsadError) return err;
  return MarsadError.of('E_UNREADABLE', { reason: reasonOf(err) }, path, { cause: err });
}

/**
 * The articles of a file, a directory (every file under it, sorted by path, hidden files skipped) or
 * standard input ("-", read as text), in order.
 */
export async function* readInput(path: string, options: ReadInputOptions = {}): AsyncGenerator<IngestItem> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let first: MarsadError | null = null;
  const report = (error: MarsadError) => {
    if (options.onError) options.onError(error);
    else first ??= error;
  };
  for await (const input of walkInputs([path])) {
    if (input.kind === 'error') {
      report(input.error);
      continue;
    }
    let text: string;
    try {
      const doc =
        input.kind === 'stdin'
          ? await readDocumentStream(process.stdin, input.path, maxBytes)
          : await readDocumentFile(input.path, maxBytes);
      text = doc.text;
    } catch (err) {
      report(asMarsadError(err, input.path));
      continue;
    }
    const format = input.kind === 'stdin' ? 'text' : formatOf(input.path);
    for (const outcome of readContent(text, input.path, format, options.fields)) {
      if (outcome instanceof MarsadError) report(outcome);
      else yield outcome;
    }
  }
  if (first) throw first;
}
