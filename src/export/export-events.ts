/**
 * The export formats behind one entry point, fed page by page from the store: only one page of events
 * is in memory at a time, whatever the size of the export.
 */
import { eventDto, type EventDTO } from '../store/event-dto.js';
import type { EventFilter, Store } from '../store/store.js';
import { acledCsv, type AcledOptions } from './acled-csv.js';
import type { ExportTables } from './export-tables.js';
import { geojson } from './geojson.js';
import { plover } from './plover.js';

export const EXPORT_FORMATS = ['acled', 'geojson', 'jsonl', 'plover'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a format writes: its media type and the usual file name. */
export const FORMAT_FILES: Readonly<Record<ExportFormat, { contentType: string; fileName: string }>> = {
  acled: { contentType: 'text/csv; charset=utf-8', fileName: 'marsad-events-acled.csv' },
  geojson: { contentType: 'application/geo+json; charset=utf-8', fileName: 'marsad-events.geojson' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', fileName: 'marsad-events.jsonl' },
  plover: { contentType: 'application/x-ndjson; charset=utf-8', fileName: 'marsad-events-plover.jsonl' },
};

/** How many events were written, and how many were left out for want of coordinates (GeoJSON). */
export interface ExportSummary {
  written: number;
  withoutCoordinates: number;
}

/** The events matching a filter, by ascending id, read `pageSize` at a time with an `after` cursor. */
export async function* pagedEvents(
  store: Pick<Store, 'listEvents'>,
  filter: EventFilter = {},
  pageSize = 1000,
): AsyncGenerator<EventDTO> {
  let after = filter.after ?? 0;
  for (;;) {
    const rows = await store.listEvents({ ...filter, after, limit: pageSize });
    for (const r of rows) yield eventDto(r);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

async function* jsonLines(
  events: AsyncIterable<EventDTO> | Iterable<EventDTO>,
): AsyncGenerator<string, { written: number }> {
  let written = 0;
  for await (const e of events) {
    yield `${JSON.stringify(e)}\n`;
    written++;
  }
  return { written };
}

/** The export in a format, as text chunks; the generator returns the summary. */
export async function* exportEvents(
  format: ExportFormat,
  events: AsyncIterable<EventDTO> | Iterable<EventDTO>,
  tables: ExportTables,
  options: AcledOptions = {},
): AsyncGenerator<string, ExportSummary> {
  if (format === 'geojson') return yield* geojson(events);
  const stream =
    format === 'acled'
      ? acledCsv(events, tables, options)
      : format === 'plover'
        ? plover(events, tables, options)
        : jsonLines(events);
  const { written } = yield* stream;
  return { written, withoutCoordinates: 0 };
}
