/**
 * One article through the pipeline: header lines read, events extracted. The same function runs in a
 * worker thread and in the main thread (workers: 0), so both give identical results. Pure.
 */
import { extract } from '../extract.js';
import type { Resources } from '../resources/resources.js';
import type { DocumentResult } from '../types.js';
import { minhash } from '../dedupe/minhash.js';
import { searchText } from '../store/search-text.js';
import { normalizeString } from '../text/normalize.js';
import { parseHeader, type ParsedHeader } from './header.js';

export interface ExtractTask {
  /** Caller's key for the task (the pool answers in any order). */
  id: number;
  raw: string;
  /** A publication date known from the source (YYYY-MM-DD): wins over the header's. */
  published: string | null;
  /** What the document is called in errors (a path, a URL), when the caller knows. */
  name?: string;
}

export type ExtractOutcome =
  | {
      id: number;
      ok: true;
      header: ParsedHeader;
      result: DocumentResult;
      /** The stored search forms, computed here so the thread that writes the database does less. */
      textNorm: string;
      searchText: string;
      /** The search form of each event's evidence sentence, in event order. */
      eventSearchTexts: string[];
      /** The near-duplicate signature of the text. */
      minhash: string;
    }
  | { id: number; ok: false; error: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A source's date when it is an ISO date, else null (feeds carry "Tue, 05 Mar" and worse). */
export function isoDateOrNull(value: string | null | undefined): string | null {
  return value && ISO_DATE.test(value) ? value : null;
}

export function extractItem(task: ExtractTask, resources: Resources): ExtractOutcome {
  try {
    const header = parseHeader(task.raw, resources);
    const published = isoDateOrNull(task.published) ?? header.published ?? undefined;
    const result = extract(task.raw, { id: String(task.id), ...(published ? { published } : {}) }, resources);
    if (!result.outlet && header.outlet) result.outlet = header.outlet;
    return {
      id: task.id,
      ok: true,
      header,
      result,
      textNorm: normalizeString(task.raw),
      searchText: searchText(task.raw),
      eventSearchTexts: result.events.map((e) => searchText(e.evidence.text)),
      minhash: minhash(task.raw),
    };
  } catch (error) {
    return { id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
