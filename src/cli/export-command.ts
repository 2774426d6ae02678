/** `marsad export`: the stored events matching filters as ACLED CSV, GeoJSON, JSON Lines or PLOVER. */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportEvents, pagedEvents, type ExportFormat } from '../export/export-events.js';
import { loadExportTables } from '../export/export-tables.js';
import { loadGroupNames } from '../resources/group-names.js';
import type { ReviewFilterState } from '../store/store.js';
import { reasonOf } from './errors.js';
import type { CommandIO } from './extract-command.js';
import {
  eventFilterOf,
  FILTER_HELP,
  FILTER_OPTIONS,
  intOption,
  reportCommandError,
  usage,
  withQueryStore,
} from './query-options.js';
import { DB_OPTION_HELP } from './db-option.js';

export const EXPORT_HELP = `Usage: marsad export --format FORMAT [filters] [options]

Writes the stored events matching the filters in a format other tools read, oldest id first.
Events are read and written page by page: an export of any size runs in little memory.

Formats:
  acled                    ACLED-compatible CSV: ACLED's columns in ACLED's order, marsad's types
                           mapped to ACLED event types (data/export/acled-mapping.tsv), actors named
                           as ACLED names them (data/export/acled-actors.tsv), English notes
  geojson                  a GeoJSON FeatureCollection of points, every event attribute a property;
                           events without coordinates are left out (their number is reported)
  jsonl                    JSON Lines, one event a line, as \`marsad events --json\`
  plover                   PLOVER event records, JSON Lines (data/export/plover-mapping.tsv)

${FILTER_HELP}
  --text WORDS             words that must all occur in the event's sentence
  --review STATE[,STATE]   review states to export: unreviewed, confirmed, edited, rejected,
                           or any (default: all but rejected, as the API)
  --after ID               only events after this id (to continue an earlier export)

Output:
${DB_OPTION_HELP}
  --out FILE               write to FILE (default: standard output); written in full or not at all
  --bom                    acled: begin with a UTF-8 byte order mark (for spreadsheets)
  --inter text|numeric     acled: actor types as ACLED's text labels (default) or its numeric codes
  --country CC             the country (ISO 3166 alpha-2) of events whose place has none (default SY)
  -h, --help               show this help

Examples:
  marsad export --format acled --from 2017-01-01 --out events.csv
  marsad export --format geojson --place "دير الزور" --out deir-ez-zor.geojson
  marsad export --format plover --type execution,assassination | jq .event_type
`;

const REVIEW_STATES = ['unreviewed', 'confirmed', 'edited', 'rejected', 'any'] as const;

function reviewOption(value: string | undefined): ReviewFilterState[] | undefined {
  const states = (value ?? 'unreviewed,confirmed,edited')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of states)
    if (!(REVIEW_STATES as readonly string[]).includes(s))
      throw usage(`unknown review state '${s}': one of ${REVIEW_STATES.join(', ')}`, 'export');
  return states.includes('any') ? undefined : (states as ReviewFilterState[]);
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function runExport(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        ...FILTER_OPTIONS,
        format: { type: 'string', short: 'f' },
        text: { type: 'string' },
        review: { type: 'string' },
        after: { type: 'string' },
        db: { type: 'string' },
        out: { type: 'string', short: 'o' },
        bom: { type: 'boolean' },
        inter: { type: 'string' },
        country: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(EXPORT_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'export');
    if (values.format === undefined)
      throw usage(`--format is required: ${EXPORT_FORMATS.join(', ')}`, 'export');
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.format))
      throw usage(`unknown format '${values.format}': one of ${EXPORT_FORMATS.join(', ')}`, 'export');
    const format = values.format as ExportFormat;
    if (values.inter !== undefined && values.inter !== 'text' && values.inter !== 'numeric')
      throw usage(`--inter must be text or numeric, got '${values.inter}'`, 'export');
    if (values.country !== undefined && !/^[A-Z]{2}$/.test(values.country))
      throw usage(`--country must be an ISO 3166 alpha-2 code such as SY, got '${values.country}'`, 'export');

    const filter = eventFilterOf(values, 'export');
    if (values.text !== undefined) filter.text = values.text;
    const review = reviewOption(values.review);
    if (review) filter.review = review;
    const after = intOption(values.after, 'after', 'export', 0);
    if (after !== undefined) filter.after = after;
    const options = {
      bom: values.bom ?? false,
      interCodes: (values.inter ?? 'text') as 'text' | 'numeric',
      ...(values.country !== undefined ? { defaultCountry: values.country } : {}),
    };
    // The group names with the user's lexicon overlay, if any: groups it adds keep their English names.
    const tables = loadExportTables({ groups: loadGroupNames() });

    const summary = await withQueryStore(values.db, async (store) => {
      const chunks = exportEvents(format, pagedEvents(store, filter), tables, options);
      if (values.out === undefined) {
        let r = await chunks.next();
        for (; !r.done; r = await chunks.next()) await write(io.stdout, r.value);
        return r.value;
      }
      // A partial file never takes the place of the one asked for.
      const target = values.out;
      const partial = `${target}.partial-${process.pid}`;
      const cannotWrite = (err: unknown) => usage(`cannot write ${target}: ${reasonOf(err)}`, 'export');
      const file = createWriteStream(partial);
      let fileError: unknown = null;
      file.on('error', (err) => (fileError ??= err));
      const toFile = async (chunk: string) => {
        if (fileError) throw cannotWrite(fileError);
        await write(file, chunk).catch((err: unknown) => {
          throw cannotWrite(err);
        });
      };
      try {
        let r = await chunks.next();
        for (; !r.done; r = await chunks.next()) await toFile(r.value);
        await new Promise<void>((resolve, reject) =>
          file.end((err?: Error | null) =>
            (err ?? fileError) ? reject(cannotWrite(err ?? fileError)) : resolve(),
          ),
        );
        try {
          renameSync(partial, target);
        } catch (err) {
          throw cannotWrite(err);
        }
        return r.value;
      } catch (err) {
        file.destroy();
        rmSync(partial, { force: true });
        throw err;
      }
    });
    const left = summary.withoutCoordinates
      ? `; ${summary.withoutCoordinates} without coordinates left out`
      : '';
    io.stderr.write(
      `exported ${summary.written} events as ${format}${values.out ? ` to ${values.out}` : ''}${left}\n`,
    );
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'export');
  }
}
