import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeString } from '../text/normalize.js';
import { stripArticle } from '../text/clitics.js';
import { numberLexiconFromTsv } from '../mentions/numbers.js';
import { dateLexiconFromTsv } from '../mentions/dates.js';
import { lexiconsFromTsv } from './lexicons.js';
import { loadGazetteer } from './load-gazetteer.js';
import { extendGazetteer, loadLocalGazetteer } from '../gazetteer/local-gazetteer.js';
import { applyOverlay, overlayPlaces, PLACES_FILE, type LexiconTexts } from './apply-overlay.js';
import { checkOverlay } from './check-overlay.js';
import { createGazetteer, type Gazetteer } from './gazetteer.js';
import { packageRoot } from './package-root.js';
import { OverlayError, readOverlay, resolveOverlayDir, type LexiconOverlay } from './read-overlay.js';
import { parseTsv, TsvError } from './tsv.js';
import type { Resources } from './resources.js';

const LEXICON_FILES = [
  'triggers.tsv',
  'actors.tsv',
  'cues.tsv',
  'titles.tsv',
  'place-words.tsv',
  'outlets.tsv',
  'given-names.tsv',
  'numbers.tsv',
  'countable-nouns.tsv',
  'months.tsv',
  'date-words.tsv',
  'name-stopwords.tsv',
  'ambiguous-places.tsv',
  'nisbas.tsv',
] as const;

/** Lexicon files read by the API and the web app, not by extraction: an overlay may change them too. */
const DISPLAY_FILES = ['groups.tsv'] as const;

export interface LoadResourcesOptions {
  /**
   * The user's local gazetteer (src/gazetteer/local-gazetteer.ts), added to the built-in one: a path,
   * false for none; by default the file at the default path, when it exists.
   */
  localGazetteer?: string | false;
  /**
   * The user's lexicon overlay directory (src/resources/read-overlay.ts), merged into the built-in
   * lexicons and gazetteer: a path, false for none; by default $MARSAD_LEXICONS, else the default
   * directory when it exists.
   */
  lexicons?: string | false;
}

/** The built-in lexicon texts by file name: every file extraction reads, and groups.tsv. */
export function readBuiltinLexicons(root: string = packageRoot()): Record<string, string> {
  const dir = join(root, 'data', 'lexicons');
  return Object.fromEntries(
    [...LEXICON_FILES, ...DISPLAY_FILES].map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

/**
 * The overlay to apply (null when there is none), checked against the built-in data: throws
 * OverlayError naming the first problem.
 */
export function loadCheckedOverlay(
  option: string | false | undefined,
  builtin: LexiconTexts,
  gazetteer: Gazetteer,
): LexiconOverlay | null {
  const dir = resolveOverlayDir(option);
  if (dir === null) return null;
  const overlay = readOverlay(dir);
  const problems = checkOverlay(overlay.files, { lexicons: builtin, places: gazetteer.places });
  if (problems.length > 0) throw new OverlayError(dir, problems);
  return Object.keys(overlay.files).length > 0 ? overlay : null;
}

/** A gazetteer with an overlay's places.tsv applied (the same adjectives). */
function withOverlayPlaces(gazetteer: Gazetteer, placesTsv: string): Gazetteer {
  const adjectives = [...gazetteer.adjectives].map(([key, country]): [string, string] => [key, country.id]);
  return createGazetteer(overlayPlaces(gazetteer.places, placesTsv), adjectives);
}

/**
 * Loads the built-in lexicons and gazetteer from the package's data files, with the local gazetteer
 * and the lexicon overlay when there are (Node only). Throws OverlayError for a broken overlay.
 */
export function loadResources(root: string = packageRoot(), options: LoadResourcesOptions = {}): Resources {
  const builtin = readBuiltinLexicons(root);
  const local = loadLocalGazetteer(options.localGazetteer);
  let gazetteer = local ? extendGazetteer(loadGazetteer(root), local) : loadGazetteer(root);
  const overlay = loadCheckedOverlay(options.lexicons, builtin, gazetteer);
  const text = (overlay ? applyOverlay(builtin, overlay.files) : builtin) as Record<
    (typeof LEXICON_FILES)[number],
    string
  >;
  const hash = createHash('sha256');
  // The built-in texts: with no overlay the version is what it always was.
  for (const f of LEXICON_FILES) hash.update(f).update(builtin[f]!);
  hash.update(String(gazetteer.places.length));
  if (local) hash.update(`local ${local.places.length} ${Object.keys(local.aliases).length}`);
  if (overlay) {
    for (const [name, content] of Object.entries(overlay.files))
      hash.update(`overlay ${name}`).update(content);
    if (overlay.files[PLACES_FILE] !== undefined)
      gazetteer = withOverlayPlaces(gazetteer, overlay.files[PLACES_FILE]);
  }
  const words = (file: (typeof LEXICON_FILES)[number], column: string) =>
    new Set(parseTsv(text[file], file, [column]).map((r) => stripArticle(normalizeString(r[column]!))));
  return {
    lexicons: lexiconsFromTsv({
      triggers: text['triggers.tsv'],
      actors: text['actors.tsv'],
      cues: text['cues.tsv'],
      titles: text['titles.tsv'],
      placeWords: text['place-words.tsv'],
      outlets: text['outlets.tsv'],
      givenNames: text['given-names.tsv'],
    }),
    gazetteer,
    numbers: numberLexiconFromTsv(text['numbers.tsv'], text['countable-nouns.tsv']),
    dates: dateLexiconFromTsv(text['months.tsv'], text['date-words.tsv']),
    nameStopwords: new Set(
      parseTsv(text['name-stopwords.tsv'], 'name-stopwords.tsv', ['word']).map((r) =>
        normalizeString(r['word']!),
      ),
    ),
    ambiguousPlaces: words('ambiguous-places.tsv', 'word'),
    nisbas: new Map(
      parseTsv(text['nisbas.tsv'], 'nisbas.tsv', ['id', 'nisba', 'kind', 'value']).map((r) => {
        const kind = r['kind'];
        if (kind !== 'nationality' && kind !== 'origin')
          throw new TsvError(
            'nisbas.tsv',
            Number(r['__line']),
            `kind must be nationality or origin, got "${kind}"`,
          );
        return [normalizeString(r['nisba']!), { id: r['id']!, kind, value: r['value']! }];
      }),
    ),
    version: hash.digest('hex').slice(0, 12),
    loadedWith: {
      root,
      ...(options.localGazetteer === undefined ? {} : { localGazetteer: options.localGazetteer }),
      lexicons: overlay?.dir ?? false,
    },
  };
}
