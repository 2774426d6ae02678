import type { EventType } from '../types.js';
import {
  buildPhraseIndex,
  phraseWords,
  type Inflection,
  type PhraseIndex,
} from '../mentions/phrase-index.js';
import { parseTsv, TsvError } from './tsv.js';

export type TriggerStrength =
  | 'strong'
  | 'plural'
  | 'weak'
  | 'attack'
  | 'kill'
  | 'neutral'
  | 'instrument-air'
  | 'territory'
  | 'territory-weak'
  | 'sec'
  | 'sec-verb'
  | 'refuse'
  | 'patrol'
  | 'join'
  | 'repel'
  | 'arson'
  | 'seize'
  | 'explosive'
  | 'surrender'
  | 'dispute'
  | 'curfew'
  | 'closure'
  | 'self'
  | 'body';

export interface TriggerData {
  type: EventType;
  strength: TriggerStrength;
}
export type ActorKind = 'name' | 'unit' | 'generic' | 'adjectival' | 'nationality';
export const ACTOR_KINDS: readonly ActorKind[] = ['name', 'unit', 'generic', 'adjectival', 'nationality'];
export interface ActorData {
  group: string;
  kind: ActorKind;
}
export type CueKind =
  | 'hedge'
  | 'negation'
  | 'future'
  | 'generic'
  | 'sentence'
  | 'purpose'
  | 'attempt'
  | 'destination'
  | 'background'
  | 'continuation';
export const CUE_KINDS: readonly CueKind[] = [
  'hedge',
  'negation',
  'future',
  'generic',
  'sentence',
  'purpose',
  'attempt',
  'destination',
  'background',
  'continuation',
];
export interface CueData {
  kind: CueKind;
  window: number;
}
export type TitleKind = 'rank' | 'role' | 'member' | 'kin';
export const TITLE_KINDS: readonly TitleKind[] = ['rank', 'role', 'member', 'kin'];
export interface TitleData {
  gloss: string;
  kind: TitleKind;
}
export interface PlaceWordData {
  kind: string;
  keep: boolean;
  region: boolean;
  /** Plural or dual ("قرى", "بلدتي"): names joined with "و" after it are more places. */
  list: boolean;
}
export interface OutletData {
  name: string;
  nameEn: string;
}

/** The lexicons of the core, indexed for matching. */
export interface Lexicons {
  triggers: PhraseIndex<TriggerData>;
  actors: PhraseIndex<ActorData>;
  cues: PhraseIndex<CueData>;
  titles: PhraseIndex<TitleData>;
  placeWords: PhraseIndex<PlaceWordData>;
  outlets: PhraseIndex<OutletData>;
  /** Normalised given names (article-less keys). */
  givenNames: ReadonlySet<string>;
}

const STRENGTHS = new Set<TriggerStrength>([
  'strong',
  'plural',
  'weak',
  'attack',
  'kill',
  'neutral',
  'instrument-air',
  'territory',
  'territory-weak',
  'sec',
  'sec-verb',
  'refuse',
  'patrol',
  'join',
  'repel',
  'arson',
  'seize',
  'explosive',
  'surrender',
  'dispute',
  'curfew',
  'closure',
  'self',
  'body',
]);

const INFLECT: Record<string, Inflection> = {
  verb: 'verb',
  noun: 'noun',
  plural: 'none',
  participle: 'noun',
  phrase: 'none',
};

/** The values of triggers.tsv's `pos` and `strength` columns (for the overlay checker). */
export const TRIGGER_POS: readonly string[] = Object.keys(INFLECT);
export const TRIGGER_STRENGTHS: ReadonlySet<string> = STRENGTHS;

export interface LexiconFiles {
  triggers: string;
  actors: string;
  cues: string;
  titles: string;
  placeWords: string;
  outlets: string;
  givenNames: string;
}

/** Builds the lexicons from the text of their TSV files (pure; file names only for error messages). */
export function lexiconsFromTsv(files: LexiconFiles): Lexicons {
  const triggers = parseTsv(files.triggers, 'triggers.tsv', ['id', 'type', 'form', 'pos', 'strength']).map(
    (r) => {
      if (!STRENGTHS.has(r['strength'] as TriggerStrength))
        throw new TsvError('triggers.tsv', Number(r['__line']), `unknown strength "${r['strength']}"`);
      return {
        id: r['id']!,
        form: r['form']!,
        inflection: INFLECT[r['pos']!] ?? 'none',
        data: { type: r['type'] as EventType, strength: r['strength'] as TriggerStrength },
      };
    },
  );
  const actors = parseTsv(files.actors, 'actors.tsv', ['id', 'group', 'alias', 'kind']).map((r) => ({
    id: r['id']!,
    form: r['alias']!,
    data: { group: r['group']!, kind: r['kind'] as ActorKind },
  }));
  const cues = parseTsv(files.cues, 'cues.tsv', ['id', 'kind', 'form', 'window']).map((r) => ({
    id: r['id']!,
    form: r['form']!,
    data: { kind: r['kind'] as CueKind, window: Number(r['window']) || 3 },
  }));
  const titles = parseTsv(files.titles, 'titles.tsv', ['id', 'title', 'gloss_en', 'kind']).map((r) => ({
    id: r['id']!,
    form: r['title']!,
    data: { gloss: r['gloss_en']!, kind: r['kind'] as TitleData['kind'] },
  }));
  const placeWords = parseTsv(files.placeWords, 'place-words.tsv', [
    'id',
    'word',
    'kind',
    'keep',
    'region',
  ]).map((r) => ({
    id: r['id']!,
    form: r['word']!,
    data: {
      kind: r['kind']!,
      keep: r['keep'] === 'yes',
      region: r['region'] === 'yes',
      list: r['list'] === 'yes',
    },
  }));
  const outlets = parseTsv(files.outlets, 'outlets.tsv', ['id', 'name']).map((r) => ({
    id: r['id']!,
    form: r['name']!.replace(/_/g, ' '),
    data: { name: r['name']!, nameEn: r['name_en'] ?? '' },
  }));
  const givenNames = new Set(
    parseTsv(files.givenNames, 'given-names.tsv', ['id', 'name']).map((r) =>
      phraseWords(r['name']!).join(' '),
    ),
  );
  return {
    triggers: buildPhraseIndex(triggers),
    actors: buildPhraseIndex(actors),
    cues: buildPhraseIndex(cues),
    titles: buildPhraseIndex(titles),
    placeWords: buildPhraseIndex(placeWords),
    outlets: buildPhraseIndex(outlets),
    givenNames,
  };
}
