/**
 * Bad input through the built CLI (`marsad ingest`), on SQLite and on a real PostgreSQL: files that are
 * not text, not UTF-8, empty, too large, broken HTML, JSON, JSON Lines and CSV, unreadable files and
 * symbolic link loops, all in one batch with good articles, into a database that already holds a
 * corpus. Each bad input gets one error line naming the file and the problem; the good articles of the
 * batch are stored; nothing stored before is lost or changed. (Single-file reader cases are in
 * test/ingest/readers.test.ts; these are the gaps, end to end.)
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../src/ingest/readers.js';
import { testBackends } from '../helpers/backends.js';
import { cliEnv, runCli, type CliResult } from '../helpers/cli-process.js';
import { writeArticles } from '../helpers/generated-articles.js';
import { documentDifferences, snapshotOf, type Snapshot } from '../helpers/store-snapshot.js';

const MB = 1024 * 1024;
// Written for the test: one report, and a line that makes each use of it a distinct text.
const REPORT =
  'عنب بلدي\n2019.03.07\n\nقصفت طائرات التحالف الدولي، صباح أمس الأربعاء، مواقع لتنظيم داعش في بلدة هجين بريف دير الزور، ما أدى لمقتل أربعة عناصر من التنظيم.\n';
const report = (tag: string) => `${REPORT}\nرقم المرجع ${tag}\n`;
/** "الحرب" in Windows-1256: what an old Arabic page or export holds. */
const CP1256 = Buffer.from([0xc7, 0xe1, 0xcd, 0xd1, 0xc8, 0x20, 0xc7, 0xe1, 0xcd, 0xd1, 0xc8, 0x0a]);

let dir = '';
let env: NodeJS.ProcessEnv = {};
let batch = '';
let baseline = '';
/** Whether permissions keep this process out of a chmod 000 file (not when running as root). */
let permissionsBlock = false;

/** The inputs of the batch that must fail: file → code and a pattern of the message. */
const FAILURES: Array<[file: string, code: string, message: RegExp]> = [
  ['image.png', 'E_BINARY', /binary data, not text: NUL byte at offset 8/],
  ['archive.zip', 'E_BINARY', /NUL byte at offset \d+/],
  ['nul-early.txt', 'E_BINARY', /NUL byte at offset \d+/],
  // Binary detection samples the first 8 KB; a NUL further on is caught as well.
  ['nul-late.txt', 'E_BINARY', /NUL byte at offset \d+ \(line \d+\)/],
  ['controls.txt', 'E_BINARY', /\d+% control characters/],
  ['windows-1256.txt', 'E_NOT_UTF8', /not UTF-8 text: invalid byte sequence at byte 0/],
  ['truncated-utf8.txt', 'E_NOT_UTF8', /invalid byte sequence at byte \d+/],
  ['overlong.txt', 'E_NOT_UTF8', /invalid byte sequence/],
  ['utf16.txt', 'E_NOT_UTF8', /UTF-16 byte order mark/],
  ['empty.txt', 'E_EMPTY', /no text/],
  ['blank.txt', 'E_EMPTY', /no text/],
  ['bom-only.txt', 'E_EMPTY', /no text/],
  ['huge.txt', 'E_TOO_LARGE', /too large \(50 MB; the limit is 20 MB, see --max-size\)/],
  ['script-only.html', 'E_EMPTY', /no text/],
  ['windows-1256.html', 'E_NOT_UTF8', /invalid byte sequence/],
  ['truncated.json', 'E_BAD_RECORD', /bad record \(file\): not valid JSON/],
  ['wrapped.json', 'E_BAD_RECORD', /bad record \(file\): no text field/],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 2\): not valid JSON/],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 3\): expected an object, got an array/],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 4\): the text field is not a string/],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 5\): the text field holds a NUL character/],
  [
    'records.jsonl',
    'E_BAD_RECORD',
    /bad record \(line 6\): the text field holds an unpaired surrogate U\+D800/,
  ],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 7\): the title field holds a NUL character/],
  ['records.jsonl', 'E_BAD_RECORD', /bad record \(line 9\): not valid JSON/],
  ['records.csv', 'E_BAD_RECORD', /bad record \(line 3\): 3 fields, the header has 2/],
  ['records.csv', 'E_BAD_RECORD', /bad record \(line 4\): the text field holds a NUL character/],
  ['records.csv', 'E_BAD_RECORD', /bad record \(line 5\): unterminated quoted field/],
  ['header-only.csv', 'E_EMPTY', /no text/],
  ['loop-a.txt', 'E_UNREADABLE', /cannot read: too many levels of symbolic links \(ELOOP\)/],
  ['loop-b.txt', 'E_UNREADABLE', /too many levels of symbolic links \(ELOOP\)/],
  ['dangling.txt', 'E_NOT_FOUND', /no such file or directory/],
];

/** Good articles of the batch, by file (records of a file: its path with #index). */
const GOOD = [
  'articles/0000.txt',
  'articles/0001.txt',
  'articles/0002.txt',
  'articles/0003.txt',
  'nested.html',
  'unclosed.html',
  'charset-meta.html',
  'records.jsonl#0',
  'records.jsonl#7',
  'records.csv#0',
  'deep-author.jsonl#0',
];

function writeBatch(root: string): void {
  mkdirSync(root, { recursive: true });
  const put = (name: string, content: string | Buffer) => writeFileSync(join(root, name), content);
  writeArticles(join(root, 'articles'), 4, 17);
  put('image.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'));
  put('archive.zip', Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.from(report('zip'))]));
  put('nul-early.txt', `${report('nul1')}\0بقية`);
  put('nul-late.txt', `${report('nul2')}${'وقال ناشطون إن القصف استمر حتى المساء. '.repeat(300)}\0\n`);
  put('controls.txt', Buffer.from(Array.from({ length: 400 }, (_, k) => (k % 3 ? 0x41 : 0x01 + (k % 8)))));
  put('windows-1256.txt', CP1256);
  put('truncated-utf8.txt', Buffer.concat([Buffer.from(report('cut')), Buffer.from([0xd8])]));
  put('overlong.txt', Buffer.concat([Buffer.from('نص '), Buffer.from([0xc0, 0xaf]), Buffer.from(' نص\n')]));
  put('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(report('utf16'), 'utf16le')]));
  put('empty.txt', '');
  put('blank.txt', ' \n\t\r\n  \n');
  put('bom-only.txt', Buffer.from([0xef, 0xbb, 0xbf]));
  // 50 MB of real text: refused from its size alone (the default limit is 20 MB).
  const line = Buffer.from('قصفت قوات النظام بقذائف المدفعية أحياء مدينة درعا.\n');
  put(
    'huge.txt',
    Buffer.concat(Array.from({ length: Math.ceil((50 * MB) / line.length) }, () => line)).subarray(
      0,
      50 * MB,
    ),
  );
  const paragraph = `<p>${REPORT.replaceAll('\n', ' ')}</p>`;
  put(
    'nested.html',
    `<html><body>${'<div>'.repeat(10_000)}${paragraph}<p>رقم المرجع nested</p>${'</div>'.repeat(10_000)}</body></html>`,
  );
  put('unclosed.html', `<html><body><div><p>${REPORT}<p><b><i>رقم المرجع unclosed<table><tr><td>خلية`);
  put(
    'script-only.html',
    '<html><head><style>p{color:red}</style><script>var t = "قصفت";</script></head><body><script>f()</script></body></html>',
  );
  put(
    'charset-meta.html',
    `<html><head><meta charset="windows-1256"></head><body>${paragraph}<p>رقم المرجع meta</p></body></html>`,
  );
  put(
    'windows-1256.html',
    Buffer.concat([Buffer.from('<html><body><p>'), CP1256, Buffer.from('</p></body></html>')]),
  );
  put('truncated.json', `[{"text": ${JSON.stringify(report('json'))}}, {"text": "نص`);
  put('wrapped.json', JSON.stringify({ articles: [{ text: report('wrapped') }] }));
  put(
    'records.jsonl',
    [
      JSON.stringify({ text: report('jsonl-0'), source: 'عنب بلدي' }),
      '{"text": "نص بلا نهاية',
      '["text"]',
      '{"text": 5}',
      `{"text": ${JSON.stringify(report('jsonl-nul')).replace('هجين', 'هج\\u0000ين')}}`,
      `{"text": "\\ud800 ${JSON.stringify(report('jsonl-surrogate')).slice(1)}}`,
      JSON.stringify({ text: report('jsonl-title'), title: 'عنوان\u0000' }),
      JSON.stringify({ text: report('jsonl-7') }),
      '{"text": "سطر أخير مقطوع',
    ].join('\n'),
  );
  // One line per row; the first row's text is long, so that the NUL of a later row lies past the
  // 8 KB that binary detection samples and only that row is refused.
  const csvText = (tag: string, more = '') =>
    `"${`${report(tag)}${more}`
      .replace(/\s*\n\s*/g, ' ')
      .trim()
      .replaceAll('"', '""')}"`;
  put(
    'records.csv',
    [
      'text,title',
      `${csvText('csv-0', 'وقال ناشطون إن القصف استمر حتى المساء. '.repeat(300))},عنوان`,
      `${csvText('csv-wide')},عنوان,زائد`,
      `${csvText('csv-nul').replace('هجين', 'هج\0ين')},عنوان`,
      `"نص بلا نهاية,عنوان`,
    ].join('\r\n'),
  );
  put('header-only.csv', 'text,title\r\n');
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  put('deep-author.jsonl', `{"text": ${JSON.stringify(report('deep'))}, "author": ${deep}}\n`);
  symlinkSync('loop-b.txt', join(root, 'loop-a.txt'));
  symlinkSync('loop-a.txt', join(root, 'loop-b.txt'));
  symlinkSync('no-such-file.txt', join(root, 'dangling.txt'));
  // A link to the directory itself: directory links are not followed, so the walk ends.
  symlinkSync('.', join(root, 'self'));
  // A named pipe: not a regular file, skipped by the walk (reading it would wait for a writer).
  try {
    execFileSync('mkfifo', [join(root, 'pipe.txt')], { stdio: 'ignore' });
  } catch {
    // No mkfifo here: nothing to skip.
  }
  put('locked.txt', report('locked'));
  chmodSync(join(root, 'locked.txt'), 0o000);
  mkdirSync(join(root, 'locked-dir'));
  writeFileSync(join(root, 'locked-dir', 'inside.txt'), report('locked-dir'));
  chmodSync(join(root, 'locked-dir'), 0o000);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-bad-input-'));
  env = cliEnv(join(dir, 'home'));
  baseline = join(dir, 'baseline');
  writeArticles(baseline, 12, 5);
  batch = join(dir, 'batch');
  writeBatch(batch);
  try {
    readFileSync(join(batch, 'locked.txt'));
  } catch {
    permissionsBlock = true;
  }
});
afterAll(() => {
  // Restore the permissions, or the directory cannot be removed by a user other than root.
  for (const locked of ['locked.txt', 'locked-dir']) {
    try {
      chmodSync(join(batch, locked), 0o755);
    } catch {
      // Not created: the batch was not written.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const eventsOf = (s: Snapshot) => [...s.documents.values()].reduce((n, d) => n + d.events.length, 0);

describe.each(testBackends())('a batch of bad inputs on $name', (backend) => {
  describe.skipIf(!backend.available)('ingest', () => {
    let url = '';
    let before: Snapshot;
    let after: Snapshot;
    let result: CliResult;
    let errorLines: string[] = [];

    beforeAll(async () => {
      await backend.start();
      url = await backend.fresh(1);
      const first = await runCli(['ingest', '--db', url, '--workers', '2', '-q', baseline], env);
      expect(first.code, first.stderr).toBe(0);
      before = await snapshotOf(url);
      // The directory, and the loop given by name as well.
      result = await runCli(
        ['ingest', '--db', url, '--workers', '2', '-q', '--json', batch, join(batch, 'loop-a.txt')],
        env,
      );
      errorLines = result.stderr.split('\n').filter(Boolean);
      after = await snapshotOf(url);
    }, 120_000);
    afterAll(() => backend.stop());

    it.each(FAILURES)('%s: %s', (file, code, message) => {
      const path = join(batch, file);
      const lines = errorLines.filter((l) => l.startsWith(`marsad: ${path}: ${code}: `));
      expect(
        lines.some((l) => message.test(l)),
        `no line for ${file} matching ${message}:\n${result.stderr}`,
      ).toBe(true);
    });

    it('names the symbolic link loop given on the command line', () => {
      const lines = errorLines.filter((l) =>
        l.startsWith(`marsad: ${join(batch, 'loop-a.txt')}: E_UNREADABLE`),
      );
      expect(lines).toHaveLength(2);
    });

    it('reports files it may not read, or reads them when permissions do not stop it (root)', () => {
      const locked = join(batch, 'locked.txt');
      const lockedDir = join(batch, 'locked-dir');
      if (permissionsBlock) {
        expect(errorLines).toContain(
          `marsad: ${locked}: E_UNREADABLE: cannot read: permission denied (EACCES)`,
        );
        expect(errorLines).toContain(
          `marsad: ${lockedDir}: E_UNREADABLE: cannot read: permission denied (EACCES)`,
        );
      } else {
        const paths = [...after.documents.values()].map((d) => JSON.parse(d.meta)[0] as string);
        expect(paths).toEqual(expect.arrayContaining([locked, join(lockedDir, 'inside.txt')]));
      }
    });

    it('exits 1 with one line per failure, and counts them', () => {
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout) as { failed: number; stored: number; errorsByCode: object };
      const failures = FAILURES.length + 1 + (permissionsBlock ? 2 : 0);
      expect(errorLines, result.stderr).toHaveLength(failures);
      expect(summary.failed).toBe(failures);
      for (const line of errorLines) expect(line).toMatch(/^marsad: \/\S+: E_[A-Z_0-9]+: \S/);
      expect(summary.stored).toBe(GOOD.length + (permissionsBlock ? 0 : 2));
    });

    it('stores every good article of the batch', () => {
      const paths = new Set([...after.documents.values()].map((d) => JSON.parse(d.meta)[0] as string));
      for (const good of GOOD) expect(paths, good).toContain(join(batch, good));
      // The text of deeply nested and unclosed HTML is found, and a wrong charset declaration is ignored
      // for text that is UTF-8.
      const html = [...after.documents.values()].filter((d) =>
        /\.html$/.test(JSON.parse(d.meta)[0] as string),
      );
      expect(html).toHaveLength(3);
      for (const doc of html) expect(doc.events.length, doc.meta).toBeGreaterThan(0);
    });

    it('loses and changes nothing stored before', () => {
      const kept: Snapshot = {
        documents: new Map([...after.documents].filter(([hash]) => before.documents.has(hash))),
        incidents: [],
        persons: [],
      };
      expect(kept.documents.size).toBe(before.documents.size);
      const version = [...before.documents.values()][0]!.version!;
      expect(documentDifferences(kept, new Map([[version, before]]))).toEqual([]);
      expect(eventsOf(after)).toBeGreaterThan(eventsOf(before));
    });
  });
});

describe('a file under a raised size limit', () => {
  it('stores a 50 MB JSON record under --max-size 60', async () => {
    const root = join(dir, 'large');
    mkdirSync(root, { recursive: true });
    const padding = 'ح'.repeat(25 * MB); // two bytes each: 50 MB
    const file = join(root, 'large.json');
    writeFileSync(file, JSON.stringify({ text: report('large'), padding }));
    const db = join(dir, 'large.db');
    const refused = await runCli(['ingest', '--db', db, '-q', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^marsad: ${file}: E_TOO_LARGE: too large \\(50(\\.0)? MB; `));
    const stored = await runCli(['ingest', '--db', db, '--max-size', '60', '--json', file], env);
    expect(stored.code, stored.stderr).toBe(0);
    expect(JSON.parse(stored.stdout)).toMatchObject({ stored: 1, failed: 0 });
  }, 60_000);
});

describe('records the readers cannot take apart', () => {
  it('keeps the good lines of a JSON Lines file when one line nests 100,000 deep', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = [`{"text": "أ"}`, `{"text": "ب", "author": ${deep}}`, `{"text": "ج"}`].join('\n');
    const out = readContent(text, 'deep.jsonl', 'jsonl');
    expect(out.map((o) => ('raw' in o ? o.raw : o.message))).toEqual(['أ', 'ب', 'ج']);
  });
});
