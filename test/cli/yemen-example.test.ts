// The worked example of docs/customising.md through the built CLI (dist/cli/main.js; `npm run build`
// first): examples/yemen/lexicons turns a Yemeni report into Yemeni actors and places, the built-in
// lexicons alone do not, worker threads load the same overlay, and reprocess sees an overlay change.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentResult } from '../../src/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const LEXICONS = join('examples', 'yemen', 'lexicons');
const REPORT = join('examples', 'yemen', 'report.txt');

/** Yemen's bounding box, roughly (Socotra left out). */
const inYemen = (lat: number | null, lon: number | null) =>
  lat !== null && lon !== null && lat > 12 && lat < 19 && lon > 42 && lon < 54;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-yemen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    // A private home and no $MARSAD_LEXICONS: no overlay but the one named.
    env: {
      ...process.env,
      MARSAD_HOME: join(dir, 'home'),
      MARSAD_LEXICONS: '',
      MARSAD_DB: '',
      MARSAD_DEBUG: '',
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function extractDoc(...extra: string[]): DocumentResult {
  const r = cli(['extract', REPORT, '--format', 'jsonl', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DocumentResult;
}

describe.runIf(existsSync(CLI))('the Yemen example', () => {
  it('marsad lexicon check finds no problem in the example overlay', () => {
    const r = cli(['lexicon', 'check', '--lexicons', LEXICONS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^examples\/yemen\/lexicons: 7 files, \d+ rows \(\d+ added, 7 overridden, 3 disabled\): no problems\n$/,
    );
  });

  it('marsad lexicon show lists the overrides and disables', () => {
    const r = cli(['lexicon', 'show', '--lexicons', LEXICONS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^actors\.tsv: \d+ added, 7 overridden, 3 disabled$/m);
    expect(r.stdout).toMatch(/^ {2}override {2}coalition-2 +saudi_coalition \| التحالف \| name/m);
    expect(r.stdout).toMatch(/^ {2}disable {3}isis-19$/m);
    expect(r.stdout).toMatch(/^places\.tsv: 23 added, 0 overridden, 0 disabled$/m);
  });

  it('with the overlay: Yemeni actors, places geocoded in Yemen', () => {
    const doc = extractDoc('--lexicons', LEXICONS);
    expect(doc.outlet).toBe('عدن الغد');
    const actors = doc.events.flatMap((e) => [e.actor, e.target]);
    expect(actors).toEqual(expect.arrayContaining(['houthis', 'stc', 'yemen_government']));
    const groups = doc.entities.filter((e) => e.type === 'group').map((e) => e.id);
    expect(groups).toEqual(expect.arrayContaining(['houthis', 'saudi_coalition', 'stc', 'aqap']));
    expect(groups).not.toContain('isis');
    // Every event is placed in Yemen.
    expect(doc.events.length).toBeGreaterThanOrEqual(5);
    for (const e of doc.events) {
      expect(e.location?.country).toBe('YE');
      expect(inYemen(e.location!.lat, e.location!.lon)).toBe(true);
    }
    const arrest = doc.events.find((e) => e.type === 'arrest');
    expect(arrest).toMatchObject({
      actor: 'stc',
      location: { name: 'المنصورة', admin1: 'عدن', place_id: 'ye-aden-mansoura' },
    });
    const marib = doc.events.find((e) => e.location?.place_id === 'ye-marib');
    expect(marib).toMatchObject({ actor: 'houthis', fatalities: { min: 3, max: 3 } });
  });

  it('without it: no Yemeni party, no place with coordinates in Yemen', () => {
    const doc = extractDoc();
    const ids = [
      ...doc.events.flatMap((e) => [e.actor, e.target]),
      ...doc.entities.filter((e) => e.type === 'group').map((e) => e.id),
    ];
    for (const id of ['houthis', 'saudi_coalition', 'yemen_government', 'stc', 'aqap'])
      expect(ids).not.toContain(id);
    for (const e of doc.events) expect(inYemen(e.location?.lat ?? null, e.location?.lon ?? null)).toBe(false);
  });

  it('a broken overlay is refused with E_LEXICONS', () => {
    const r = cli(['extract', REPORT, '--lexicons', join(dir, 'no-such-dir')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `marsad: E_LEXICONS: cannot use the lexicon overlay ${join(dir, 'no-such-dir')}: no such directory\n`,
    );
  });

  it('ingest in worker threads uses the overlay; reprocess re-extracts when the overlay changes', () => {
    const db = join(dir, 'yemen.db');
    const ingest = cli(['ingest', REPORT, '--db', db, '--workers', '2', '--lexicons', LEXICONS, '--json']);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ stored: 1, failed: 0 });
    const events = cli(['events', '--db', db, '--actor', 'houthis', '--json']);
    expect(events.code).toBe(0);
    expect(events.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);

    const same = cli(['reprocess', '--db', db, '--workers', '2', '--lexicons', LEXICONS, '--json']);
    expect(JSON.parse(same.stdout)).toMatchObject({ reprocessed: 0, current: 1 });
    // Without the overlay the resources are another version: the document is stale.
    const changed = cli(['reprocess', '--db', db, '--workers', '2', '--json']);
    expect(JSON.parse(changed.stdout)).toMatchObject({ reprocessed: 1, current: 0, failed: 0 });
    const after = cli(['events', '--db', db, '--actor', 'houthis', '--json']);
    expect(after.stdout.trim()).toBe('');
  });
});
