/** `marsad search`: Arabic full-text search over the stored documents or event sentences. */
import { parseArgs } from 'node:util';
import { eventDto } from '../store/event-dto.js';
import type { SearchHit } from '../store/store.js';
import { EVENT_COLUMNS } from './events-command.js';
import type { CommandIO } from './extract-command.js';
import type { Column } from './format-table.js';
import {
  eventFilterOf,
  FILTER_HELP,
  FILTER_OPTIONS,
  intOption,
  OUTPUT_HELP,
  OUTPUT_OPTIONS,
  printRows,
  reportCommandError,
  usage,
  withQueryStore,
} from './query-options.js';

export const SEARCH_HELP = `Usage: marsad search WORDS… [filters] [options]

Finds the documents holding every word, best match first, with an excerpt. Arabic is
folded: hamza and alef forms, ta marbuta, alef maqsura, diacritics and tatweel do not
matter, and clitics are removed ("اعتقال" finds "بالاعتقال" and "والاعتقالات").
With --events, finds the events whose sentence holds every word instead.

${FILTER_HELP}
  With documents, --outlet, --from and --to apply to the document (its publication
  date); the other filters keep documents that report a matching event.

${OUTPUT_HELP}
  --events                 search event sentences; print events

Examples:
  marsad search انشقاق أمير --place "دير الزور"
  marsad search --events إعدام --actor isis --from 2017-01-01 --json
`;

const COLUMNS: ReadonlyArray<Column<SearchHit>> = [
  { header: 'doc', value: (h) => h.documentId, align: 'right' },
  { header: 'published', value: (h) => h.published },
  { header: 'outlet', value: (h) => h.outlet, max: 20 },
  { header: 'title', value: (h) => h.title, max: 30 },
  { header: 'excerpt', value: (h) => h.snippet, max: 90 },
];

export async function runSearch(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...FILTER_OPTIONS, ...OUTPUT_OPTIONS, events: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(SEARCH_HELP);
      return 0;
    }
    const query = positionals.join(' ').trim();
    if (!query) throw usage('no words to search for', 'search');
    const filter = eventFilterOf(values, 'search');
    const limit = intOption(values.limit, 'limit', 'search') ?? (values.events ? 50 : 20);
    if (values.events) {
      const rows = await withQueryStore(values.db, (store) =>
        store.listEvents({ ...filter, text: query, limit }),
      );
      const events = rows.map(eventDto);
      printRows(io, events, EVENT_COLUMNS, { json: values.json, what: 'events' });
      return 0;
    }
    const hits = await withQueryStore(values.db, (store) => store.searchDocuments(query, { limit, filter }));
    printRows(io, hits, COLUMNS, { json: values.json, what: 'documents' });
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'search');
  }
}
