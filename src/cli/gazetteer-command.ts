/** `marsad gazetteer`: import places into the local gazetteer, show its counts, look a name up. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { placesFromGeonames, admin1ParentsFromTsv } from '../gazetteer/import-geonames.js';
import { placesFromOcha } from '../gazetteer/import-ocha.js';
import {
  defaultLocalGazetteerPath,
  extendGazetteer,
  isEmptyLocal,
  mergeIntoLocal,
  readLocalGazetteer,
  type LocalGazetteer,
} from '../gazetteer/local-gazetteer.js';
import type { ImportResult } from '../gazetteer/names.js';
import { MB, readDocumentFile } from '../io/read-document.js';
import { placeKey, type Gazetteer } from '../resources/gazetteer.js';
import { loadGazetteer } from '../resources/load-gazetteer.js';
import { packageRoot } from '../resources/package-root.js';
import type { Place } from '../types.js';
import { MarsadError, reasonOf } from './errors.js';

export const GAZETTEER_HELP = `Usage: marsad gazetteer <subcommand> [options]

Manages the local gazetteer: places imported from GeoNames or OCHA files, added to the
built-in gazetteer whenever marsad loads its resources.

Subcommands:
  import geonames|ocha FILE...   read the files and merge their places into the local gazetteer
  stats                          count built-in and local places by country and kind
  lookup NAME                    show the places a name may refer to

Options:
  --local PATH        the local gazetteer file (default: $MARSAD_HOME/gazetteer.local.json,
                      else $XDG_DATA_HOME/marsad/gazetteer.local.json,
                      else ~/.local/share/marsad/gazetteer.local.json)
  --country SY,IQ     import: keep only places of these countries (ISO 3166-1 alpha-2)
  -h, --help          show this help

Sources:
  geonames   a GeoNames dump (SY.txt, cities500.txt; tab-separated, with or without a header line)
  ocha       an HDX/OCHA admin table as CSV (admin2Name_en, admin2Name_ar, admin2Pcode, ...,
             latitude, longitude) or a JSON array of units (name.ar, centroid, externalIds.ochaPcode)

import prints one line per file:
  FILE: added N, merged M, skipped K, errors E (updated U, unchanged X)
"merged" places are the same as a built-in or local place (same name key, near it): their names
become aliases of that place. A bad row is reported on stderr as
  marsad: FILE:LINE: E_GAZETTEER_ROW: <message>
and the other rows are still imported.

Exit status: 0 done, 1 some file or row failed (or lookup found nothing), 2 usage error.
`;

export interface GazetteerIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const SOURCES = ['geonames', 'ocha'] as const;
type Source = (typeof SOURCES)[number];

/** Largest file read by import. */
const MAX_IMPORT_BYTES = 1024 * MB;

function usage(detail: string): MarsadError {
  return MarsadError.of('E_USAGE', { detail, help: 'marsad gazetteer --help' });
}

interface GazetteerArgs {
  positionals: string[];
  local: string;
  countries: string[];
  help: boolean;
}

function parseGazetteerArgs(argv: readonly string[]): GazetteerArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        local: { type: 'string' },
        country: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usage(reasonOf(err).replace(/\. To specify a positional argument.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.local !== undefined && values.local.trim() === '') throw usage('--local needs a file path');
  const countries = (values.country ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const bad = countries.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad !== undefined) throw usage(`--country wants ISO 3166-1 alpha-2 codes (SY,IQ), got '${bad}'`);
  if (values.country !== undefined && countries.length === 0) throw usage('--country needs a country code');
  return {
    positionals,
    local: values.local ?? defaultLocalGazetteerPath(),
    countries,
    help: values.help === true,
  };
}

/** `<file>:<line>: <message>` errors of an importer → the CLI's stderr line. */
function rowErrorLine(file: string, error: string): string {
  const rest = error.startsWith(`${file}:`) ? error.slice(file.length + 1) : '';
  const m = /^(\d+): ([\s\S]*)$/.exec(rest);
  return m
    ? MarsadError.of('E_GAZETTEER_ROW', { detail: m[2]! }, `${file}:${m[1]}`).toLine()
    : MarsadError.of('E_GAZETTEER_ROW', { detail: error }, file).toLine();
}

function builtinGazetteer(): Gazetteer {
  try {
    return loadGazetteer(packageRoot());
  } catch (err) {
    throw MarsadError.of('E_RESOURCES', { reason: reasonOf(err) }, undefined, { cause: err });
  }
}

function readLocal(path: string): LocalGazetteer {
  try {
    return readLocalGazetteer(path);
  } catch (err) {
    throw MarsadError.of('E_LOCAL_GAZETTEER', { reason: reasonOf(err) }, path, { cause: err });
  }
}

async function runImport(args: GazetteerArgs, io: GazetteerIO): Promise<number> {
  const [source, ...files] = args.positionals;
  if (source === undefined) throw usage(`import needs a source: ${SOURCES.join(' or ')}`);
  if (!(SOURCES as readonly string[]).includes(source)) {
    throw usage(`unknown source '${source}': expected ${SOURCES.join(' or ')}`);
  }
  if (files.length === 0) throw usage(`import ${source} needs at least one FILE`);
  const builtin = builtinGazetteer().places;
  readLocal(args.local); // a broken local file stops the run before any work

  let admin1Parents: Map<string, string> | undefined;
  if ((source as Source) === 'geonames') {
    const mapping = join(packageRoot(), 'data', 'gazetteer', 'geonames-admin1.tsv');
    try {
      admin1Parents = admin1ParentsFromTsv(readFileSync(mapping, 'utf8'));
    } catch (err) {
      throw MarsadError.of('E_RESOURCES', { reason: reasonOf(err) }, undefined, { cause: err });
    }
  }

  let exitCode = 0;
  for (const file of files) {
    let text: string;
    try {
      text = (await readDocumentFile(file, MAX_IMPORT_BYTES)).text;
    } catch (err) {
      const e =
        err instanceof MarsadError ? err : MarsadError.of('E_UNREADABLE', { reason: reasonOf(err) }, file);
      io.stderr.write(`${e.toLine()}\n`);
      exitCode = Math.max(exitCode, e.exitCode);
      continue;
    }
    const result: ImportResult =
      (source as Source) === 'geonames'
        ? placesFromGeonames(text, file, { countries: args.countries, admin1Parents })
        : placesFromOcha(text, file, { countries: args.countries });
    for (const error of result.errors) io.stderr.write(`${rowErrorLine(file, error)}\n`);
    if (result.errors.length > 0) exitCode = 1;
    let summary;
    try {
      summary = mergeIntoLocal(args.local, result.places, builtin);
    } catch (err) {
      throw MarsadError.of('E_LOCAL_GAZETTEER', { reason: reasonOf(err) }, args.local, { cause: err });
    }
    io.stdout.write(
      `${file}: added ${summary.added}, merged ${summary.merged}, skipped ${result.skipped}, ` +
        `errors ${result.errors.length} (updated ${summary.updated}, unchanged ${summary.unchanged})\n`,
    );
  }
  const local = readLocal(args.local);
  io.stdout.write(`local gazetteer ${args.local}: ${local.places.length} places\n`);
  return exitCode;
}

/** Countries in report order: Syria, Iraq, then by number of places, then by code. */
function countryOrder(counts: Map<string, number>): string[] {
  const focus = ['SY', 'IQ'];
  return [...counts.keys()].sort((a, b) => {
    const fa = focus.indexOf(a);
    const fb = focus.indexOf(b);
    if (fa !== fb) return (fa < 0 ? 99 : fa) - (fb < 0 ? 99 : fb);
    return counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0);
  });
}

function runStats(args: GazetteerArgs, io: GazetteerIO): number {
  if (args.positionals.length > 0) throw usage(`stats takes no argument, got '${args.positionals[0]}'`);
  const builtin = builtinGazetteer().places;
  const local = readLocal(args.local);
  const builtinIds = new Set(builtin.map((p) => p.id));
  const localPlaces = local.places.filter((p) => !builtinIds.has(p.id));
  const aliased = Object.keys(local.aliases).length;
  io.stdout.write(
    `built-in: ${builtin.length} places\n` +
      `local (${args.local}): ${localPlaces.length} places` +
      (aliased > 0 ? `, extra names for ${aliased} other places` : '') +
      (local.places.length > localPlaces.length
        ? `; ${local.places.length - localPlaces.length} ignored (ids of built-in places)`
        : '') +
      '\n\n',
  );
  const table = new Map<string, Map<string, Map<string, number>>>();
  const totals = new Map<string, number>();
  const count = (origin: string, places: readonly Place[]) => {
    for (const p of places) {
      totals.set(p.country, (totals.get(p.country) ?? 0) + 1);
      let byOrigin = table.get(p.country);
      if (!byOrigin) table.set(p.country, (byOrigin = new Map()));
      let kinds = byOrigin.get(origin);
      if (!kinds) byOrigin.set(origin, (kinds = new Map()));
      kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
    }
  };
  count('built-in', builtin);
  count('local', localPlaces);
  const rows: string[][] = [['country', 'source', 'places', 'kinds']];
  let countryOnly = 0;
  for (const country of countryOrder(totals)) {
    // Countries of which the gazetteer only has the country itself are counted on one line.
    const origins = table.get(country)!;
    if (
      origins.size === 1 &&
      origins.get('built-in')?.size === 1 &&
      origins.get('built-in')?.has('country')
    ) {
      countryOnly++;
      continue;
    }
    for (const origin of ['built-in', 'local']) {
      const kinds = table.get(country)?.get(origin);
      if (!kinds) continue;
      const total = [...kinds.values()].reduce((s, n) => s + n, 0);
      const list = [...kinds.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      rows.push([country, origin, String(total), list]);
    }
  }
  if (countryOnly > 0) rows.push(['other', 'built-in', String(countryOnly), `country ${countryOnly}`]);
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) {
    io.stdout.write(
      `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]!.padStart(width[2]!)}  ${r[3]}\n`,
    );
  }
  return 0;
}

/** Latin names compared without case, marks, punctuation and a leading article. */
function latinKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(al|el|ad|adh|an|ar|as|ash|at|ath|az) /, '')
    .replace(/ /g, '');
}

/** Places a name may refer to: by Arabic key, or by English name or Latin alias. */
export function lookupName(gazetteer: Gazetteer, name: string): Place[] {
  const out: Place[] = [];
  const add = (p: Place) => {
    if (!out.includes(p)) out.push(p);
  };
  if (/[\u0600-\u06FF]/.test(name)) {
    for (const p of gazetteer.lookup(placeKey(name))) add(p);
    for (const p of gazetteer.lookup(name)) add(p);
    return out;
  }
  const key = latinKey(name);
  if (!key) return out;
  for (const p of gazetteer.places) {
    if ([p.nameEn, ...p.aliases].some((n) => !/[\u0600-\u06FF]/.test(n) && latinKey(n) === key)) add(p);
  }
  return out;
}

function describePlace(gazetteer: Gazetteer, p: Place): string {
  const chain = gazetteer.ancestors(p).map((a) => `${a.nameAr} (${a.id}, ${a.kind})`);
  const lines = [
    `${p.id}  ${p.nameAr} / ${p.nameEn}  [${p.kind}, ${p.country}]  ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`,
  ];
  if (p.aliases.length > 0) lines.push(`  aliases: ${p.aliases.join(' | ')}`);
  lines.push(
    `  in: ${chain.length > 0 ? chain.join(' ← ') : p.parent ? `${p.parent} (not in the gazetteer)` : '-'}`,
  );
  if (p.population !== null) lines.push(`  population: ${p.population}`);
  lines.push(`  source: ${p.source}`);
  return lines.join('\n');
}

function runLookup(args: GazetteerArgs, io: GazetteerIO): number {
  const name = args.positionals.join(' ').trim();
  if (!name) throw usage('lookup needs a NAME (marsad gazetteer lookup "البوكمال")');
  const builtin = builtinGazetteer();
  const local = readLocal(args.local);
  const gazetteer = isEmptyLocal(local) ? builtin : extendGazetteer(builtin, local);
  const found = lookupName(gazetteer, name);
  if (found.length === 0) {
    io.stdout.write(`no place named «${name}»\n`);
    return 1;
  }
  io.stdout.write(
    `${found.length} candidate${found.length === 1 ? '' : 's'} for «${name}», most important first:\n`,
  );
  for (const p of found) io.stdout.write(`${describePlace(gazetteer, p)}\n`);
  return 0;
}

function defaultIO(): GazetteerIO {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** Runs `marsad gazetteer`; returns the exit code. */
export async function runGazetteer(argv: readonly string[], io: GazetteerIO = defaultIO()): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === '-h' || sub === '--help' || sub === 'help') {
      io.stdout.write(GAZETTEER_HELP);
      return 0;
    }
    if (sub === undefined) throw usage('a subcommand is needed: import, stats or lookup');
    const args = parseGazetteerArgs(rest);
    if (args.help) {
      io.stdout.write(GAZETTEER_HELP);
      return 0;
    }
    switch (sub) {
      case 'import':
        return await runImport(args, io);
      case 'stats':
        return runStats(args, io);
      case 'lookup':
        return runLookup(args, io);
      default:
        throw usage(`unknown subcommand '${sub}': expected import, stats or lookup`);
    }
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    io.stderr.write(`${err.toLine()}\n`);
    return err.exitCode;
  }
}
