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
import { packageRoot } from './package-root.js';
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

export interface LoadResourcesOptions {
  /**
   * The user's local gazetteer (src/gazetteer/local-gazetteer.ts), added to the built-in one: a path,
   * false for none; by default the file at the default path, when it exists.
   */
  localGazetteer?: string | false;
}

/** Loads the built-in lexicons and gazetteer from the package's data files (Node only). */
export function loadResources(root: string = packageRoot(), options: LoadResourcesOptions = {}): Resources {
  const dir = join(root, 'data', 'lexicons');
  const text = Object.fromEntries(
    LEXICON_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  ) as Record<(typeof LEXICON_FILES)[number], string>;
  const hash = createHash('sha256');
  for (const f of LEXICON_FILES) hash.update(f).update(text[f]);
  const local = loadLocalGazetteer(options.localGazetteer);
  const gazetteer = local ? extendGazetteer(loadGazetteer(root), local) : loadGazetteer(root);
  hash.update(String(gazetteer.places.length));
  if (local) hash.update(`local ${local.places.length} ${Object.keys(local.aliases).length}`);
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
  };
}
