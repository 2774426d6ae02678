/** `marsad persons`: people resolved across documents, with aliases, titles, group and events. */
import { parseArgs } from 'node:util';
import { eventDto } from '../store/event-dto.js';
import { personDto, type PersonDTO } from '../store/person-dto.js';
import { MarsadError } from './errors.js';
import { EVENT_COLUMNS } from './events-command.js';
import type { CommandIO } from './extract-command.js';
import { formatTable, type Column } from './format-table.js';
import {
  intOption,
  jsonLines,
  OUTPUT_HELP,
  OUTPUT_OPTIONS,
  printRows,
  reportCommandError,
  typesOption,
  usage,
  withQueryStore,
} from './query-options.js';

export const PERSONS_HELP = `Usage: marsad persons [options]
       marsad persons --id N [--json]

Lists the people named in the stored events, resolved across documents: one person
gathers the names, kunyas and nisbas the reports use for them (conservatively: two
"أبو محمد" stay two people without more in common). Most documented first.

Filters:
  --name TEXT              a name, kunya or part of one (any of the aliases)
  --group GROUP            belonging to this group (an actor id: isis, sdf …)
  --type TYPE[,TYPE]       appearing in events of these types (defection, execution …)

${OUTPUT_HELP}
  --offset N               skip the first N persons (the next page)
  --id N                   one person with their titles over time and their events
`;

const byType = (p: PersonDTO) =>
  Object.entries(p.eventsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');

const COLUMNS: ReadonlyArray<Column<PersonDTO>> = [
  { header: 'id', value: (p) => p.id, align: 'right' },
  { header: 'name', value: (p) => p.name, max: 30 },
  { header: 'aliases', value: (p) => p.aliases.filter((a) => a !== p.name).join('، '), max: 40 },
  { header: 'title', value: (p) => p.titles[p.titles.length - 1]?.title, max: 20 },
  { header: 'group', value: (p) => p.group, max: 16 },
  { header: 'nationality', value: (p) => p.nationality ?? p.origin, max: 16 },
  { header: 'docs', value: (p) => p.documentsCount, align: 'right' },
  { header: 'events', value: byType, max: 40 },
];

function card(p: PersonDTO): string {
  const titles = p.titles.map((t) => `${t.title}${t.published ? ` (${t.published})` : ''}`).join('، ');
  const lines = [
    `person ${p.id}: ${p.name}`,
    `  aliases      ${p.aliases.join('، ') || '—'}`,
    `  titles       ${titles || '—'}`,
    `  group        ${p.group ?? '—'}`,
    `  origin       ${p.origin ?? '—'}`,
    `  nationality  ${p.nationality ?? '—'}`,
    `  documents    ${p.documentsCount}`,
    `  events       ${byType(p) || '—'}`,
    '',
  ];
  return lines.join('\n') + '\n' + formatTable(p.events ?? [], EVENT_COLUMNS);
}

export async function runPersons(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        ...OUTPUT_OPTIONS,
        name: { type: 'string' },
        group: { type: 'string' },
        type: { type: 'string', multiple: true },
        offset: { type: 'string' },
        id: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(PERSONS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'persons');
    const id = intOption(values.id, 'id', 'persons');
    if (id !== undefined) {
      const person = await withQueryStore(values.db, async (store) => {
        const record = await store.getPerson(id);
        if (!record) throw MarsadError.of('E_NOT_IN_STORE', { what: 'person', id: String(id) });
        const events = await store.listEvents({ personId: id, limit: 10_000 });
        return personDto(record, events.map(eventDto));
      });
      io.stdout.write(values.json ? jsonLines([person]) : card(person));
      return 0;
    }
    const types = typesOption(values.type, 'persons');
    const limit = intOption(values.limit, 'limit', 'persons') ?? 50;
    const offset = intOption(values.offset, 'offset', 'persons', 0) ?? 0;
    const rows = await withQueryStore(values.db, (store) =>
      store.listPersons({
        limit,
        offset,
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.group !== undefined ? { group: values.group } : {}),
        ...(types ? { types } : {}),
      }),
    );
    const persons = rows.map((r) => personDto(r));
    printRows(io, persons, COLUMNS, {
      json: values.json,
      what: 'persons',
      next: persons.length === limit ? `--offset ${offset + limit}` : undefined,
    });
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'persons');
  }
}
