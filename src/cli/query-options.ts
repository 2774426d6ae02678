/**
 * The options shared by the query commands (`marsad events`, `incidents`, `persons`, `search`, `stats`):
 * the database, the event filters, paging and the output form, parsed into the store's filter types.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { isPostgresUrl } from '../store/open-store.js';
import type { EventFilter, Store } from '../store/store.js';
import { EVENT_TYPES, type EventType } from '../types.js';
import { DB_OPTION_HELP, describeDb, openCommandStore, resolveDbUrl } from './db-option.js';
import { MarsadError, reasonOf } from './errors.js';
import { isIsoDate, type CommandIO } from './extract-command.js';
import { formatTable, type Column } from './format-table.js';

export const FILTER_HELP = `Filters (all given must hold):
  --type TYPE[,TYPE]       event types (${EVENT_TYPES.length}: ${EVENT_TYPES.join(', ')})
  --actor GROUP            the group that acted (an actor id: isis, sdf, regime, coalition …)
  --target GROUP           the group acted on
  --place NAME             a place as written, or an area it lies in (governorate, district,
                           subdistrict): --place "دير الزور" finds every town of the governorate
  --from YYYY-MM-DD        events on or after (undated events count on their publication date)
  --to YYYY-MM-DD          events on or before
  --outlet NAME            reported by this outlet
  --person NAME            naming this person (as written in the event)
  --person-id N            naming this person of the knowledge base (see marsad persons)
  --incident N             the reports of one incident`;

export const OUTPUT_HELP = `Output:
${DB_OPTION_HELP}
  --limit N                at most N rows (default 50)
  --json                   JSON Lines: one object per row, every field
  -h, --help               show this help`;

export const FILTER_OPTIONS = {
  type: { type: 'string', multiple: true },
  actor: { type: 'string' },
  target: { type: 'string' },
  place: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  outlet: { type: 'string' },
  person: { type: 'string' },
  'person-id': { type: 'string' },
  incident: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const OUTPUT_OPTIONS = {
  db: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type FilterValues = { [K in keyof typeof FILTER_OPTIONS]?: K extends 'type' ? string[] : string };

export const usage = (detail: string, command: string) =>
  MarsadError.of('E_USAGE', { detail, help: `marsad ${command} --help` });

/** A positive integer option, or undefined when absent. */
export function intOption(
  value: string | undefined,
  name: string,
  command: string,
  min = 1,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw usage(`--${name} must be an integer ≥ ${min}, got '${value}'`, command);
  return n;
}

function dateOption(value: string | undefined, name: string, command: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw usage(`--${name} must be a date as YYYY-MM-DD, got '${value}'`, command);
  return value;
}

/** The event types of --type (repeatable, comma separated), checked against the known types. */
export function typesOption(values: readonly string[] | undefined, command: string): EventType[] | undefined {
  if (!values?.length) return undefined;
  const types = values
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of types)
    if (!(EVENT_TYPES as readonly string[]).includes(t))
      throw usage(`unknown event type '${t}': one of ${EVENT_TYPES.join(', ')}`, command);
  return types as EventType[];
}

/** The store filter the filter options describe. */
export function eventFilterOf(values: FilterValues, command: string): EventFilter {
  const filter: EventFilter = {};
  const types = typesOption(values.type, command);
  if (types) filter.types = types;
  if (values.actor !== undefined) filter.actor = values.actor;
  if (values.target !== undefined) filter.target = values.target;
  if (values.place !== undefined) filter.placeName = values.place;
  const from = dateOption(values.from, 'from', command);
  const to = dateOption(values.to, 'to', command);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to)
    throw usage(`--from ${from} is after --to ${to}`, command);
  if (values.outlet !== undefined) filter.outlet = values.outlet;
  if (values.person !== undefined) filter.person = values.person;
  const personId = intOption(values['person-id'], 'person-id', command);
  if (personId !== undefined) filter.personId = personId;
  const incident = intOption(values.incident, 'incident', command);
  if (incident !== undefined) filter.incident = incident;
  return filter;
}

/** The SQLite file a database URL names, or null for PostgreSQL and in-memory databases. */
function sqliteFile(url: string): string | null {
  if (isPostgresUrl(url) || url === ':memory:') return null;
  if (url.startsWith('file://')) return fileURLToPath(url);
  return resolve(url.startsWith('file:') ? url.slice('file:'.length) : url);
}

/**
 * Opens the database for reading, runs `body`, closes it. A SQLite file that does not exist is an error
 * (querying must not leave an empty database behind a typo).
 */
export async function withQueryStore<T>(
  dbOption: string | undefined,
  body: (store: Store) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const url = resolveDbUrl(dbOption);
  const file = sqliteFile(url);
  if (!options.create && file !== null && !existsSync(file))
    throw MarsadError.of('E_NO_DATABASE', { db: file });
  const store = await openCommandStore(url);
  try {
    return await body(store);
  } catch (err) {
    if (err instanceof MarsadError) throw err;
    throw MarsadError.of('E_DATABASE', { db: describeDb(url), reason: reasonOf(err) }, undefined, {
      cause: err,
    });
  } finally {
    await store.close();
  }
}

/** The error of a failed command as one line on stderr; returns the exit status. */
export function reportCommandError(err: unknown, stderr: NodeJS.WritableStream, command: string): number {
  const error =
    err instanceof MarsadError
      ? err
      : err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')
        ? usage(err.message.replace(/\. To specify a positional argument.*$/, ''), command)
        : MarsadError.of('E_INTERNAL', { reason: reasonOf(err) });
  stderr.write(`${error.toLine()}\n`);
  return error.exitCode;
}

/**
 * A query command's rows: JSON Lines with --json, else a table (or "no … match" on stderr), and under a
 * full page the option that fetches the next one.
 */
export function printRows<T>(
  io: Pick<CommandIO, 'stdout' | 'stderr'>,
  rows: readonly T[],
  columns: ReadonlyArray<Column<T>>,
  options: { json: boolean | undefined; what: string; next?: string | undefined },
): void {
  if (options.json) io.stdout.write(jsonLines(rows));
  else if (!rows.length) io.stderr.write(`no ${options.what} match\n`);
  else {
    io.stdout.write(formatTable(rows, columns));
    if (options.next) io.stderr.write(`more: ${options.next}\n`);
  }
}

/** Rows as JSON Lines. */
export function jsonLines(rows: readonly unknown[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
