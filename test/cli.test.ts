// The built CLI (dist/cli/main.js; `npm test` builds first) run on files made here, plus unit tests of its
// input and output layers.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDocumentText } from '../src/cli/format-text.js';
import { parseExtractArgs, shiftOffsets } from '../src/cli/extract-command.js';
import { decodeDocument, firstInvalidUtf8 } from '../src/io/read-document.js';
import type { DocumentResult, ExtractedEvent } from '../src/types.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds', import.meta.url));
const GOLD = fileURLToPath(new URL('../../shared/gold/seeds.jsonl', import.meta.url));
const SCORER = fileURLToPath(new URL('../../shared/eval/score.mjs', import.meta.url));
const HAVE_SHARED = existsSync(SEEDS) && existsSync(GOLD) && existsSync(SCORER);

const ARTICLE = [
  'دير الزور - خاص',
  'اعتقلت قوات النظام السوري، صباح أمس الثلاثاء، ثلاثة شبان من أبناء مدينة الميادين بريف دير الزور الشرقي،',
  'واقتادتهم إلى جهة مجهولة، بحسب مصادر محلية.',
  '',
].join('\n');

let dir: string;

function cli(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, MARSAD_DEBUG: '' },
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function file(path: string, content: string | Uint8Array): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** Whether chmod 000 stops this process from reading a file (it does not for root). */
function chmodStopsReading(): boolean {
  const probeDir = mkdtempSync(join(tmpdir(), 'marsad-probe-'));
  const probe = join(probeDir, 'probe');
  writeFileSync(probe, 'x');
  chmodSync(probe, 0o000);
  try {
    readFileSync(probe);
    return false;
  } catch {
    return true;
  } finally {
    chmodSync(probe, 0o600);
    rmSync(probeDir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'marsad-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('marsad extract (built CLI)', () => {
  it('prints one jsonl line for a good Arabic file, id = file name', () => {
    const path = file('report.txt', ARTICLE);
    const r = cli(['extract', path]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(1);
    const doc = JSON.parse(out[0]!) as DocumentResult;
    expect(doc.id).toBe('report.txt');
    expect(Array.isArray(doc.events)).toBe(true);
    expect(Array.isArray(doc.entities)).toBe(true);
  });

  it('reports each bad file of a directory on one stderr line and still outputs the good ones', () => {
    const sub = join(dir, 'mixed');
    file('mixed/good.txt', ARTICLE);
    file('mixed/nested/also-good.txt', ARTICLE);
    file('mixed/latin1.txt', Buffer.from([0xff, 0xfe, 0x41]));
    file('mixed/bad-utf8.txt', Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x0a]));
    file('mixed/binary.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x41]));
    file('mixed/empty.txt', '');
    file('mixed/blank.txt', ' \n\t\r\n ');
    file('mixed/.hidden.txt', ARTICLE);
    file('mixed/.git/config.txt', ARTICLE);

    const r = cli(['extract', sub]);
    expect(r.status).toBe(1);
    const ids = lines(r.stdout).map((line) => (JSON.parse(line) as DocumentResult).id);
    // Sorted by path ("good.txt" < "nested/also-good.txt"); hidden files and directories skipped.
    expect(ids).toEqual(['good.txt', 'also-good.txt']);

    const err = lines(r.stderr);
    const expected: [string, string][] = [
      ['bad-utf8.txt', 'E_NOT_UTF8'],
      ['binary.bin', 'E_BINARY'],
      ['blank.txt', 'E_EMPTY'],
      ['empty.txt', 'E_EMPTY'],
      ['latin1.txt', 'E_NOT_UTF8'],
    ];
    expect(err).toHaveLength(expected.length);
    expected.forEach(([name, code], i) => {
      expect(err[i]).toMatch(new RegExp(`^marsad: \\S*/mixed/${name.replace('.', '\\.')}: ${code}: \\S`));
    });
  });

  // As root (CI), chmod 000 does not stop reading, so this case cannot be produced there: skip only it.
  it.skipIf(!chmodStopsReading())('reports an unreadable file (E_UNREADABLE)', () => {
    file('locked/good.txt', ARTICLE);
    const locked = file('locked/locked.txt', ARTICLE);
    chmodSync(locked, 0o000);
    try {
      const r = cli(['extract', join(dir, 'locked')]);
      expect(r.status).toBe(1);
      expect(lines(r.stdout)).toHaveLength(1);
      const err = lines(r.stderr);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^marsad: .*locked\.txt: E_UNREADABLE: /);
    } finally {
      chmodSync(locked, 0o600);
    }
  });

  it('refuses a 50 MB file with E_TOO_LARGE without reading it', () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024); // sparse: no 50 MB written
    const started = performance.now();
    const r = cli(['extract', big]);
    const ms = performance.now() - started;
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^marsad: .*big\.txt: E_TOO_LARGE: /)]);
    expect(ms).toBeLessThan(10_000);
    // The limit is configurable.
    const small = cli(['extract', file('small.txt', ARTICLE), '--max-size', '0.0001']);
    expect(small.status).toBe(1);
    expect(small.stderr).toMatch(/E_TOO_LARGE/);
  });

  it('reports a missing path with E_NOT_FOUND and goes on with the other inputs', () => {
    const r = cli(['extract', join(dir, 'no-such-file.txt'), file('other.txt', ARTICLE)]);
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stderr).toMatch(/^marsad: .*no-such-file\.txt: E_NOT_FOUND: /);
  });

  it('reads stdin for -', () => {
    const r = cli(['extract', '-', '--published', '2024-03-28'], ARTICLE);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(1);
    const doc = JSON.parse(out[0]!) as DocumentResult;
    expect(doc.id).toBe('stdin');
    expect(doc.published).toBe('2024-03-28');

    const empty = cli(['extract', '-'], '');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^marsad: stdin: E_EMPTY: /);
  });

  it('prints --format json as one JSON array', () => {
    const a = file('json/a.txt', ARTICLE);
    const b = file('json/b.txt', ARTICLE);
    const r = cli(['extract', a, b, '--format', 'json']);
    expect(r.status).toBe(0);
    const docs = JSON.parse(r.stdout) as DocumentResult[];
    expect(docs.map((d) => d.id)).toEqual(['a.txt', 'b.txt']);

    const none = cli(['extract', join(dir, 'missing.txt'), '--format', 'json']);
    expect(none.status).toBe(1);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('prints --format text for people', () => {
    const r = cli(['extract', file('text.txt', ARTICLE), '--format', 'text']);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^== text\.txt \(/);
    // The stub extractor finds nothing yet; a real one prints events (see the unit test below).
    if (out.length === 2) expect(out[1]).toMatch(/no events/);
  });

  it('exits 2 on usage errors', () => {
    const good = file('usage.txt', ARTICLE);
    const badDate = cli(['extract', good, '--published', '2024-02-30']);
    expect(badDate.status).toBe(2);
    expect(badDate.stdout).toBe('');
    expect(badDate.stderr).toMatch(/^marsad: E_BAD_DATE: /);
    expect(cli(['extract', good, '--published', '28/03/2024']).status).toBe(2);
    expect(cli(['extract', good, '--format', 'xml']).stderr).toMatch(/^marsad: E_USAGE: /);
    expect(cli(['extract', good, '--format', 'xml']).status).toBe(2);
    expect(cli(['extract', good, '--max-size', 'lots']).status).toBe(2);
    expect(cli(['extract', good, '--frobnicate']).status).toBe(2);
    expect(cli(['extract']).status).toBe(2);
    expect(cli(['no-such-command']).status).toBe(2);
    expect(cli([]).status).toBe(2);
  });

  it('has --help and --version', () => {
    const help = cli(['extract', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: marsad extract/);
    const main = cli(['--help']);
    expect(main.status).toBe(0);
    expect(main.stdout).toMatch(/extract/);
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it.skipIf(!HAVE_SHARED)('writes seed output the scorer accepts', () => {
    const r = cli(['extract', SEEDS, '--format', 'jsonl']);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(5);
    const pred = file('seeds.jsonl', r.stdout);
    const score = spawnSync(process.execPath, [SCORER, '--gold', GOLD, '--pred', pred, '--corpus', SEEDS], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(score.status, score.stderr).toBe(0);
    expect(lines(score.stdout).at(-1)).toMatch(/^score: /);
  });
});

describe('input decoding', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('keeps CRLF and strips a UTF-8 BOM, reporting the shift', () => {
    const doc = decodeDocument(enc('\uFEFFسطر\r\nسطر'), 'x');
    expect(doc.text).toBe('سطر\r\nسطر');
    expect(doc.offsetBase).toBe(1);
    expect(decodeDocument(enc('سطر\r\n'), 'x').offsetBase).toBe(0);
  });

  it('refuses invalid UTF-8, binary data and empty text with their codes', () => {
    const code = (bytes: Uint8Array): string | undefined => {
      try {
        decodeDocument(bytes, 'x');
        return undefined;
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(code(new Uint8Array([0xff, 0xfe, 0x41]))).toBe('E_NOT_UTF8');
    expect(code(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe('E_NOT_UTF8'); // encoded surrogate
    expect(code(new Uint8Array([0x61, 0x00, 0x62]))).toBe('E_BINARY');
    expect(code(enc('\x01\x02\x03\x04 abcdefgh'))).toBe('E_BINARY');
    expect(code(enc('\x01 ' + 'نص عربي '.repeat(20)))).toBeUndefined();
    expect(code(enc(' \n\u00a0 '))).toBe('E_EMPTY');
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc3, 0x28]))).toBe(1);
    expect(firstInvalidUtf8(enc('عربي'))).toBe(-1);
  });

  it('parses the flags', () => {
    expect(parseExtractArgs(['a.txt'])).toMatchObject({ format: 'jsonl', maxBytes: 20 * 1024 * 1024 });
    expect(parseExtractArgs(['-', '--max-size', '1.5']).maxBytes).toBe(1.5 * 1024 * 1024);
    expect(() => parseExtractArgs(['a', '--published', '2023-13-01'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseExtractArgs(['-', '-'])).toThrow(/only once/);
  });
});

describe('output', () => {
  const event: ExtractedEvent = {
    type: 'airstrike',
    evidence: { start: 10, end: 40, text: 'استهدف طيران التحالف\nسيارة في الميادين' },
    trigger: { start: 10, end: 16, text: 'استهدف' },
    actor: 'coalition',
    target: 'isis',
    persons: [{ name: 'فلان الفلاني', aliases: [], title: 'قيادي في التنظيم', role: 'victim' }],
    location: {
      name: 'الميادين',
      name_en: 'Al-Mayadin',
      lat: 35.02,
      lon: 40.45,
      admin1: 'دير الزور',
      precision: 'town',
      geo_precision: 1,
      place_id: null,
    },
    date: { start: '2023-08-26', end: '2023-08-26', text: 'السبت الماضي' },
    count: { min: 20, max: 99, text: 'عشرات' },
    fatalities: { min: 6, max: 6 },
    charges: [],
    certainty: 'reported',
    rules: [],
    lexicon: [],
  };
  const doc = (): DocumentResult => ({
    id: 'a.txt',
    published: '2023-08-27',
    outlet: null,
    events: [structuredClone(event)],
    entities: [{ type: 'group', text: 'التحالف', id: 'coalition', start: 13, end: 20, rule: 'test' }],
  });

  it('formats events as text', () => {
    const text = formatDocumentText(doc());
    expect(text).toMatch(/^== a\.txt \(published 2023-08-27, 1 event, 1 entity\)\n/);
    expect(text).toMatch(/1\. airstrike \(reported\)/);
    expect(text).toMatch(/place: +الميادين \/ Al-Mayadin, دير الزور \(35\.02, 40\.45\)/);
    expect(text).toMatch(/date: +2023-08-26 «السبت الماضي»/);
    expect(text).toMatch(/actors: +coalition → isis/);
    expect(text).toMatch(/persons: +فلان الفلاني, قيادي في التنظيم \[victim\]/);
    expect(text).toMatch(/count 20-99 «عشرات», killed 6/);
    expect(text).toMatch(/\n {7}استهدف طيران التحالف سيارة في الميادين\n/);
    expect(formatDocumentText({ ...doc(), events: [] })).toMatch(/no events found/);
  });

  it('shifts every offset when a BOM was stripped', () => {
    const shifted = shiftOffsets(doc(), 1);
    expect(shifted.events[0]!.evidence).toMatchObject({ start: 11, end: 41 });
    expect(shifted.events[0]!.trigger).toMatchObject({ start: 11, end: 17 });
    expect(shifted.entities[0]).toMatchObject({ start: 14, end: 21 });
  });
});
