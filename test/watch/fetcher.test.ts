import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetcher,
  decodeBody,
  FetchError,
  parseRobots,
  redactUrl,
  type FetcherOptions,
  type FetchErrorCode,
} from '../../src/watch/fetcher/index.js';

// ---------------------------------------------------------------------------------------------------
// Local servers, a fake clock, windows-1256 bytes

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

interface TestServer {
  origin: string;
  url(path: string): string;
  hits: Hit[];
  count(path: string): number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const open: Server[] = [];

afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({ path: req.url ?? '', headers: req.headers, at: performance.now() });
    handler(req, res);
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    hits,
    count: (path) => hits.filter((hit) => hit.path === path).length,
  };
}

/** A port nothing listens on: a server is opened, its port noted, the server closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clock that only moves when the fetcher sleeps (or the test advances it); sleeps are recorded. */
function fakeClock() {
  let time = Date.UTC(2025, 0, 1);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** A fetcher for tests: no robots.txt, no interval, instant sleeps, the middle of every jitter range. */
function testFetcher(options: FetcherOptions = {}) {
  const clock = fakeClock();
  const fetcher = createFetcher({
    respectRobots: false,
    minIntervalMs: 0,
    random: () => 0.5,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  return { fetcher, clock };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected a FetchError, the fetch succeeded');
}

async function expectCode(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  const err = await failure(promise);
  expect(err.code, err.message).toBe(code);
  return err;
}

/** Windows-1256 code points of the Arabic letters used here (from the code page chart, not a decoder). */
const CP1256: Record<string, number> = {
  ا: 0xc7,
  ت: 0xca,
  د: 0xcf,
  ر: 0xd1,
  ز: 0xd2,
  ف: 0xdd,
  ق: 0xde,
  ل: 0xe1,
  م: 0xe3,
  ن: 0xe4,
  و: 0xe6,
  ي: 0xed,
};

function cp1256(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = CP1256[char];
      if (byte === undefined) throw new Error(`no windows-1256 byte for ${char} in the test table`);
      return byte;
    }),
  );
}

const ARABIC = 'قتل مدنيان في دير الزور';

// ---------------------------------------------------------------------------------------------------

describe('conditional requests', () => {
  it('sends If-None-Match and reports 304 as not modified', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res
        .writeHead(200, { etag: '"v1"', 'content-type': 'text/html; charset=utf-8' })
        .end(`<p>${ARABIC}</p>`);
    });
    const { fetcher } = testFetcher();

    const first = await fetcher.get(server.url('/page'));
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"', text: `<p>${ARABIC}</p>` });
    expect(first.charset).toBe('utf-8');

    const second = await fetcher.get(server.url('/page'), { etag: first.etag });
    expect(second).toMatchObject({ status: 304, notModified: true, etag: '"v1"', text: '' });
    expect(second.bytes.length).toBe(0);
    expect(server.count('/page')).toBe(2);
    expect(server.hits[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since and keeps the validators sent when a 304 repeats none', async () => {
    const stamp = 'Wed, 01 Jan 2025 10:00:00 GMT';
    const server = await serve((req, res) => {
      if (req.headers['if-modified-since'] === stamp) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'last-modified': stamp, 'content-type': 'text/plain' }).end('body');
    });
    const { fetcher } = testFetcher();

    const first = await fetcher.get(server.url('/feed'));
    expect(first.lastModified).toBe(stamp);
    const second = await fetcher.get(server.url('/feed'), { lastModified: first.lastModified });
    expect(second).toMatchObject({ notModified: true, lastModified: stamp, etag: undefined });
    expect(server.count('/feed')).toBe(2);
  });
});

describe('compressed bodies', () => {
  const body = `<html><body><p>${ARABIC}</p></body></html>`.repeat(20);
  const cases: Array<[string, (data: Buffer) => Buffer]> = [
    ['gzip', (data) => gzipSync(data)],
    ['x-gzip', (data) => gzipSync(data)],
    ['deflate', (data) => deflateSync(data)],
    ['br', (data) => brotliCompressSync(data)],
    ['gzip, br', (data) => brotliCompressSync(gzipSync(data))],
    ['identity', (data) => data],
  ];

  it.each(cases)('decompresses Content-Encoding: %s', async (encoding, compress) => {
    const server = await serve((_req, res) => {
      res
        .writeHead(200, { 'content-encoding': encoding, 'content-type': 'text/html; charset=utf-8' })
        .end(compress(Buffer.from(body)));
    });
    const { fetcher } = testFetcher();
    const result = await fetcher.get(server.url('/'));
    expect(result.text).toBe(body);
    expect(result.bytes.equals(Buffer.from(body))).toBe(true);
    expect(server.hits[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['compress', Buffer.from('whatever')],
    ['gzip', Buffer.concat([gzipSync(Buffer.from(body)).subarray(0, 30), Buffer.from('garbage garbage')])],
    ['br', Buffer.from('not brotli at all, not at all')],
  ])('fails with E_FETCH_DECODE on Content-Encoding %s it cannot read', async (encoding, data) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding }).end(data);
    });
    const { fetcher } = testFetcher();
    await expectCode(fetcher.get(server.url('/')), 'E_FETCH_DECODE');
    expect(server.hits).toHaveLength(1);
  });
});

describe('character sets', () => {
  const page = (head: string) =>
    Buffer.concat([
      cp1256(`<html><head>${head}</head><body><p>`),
      cp1256(ARABIC),
      cp1256('</p></body></html>'),
    ]);

  // [what, bytes, Content-Type, expected charset, expected source]
  const cases: Array<[string, Buffer, string | undefined, string, string]> = [
    ['header charset', page(''), 'text/html; charset=windows-1256', 'windows-1256', 'header'],
    ['header charset, quoted alias', page(''), 'text/html; charset="cp1256"', 'windows-1256', 'header'],
    ['<meta charset>', page('<meta charset="windows-1256">'), 'text/html', 'windows-1256', 'meta'],
    [
      '<meta http-equiv>',
      page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'),
      undefined,
      'windows-1256',
      'meta',
    ],
    [
      'XML declaration',
      Buffer.concat([
        cp1256('<?xml version="1.0" encoding="windows-1256"?><rss><title>'),
        cp1256(ARABIC),
        cp1256('</title></rss>'),
      ]),
      'application/rss+xml',
      'windows-1256',
      'meta',
    ],
    ['undeclared, not UTF-8', page(''), 'text/html', 'windows-1256', 'fallback'],
    [
      'unknown header label, meta used',
      page('<meta charset="windows-1256">'),
      'text/html; charset=klingon',
      'windows-1256',
      'meta',
    ],
    [
      'UTF-8 byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<p>${ARABIC}</p>`)]),
      'text/html; charset=windows-1256',
      'utf-8',
      'bom',
    ],
    ['undeclared UTF-8', Buffer.from(`<p>${ARABIC}</p>`), 'text/html', 'utf-8', 'default'],
    [
      'meta names UTF-16: UTF-8 used',
      Buffer.from(`<meta charset="utf-16"><p>${ARABIC}</p>`),
      undefined,
      'utf-8',
      'meta',
    ],
  ];

  it.each(cases)('decodeBody: %s', (_what, bytes, contentType, charset, source) => {
    const decoded = decodeBody(bytes, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.charsetSource).toBe(source);
    expect(decoded.text).toContain(ARABIC);
    expect(decoded.text.startsWith('\uFEFF')).toBe(false);
  });

  it.each([
    ['with a header charset', 'text/html; charset=windows-1256', '', 'header'],
    ['with only a <meta charset>', 'text/html', '<meta charset="windows-1256">', 'meta'],
  ])('fetches a windows-1256 Arabic page %s', async (_what, contentType, head, source) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': contentType }).end(page(head));
    });
    const { fetcher } = testFetcher();
    const result = await fetcher.get(server.url('/ar'));
    expect(result.text).toContain(`<p>${ARABIC}</p>`);
    expect(result).toMatchObject({ charset: 'windows-1256', charsetSource: source, contentType });
  });
});

describe('redirects', () => {
  it('follows redirects (absolute and relative) and reports the final URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(301, { location: server.url('/b') }).end();
      else if (req.url === '/b') res.writeHead(302, { location: 'c?x=1' }).end();
      else if (req.url === '/c?x=1') res.writeHead(307, { location: '/final' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('here');
    });
    const { fetcher } = testFetcher();
    const result = await fetcher.get(server.url('/a'));
    expect(result.url).toBe(server.url('/final'));
    expect(result.redirects).toEqual([server.url('/a'), server.url('/b'), server.url('/c?x=1')]);
    expect(result.text).toBe('here');
  });

  it('fails with E_FETCH_REDIRECTS on a loop', async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/x' ? '/y' : '/x' }).end();
    });
    const { fetcher } = testFetcher();
    const err = await expectCode(fetcher.get(server.url('/x')), 'E_FETCH_REDIRECTS');
    expect(err.message).toMatch(/loop/);
    expect(server.hits.map((hit) => hit.path)).toEqual(['/x', '/y']);
  });

  it('fails with E_FETCH_REDIRECTS after maxRedirects on an endless chain', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url?.split('/')[2] ?? 0);
      res.writeHead(302, { location: `/n/${n + 1}` }).end();
    });
    const { fetcher } = testFetcher();
    const err = await expectCode(fetcher.get(server.url('/n/0')), 'E_FETCH_REDIRECTS');
    expect(err.message).toMatch(/more than 5 redirects/);
    expect(server.hits).toHaveLength(6);

    const strict = testFetcher({ maxRedirects: 1 }).fetcher;
    await expectCode(strict.get(server.url('/n/0')), 'E_FETCH_REDIRECTS');
    expect(server.hits).toHaveLength(8);
  });

  it('fails with E_FETCH_URL on a redirect to a URL that is not http(s)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    });
    const { fetcher } = testFetcher();
    await expectCode(fetcher.get(server.url('/')), 'E_FETCH_URL');
  });
});

describe('timeouts and retries', () => {
  it('fails with E_FETCH_TIMEOUT when the host never answers, within the timeout', async () => {
    const server = await serve(() => {
      // Never answers.
    });
    const { fetcher } = testFetcher({ timeoutMs: 150, retries: 0 });
    const started = performance.now();
    const err = await expectCode(fetcher.get(server.url('/silent')), 'E_FETCH_TIMEOUT');
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
    expect(err.message).toContain(server.url('/silent'));
  });

  it('counts the body in the timeout, and retries timeouts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('the start of a body that never ends');
    });
    const { fetcher, clock } = testFetcher({ timeoutMs: 100, retries: 1 });
    await expectCode(fetcher.get(server.url('/stalls')), 'E_FETCH_TIMEOUT');
    expect(server.hits).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
  });

  it('retries 5xx with exponential backoff and full jitter, then succeeds', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls <= 3) res.writeHead(calls === 2 ? 503 : 500).end('down');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('up');
    });
    const { fetcher, clock } = testFetcher();
    const result = await fetcher.get(server.url('/flaky'));
    expect(result.text).toBe('up');
    expect(server.hits).toHaveLength(4);
    // random() = 0.5: half of 500, 1000, 2000 ms.
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('spreads retries over the whole jitter range', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500).end();
    });
    const draws = [0, 0.999, 0.25];
    const { fetcher, clock } = testFetcher({ random: () => draws.shift() ?? 0 });
    await expectCode(fetcher.get(server.url('/')), 'E_FETCH_HTTP');
    expect(clock.sleeps).toEqual([0, 999, 500]);
  });

  it('fails with E_FETCH_HTTP after the retry budget on 500 forever', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500).end('down');
    });
    const { fetcher, clock } = testFetcher();
    const err = await expectCode(fetcher.get(server.url('/down')), 'E_FETCH_HTTP');
    expect(err.status).toBe(500);
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/HTTP 500 Internal Server Error \(after 3 retries\)/);
    expect(server.hits).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it.each([404, 403, 410, 400])('does not retry HTTP %i', async (status) => {
    const server = await serve((_req, res) => {
      res.writeHead(status).end();
    });
    const { fetcher, clock } = testFetcher();
    const err = await expectCode(fetcher.get(server.url('/')), 'E_FETCH_HTTP');
    expect(err.status).toBe(status);
    expect(err.transient).toBe(false);
    expect(server.hits).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  // [Retry-After, expected wait]: the clock is at a whole second, so an HTTP date is exact.
  const retryAfter: Array<[string, (now: number) => string, number]> = [
    ['delay-seconds', () => '7', 7000],
    ['an HTTP date', (now) => new Date(now + 12_000).toUTCString(), 12_000],
    ['a date in the past', (now) => new Date(now - 60_000).toUTCString(), 0],
    ['over the cap', () => '3600', 30_000],
    ['unreadable: backoff', () => 'soon', 250],
  ];

  it.each(retryAfter)('honours Retry-After on 429: %s', async (_what, value, expected) => {
    const clock = fakeClock();
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': value(clock.now()) }).end();
      else res.writeHead(200).end('ok');
    });
    const fetcher = createFetcher({ respectRobots: false, minIntervalMs: 0, random: () => 0.5, ...clock });
    const result = await fetcher.get(server.url('/busy'));
    expect(result.text).toBe('ok');
    expect(clock.sleeps).toEqual([expected]);
  });

  it('fails with E_FETCH_NETWORK when nothing listens, after the retries', async () => {
    const port = await closedPort();
    const { fetcher, clock } = testFetcher();
    const err = await expectCode(fetcher.get(`http://127.0.0.1:${port}/`), 'E_FETCH_NETWORK');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.transient).toBe(true);
    expect(clock.sleeps).toHaveLength(3);
  });
});

describe('size limits', () => {
  const MB = 1024 * 1024;

  it('stops reading a 100 MB streamed body at maxBytes', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      // Written as the socket takes it (never built in memory); stops when the client goes away.
      const pump = () => {
        while (written < 100 * MB) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const { fetcher } = testFetcher({ maxBytes: MB });
    const started = performance.now();
    const err = await expectCode(fetcher.get(server.url('/huge')), 'E_FETCH_TOO_LARGE');
    expect(err.message).toMatch(/limit is 1048576 bytes/);
    expect(performance.now() - started).toBeLessThan(3000);
    // What the kernel's socket buffers held, at most: far from 100 MB.
    expect(written).toBeLessThan(32 * MB);
    expect(server.hits).toHaveLength(1);
  });

  it('refuses a declared Content-Length over maxBytes without reading the body', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(100 * MB) });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (written < 100 * MB) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const { fetcher } = testFetcher({ maxBytes: MB });
    const err = await expectCode(fetcher.get(server.url('/declared')), 'E_FETCH_TOO_LARGE');
    expect(err.message).toMatch(/Content-Length/);
    expect(written).toBeLessThan(32 * MB);
  });

  it('stops decompressing a gzip bomb at maxBytes', async () => {
    // 100 gzip members of 1 MB of zeros each: about 100 KB on the wire, 100 MB decompressed.
    const member = gzipSync(Buffer.alloc(MB));
    const bomb = Buffer.concat(Array.from({ length: 100 }, () => member));
    expect(bomb.length).toBeLessThan(MB);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' }).end(bomb);
    });
    const { fetcher } = testFetcher({ maxBytes: MB });
    const err = await expectCode(fetcher.get(server.url('/bomb')), 'E_FETCH_TOO_LARGE');
    expect(err.message).toMatch(/decompresses/);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(1000, 0x62));
    });
    const { fetcher } = testFetcher({ maxBytes: 1000 });
    expect((await fetcher.get(server.url('/'))).bytes.length).toBe(1000);
  });
});

describe('robots.txt', () => {
  const ROBOTS = [
    '# everyone else: nothing',
    'User-agent: *',
    'Disallow: /',
    '',
    'User-agent: Marsad',
    'Disallow: /private',
    'Allow: /private/public$',
  ].join('\n');

  async function robotsServer(robots: (res: ServerResponse) => void) {
    return serve((req, res) => {
      if (req.url === '/robots.txt') robots(res);
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${req.url}`);
    });
  }

  it('obeys our product token group over *, fetching robots.txt once', async () => {
    const server = await robotsServer((res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(ROBOTS),
    );
    const { fetcher } = testFetcher({ respectRobots: true });

    expect((await fetcher.get(server.url('/news/1'))).text).toBe('page /news/1');
    expect((await fetcher.get(server.url('/private/public'))).text).toBe('page /private/public');
    const err = await expectCode(fetcher.get(server.url('/private/x')), 'E_FETCH_ROBOTS');
    expect(err.message).toMatch(/Disallow: \/private/);
    await expectCode(fetcher.get(server.url('/private/public/more')), 'E_FETCH_ROBOTS');

    expect(server.count('/robots.txt')).toBe(1);
    expect(server.count('/private/x')).toBe(0);
  });

  it('shares one robots.txt download between concurrent requests', async () => {
    const server = await robotsServer((res) => res.writeHead(200).end('User-agent: *\nDisallow: /no\n'));
    const { fetcher } = testFetcher({ respectRobots: true });
    await Promise.all([1, 2, 3, 4].map((n) => fetcher.get(server.url(`/p/${n}`))));
    expect(server.count('/robots.txt')).toBe(1);
  });

  it('fetches robots.txt again after an hour', async () => {
    const server = await robotsServer((res) => res.writeHead(200).end('User-agent: *\nDisallow: /no\n'));
    const { fetcher, clock } = testFetcher({ respectRobots: true });
    await fetcher.get(server.url('/a'));
    clock.advance(59 * 60 * 1000);
    await fetcher.get(server.url('/b'));
    expect(server.count('/robots.txt')).toBe(1);
    clock.advance(2 * 60 * 1000);
    await fetcher.get(server.url('/c'));
    expect(server.count('/robots.txt')).toBe(2);
  });

  it('allows everything when robots.txt is 4xx', async () => {
    const server = await robotsServer((res) => res.writeHead(404).end());
    const { fetcher } = testFetcher({ respectRobots: true });
    expect((await fetcher.get(server.url('/any'))).status).toBe(200);
  });

  it('disallows everything for a while when robots.txt is 5xx, then tries again', async () => {
    let robotsUp = false;
    const server = await robotsServer((res) => {
      if (robotsUp) res.writeHead(200).end('');
      else res.writeHead(503).end();
    });
    const { fetcher, clock } = testFetcher({ respectRobots: true, retries: 0 });
    const err = await expectCode(fetcher.get(server.url('/page')), 'E_FETCH_ROBOTS');
    expect(err.message).toMatch(/could not be read \(HTTP 503\)/);
    expect(server.count('/page')).toBe(0);

    robotsUp = true;
    await expectCode(fetcher.get(server.url('/page')), 'E_FETCH_ROBOTS');
    expect(server.count('/robots.txt')).toBe(1);
    clock.advance(5 * 60 * 1000 + 1);
    expect((await fetcher.get(server.url('/page'))).status).toBe(200);
    expect(server.count('/robots.txt')).toBe(2);
  });

  it('checks the robots.txt of each origin a redirect leads to', async () => {
    const other = await robotsServer((res) => res.writeHead(200).end('User-agent: marsad\nDisallow: /\n'));
    const redirecting = await serve((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(404).end();
      else res.writeHead(302, { location: other.url('/target') }).end();
    });
    const { fetcher } = testFetcher({ respectRobots: true });
    const err = await expectCode(fetcher.get(redirecting.url('/go')), 'E_FETCH_ROBOTS');
    expect(err.url).toBe(other.url('/target'));
    expect(redirecting.hits.map((hit) => hit.path)).toEqual(['/robots.txt', '/go']);
    expect(other.hits.map((hit) => hit.path)).toEqual(['/robots.txt']);
  });

  // [robots.txt, path, allowed]
  const rules: Array<[string, string, string, boolean]> = [
    ['no robots.txt rules', '', '/x', true],
    ['disallow all', 'User-agent: *\nDisallow: /', '/x', false],
    ['empty Disallow allows', 'User-agent: *\nDisallow:', '/x', true],
    ['robots.txt itself', 'User-agent: *\nDisallow: /', '/robots.txt', true],
    ['prefix match', 'User-agent: *\nDisallow: /news', '/newsletter', false],
    ['longest match wins (allow)', 'User-agent: *\nDisallow: /a\nAllow: /a/b', '/a/b/c', true],
    ['longest match wins (disallow)', 'User-agent: *\nAllow: /a\nDisallow: /a/b', '/a/b/c', false],
    ['tie: allow wins', 'User-agent: *\nDisallow: /a\nAllow: /a', '/a', true],
    ['* wildcard', 'User-agent: *\nDisallow: /*.pdf', '/files/report.pdf?x=1', false],
    ['$ anchor matches the end', 'User-agent: *\nDisallow: /*.pdf$', '/files/report.pdf', false],
    ['$ anchor, more after', 'User-agent: *\nDisallow: /*.pdf$', '/files/report.pdf?x=1', true],
    ['query strings count', 'User-agent: *\nDisallow: /search?q=', '/search?q=x', false],
    ['product token, any case', 'User-agent: *\nDisallow: /\n\nUser-agent: MARSAD\nAllow: /', '/x', true],
    ['product token with version', 'User-agent: marsad/2.0\nDisallow: /x', '/x', false],
    ['other bots ignored', 'User-agent: otherbot\nDisallow: /', '/x', true],
    [
      'groups of ours merged',
      'User-agent: marsad\nDisallow: /a\n\nUser-agent: marsad\nDisallow: /b',
      '/b',
      false,
    ],
    ['shared group of several agents', 'User-agent: otherbot\nUser-agent: marsad\nDisallow: /x', '/x', false],
    [
      'a new group after rules',
      'User-agent: marsad\nDisallow: /a\nUser-agent: otherbot\nDisallow: /b',
      '/b',
      true,
    ],
    ['rules before any agent ignored', 'Disallow: /\nUser-agent: *\nDisallow: /z', '/x', true],
    ['comments and case of keys', 'user-AGENT: * # all\nDISALLOW: /x # not x', '/x/1', false],
    [
      'sitemap does not end a group',
      'User-agent: *\nSitemap: https://e.org/s.xml\nDisallow: /x',
      '/x',
      false,
    ],
    [
      'Arabic path, raw in robots.txt',
      'User-agent: *\nDisallow: /أخبار',
      '/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1',
      false,
    ],
    ['escapes compared case-insensitively', 'User-agent: *\nDisallow: /%d8%a3', '/%D8%A3', false],
    ['CRLF line ends and a BOM', '\uFEFFUser-agent: *\r\nDisallow: /x\r\n', '/x', false],
  ];

  it.each(rules)('parseRobots: %s', (_what, text, path, allowed) => {
    expect(parseRobots(text, 'marsad').isAllowed(path)).toBe(allowed);
  });
});

describe('politeness limits', () => {
  it('waits minIntervalMs between two requests to one host (injected clock)', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const { fetcher, clock } = testFetcher({ minIntervalMs: 1000 });
    await fetcher.get(server.url('/1'));
    await fetcher.get(server.url('/2'));
    clock.advance(5000);
    await fetcher.get(server.url('/3'));
    expect(clock.sleeps).toEqual([1000]);
    expect(server.hits).toHaveLength(3);
  });

  it('spaces concurrent requests to one host by minIntervalMs (real clock)', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const fetcher = createFetcher({ respectRobots: false, minIntervalMs: 60 });
    await Promise.all([fetcher.get(server.url('/1')), fetcher.get(server.url('/2'))]);
    const [a, b] = server.hits.map((hit) => hit.at);
    expect(Math.abs((b ?? 0) - (a ?? 0))).toBeGreaterThanOrEqual(55);
  });

  async function concurrencyServer() {
    const seen = { active: 0, max: 0 };
    const server = await serve((_req, res) => {
      seen.active++;
      seen.max = Math.max(seen.max, seen.active);
      setTimeout(() => {
        seen.active--;
        res.writeHead(200).end('ok');
      }, 30);
    });
    return { server, seen };
  }

  it.each([
    ['per host', { hostConcurrency: 2 }, 2],
    ['in all', { hostConcurrency: 8, globalConcurrency: 1 }, 1],
    ['defaults', {}, 2],
  ])('caps concurrent requests %s', async (_what, limits, max) => {
    const { server, seen } = await concurrencyServer();
    const { fetcher } = testFetcher(limits);
    await Promise.all(Array.from({ length: 6 }, (_, n) => fetcher.get(server.url(`/${n}`))));
    expect(server.hits).toHaveLength(6);
    expect(seen.max).toBe(max);
  });
});

describe('URLs and identity', () => {
  it.each([
    'ftp://example.org/file',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '/relative/path',
  ])('refuses %s with E_FETCH_URL', async (url) => {
    const { fetcher } = testFetcher();
    await expectCode(fetcher.get(url), 'E_FETCH_URL');
  });

  it('sends the default User-Agent, with the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const { fetcher } = testFetcher({ respectRobots: true });
    await fetcher.get(server.url('/'));
    const expected = `marsad/${version} (+https://github.com/marsad/marsad; conflict-event research)`;
    expect(server.hits.map((hit) => hit.headers['user-agent'])).toEqual([expected, expected]);
    expect(server.hits[1]?.headers.accept).toMatch(/^text\/html/);
  });

  it('sends a User-Agent and Accept given', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const { fetcher } = testFetcher({ userAgent: 'marsad-test/1' });
    await fetcher.get(server.url('/'), { accept: 'application/rss+xml' });
    expect(server.hits[0]?.headers['user-agent']).toBe('marsad-test/1');
    expect(server.hits[0]?.headers.accept).toBe('application/rss+xml');
  });

  it('keeps credentials out of messages and results', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/missing' }).end();
      else res.writeHead(404).end();
    });
    const { fetcher } = testFetcher();
    const withCredentials = server.url('/old').replace('http://', 'http://reader:s3cret@');
    const err = await expectCode(fetcher.get(withCredentials), 'E_FETCH_HTTP');
    expect(err.message).not.toContain('s3cret');
    expect(err.url).toBe(server.url('/missing'));
    expect(err.message).toContain('HTTP 404 Not Found');
    expect(server.hits[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('reader:s3cret').toString('base64')}`,
    );
  });

  it.each([
    ['https://user:pw@example.org/a?b#c', 'https://example.org/a?b#c'],
    ['http://example.org/', 'http://example.org/'],
    ['http://user:pw@exa mple/', 'http://exa mple/'],
  ])('redactUrl(%s)', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
