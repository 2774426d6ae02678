import type { Gazetteer } from './gazetteer.js';
import type { Lexicons } from './lexicons.js';
import type { NumberLexicon } from '../mentions/numbers.js';
import type { DateLexicon } from '../mentions/dates.js';

export interface NisbaData {
  id: string;
  kind: 'nationality' | 'origin';
  value: string;
}

/** Everything the pure extraction core needs, loaded once and passed in (no module-level state). */
export interface Resources {
  lexicons: Lexicons;
  gazetteer: Gazetteer;
  numbers: NumberLexicon;
  dates: DateLexicon;
  /** Normalised words that never belong to a person's name. */
  nameStopwords: ReadonlySet<string>;
  /** Place-name keys that are also common words: a bare match needs a place word. */
  ambiguousPlaces: ReadonlySet<string>;
  /** Nisbas naming a nationality or an origin, by normalised form ("الكويتي" → Kuwait). */
  nisbas: ReadonlyMap<string, NisbaData>;
  /** Short content hash of all data files (a lexicon overlay's included): recorded with every extraction. */
  version: string;
  /**
   * How the Node loader (load-resources.ts) made these resources, so that extraction worker threads
   * load the same; absent when they were made otherwise. lexicons: the overlay directory applied.
   */
  loadedWith?: { root: string; localGazetteer?: string | false; lexicons: string | false };
}
