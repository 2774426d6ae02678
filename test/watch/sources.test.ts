import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarsadError } from '../../src/cli/errors.js';
import { addSource, removeSource, sourceIdFor } from '../../src/watch/sources/add-source.js';
import { readSources, writeSources } from '../../src/watch/sources/read-sources.js';
import { defaultSourcesPath, type SourceConfig } from '../../src/watch/sources/source-config.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-sources-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a promise rejects with, or a failure when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<MarsadError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MarsadError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

function thrown(body: () => unknown): MarsadError {
  try {
    body();
  } catch (err) {
    if (err instanceof MarsadError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

const FEED = { url: 'https://furat-monitor.example.org/feed/', outlet: 'مرصد الفرات الإخباري' };

describe('the default path', () => {
  it('is in $MARSAD_HOME, else next to the default database', () => {
    expect(defaultSourcesPath({ MARSAD_HOME: '/srv/marsad' })).toBe('/srv/marsad/sources.json');
    expect(defaultSourcesPath({ XDG_DATA_HOME: '/data' })).toBe('/data/marsad/sources.json');
    expect(defaultSourcesPath({})).toMatch(/\.local\/share\/marsad\/sources\.json$/);
  });
});

describe('readSources and writeSources', () => {
  it('reads a missing or blank file as no sources', async () => {
    expect(await readSources(join(dir, 'missing', 'sources.json'))).toEqual({ sources: [] });
    const blank = join(dir, 'blank.json');
    writeFileSync(blank, '\n  \n');
    expect(await readSources(blank)).toEqual({ sources: [] });
  });

  it('fills in the defaults of a minimal file', async () => {
    const path = join(dir, 'minimal.json');
    writeFileSync(path, JSON.stringify({ sources: [{ id: 'furat', ...FEED }] }));
    expect(await readSources(path)).toEqual({
      sources: [
        {
          id: 'furat',
          kind: 'auto',
          url: FEED.url,
          outlet: FEED.outlet,
          language: 'ar',
          intervalMinutes: 15,
          enabled: true,
        },
      ],
    });
  });

  it('writes what it reads back, creating the directory', async () => {
    const path = join(dir, 'new', 'deeper', 'sources.json');
    const { config } = addSource(
      { sources: [] },
      { ...FEED, kind: 'rss', intervalMinutes: 5, selectors: { body: '.entry-content' } },
    );
    await writeSources(path, config);
    expect(await readSources(path)).toEqual(config);
    expect(readFileSync(path, 'utf8')).toMatch(/^\{\n {2}"sources": \[\n/);
  });

  it('writes atomically: a temporary file renamed over the old one, none left behind', async () => {
    const sub = join(dir, 'atomic');
    mkdirSync(sub);
    const path = join(sub, 'sources.json');
    writeFileSync(path, '{"sources": []}\n');
    let config: SourceConfig = { sources: [] };
    for (let i = 1; i <= 20; i++)
      config = addSource(config, {
        url: `https://news.example.org/feed/${i}`,
        outlet: 'شبكة الرصد المحلي',
      }).config;
    // Writers racing each other: the file is always one complete config.
    await Promise.all(
      Array.from({ length: 8 }, (_, n) => writeSources(path, { sources: config.sources.slice(0, n + 1) })),
    );
    const final = await readSources(path);
    expect(final.sources.length).toBeGreaterThanOrEqual(1);
    expect(readdirSync(sub)).toEqual(['sources.json']);
  });

  it('leaves what was there and no temporary file when the write fails', async () => {
    // A directory where the file should be: the rename fails, whoever runs the test.
    const sub = join(dir, 'failing');
    const path = join(sub, 'sources.json');
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'keep.txt'), 'kept');
    const err = await rejection(writeSources(path, addSource({ sources: [] }, FEED).config));
    expect(err.code).toBe('E_SOURCES');
    expect(err.path).toBe(path);
    expect(err.message).toMatch(/^cannot use the sources file: cannot write: /);
    expect(readdirSync(sub)).toEqual(['sources.json']);
    expect(readFileSync(join(path, 'keep.txt'), 'utf8')).toBe('kept');
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['truncated JSON', '{"sources": [', /not valid JSON: Unexpected end of JSON input/],
    [
      'not JSON',
      '{\n "sources": [\n  {"id": "a",}\n ]\n}',
      /not valid JSON: Expected double-quoted property name in JSON \(line 3, column 14\)$/,
    ],
    [
      'no sources array',
      '{"feeds": []}',
      /sources: must be an array of sources; \(the file\): unknown field "feeds"/,
    ],
    [
      'a bad interval',
      JSON.stringify({
        sources: [
          { id: 'a', ...FEED },
          { id: 'b', ...FEED, intervalMinutes: 0 },
        ],
      }),
      /^cannot use the sources file: sources\[1\]\.intervalMinutes: must be at least 1/,
    ],
    [
      'a fractional interval',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, intervalMinutes: 2.5 }] }),
      /sources\[0\]\.intervalMinutes: must be a whole number/,
    ],
    [
      'a bad kind',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, kind: 'xml' }] }),
      /sources\[0\]\.kind: must be one of auto, rss/,
    ],
    [
      'a bad id',
      JSON.stringify({ sources: [{ id: 'Enab Baladi', ...FEED }] }),
      /sources\[0\]\.id: must be a slug/,
    ],
    [
      'no url',
      JSON.stringify({ sources: [{ id: 'a', outlet: 'x' }] }),
      /sources\[0\]\.url: must be a string/,
    ],
    [
      'a relative url',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, url: '/feed' }] }),
      /sources\[0\]\.url: must be an absolute http\(s\) URL/,
    ],
    [
      'an empty outlet',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, outlet: ' ' }] }),
      /sources\[0\]\.outlet: must not be empty/,
    ],
    [
      'a misspelt field',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, intervalMinute: 5 }] }),
      /sources\[0\]: unknown field "intervalMinute"/,
    ],
    [
      'a bad selector',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, selectors: { body: 'div[[' } }] }),
      /sources\[0\]\.selectors\.body: is not a valid CSS selector/,
    ],
    [
      'an unknown selector field',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, selectors: { lead: 'p' } }] }),
      /sources\[0\]\.selectors: unknown field "lead"/,
    ],
    [
      'a duplicate id',
      JSON.stringify({
        sources: [
          { id: 'a', ...FEED },
          { id: 'a', ...FEED, url: 'https://x.example/' },
        ],
      }),
      /sources\[1\]\.id: "a" is already the id of sources\[0\]/,
    ],
    [
      'enabled as a string',
      JSON.stringify({ sources: [{ id: 'a', ...FEED, enabled: 'yes' }] }),
      /sources\[0\]\.enabled: must be true or false/,
    ],
  ];
  it.each(invalid)('names the file, the source and the field: %s', async (_what, text, problem) => {
    const path = join(dir, 'invalid.json');
    writeFileSync(path, text);
    const err = await rejection(readSources(path));
    expect(err.code).toBe('E_SOURCES');
    expect(err.path).toBe(path);
    expect(err.message).toMatch(problem);
    expect(err.toLine()).toContain(`marsad: ${path}: E_SOURCES: cannot use the sources file: `);
  });

  it('reports an unreadable file as such', async () => {
    const err = await rejection(readSources(dir));
    expect(err.code).toBe('E_UNREADABLE');
  });
});

describe('addSource and removeSource', () => {
  it('adds at the end with defaults, an id from the host, numbered when taken', () => {
    let config: SourceConfig = { sources: [] };
    const ids: string[] = [];
    for (const url of [
      'https://www.furat-monitor.example.org/feed/',
      'https://furat-monitor.example.org/category/deir-ezzor/feed/',
      'https://news.example.org/sitemap.xml',
    ]) {
      const added = addSource(config, { url, outlet: 'مرصد الفرات الإخباري' });
      config = added.config;
      ids.push(added.source.id);
    }
    expect(ids).toEqual(['furat-monitor-example-org', 'furat-monitor-example-org-2', 'news-example-org']);
    expect(config.sources[2]).toEqual({
      id: 'news-example-org',
      kind: 'auto',
      url: 'https://news.example.org/sitemap.xml',
      outlet: 'مرصد الفرات الإخباري',
      language: 'ar',
      intervalMinutes: 15,
      enabled: true,
    });
    expect(sourceIdFor('https://xn--mgbh0fb.example/', config)).toBe('xn-mgbh0fb-example');
  });

  it('does not change the config it was given', () => {
    const config: SourceConfig = { sources: [] };
    addSource(config, FEED);
    expect(config).toEqual({ sources: [] });
  });

  it('refuses an id or a URL that is already configured', () => {
    const { config } = addSource({ sources: [] }, { ...FEED, id: 'furat' });
    const sameId = thrown(() =>
      addSource(config, { url: 'https://other.example/feed', outlet: 'x', id: 'furat' }),
    );
    expect(sameId.code).toBe('E_SOURCE_EXISTS');
    expect(sameId.message).toBe('source furat already has this id: give another --id');
    // The same feed with another scheme, "www." or without its trailing slash.
    const sameUrl = thrown(() =>
      addSource(config, { url: 'http://www.furat-monitor.example.org/feed', outlet: 'x' }),
    );
    expect(sameUrl.code).toBe('E_SOURCE_EXISTS');
    expect(sameUrl.message).toBe(`source furat already has the URL ${FEED.url}`);
  });

  it('refuses an invalid source, naming the field', () => {
    const err = thrown(() => addSource({ sources: [] }, { ...FEED, intervalMinutes: 0 }));
    expect(err.code).toBe('E_USAGE');
    expect(err.message).toMatch(/intervalMinutes: must be at least 1/);
  });

  it('removes by id; an unknown id removes nothing', () => {
    let config: SourceConfig = { sources: [] };
    config = addSource(config, { ...FEED, id: 'a' }).config;
    config = addSource(config, {
      url: 'https://news.example.org/feed',
      outlet: 'شبكة الرصد المحلي',
      id: 'b',
    }).config;
    const { config: after, removed } = removeSource(config, 'a');
    expect(removed?.url).toBe(FEED.url);
    expect(after.sources.map((s) => s.id)).toEqual(['b']);
    expect(config.sources).toHaveLength(2);
    expect(removeSource(after, 'zzz')).toEqual({ config: after, removed: null });
  });
});

describe('the file on disk after add and remove', () => {
  it('round-trips through readSources, addSource, writeSources', async () => {
    const path = join(dir, 'cycle', 'sources.json');
    expect(existsSync(path)).toBe(false);
    let config = await readSources(path);
    config = addSource(config, { ...FEED, id: 'furat', kind: 'rss' }).config;
    await writeSources(path, config);
    config = removeSource(await readSources(path), 'furat').config;
    await writeSources(path, config);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ sources: [] });
  });
});
