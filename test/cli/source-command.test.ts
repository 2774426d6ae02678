/** `marsad source add/list/remove`, run in-process on sources files in a temporary directory. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSource, SOURCE_HELP } from '../../src/cli/source-command.js';
import type { Source } from '../../src/watch/sources/source-config.js';
import { jsonLinesOf, runCommand } from '../helpers/run-command.js';

const run = (argv: string[]) => runCommand(runSource, argv);

const lines = jsonLinesOf;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-source-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('marsad source', () => {
  it('adds, lists and removes sources', async () => {
    const file = join(dir, 'cycle', 'sources.json');
    const added = await run([
      'add',
      'https://furat-monitor.example.org/feed/',
      '--outlet',
      'مرصد الفرات الإخباري',
      '--kind',
      'rss',
      '--interval',
      '10',
      '--sources',
      file,
    ]);
    expect(added).toEqual({
      code: 0,
      stdout: 'furat-monitor-example-org\n',
      stderr: `added furat-monitor-example-org (rss, every 10 min) to ${file}\n`,
    });

    const page = await run([
      'add',
      'https://news.example.org/syria/',
      '--outlet',
      'شبكة الرصد المحلي',
      '--id',
      'rasd',
      '--kind',
      'page',
      '--selector',
      'title=h1.news-head',
      '--selector',
      'body=.news-text',
      '--json',
      '--sources',
      file,
    ]);
    expect(page.code).toBe(0);
    expect(lines<Source>(page.stdout)).toEqual([
      {
        id: 'rasd',
        kind: 'page',
        url: 'https://news.example.org/syria/',
        outlet: 'شبكة الرصد المحلي',
        language: 'ar',
        intervalMinutes: 15,
        selectors: { title: 'h1.news-head', body: '.news-text' },
        enabled: true,
      },
    ]);

    const listed = await run(['list', '--json', '--sources', file]);
    expect(listed.code).toBe(0);
    expect(lines<Source>(listed.stdout).map((s) => s.id)).toEqual(['furat-monitor-example-org', 'rasd']);

    const table = await run(['list', '--sources', file]);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^id\s+kind\s+every\s+on\s+outlet\s+url$/);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(
      /^furat-monitor-example-org\s+rss\s+10 min\s+yes\s+مرصد الفرات الإخباري\s+https:/,
    );

    const removed = await run(['remove', 'furat-monitor-example-org', '--sources', file]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toBe(
      `removed furat-monitor-example-org (https://furat-monitor.example.org/feed/) from ${file}\n`,
    );
    const file2 = JSON.parse(readFileSync(file, 'utf8')) as { sources: Source[] };
    expect(file2.sources.map((s) => s.id)).toEqual(['rasd']);
  });

  it('uses $MARSAD_HOME/sources.json by default', async () => {
    const home = join(dir, 'home');
    const saved = process.env['MARSAD_HOME'];
    process.env['MARSAD_HOME'] = home;
    try {
      expect((await run(['add', 'https://news.example.org/feed', '--outlet', 'الرصد'])).code).toBe(0);
      expect(JSON.parse(readFileSync(join(home, 'sources.json'), 'utf8')).sources).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env['MARSAD_HOME'];
      else process.env['MARSAD_HOME'] = saved;
    }
  });

  it('lists nothing from a missing file, with a hint', async () => {
    const file = join(dir, 'none.json');
    expect(await run(['list', '--sources', file])).toEqual({
      code: 0,
      stdout: '',
      stderr: `no sources in ${file}: add one with \`marsad source add URL --outlet NAME\`\n`,
    });
    expect(await run(['list', '--json', '--sources', file])).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints its help', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: SOURCE_HELP, stderr: '' });
  });

  const file = () => join(dir, 'errors.json');
  const usageCases: Array<[string, string[], RegExp]> = [
    ['no action', [], /E_USAGE: no action: add, list or remove \(see `marsad source --help`\)/],
    ['an unknown action', ['edit'], /E_USAGE: unknown action 'edit'/],
    ['no URL', ['add', '--outlet', 'x'], /E_USAGE: no URL/],
    [
      'a relative URL',
      ['add', '/feed', '--outlet', 'x'],
      /E_USAGE: the URL must be an absolute http\(s\) URL/,
    ],
    ['no outlet', ['add', 'https://x.example/feed'], /E_USAGE: --outlet NAME is required/],
    [
      'a bad kind',
      ['add', 'https://x.example/feed', '--outlet', 'x', '--kind', 'xml'],
      /E_USAGE: --kind must be one of auto, rss, atom, jsonfeed, sitemap, page, got 'xml'/,
    ],
    [
      'a zero interval',
      ['add', 'https://x.example/feed', '--outlet', 'x', '--interval', '0'],
      /E_USAGE: --interval must be an integer ≥ 1, got '0'/,
    ],
    [
      'a bad id',
      ['add', 'https://x.example/feed', '--outlet', 'x', '--id', 'Bad_Id'],
      /E_USAGE: --id must be a slug/,
    ],
    [
      'a bad selector field',
      ['add', 'https://x.example/feed', '--outlet', 'x', '--selector', 'lead=p'],
      /E_USAGE: --selector must be FIELD=CSS with FIELD one of title, date, author, body, got 'lead=p'/,
    ],
    [
      'an invalid selector',
      ['add', 'https://x.example/feed', '--outlet', 'x', '--selector', 'body=div[['],
      /E_USAGE: --selector body: not a valid CSS selector: 'div\[\['/,
    ],
    [
      'an add option to list',
      ['list', '--outlet', 'x'],
      /E_USAGE: --outlet is an option of `marsad source add`/,
    ],
    ['an unknown option', ['list', '--color'], /E_USAGE: Unknown option '--color'/],
    ['an extra argument', ['remove', 'a', 'b'], /E_USAGE: unexpected argument 'b'/],
    ['remove without an id', ['remove'], /E_USAGE: no id/],
  ];
  it.each(usageCases)('refuses %s (exit 2)', async (_what, argv, message) => {
    const r = await run([...argv, '--sources', file()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^marsad: E_USAGE: /);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a duplicate and an unknown id, naming the file (exit 1)', async () => {
    const path = join(dir, 'dupes.json');
    const add = ['add', 'https://x.example/feed', '--outlet', 'x', '--id', 'x', '--sources', path];
    expect((await run(add)).code).toBe(0);
    const again = await run(add);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('marsad: E_SOURCE_EXISTS: source x already has this id: give another --id\n');
    const sameUrl = await run(['add', 'https://x.example/feed/', '--outlet', 'x', '--sources', path]);
    expect(sameUrl.stderr).toBe(
      'marsad: E_SOURCE_EXISTS: source x already has the URL https://x.example/feed\n',
    );
    const missing = await run(['remove', 'y', '--sources', path]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `marsad: ${path}: E_NO_SOURCE: no source with id y (see \`marsad source list\`)\n`,
    );
  });

  it('reports an invalid sources file with its path, source index and field, and leaves it alone', async () => {
    const path = join(dir, 'broken.json');
    const text = JSON.stringify({
      sources: [{ id: 'a', url: 'https://x.example/', outlet: 'x', intervalMinutes: -5 }],
    });
    writeFileSync(path, text);
    for (const argv of [['list'], ['add', 'https://y.example/feed', '--outlet', 'y'], ['remove', 'a']]) {
      const r = await run([...argv, '--sources', path]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `marsad: ${path}: E_SOURCES: cannot use the sources file: sources[0].intervalMinutes: must be at least 1 (minute)\n`,
      );
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
