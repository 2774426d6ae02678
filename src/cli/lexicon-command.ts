/** `marsad lexicon`: check a lexicon overlay, show what it adds, overrides and disables. */
import { parseArgs } from 'node:util';
import { extendGazetteer, loadLocalGazetteer } from '../gazetteer/local-gazetteer.js';
import { describeOverlay, idsOf, PLACES_FILE, type OverlayChange } from '../resources/apply-overlay.js';
import { checkOverlay, formatProblem } from '../resources/check-overlay.js';
import type { Gazetteer } from '../resources/gazetteer.js';
import { loadGazetteer } from '../resources/load-gazetteer.js';
import { readBuiltinLexicons } from '../resources/load-resources.js';
import { packageRoot } from '../resources/package-root.js';
import { defaultOverlayDir, readOverlay, resolveOverlayDir } from '../resources/read-overlay.js';
import { MarsadError, reasonOf } from './errors.js';
import type { CommandIO } from './extract-command.js';
import { LEXICONS_OPTION_HELP, resourcesError } from './lexicons-option.js';

export const LEXICON_HELP = `Usage: marsad lexicon check|show [--lexicons DIR]

A lexicon overlay is a directory of TSV files named and laid out like data/lexicons
(actors.tsv, triggers.tsv, titles.tsv, place-words.tsv, outlets.tsv, given-names.tsv,
nisbas.tsv, groups.tsv …) plus places.tsv for places. A row with a new id adds an
entry, a row with a built-in id replaces it, and a row with "-" in a "disable" column
removes it. Every command that extracts loads the overlay (see docs/customising.md).

Subcommands:
  check      check every file: names, columns, required values, allowed values,
             duplicate ids, coordinates, parents; prints FILE:LINE: problem
  show       list what the overlay adds, overrides and disables, file by file

Options:
${LEXICONS_OPTION_HELP}
  -h, --help               show this help

Exit status: 0 no problem, 1 some problem (or no such directory), 2 usage error.
`;

const SUBCOMMANDS = ['check', 'show'] as const;

function usage(detail: string): MarsadError {
  return MarsadError.of('E_USAGE', { detail, help: 'marsad lexicon --help' });
}

function defaultIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** The gazetteer an overlay's places are checked against: the built-in and the local one. */
function baseGazetteer(): Gazetteer {
  const root = packageRoot();
  const local = loadLocalGazetteer(undefined);
  return local ? extendGazetteer(loadGazetteer(root), local) : loadGazetteer(root);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function counts(changes: readonly OverlayChange[]): string {
  const n = (a: OverlayChange['action']) => changes.filter((c) => c.action === a).length;
  return `${n('add')} added, ${n('override')} overridden, ${n('disable')} disabled`;
}

function showText(changes: readonly OverlayChange[]): string {
  const lines: string[] = [];
  const files = [...new Set(changes.map((c) => c.file))];
  const width = Math.max(0, ...changes.map((c) => c.id.length)) + 2;
  for (const file of files) {
    const own = changes.filter((c) => c.file === file);
    lines.push(`${file}: ${counts(own)}`);
    for (const c of own)
      lines.push(`  ${c.action.padEnd(10)}${c.summary ? c.id.padEnd(width) + c.summary : c.id}`.trimEnd());
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function runLexicon(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { lexicons: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw usage(reasonOf(err).replace(/\. To specify a positional argument.*$/, ''));
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(LEXICON_HELP);
      return 0;
    }
    const [sub, ...rest] = positionals;
    if (sub === undefined) throw usage(`name a subcommand: ${SUBCOMMANDS.join(' or ')}`);
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw usage(`unknown subcommand '${sub}'`);
    if (rest.length > 0) throw usage(`unexpected argument '${rest[0]}'`);
    if (values.lexicons !== undefined && values.lexicons.trim() === '')
      throw usage('--lexicons wants a directory');

    let dir: string | null;
    try {
      dir = resolveOverlayDir(values.lexicons);
    } catch (err) {
      throw resourcesError(err);
    }
    if (dir === null) {
      io.stderr.write(`no lexicon overlay: ${defaultOverlayDir()} does not exist (nothing to ${sub})\n`);
      return 0;
    }
    const overlay = readOverlay(dir);
    let builtin: Record<string, string>;
    let gazetteer: Gazetteer;
    try {
      builtin = readBuiltinLexicons();
      gazetteer = baseGazetteer();
    } catch (err) {
      throw MarsadError.of('E_RESOURCES', { reason: reasonOf(err) }, undefined, { cause: err });
    }
    const problems = checkOverlay(overlay.files, { lexicons: builtin, places: gazetteer.places });
    const builtinIds = new Map<string, ReadonlySet<string>>(
      Object.entries(builtin).map(([file, text]) => [file, idsOf(text)]),
    );
    builtinIds.set(PLACES_FILE, new Set(gazetteer.places.map((p) => p.id)));
    const changes = describeOverlay(overlay.files, builtinIds);
    const files = plural(Object.keys(overlay.files).length, 'file');

    if (sub === 'show') {
      io.stdout.write(showText(changes));
      if (problems.length > 0) {
        io.stderr.write(
          `${dir}: ${plural(problems.length, 'problem')}: run \`marsad lexicon check\` to list them\n`,
        );
        return 1;
      }
      if (changes.length === 0) io.stderr.write(`${dir}: ${files}, no entries\n`);
      return 0;
    }
    for (const p of problems) io.stdout.write(`${formatProblem(p, dir)}\n`);
    if (problems.length > 0) {
      io.stderr.write(`${dir}: ${plural(problems.length, 'problem')}\n`);
      return 1;
    }
    io.stdout.write(`${dir}: ${files}, ${plural(changes.length, 'row')} (${counts(changes)}): no problems\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    io.stderr.write(`${err.toLine()}\n`);
    return err.exitCode;
  }
}
