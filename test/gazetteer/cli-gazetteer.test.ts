// `marsad gazetteer` through the built CLI (dist/cli/main.js; `npm run build` first), and the local
// gazetteer it writes as loadResources sees it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources/load-resources.js';
import { placeKey } from '../../src/resources/gazetteer.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

// An invented village in Deir ez-Zor governorate (GeoNames admin1 07), and an invented farm.
const VILLAGE = 'تل المرصاد الغربي';
const row = (id: number, name: string, alt: string, lat: string, lon: string, pop: number) =>
  [
    id,
    name,
    name,
    alt,
    lat,
    lon,
    'P',
    'PPL',
    'SY',
    '',
    '07',
    '',
    '',
    '',
    pop,
    '',
    '220',
    'Asia/Damascus',
    '2024-01-01',
  ].join('\t');
const DUMP =
  [
    row(9912001, 'Tall al Mirsad al Gharbi', `Tell Mirsad,${VILLAGE},تل مرصاد`, '35.0712', '40.3391', 800),
    row(9912002, 'Mazraat Ikhtibar', 'مزرعة اختبار الشمالية', '35.1234', '40.2345', 0),
    '9912003\tBroken line\t35.1',
  ].join('\n') + '\n';

let dir: string;
let local: string;

function cli(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    // A private home so that the user's own local gazetteer is never read or written.
    env: { ...process.env, MARSAD_HOME: join(dir, 'home'), MARSAD_DEBUG: '' },
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-gazetteer-'));
  local = join(dir, 'local', 'gazetteer.local.json');
  writeFileSync(join(dir, 'SY.txt'), DUMP);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(existsSync(CLI))('marsad gazetteer', () => {
  it('the invented village is not in the built-in gazetteer', () => {
    const builtin = loadResources(undefined, { localGazetteer: false });
    expect(builtin.gazetteer.lookup(placeKey(VILLAGE))).toEqual([]);
  });

  it('import geonames: a summary line, the bad row on stderr, exit 1 for the bad row', () => {
    const r = cli(['gazetteer', 'import', 'geonames', 'SY.txt', '--local', local]);
    expect(r.stdout).toContain('SY.txt: added 2, merged 0, skipped 0, errors 1 (updated 0, unchanged 0)');
    expect(r.stderr).toBe('marsad: SY.txt:3: E_GAZETTEER_ROW: expected 19 tab-separated columns, found 3\n');
    expect(r.status).toBe(1);
    const json = JSON.parse(readFileSync(local, 'utf8'));
    expect(json.version).toBe(1);
    expect(json.places.map((p: { id: string }) => p.id)).toEqual(['gn-9912001', 'gn-9912002']);
    // Written atomically: no temporary file left behind.
    expect(readdirSync(join(dir, 'local'))).toEqual(['gazetteer.local.json']);
  });

  it('a second import changes nothing', () => {
    const r = cli(['gazetteer', 'import', 'geonames', 'SY.txt', '--local', local]);
    expect(r.stdout).toContain('SY.txt: added 0, merged 0, skipped 0, errors 1 (updated 0, unchanged 2)');
  });

  it('--country leaves out other countries', () => {
    const other = join(dir, 'other.json');
    const r = cli(['gazetteer', 'import', 'geonames', 'SY.txt', '--local', other, '--country', 'IQ']);
    expect(r.stdout).toContain('SY.txt: added 0, merged 0, skipped 2, errors 1');
  });

  it('lookup shows the imported village with its parent chain', () => {
    const r = cli(['gazetteer', 'lookup', VILLAGE, '--local', local]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `gn-9912001  ${VILLAGE} / Tall al Mirsad al Gharbi  [village, SY]  35.07120, 40.33910`,
    );
    expect(r.stdout).toMatch(/in: دير الزور \(sy-deir-ez-zor, governorate\) ← سوريا \(SY, country\)/);
    const en = cli(['gazetteer', 'lookup', 'tall al mirsad al gharbi', '--local', local]);
    expect(en.stdout).toContain('gn-9912001');
    const none = cli(['gazetteer', 'lookup', 'لا يوجد مكان بهذا الاسم', '--local', local]);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('no place named');
  });

  it('stats counts built-in and local places', () => {
    const r = cli(['gazetteer', 'stats', '--local', local]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^SY\s+built-in\s+\d+\s/m);
    expect(r.stdout).toMatch(/^SY\s+local\s+2\s+village 2$/m);
  });

  it('loadResources with the local file resolves the imported village', () => {
    const resources = loadResources(undefined, { localGazetteer: local });
    const [place] = resources.gazetteer.lookup(placeKey(VILLAGE));
    expect(place).toMatchObject({
      id: 'gn-9912001',
      kind: 'village',
      parent: 'sy-deir-ez-zor',
      country: 'SY',
    });
    expect(resources.gazetteer.admin1(place!)?.id).toBe('sy-deir-ez-zor');
    expect(resources.gazetteer.lookup(placeKey('تل مرصاد'))[0]?.id).toBe('gn-9912001');
    expect(resources.version).not.toBe(loadResources(undefined, { localGazetteer: false }).version);
  });

  it('a missing local file is no local gazetteer', () => {
    const resources = loadResources(undefined, { localGazetteer: join(dir, 'absent.json') });
    expect(resources.gazetteer.lookup(placeKey(VILLAGE))).toEqual([]);
  });

  it.each<[string, string[], number, RegExp]>([
    ['unknown source', ['import', 'osm', 'SY.txt'], 2, /^marsad: E_USAGE: unknown source 'osm'/],
    ['no file', ['import', 'ocha'], 2, /^marsad: E_USAGE: import ocha needs at least one FILE/],
    ['unknown subcommand', ['merge'], 2, /^marsad: E_USAGE: unknown subcommand 'merge'/],
    [
      'bad --country',
      ['import', 'geonames', 'SY.txt', '--country', 'Syria'],
      2,
      /^marsad: E_USAGE: --country/,
    ],
    ['missing file', ['import', 'ocha', 'absent.csv'], 1, /^marsad: absent\.csv: E_NOT_FOUND: no such file/],
    ['a directory', ['import', 'geonames', '.'], 1, /^marsad: \.: E_UNREADABLE: /],
  ])('%s', (_label, args, status, stderr) => {
    const r = cli(['gazetteer', ...args, '--local', join(dir, 'errors.json')]);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(stderr);
  });

  it('a broken local file is reported and left as it is', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": 1, "places": [');
    const r = cli(['gazetteer', 'import', 'geonames', 'SY.txt', '--local', broken]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^marsad: .*broken\.json: E_LOCAL_GAZETTEER: cannot use the local gazetteer: /);
    expect(readFileSync(broken, 'utf8')).toBe('{"version": 1, "places": [');
  });

  it('without --local, the file is under $MARSAD_HOME', () => {
    const r = cli(['gazetteer', 'import', 'geonames', 'SY.txt']);
    expect(r.stdout).toContain(`local gazetteer ${join(dir, 'home', 'gazetteer.local.json')}: 2 places`);
    expect(existsSync(join(dir, 'home', 'gazetteer.local.json'))).toBe(true);
  });

  it('help', () => {
    const r = cli(['gazetteer', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: marsad gazetteer/);
    expect(cli(['--help']).stdout).toMatch(/gazetteer\s+import places/);
  });
});
