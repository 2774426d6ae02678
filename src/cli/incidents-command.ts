/** `marsad incidents`: reports of one event merged across documents, with their sources. */
import { parseArgs } from 'node:util';
import { eventDto } from '../store/event-dto.js';
import { incidentDto, type IncidentDTO } from '../store/incident-dto.js';
import { MarsadError } from './errors.js';
import { EVENT_COLUMNS } from './events-command.js';
import type { CommandIO } from './extract-command.js';
import { formatTable, type Column } from './format-table.js';
import {
  eventFilterOf,
  FILTER_HELP,
  FILTER_OPTIONS,
  intOption,
  jsonLines,
  OUTPUT_HELP,
  OUTPUT_OPTIONS,
  printRows,
  reportCommandError,
  usage,
  withQueryStore,
} from './query-options.js';

export const INCIDENTS_HELP = `Usage: marsad incidents [filters] [options]
       marsad incidents --id N [--json]

Lists incidents: the reports of one event by several documents merged into one, with
the number of sources, how many of them are independent outlets (reposts count once),
and every value the sources gave (one says 4 killed, another 6: both are kept).
An incident qualifies when one of its reports matches the filters.

${FILTER_HELP}
  --min-sources N          corroborated by at least N independent outlets

${OUTPUT_HELP}
  --after ID               the next page: incidents after this id
  --id N                   one incident with all its reports
`;

/** Values with their support, most supported first: "6 (2) | 4 (1)"; one value alone is shown bare. */
export function valuesCell<T>(values: ReadonlyArray<{ value: T; support: number }>): string {
  if (values.length <= 1) return values.map((v) => String(v.value)).join('');
  return [...values]
    .sort((a, b) => b.support - a.support)
    .map((v) => `${String(v.value)} (${v.support})`)
    .join(' | ');
}

const dates = (i: IncidentDTO) =>
  i.firstDate && i.lastDate && i.firstDate !== i.lastDate
    ? `${i.firstDate}…${i.lastDate}`
    : (i.firstDate ?? '');

const COLUMNS: ReadonlyArray<Column<IncidentDTO>> = [
  { header: 'id', value: (i) => i.id, align: 'right' },
  { header: 'date', value: dates },
  { header: 'type', value: (i) => i.type },
  { header: 'place', value: (i) => i.place.name, max: 20 },
  { header: 'actor', value: (i) => valuesCell(i.values.actors) || i.actor, max: 24 },
  { header: 'target', value: (i) => i.target, max: 16 },
  { header: 'dead', value: (i) => valuesCell(i.values.fatalities), max: 20 },
  { header: 'n', value: (i) => valuesCell(i.values.counts), max: 20 },
  { header: 'sources', value: (i) => `${i.corroboration}/${i.sourcesCount}`, align: 'right' },
  { header: 'outlets', value: (i) => i.values.sources.join('، '), max: 40 },
  { header: 'persons', value: (i) => i.values.persons.join('، '), max: 30 },
];

function card(i: IncidentDTO): string {
  const lines = [
    `incident ${i.id}: ${i.type}`,
    `  date         ${dates(i) || '—'}`,
    `  place        ${i.place.name ?? '—'}${i.place.lat !== null ? ` (${i.place.lat}, ${i.place.lon})` : ''}`,
    `  actor        ${valuesCell(i.values.actors) || i.actor || '—'}`,
    `  target       ${i.target ?? '—'}`,
    `  killed       ${valuesCell(i.values.fatalities) || '—'}`,
    `  count        ${valuesCell(i.values.counts) || '—'}`,
    `  persons      ${i.values.persons.join('، ') || '—'}`,
    `  sources      ${i.sourcesCount} reports, ${i.corroboration} independent: ${i.values.sources.join('، ')}`,
    '',
  ];
  return lines.join('\n') + '\n' + formatTable(i.reports ?? [], EVENT_COLUMNS);
}

export async function runIncidents(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        ...FILTER_OPTIONS,
        ...OUTPUT_OPTIONS,
        'min-sources': { type: 'string' },
        after: { type: 'string' },
        id: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(INCIDENTS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'incidents');
    const id = intOption(values.id, 'id', 'incidents');
    if (id !== undefined) {
      const incident = await withQueryStore(values.db, async (store) => {
        const record = await store.getIncident(id);
        if (!record) throw MarsadError.of('E_NOT_IN_STORE', { what: 'incident', id: String(id) });
        const reports = await store.listEvents({ incident: id, limit: 10_000 });
        return incidentDto(record, reports.map(eventDto));
      });
      io.stdout.write(values.json ? jsonLines([incident]) : card(incident));
      return 0;
    }
    const filter = eventFilterOf(values, 'incidents');
    const minSources = intOption(values['min-sources'], 'min-sources', 'incidents');
    const limit = intOption(values.limit, 'limit', 'incidents') ?? 50;
    const after = intOption(values.after, 'after', 'incidents', 0);
    const rows = await withQueryStore(values.db, (store) =>
      store.listIncidents({
        ...filter,
        limit,
        ...(minSources !== undefined ? { minSources } : {}),
        ...(after !== undefined ? { after } : {}),
      }),
    );
    const incidents = rows.map((r) => incidentDto(r));
    printRows(io, incidents, COLUMNS, {
      json: values.json,
      what: 'incidents',
      next: incidents.length === limit ? `--after ${incidents[incidents.length - 1]!.id}` : undefined,
    });
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'incidents');
  }
}
