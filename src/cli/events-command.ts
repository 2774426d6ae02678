/** `marsad events`: the stored events matching filters, as a table or JSON Lines. */
import { parseArgs } from 'node:util';
import { eventDto, type EventDTO } from '../store/event-dto.js';
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

export const EVENTS_HELP = `Usage: marsad events [filters] [options]

Lists the events in the database, oldest id first: each is one report of something
that happened, with the sentence it was read from. Reports of one event by several
outlets share an incident (see marsad incidents).

${FILTER_HELP}
  --text WORDS             words that must all occur in the event's sentence
                           (hamza, ta marbuta, diacritics and clitics folded)

${OUTPUT_HELP}
  --after ID               the next page: events after this id (printed under a full page)

Examples:
  marsad events --type execution,assassination --place "دير الزور" --from 2017-06-01
  marsad events --actor isis --json | jq .location.name
`;

/** The date shown for an event: its own, else (in brackets) its report's publication date. */
export function eventDate(e: EventDTO): string {
  if (e.date?.start)
    return e.date.end && e.date.end !== e.date.start ? `${e.date.start}…${e.date.end}` : e.date.start;
  return e.published ? `(${e.published})` : '';
}

const range = (v: { min: number | null; max: number | null } | null) =>
  !v ? '' : v.min === v.max || v.max === null ? String(v.min ?? '') : `${v.min ?? ''}–${v.max}`;

export const EVENT_COLUMNS: ReadonlyArray<Column<EventDTO>> = [
  { header: 'id', value: (e) => e.id, align: 'right' },
  { header: 'date', value: eventDate },
  { header: 'type', value: (e) => e.type },
  { header: 'place', value: (e) => e.location?.name, max: 20 },
  { header: 'actor', value: (e) => e.actor, max: 16 },
  { header: 'target', value: (e) => e.target, max: 16 },
  { header: 'n', value: (e) => range(e.count), align: 'right' },
  { header: 'dead', value: (e) => range(e.fatalities), align: 'right' },
  { header: 'persons', value: (e) => e.persons.map((p) => p.name).join('، '), max: 30 },
  { header: 'outlet', value: (e) => e.outlet, max: 20 },
  { header: 'evidence', value: (e) => e.evidence.text, max: 60 },
];

export async function runEvents(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...FILTER_OPTIONS, ...OUTPUT_OPTIONS, text: { type: 'string' }, after: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(EVENTS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'events');
    const filter = eventFilterOf(values, 'events');
    if (values.text !== undefined) filter.text = values.text;
    const limit = intOption(values.limit, 'limit', 'events') ?? 50;
    const after = intOption(values.after, 'after', 'events', 0);
    const rows = await withQueryStore(values.db, (store) =>
      store.listEvents({ ...filter, limit, ...(after !== undefined ? { after } : {}) }),
    );
    const events = rows.map(eventDto);
    printRows(io, events, EVENT_COLUMNS, {
      json: values.json,
      what: 'events',
      next: events.length === limit ? `--after ${events[events.length - 1]!.id}` : undefined,
    });
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'events');
  }
}
