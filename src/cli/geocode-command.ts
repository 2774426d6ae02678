/** `marsad geocode "TEXT"`: the places a text names, the candidates behind each, with scores and reasons. */
import { parseArgs } from 'node:util';
import { geocode } from '../extract.js';
import { MarsadError } from './errors.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';
import type { Place } from '../types.js';

export const GEOCODE_HELP = `Usage: marsad geocode "TEXT" [--json]

Shows how marsad reads the places in an Arabic text: each place mention, the gazetteer
entry chosen for it (kind, coordinates, governorate, district), the parent named in the
text, and every same-name candidate with its score and the reasons for it.

Options:
  --json                   print JSON instead of text
${LEXICONS_OPTION_HELP}
  -h, --help               show this help
`;

function describe(p: Place, chain: Place[]): string {
  const admins = chain.map((a) => a.nameAr).join(' ← ');
  return `${p.nameAr} / ${p.nameEn} [${p.kind}, ${p.id}] (${p.lat.toFixed(4)}, ${p.lon.toFixed(4)})${admins ? ` ← ${admins}` : ''}`;
}

export async function runGeocode(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        lexicons: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`marsad: E_USAGE: ${(e as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(GEOCODE_HELP);
    return 0;
  }
  const text = parsed.positionals.join(' ').trim();
  if (!text) {
    process.stderr.write(
      'marsad: E_USAGE: geocode needs a text (marsad geocode "قرية السكرية في ريف البوكمال")\n',
    );
    return 2;
  }
  let resources;
  try {
    resources = loadCommandResources(parsed.values.lexicons);
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    process.stderr.write(`${err.toLine()}\n`);
    return err.exitCode;
  }
  const gaz = resources.gazetteer;
  const found = geocode(text, resources);
  if (parsed.values.json) {
    process.stdout.write(
      JSON.stringify(
        found.map(({ mention: m, candidates }) => ({
          text: m.text,
          start: m.start,
          end: m.end,
          name: m.name,
          rule: m.rule,
          place: m.place?.id ?? null,
          parent: m.parentPlace?.id ?? null,
          candidates: candidates.map((c) => ({
            id: c.place.id,
            score: +c.score.toFixed(2),
            chosen: c.chosen,
            reasons: c.reasons,
          })),
        })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (!found.length) process.stdout.write('no place found\n');
  for (const { mention: m, candidates } of found) {
    process.stdout.write(`«${m.text}» [${m.start}-${m.end}] ${m.rule}\n`);
    if (m.place) process.stdout.write(`  → ${describe(m.place, gaz.ancestors(m.place))}\n`);
    else
      process.stdout.write(
        `  → ${m.name}: not in the gazetteer${m.parentPlace ? '' : ' (no parent named)'}\n`,
      );
    if (m.parentPlace) process.stdout.write(`  parent in the text: ${describe(m.parentPlace, [])}\n`);
    if (candidates.length > 1) {
      for (const c of candidates)
        process.stdout.write(
          `    ${c.chosen ? '*' : ' '} ${c.score.toFixed(1).padStart(7)}  ${c.place.nameAr} [${c.place.kind}, ${c.place.id}]: ${c.reasons.join('; ')}\n`,
        );
    }
  }
  return 0;
}
