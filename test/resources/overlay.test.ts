// Lexicon overlays: the pure merge (add, override, disable per file kind), what loadResources makes of a
// directory (extraction, places, version), and the checker's FILE:LINE messages.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { applyOverlay, describeOverlay, idsOf, overlayPlaces } from '../../src/resources/apply-overlay.js';
import { checkOverlay, formatProblem } from '../../src/resources/check-overlay.js';
import { placeKey } from '../../src/resources/gazetteer.js';
import { parseGroupNames } from '../../src/resources/group-names.js';
import { loadResources, readBuiltinLexicons } from '../../src/resources/load-resources.js';
import { OverlayError } from '../../src/resources/read-overlay.js';
import { parseTsv } from '../../src/resources/tsv.js';
import type { Place } from '../../src/types.js';
import { builtinResources } from '../helpers/resources.js';

const builtin = readBuiltinLexicons();
const tsv = (...lines: string[][]) => `${lines.map((l) => l.join('\t')).join('\n')}\n`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-overlay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh overlay directory holding `files`. */
function overlayDir(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

const load = (lexicons: string | false) => loadResources(undefined, { localGazetteer: false, lexicons });

/** A built-in id of a file, and its row. */
function builtinRow(file: string, index = 0): Record<string, string> {
  return parseTsv(builtin[file]!, file)[index]!;
}

interface MergeCase {
  file: string;
  header: string[];
  /** A new row (its id must be new). */
  add: string[];
  /** Cells of an override of the file's first built-in row (the id is filled in). */
  override: string[];
}

const MERGE_CASES: MergeCase[] = [
  {
    file: 'actors.tsv',
    header: ['id', 'group', 'alias', 'kind', 'reason', 'disable'],
    add: ['t-actor', 'houthis', 'الحوثيون', 'name', 'test'],
    override: ['isis', 'داعش المعدل', 'name', 'test'],
  },
  {
    file: 'triggers.tsv',
    header: ['id', 'type', 'form', 'pos', 'strength', 'reason', 'disable'],
    add: ['t-trigger', 'armed_clash', 'زحف', 'noun', 'plural', 'test'],
    override: ['arrest', 'اعتقل', 'verb', 'strong', 'test'],
  },
  {
    file: 'titles.tsv',
    header: ['id', 'title', 'gloss_en', 'kind', 'disable'],
    add: ['t-title', 'محافظ', 'governor', 'role'],
    override: ['امير', 'prince', 'rank'],
  },
  {
    file: 'place-words.tsv',
    header: ['id', 'word', 'kind', 'keep', 'region', 'list', 'disable'],
    add: ['t-pw', 'مديرية', 'district', 'no', 'no', 'no'],
    override: ['قرية', 'village', 'no', 'no', 'no'],
  },
  {
    file: 'outlets.tsv',
    header: ['id', 'name', 'name_en', 'disable'],
    add: ['t-outlet', 'عدن الغد', 'Aden al-Ghad'],
    override: ['فرات بوست', 'Furat Post (renamed)'],
  },
  {
    file: 'given-names.tsv',
    header: ['id', 'name', 'gender', 'disable'],
    add: ['t-name', 'عبدالملك', 'm'],
    override: ['محمد', 'm'],
  },
  {
    file: 'nisbas.tsv',
    header: ['id', 'nisba', 'kind', 'value', 'note', 'disable'],
    add: ['t-nisba', 'الصنعاني', 'origin', 'Sanaa', 'test'],
    override: ['الكويتي', 'nationality', 'Kuwait', 'test'],
  },
  {
    file: 'groups.tsv',
    header: ['id', 'name_ar', 'name_en', 'description', 'disable'],
    add: ['houthis', 'الحوثيون', 'Houthis', 'test'],
    override: ['داعش', 'ISIS (renamed)', 'test'],
  },
];

describe('applyOverlay', () => {
  it('changes nothing without an overlay or with an empty one', () => {
    expect(applyOverlay(builtin, {})).toEqual(builtin);
    expect(applyOverlay(builtin, { 'actors.tsv': '# only a comment\n' })).toEqual(builtin);
    expect(applyOverlay(builtin, { 'actors.tsv': tsv(['id', 'group', 'alias', 'kind']) })).toEqual(builtin);
  });

  it.each(MERGE_CASES)('$file: a row adds, a built-in id overrides in place, "-" disables', (c) => {
    const first = builtinRow(c.file, 0);
    const second = builtinRow(c.file, 1);
    const overlay = tsv(
      c.header,
      c.add,
      [first['id']!, ...c.override],
      [second['id']!, ...c.header.slice(1, -1).map(() => ''), '-'],
    );
    const merged = applyOverlay(builtin, { [c.file]: overlay });
    const before = parseTsv(builtin[c.file]!, c.file);
    const after = parseTsv(merged[c.file]!, c.file);
    expect(after).toHaveLength(before.length);
    const byId = new Map(after.map((r) => [r['id']!, r]));
    // Added: at the end, every column of the overlay's row.
    expect(after[after.length - 1]!['id']).toBe(c.add[0]);
    c.header.slice(0, -1).forEach((h, k) => expect(byId.get(c.add[0]!)![h] ?? '').toBe(c.add[k] ?? ''));
    // Overridden: the same place in the file, the overlay's values.
    expect(after[0]!['id']).toBe(first['id']);
    c.header.slice(1, -1).forEach((h, k) => expect(after[0]![h]).toBe(c.override[k] ?? ''));
    // Disabled: gone.
    expect(byId.has(second['id']!)).toBe(false);
    // Other files untouched.
    for (const f of Object.keys(builtin)) if (f !== c.file) expect(merged[f]).toBe(builtin[f]);
  });

  it('takes the overlay columns in any order and leaves out columns the file lacks', () => {
    const overlay = tsv(['kind', 'alias', 'id', 'group'], ['name', 'الحوثيون', 't-1', 'houthis']);
    const rows = parseTsv(applyOverlay(builtin, { 'actors.tsv': overlay })['actors.tsv']!, 'actors.tsv');
    expect(rows.at(-1)).toMatchObject({
      id: 't-1',
      group: 'houthis',
      alias: 'الحوثيون',
      kind: 'name',
      reason: '',
    });
  });

  it('places.tsv: adds, overrides and removes gazetteer places', () => {
    const places: Place[] = ['a', 'b', 'c'].map((id) => ({
      id,
      nameAr: id,
      nameEn: id,
      aliases: [],
      kind: 'town',
      lat: 1,
      lon: 2,
      parent: null,
      country: 'SY',
      population: null,
      source: 'test',
    }));
    const overlay = tsv(
      ['id', 'name_ar', 'name_en', 'aliases', 'kind', 'lat', 'lon', 'parent', 'country', 'disable'],
      ['d', 'صنعاء', 'Sanaa', 'صنعا|مدينة صنعاء', 'city', '15.3694', '44.191', 'a', 'ye'],
      ['a', 'أ', 'A', '', 'governorate', '10', '20', '', 'YE'],
      ['b', '', '', '', '', '', '', '', '', '-'],
    );
    const out = overlayPlaces(places, overlay);
    expect(out.map((p) => p.id)).toEqual(['a', 'c', 'd']);
    expect(out[0]).toMatchObject({ nameAr: 'أ', kind: 'governorate', lat: 10, lon: 20, parent: null });
    expect(out[2]).toMatchObject({
      nameAr: 'صنعاء',
      aliases: ['صنعا', 'مدينة صنعاء'],
      kind: 'city',
      lat: 15.3694,
      lon: 44.191,
      parent: 'a',
      country: 'YE',
      source: 'lexicon overlay',
    });
  });

  it('describeOverlay tells adds, overrides and disables apart', () => {
    const overlay = {
      'actors.tsv': tsv(
        ['id', 'group', 'alias', 'kind', 'reason', 'disable'],
        ['t-1', 'houthis', 'الحوثيون', 'name', 'new'],
        ['coalition-2', 'saudi_coalition', 'التحالف', 'name', 'Yemen'],
        ['isis-19', '', '', '', '', '-'],
      ),
    };
    const ids = new Map([['actors.tsv', idsOf(builtin['actors.tsv']!)]]);
    expect(describeOverlay(overlay, ids)).toEqual([
      { file: 'actors.tsv', line: 2, id: 't-1', action: 'add', summary: 'houthis | الحوثيون | name | new' },
      {
        file: 'actors.tsv',
        line: 3,
        id: 'coalition-2',
        action: 'override',
        summary: 'saudi_coalition | التحالف | name | Yemen',
      },
      { file: 'actors.tsv', line: 4, id: 'isis-19', action: 'disable', summary: '' },
    ]);
  });
});

describe('loadResources with an overlay', () => {
  const actors = tsv(
    ['id', 'group', 'alias', 'kind', 'reason', 'disable'],
    ['t-houthis', 'houthis', 'الحوثيون', 'name', 'test'],
    ['opposition-16', 'yemen_government', 'الجيش الوطني', 'name', 'Yemen'],
    ['isis-19', '', '', '', '', '-'],
  );
  const groups = tsv(
    ['id', 'name_ar', 'name_en'],
    ['houthis', 'الحوثيون', 'Houthis'],
    ['yemen_government', 'الحكومة اليمنية', 'Yemeni government'],
  );
  const places = tsv(
    ['id', 'name_ar', 'name_en', 'aliases', 'kind', 'lat', 'lon', 'parent', 'country'],
    [
      't-marib-gov',
      'مأرب',
      'Marib Governorate',
      'محافظة مأرب',
      'governorate',
      '15.4625',
      '45.3258',
      'YE',
      'YE',
    ],
    ['t-marib', 'مأرب', 'Marib', 'مدينة مأرب', 'city', '15.4625', '45.3258', 't-marib-gov', 'YE'],
  );

  it('without an overlay the version is the hash it always was', () => {
    const none = load(false);
    // The hash of load-resources.ts before overlays: the extraction files in order, the place count.
    const hash = createHash('sha256');
    for (const [f, text] of Object.entries(builtin)) if (f !== 'groups.tsv') hash.update(f).update(text);
    hash.update(String(none.gazetteer.places.length));
    expect(none.version).toBe(hash.digest('hex').slice(0, 12));
    expect(none.loadedWith).toMatchObject({ lexicons: false });
  });

  it('an empty directory changes nothing, not even the version', () => {
    const empty = load(overlayDir('empty', {}));
    expect(empty.version).toBe(load(false).version);
    expect(empty.loadedWith?.lexicons).toBe(false);
  });

  it('adds actors and places, overrides and disables built-in entries', () => {
    const d = overlayDir('yemen', { 'actors.tsv': actors, 'groups.tsv': groups, 'places.tsv': places });
    const resources = load(d);
    expect(resources.loadedWith?.lexicons).toBe(d);
    const text = 'قصف الحوثيون مواقع الجيش الوطني في مدينة مأرب.';
    const doc = extract(text, { id: 't', published: '2024-03-12' }, resources);
    const groupsFound = doc.entities.filter((e) => e.type === 'group').map((e) => e.id);
    expect(groupsFound).toEqual(expect.arrayContaining(['houthis', 'yemen_government']));
    expect(groupsFound).not.toContain('opposition');
    const marib = resources.gazetteer.lookup(placeKey('مأرب'));
    expect(marib[0]).toMatchObject({ id: 't-marib-gov', country: 'YE' });
    expect(resources.gazetteer.byId.get('t-marib')?.parent).toBe('t-marib-gov');
    expect(resources.gazetteer.admin1(resources.gazetteer.byId.get('t-marib')!)?.id).toBe('t-marib-gov');
    // Without the overlay: no Yemeni party, no Marib.
    const plain = extract(text, { id: 't', published: '2024-03-12' }, load(false));
    expect(plain.entities.filter((e) => e.type === 'group').map((e) => e.id)).not.toContain('houthis');
    expect(load(false).gazetteer.lookup(placeKey('مأرب'))).toEqual([]);
  });

  it('a disabled generic word no longer resolves to a group', () => {
    const text = 'اعتقل التنظيم ثلاثة شبان في مدينة الميادين.';
    const ids = (r: ReturnType<typeof load>) =>
      extract(text, { id: 't', published: '2024-03-12' }, r).entities.filter((e) => e.type === 'group');
    expect(ids(load(false)).length).toBeGreaterThan(0);
    const d = overlayDir('disable', { 'actors.tsv': tsv(['id', 'disable'], ['isis-19', '-']) });
    expect(ids(load(d))).toEqual([]);
  });

  it('the version changes with the overlay and with every edit of it', () => {
    const a = overlayDir('v-a', { 'actors.tsv': actors, 'groups.tsv': groups });
    const b = overlayDir('v-b', { 'actors.tsv': `${actors}# a comment\n`, 'groups.tsv': groups });
    const c = overlayDir('v-c', { 'actors.tsv': actors, 'groups.tsv': groups });
    const none = load(false).version;
    expect(load(a).version).not.toBe(none);
    expect(load(b).version).not.toBe(load(a).version);
    expect(load(c).version).toBe(load(a).version);
    const withPlaces = overlayDir('v-d', {
      'actors.tsv': actors,
      'groups.tsv': groups,
      'places.tsv': places,
    });
    expect(load(withPlaces).version).not.toBe(load(a).version);
  });

  it('refuses a broken overlay, naming the first problem as FILE:LINE', () => {
    const d = overlayDir('broken', {
      'actors.tsv': tsv(['id', 'group', 'alias', 'kind'], ['x', 'isis', 'داعش', 'boss']),
    });
    expect(() => load(d)).toThrow(OverlayError);
    expect(() => load(d)).toThrow(`${d}/actors.tsv:2: kind "boss" is not one of`);
    expect(() => load(join(dir, 'no-such-dir'))).toThrow(/no such directory/);
  });

  it('group names take the overlay groups.tsv and actors.tsv', () => {
    const merged = applyOverlay(builtin, { 'actors.tsv': actors, 'groups.tsv': groups });
    const names = parseGroupNames(merged['groups.tsv']!, merged['actors.tsv']);
    expect(names.get('houthis')).toMatchObject({ nameEn: 'Houthis', aliases: ['الحوثيون'] });
    expect(names.get('yemen_government')?.aliases).toEqual(['الجيش الوطني']);
    expect(names.get('isis')).toBeDefined();
  });
});

describe('checkOverlay', () => {
  const base = () => ({ lexicons: builtin, places: builtinResources().gazetteer.places });
  const check = (files: Record<string, string>) => checkOverlay(files, base()).map((p) => formatProblem(p));

  it('accepts a good overlay', () => {
    expect(
      check({
        'actors.tsv': tsv(['id', 'group', 'alias', 'kind'], ['t-1', 'houthis', 'الحوثيون', 'name']),
        'groups.tsv': tsv(['id', 'name_ar', 'name_en'], ['houthis', 'الحوثيون', 'Houthis']),
        'places.tsv': tsv(
          ['id', 'name_ar', 'kind', 'lat', 'lon', 'parent', 'country'],
          ['t-aden', 'عدن', 'city', '12.7794', '45.0367', 'YE', 'YE'],
          ['t-mansoura', 'المنصورة', 'district', '12.862', '44.981', 't-aden', 'YE'],
        ),
        'triggers.tsv': tsv(
          ['id', 'type', 'form', 'pos', 'strength'],
          ['t-2', 'armed_clash', 'زحف', 'noun', 'plural'],
        ),
        'numbers.tsv': tsv(['id', 'form', 'value', 'kind'], ['t-3', 'بضع عشرات', '20..90', 'vague']),
      }),
    ).toEqual([]);
  });

  const PROBLEMS: Array<[string, Record<string, string>, string[]]> = [
    ['an unknown file name', { 'actor.tsv': 'id\n' }, ['actor.tsv: unknown file name']],
    [
      'translit.tsv',
      { 'translit.tsv': 'id\tword\tlatin\n' },
      ['translit.tsv: translit.tsv is built into the web app'],
    ],
    ['a file without a header', { 'outlets.tsv': '# nothing\n' }, ['outlets.tsv: no header line']],
    [
      'an unknown and a missing column',
      { 'triggers.tsv': tsv(['id', 'type', 'form', 'pos', 'strenght']) },
      ['triggers.tsv:1: unknown column "strenght"', 'triggers.tsv:1: missing column "strength"'],
    ],
    [
      'an empty required field',
      { 'outlets.tsv': tsv(['id', 'name'], ['o-1', '']) },
      ['outlets.tsv:2: empty name'],
    ],
    [
      'too many cells',
      { 'outlets.tsv': tsv(['id', 'name'], ['o-1', 'x', 'y']) },
      ['outlets.tsv:2: 3 cells, the header has 2'],
    ],
    [
      'enum values of triggers',
      {
        'triggers.tsv': tsv(
          ['id', 'type', 'form', 'pos', 'strength'],
          ['t-1', 'drone_strike', 'مسيرة', 'noun', 'strong'],
          ['t-2', 'airstrike', 'مسيرة', 'adverb', 'mighty'],
        ),
      },
      [
        'triggers.tsv:2: type "drone_strike" is not one of',
        'triggers.tsv:3: pos "adverb" is not one of',
        'triggers.tsv:3: strength "mighty" is not one of',
      ],
    ],
    [
      'an actor kind and a group without a name',
      {
        'actors.tsv': tsv(
          ['id', 'group', 'alias', 'kind'],
          ['a-1', 'isis', 'داعش', 'person'],
          ['a-2', 'houthis', 'الحوثيون', 'name'],
          ['a-3', 'Houthis', 'انصار الله', 'name'],
        ),
      },
      [
        'actors.tsv:2: kind "person" is not one of name, unit, generic, adjectival, nationality',
        'actors.tsv:3: group "houthis" has no row in groups.tsv',
        'actors.tsv:4: group "Houthis" must be lower-case letters, digits and _',
        'actors.tsv:4: group "Houthis" has no row in groups.tsv',
      ],
    ],
    [
      'duplicate ids',
      { 'outlets.tsv': tsv(['id', 'name'], ['o-1', 'a'], ['o-2', 'b'], ['o-1', 'c']) },
      ['outlets.tsv:4: duplicate id "o-1" (first on line 2)'],
    ],
    [
      'disabling an id that is not built in, and a bad disable value',
      { 'outlets.tsv': tsv(['id', 'name', 'disable'], ['nope', '', '-'], ['o-1', 'x', 'yes']) },
      [
        'outlets.tsv:2: disables "nope", which is not a built-in entry',
        'outlets.tsv:3: disable must be "-" or empty, got "yes"',
      ],
    ],
    [
      'a row of dashes instead of a disable column',
      { 'outlets.tsv': tsv(['id', 'name', 'name_en'], ['furat-post', '-', '-']) },
      ['outlets.tsv:2: to disable "furat-post", put "-" in a "disable" column'],
    ],
    [
      'values the loader parser refuses',
      {
        'numbers.tsv': tsv(['id', 'form', 'value', 'kind'], ['n-1', 'عشرات', 'many', 'vague']),
        'months.tsv': tsv(['id', 'form', 'calendar', 'month'], ['m-1', 'ذو الحجة', 'hijri', '13']),
      },
      ['months.tsv:2: bad month', 'numbers.tsv:2: bad range "many"'],
    ],
    [
      'places: kind, coordinates, country, parent',
      {
        'places.tsv': tsv(
          ['id', 'name_ar', 'kind', 'lat', 'lon', 'parent', 'country'],
          ['p-1', 'أ', 'hamlet', '15', '44', 'YE', 'YE'],
          ['p-2', 'ب', 'town', '95', '200', 'YE', 'YE'],
          ['p-3', 'ج', 'town', 'north', '44', 'YE', 'Yemen'],
          ['p-4', 'د', 'town', '15', '44', 'ye-nowhere', 'YE'],
          ['p-5', 'ه', 'town', '15', '44', 'p-5', 'YE'],
        ),
      },
      [
        'places.tsv:2: kind "hamlet" is not one of',
        'places.tsv:3: lat 95 is out of range (-90…90)',
        'places.tsv:3: lon 200 is out of range (-180…180)',
        'places.tsv:4: lat "north" is not a number',
        'places.tsv:4: country "Yemen" is not an ISO 3166-1 alpha-2 code',
        'places.tsv:5: parent "ye-nowhere" is neither a gazetteer place nor a row of places.tsv',
        'places.tsv:6: a place cannot be its own parent',
      ],
    ],
  ];

  it.each(PROBLEMS)('%s', (_name, files, expected) => {
    const problems = check(files);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(problems[i]).toContain(e));
  });

  it('prefixes the directory when given', () => {
    const [p] = checkOverlay({ 'outlets.tsv': tsv(['id', 'name'], ['o-1', '']) }, base());
    expect(formatProblem(p!, 'examples/yemen/lexicons/')).toBe(
      'examples/yemen/lexicons/outlets.tsv:2: empty name',
    );
  });
});
