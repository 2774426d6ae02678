/**
 * Watch cycles against a local HTTP server that serves real-format feeds and Arabic article pages
 * (written for the test): new items are stored once, an unchanged feed is answered 304 and costs no
 * page fetch, a windows-1256 page is read right, a repost is linked to its original, and failing hosts
 * (timeout, 500, malformed XML, a huge page, a redirect loop) are reported once while the others go on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractPool, type ExtractPool } from '../../src/ingest/extract-pool.js';
import { currentProvenance } from '../../src/ingest/provenance.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createFetcher } from '../../src/watch/fetcher/index.js';
import { sourceSchema, type Source } from '../../src/watch/sources/source-config.js';
import { watchCycle } from '../../src/watch/watch-cycle.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();

const BODY_1 =
  'أفادت مصادر محلية لشبكتنا بأن تنظيم داعش أعدم صباح اليوم ثلاثة من عناصره رمياً بالرصاص في مدينة الميادين بريف دير الزور الشرقي، بتهمة التخابر مع التحالف الدولي، وذلك في الساحة العامة وسط المدينة وأمام عدد من الأهالي الذين أجبرهم عناصر الحسبة على الحضور. وأضافت المصادر أن التنظيم شدد إجراءاته الأمنية في المدينة خلال الأيام الماضية ونشر حواجز على مداخلها.';
const BODY_2 =
  'اعتقلت قوات سوريا الديمقراطية خمسة شبان من أبناء بلدة الشحيل خلال حملة مداهمات نفذتها فجر اليوم في البلدة، واقتادتهم إلى جهة مجهولة دون توجيه أي تهمة لهم، بحسب ما أكده ناشطون من المنطقة، في حين طالب الأهالي بالإفراج عنهم.';
const BODY_1256 = 'انشق عنصران من تنظيم داعش في بلدة هجين وتمكنا من الوصول إلى مناطق سيطرة قسد يوم أمس.';

const page = (title: string, body: string, date = '2017-09-10') =>
  `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="${date}T09:00:00+03:00"></head>
<body><nav>الرئيسية | أخبار | اتصل بنا</nav><article><h1>${title}</h1><p>${body}</p></article>
<footer>جميع الحقوق محفوظة</footer><script>window.x = 1</script></body></html>`;

const rss = (items: Array<{ title: string; link: string }>) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>شبكة الاختبار</title><link>http://example.org/</link>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><pubDate>Sun, 10 Sep 2017 09:00:00 +0300</pubDate></item>`).join('\n')}
</channel></rss>`;

/** windows-1256 bytes of an Arabic text (the letters used here, spaces and punctuation). */
function encode1256(text: string): Buffer {
  const table: Record<string, number> = {
    ء: 0xc1,
    آ: 0xc2,
    أ: 0xc3,
    ؤ: 0xc4,
    إ: 0xc5,
    ئ: 0xc6,
    ا: 0xc7,
    ب: 0xc8,
    ة: 0xc9,
    ت: 0xca,
    ث: 0xcb,
    ج: 0xcc,
    ح: 0xcd,
    خ: 0xce,
    د: 0xcf,
    ذ: 0xd0,
    ر: 0xd1,
    ز: 0xd2,
    س: 0xd3,
    ش: 0xd4,
    ص: 0xd5,
    ض: 0xd6,
    ط: 0xd8,
    ظ: 0xd9,
    ع: 0xda,
    غ: 0xdb,
    ف: 0xdd,
    ق: 0xde,
    ك: 0xdf,
    ل: 0xe1,
    م: 0xe3,
    ن: 0xe4,
    ه: 0xe5,
    و: 0xe6,
    ى: 0xec,
    ي: 0xed,
  };
  return Buffer.from([...text].map((c) => table[c] ?? c.charCodeAt(0)));
}

describe('watch cycle', () => {
  let server: Server;
  let base = '';
  let dir = '';
  let store: Store;
  let pool: ExtractPool;
  const hits = new Map<string, number>();
  let feedEtag = '"v1"';
  let feedItems = [
    { title: 'إعدام ثلاثة عناصر في الميادين', link: '/news/1' },
    { title: 'اعتقال خمسة شبان في الشحيل', link: '/news/2' },
  ];

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/feed.xml': (req, res) => {
      if (req.headers['if-none-match'] === feedEtag) return void res.writeHead(304).end();
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feedEtag })
        .end(rss(feedItems));
    },
    '/news/1': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page('إعدام ثلاثة عناصر', BODY_1)),
    '/news/2': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page('اعتقال في الشحيل', BODY_2)),
    // An aggregator's copy of /news/1 with its own header and footer.
    '/agg/1': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          page(
            'نقلاً عن شبكة الاختبار',
            `عاجل | شبكة الأخبار المجمعة. ${BODY_1} تابعونا على قناتنا للمزيد من الأخبار.`,
          ),
        ),
    '/agg.xml': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(rss([{ title: 'نقلاً عن شبكة الاختبار', link: '/agg/1' }])),
    '/old.html': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        Buffer.concat([
          Buffer.from('<html><head><meta charset="windows-1256"><title>x</title></head><body><article><p>'),
          encode1256(BODY_1256),
          Buffer.from('</p></article></body></html>'),
        ]),
      );
    },
    '/slow.xml': () => undefined, // never answers
    '/error.xml': (_q, res) => res.writeHead(500).end('boom'),
    '/broken.xml': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<rss><channel><item><title>x</title></chan'),
    '/huge.html': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1 << 20, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 100 && res.write(chunk)) sent++;
        if (sent < 100) res.once('drain', pump);
        else res.end();
      };
      res.on('error', () => undefined);
      pump();
    },
    '/loop': (_q, res) => res.writeHead(302, { location: '/loop2' }).end(),
    '/loop2': (_q, res) => res.writeHead(302, { location: '/loop' }).end(),
  };

  const source = (id: string, path: string, extra: Partial<Source> = {}) =>
    sourceSchema.parse({ id, url: `${base}${path}`, outlet: `منفذ ${id}`, ...extra });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes[path];
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'marsad-watch-'));
    store = await openStore(join(dir, 'w.db'));
    pool = await createExtractPool({ workers: 0, resources });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await pool.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cycle = (sources: Source[], errors: string[] = []) =>
    watchCycle({
      store,
      pool,
      resources,
      provenance: currentProvenance(resources),
      fetcher: createFetcher({ timeoutMs: 800, retries: 0, minIntervalMs: 0, maxBytes: 4 * 1024 * 1024 }),
      sources,
      force: true,
      onError: (id, e) => errors.push(`${id}: ${e.message}`),
    });

  it('stores new items once; an unchanged feed costs one 304 and no page', async () => {
    const first = await cycle([source('test', '/feed.xml')]);
    expect(first.sources[0]).toMatchObject({ status: 'polled', items: 2, newItems: 2 });
    expect(first.ingest.stored).toBe(2);
    const docs = await store.listDocuments();
    expect(docs.map((d) => d.url)).toEqual([`${base}/news/1`, `${base}/news/2`]);
    expect(docs[0]).toMatchObject({
      outlet: 'منفذ test',
      title: 'إعدام ثلاثة عناصر في الميادين',
      published: '2017-09-10',
    });
    const text = (await store.getDocument(docs[0]!.id))!.raw;
    expect(text).toContain('أعدم');
    expect(text).not.toContain('جميع الحقوق');
    expect(text).not.toContain('window.x');

    const pagesBefore = (hits.get('/news/1') ?? 0) + (hits.get('/news/2') ?? 0);
    const second = await cycle([source('test', '/feed.xml')]);
    expect(second.sources[0]).toMatchObject({ status: 'unchanged', newItems: 0 });
    expect(second.ingest.stored).toBe(0);
    expect((hits.get('/news/1') ?? 0) + (hits.get('/news/2') ?? 0)).toBe(pagesBefore);

    // The feed changes and lists a known item again: only the known URL is skipped.
    feedEtag = '"v2"';
    feedItems = [...feedItems, { title: 'قديم', link: '/old.html' }];
    const third = await cycle([source('test', '/feed.xml')]);
    expect(third.sources[0]).toMatchObject({ status: 'polled', items: 3, newItems: 1 });
    const old = (await store.listDocuments()).find((d) => d.url === `${base}/old.html`)!;
    expect((await store.getDocument(old.id))!.raw).toContain(BODY_1256);
  });

  it('links a repost under another URL to its original', async () => {
    const r = await cycle([source('agg', '/agg.xml')]);
    expect(r.ingest.stored).toBe(1);
    const docs = await store.listDocuments();
    const repost = docs.find((d) => d.url === `${base}/agg/1`)!;
    const original = docs.find((d) => d.url === `${base}/news/1`)!;
    expect(repost.duplicateOf).toBe(original.id);
  });

  it('reports each failing source once and goes on with the others', async () => {
    const errors: string[] = [];
    feedEtag = '"v3"';
    feedItems = [{ title: 'جديد', link: '/news/3' }];
    routes['/news/3'] = (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page('قصف', 'قصفت طائرات التحالف مواقع للتنظيم في مدينة البوكمال مساء أمس وأوقعت قتلى.'));
    const sources = [
      source('slow', '/slow.xml'),
      source('error', '/error.xml'),
      source('broken', '/broken.xml'),
      source('huge', '/huge.html', { kind: 'page' }),
      source('loop', '/loop'),
      source('test', '/feed.xml'),
    ];
    const r = await cycle(sources, errors);
    const status = Object.fromEntries(r.sources.map((s) => [s.id, s.status]));
    expect(status).toEqual({
      slow: 'failed',
      error: 'failed',
      broken: 'failed',
      huge: 'failed',
      loop: 'failed',
      test: 'polled',
    });
    expect(errors).toHaveLength(5);
    expect(errors.find((e) => e.startsWith('slow:'))).toMatch(/E_FETCH_TIMEOUT|within 800 ms/);
    expect(errors.find((e) => e.startsWith('error:'))).toMatch(/500/);
    expect(errors.find((e) => e.startsWith('broken:'))).toMatch(/E_FEED_MALFORMED|malformed/i);
    expect(errors.find((e) => e.startsWith('huge:'))).toMatch(/the limit is 4194304 bytes/);
    expect(errors.find((e) => e.startsWith('loop:'))).toMatch(/E_FETCH_REDIRECTS|redirect/i);
    expect(r.ingest.stored).toBe(1);
    const state = await store.db
      .selectFrom('source_state')
      .selectAll()
      .where('source_id', '=', 'error')
      .executeTakeFirst();
    expect(state?.last_error).toMatch(/500/);
  });
});
