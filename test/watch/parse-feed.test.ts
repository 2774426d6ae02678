import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarsadError } from '../../src/cli/errors.js';
import { FeedError, parseFeed, type FeedItem } from '../../src/watch/feeds/parse-feed.js';
import { isoDate } from '../../src/watch/feeds/iso-date.js';

const DIR = 'test/fixtures/watch';
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');

/** The error parseFeed throws, or a failure when it throws none. */
function errorOf(text: string, url: string): FeedError {
  try {
    parseFeed(text, url);
  } catch (err) {
    if (err instanceof FeedError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('RSS 2.0', () => {
  const feed = parseFeed(fixture('rss.xml'), 'https://furat-monitor.example.org/feed/');

  it('reads the channel title with its HTML entities, after a BOM and leading spaces', () => {
    expect(feed.kind).toBe('rss');
    expect(feed.title).toBe('مرصد الفرات الإخباري – آخر الأخبار');
  });

  it('reads every item with a link; an item without one is skipped', () => {
    const expected: Array<Partial<FeedItem>> = [
      {
        id: 'https://furat-monitor.example.org/?p=48213',
        url: 'https://furat-monitor.example.org/2024/03/12/attack-thiban/',
        title: 'مقتل عنصرين من قسد بهجوم مسلح في ريف دير الزور الشرقي',
        published: '2024-03-12',
        author: 'فريق التحرير',
        summary: 'هاجم مسلحون مجهولون حاجزاً لقوات سوريا الديمقراطية قرب بلدة ذيبان…',
      },
      {
        id: 'https://furat-monitor.example.org/?p=48190',
        url: 'https://furat-monitor.example.org/2024/03/11/civil-defence-rubble/',
        title: '«الدفاع المدني» ينتشل جثتين من تحت الأنقاض & يحذر من مخلفات الحرب',
        published: '2024-03-11',
        author: 'محمد الأحمد',
        summary: 'انتشلت فرق الدفاع المدني جثتين من تحت أنقاض منزل مدمر في مدينة البوكمال.',
        contentHtml: null,
      },
      {
        id: 'https://furat-monitor.example.org/2024/03/10/%D9%82%D8%B5%D9%81-%D8%AC%D8%A8%D9%84-%D8%A7%D9%84%D8%B2%D8%A7%D9%88%D9%8A%D8%A9/',
        url: 'https://furat-monitor.example.org/2024/03/10/%D9%82%D8%B5%D9%81-%D8%AC%D8%A8%D9%84-%D8%A7%D9%84%D8%B2%D8%A7%D9%88%D9%8A%D8%A9/',
        title: 'قصف مدفعي على قرى جبل الزاوية',
        published: '2024-03-10',
        author: 'سارة الخطيب، علي الحسن',
        summary: 'سقطت قذائف عدة على قرى جبل الزاوية جنوبي إدلب.\nولم تسجل إصابات.',
      },
      {
        id: 'https://furat-monitor.example.org/2024/03/08/mayadin-reinforcements/',
        url: 'https://furat-monitor.example.org/2024/03/08/mayadin-reinforcements/',
        title: 'تعزيزات عسكرية تصل إلى مدينة الميادين',
        published: '2024-03-08',
        author: null,
        summary: null,
        contentHtml: null,
      },
    ];
    expect(feed.items).toHaveLength(expected.length);
    expected.forEach((want, i) => expect(feed.items[i], `item ${i}`).toMatchObject(want));
  });

  it('keeps content:encoded as HTML and prefers the item title to media:title', () => {
    const first = feed.items[0]!;
    expect(first.contentHtml).toMatch(/^<p>هاجم مسلحون مجهولون، مساء الثلاثاء/);
    expect(first.contentHtml).toContain('<p>وقال مراسل المرصد');
    expect(first.title).not.toContain('صورة');
  });

  it('writes back a description whose HTML was not escaped (an unclosed <br> included)', () => {
    const third = parseFeed(
      '<rss><channel><item><link>https://x.example/a</link><description><p>سطر<br>آخر</p></description></item></channel></rss>',
      'https://x.example/feed',
    ).items[0]!;
    expect(third.summary).toBe('سطر\nآخر');
  });
});

describe('RSS 1.0 (RDF)', () => {
  it('reads the items next to the channel, with dc:date', () => {
    const feed = parseFeed(
      `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://x.example/"><title>نشرة</title></channel>
  <item rdf:about="https://x.example/1"><title>خبر</title><link>https://x.example/1</link><dc:date>2024-02-01T10:00:00Z</dc:date></item>
</rdf:RDF>`,
      'https://x.example/rss',
    );
    expect(feed).toMatchObject({ kind: 'rss', title: 'نشرة' });
    expect(feed.items).toEqual([
      expect.objectContaining({ url: 'https://x.example/1', title: 'خبر', published: '2024-02-01' }),
    ]);
  });
});

describe('Atom 1.0', () => {
  const feed = parseFeed(fixture('atom.xml'), 'https://north-radio.example.net/ar/atom.xml');

  it('reads the alternate link against xml:base, dates, authors and content', () => {
    expect(feed.kind).toBe('atom');
    expect(feed.title).toBe('راديو الشمال السوري – الأخبار');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      id: 'tag:north-radio.example.net,2024:news-7731',
      url: 'https://north-radio.example.net/ar/news/7731-crossing',
      title: 'افتتاح معبر إنساني جديد على الحدود التركية',
      published: '2024-03-13',
      author: 'ليلى حمدان',
      summary: 'افتتحت السلطات المحلية معبراً إنسانياً جديداً لعبور شاحنات المساعدات.',
      contentHtml:
        '<p>افتتحت السلطات المحلية في ريف حلب الشمالي معبراً إنسانياً جديداً.</p><p>وقالت مصادر إن أولى الشاحنات عبرت صباح الخميس.</p>',
    });
  });

  it("falls back to updated, the feed's author, the entry's own xml:base; reads xhtml content", () => {
    expect(feed.items[1]).toMatchObject({
      url: 'https://north-radio.example.net/en/news/7725-arrests',
      title: 'اعتقالات في مدينة الباب',
      published: '2024-03-12',
      author: 'غرفة الأخبار',
      summary: null,
      contentHtml: '<p>نفذت دورية أمنية حملة اعتقالات في مدينة <strong>الباب</strong>.</p>',
    });
  });
});

describe('JSON Feed 1.1', () => {
  const feed = parseFeed(fixture('feed.json'), 'https://south-news.example.com/feed.json');

  it('reads items, relative URLs, authors, content_html and content_text', () => {
    expect(feed.kind).toBe('jsonfeed');
    expect(feed.title).toBe('وكالة أنباء الجنوب');
    expect(feed.items).toEqual([
      {
        id: 'south-2291',
        url: 'https://south-news.example.com/news/2291',
        title: 'اغتيال قيادي سابق في فصائل التسوية بريف درعا الغربي',
        published: '2024-03-13',
        author: 'خالد المحمد، رامي العلي',
        summary: 'عثر الأهالي على جثة القيادي قرب بلدة طفس.',
        contentHtml:
          '<p>عثر الأهالي، صباح الأربعاء، على جثة قيادي سابق في فصائل التسوية قرب بلدة طفس بريف درعا الغربي.</p>',
      },
      {
        id: 'south-2290',
        url: 'https://south-news.example.com/news/2290',
        title: 'انفجار عبوة ناسفة في مدينة الصنمين',
        published: '2024-03-12',
        author: 'قسم الأخبار',
        summary: null,
        contentHtml:
          '<p>انفجرت عبوة ناسفة بسيارة مدنية في مدينة الصنمين.</p>\n<p>ولم ترد أنباء عن إصابات &amp; أضرار.</p>',
      },
    ]);
  });
});

describe('sitemaps', () => {
  it('reads a urlset: news title and publication date first, else lastmod', () => {
    const feed = parseFeed(fixture('sitemap-news.xml'), 'https://news.example.org/news-sitemap.xml');
    expect(feed.kind).toBe('sitemap');
    expect(feed.title).toBeNull();
    expect(feed.items.map((i) => [i.url, i.title, i.published])).toEqual([
      [
        'https://news.example.org/2024/03/14/idlib-drone-strike',
        'غارة بطائرة مسيرة على أطراف مدينة إدلب',
        '2024-03-13',
      ],
      ['https://news.example.org/2024/03/12/raqqa-checkpoint', null, '2024-03-12'],
      ['https://news.example.org/2024/03/11/?s=a&b=c', null, null],
    ]);
    expect(feed.items[0]!.id).toBe(feed.items[0]!.url);
  });

  it('returns the child sitemaps of a sitemap index, absolute, with their lastmod', () => {
    const feed = parseFeed(fixture('sitemap-index.xml'), 'https://news.example.org/sitemap_index.xml');
    expect(feed.kind).toBe('sitemapindex');
    expect(feed.items).toEqual([]);
    expect(feed.sitemaps).toEqual([
      'https://news.example.org/post-sitemap1.xml',
      'https://news.example.org/post-sitemap2.xml',
      'https://news.example.org/news-sitemap.xml',
    ]);
    expect(feed.sitemapModified).toEqual({
      'https://news.example.org/post-sitemap1.xml': '2023-12-31',
      'https://news.example.org/post-sitemap2.xml': '2024-03-14',
    });
  });
});

describe('broken feeds', () => {
  const url = 'https://news.example.org/feed/';

  it('names the URL, the problem and its line for malformed XML', () => {
    const err = errorOf(fixture('malformed.xml'), url);
    expect(err).toBeInstanceOf(MarsadError);
    expect(err.code).toBe('E_FEED_MALFORMED');
    expect(err.url).toBe(url);
    expect(err.message).toBe(
      'malformed feed: mismatched end tag </item>: <title> is still open (line 8, column 5)',
    );
    expect(err.toLine()).toBe(`marsad: ${url}: E_FEED_MALFORMED: ${err.message}`);
  });

  const cases: Array<[string, string, RegExp]> = [
    ['a truncated download', '<rss><channel><item><title>قصف', /<title> is never closed/],
    ['an empty response', '  \n', /empty/],
    ['an HTML page', '<!DOCTYPE html><html><body>404</body></html>', /an HTML page, not a feed/],
    ['an unknown root', '<opml version="2.0"><body/></opml>', /unknown root element <opml>/],
    ['two roots', '<rss></rss><rss></rss>', /a second root element/],
    [
      'an unterminated CDATA',
      '<rss><channel><title><![CDATA[x</title></channel></rss>',
      /unterminated CDATA/,
    ],
    ['a broken attribute', '<rss version="2.0><channel/></rss>', /unterminated/],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", "items": [', /not valid JSON/],
    ['JSON that is no feed', '{"items": []}', /JSON Feed "version"/],
  ];
  it.each(cases)('reports %s', (_what, text, problem) => {
    const err = errorOf(text, url);
    expect(err.code).toBe('E_FEED_MALFORMED');
    expect(err.problem).toMatch(problem);
  });

  it('tolerates a bare ampersand, a stray "<", unknown entities, a doctype, text around the root', () => {
    const feed = parseFeed(
      `Notice: cache miss
<!DOCTYPE rss [<!ENTITY x "y">]>
<rss><channel><title>أخبار & تقارير < عاجل &bogus;</title>
<item><link>https://x.example/?a=1&b=2</link><title>خبر</title></item></channel></rss>
generated in 0.12 s`,
      'https://x.example/feed',
    );
    expect(feed.title).toBe('أخبار & تقارير < عاجل &bogus;');
    expect(feed.items[0]!.url).toBe('https://x.example/?a=1&b=2');
  });

  it('reads markup escaped twice as text', () => {
    const feed = parseFeed(
      '<rss><channel><item><link>https://x.example/a</link><title>&amp;lt;b&amp;gt;قصف&amp;lt;/b&amp;gt; على حماة</title><description>&amp;lt;p&amp;gt;ملخص&amp;lt;/p&amp;gt;</description></item></channel></rss>',
      'https://x.example/feed',
    );
    expect(feed.items[0]).toMatchObject({ title: 'قصف على حماة', summary: 'ملخص' });
  });

  it('skips links that are not http(s)', () => {
    const feed = parseFeed(
      '<rss><channel><item><link>javascript:alert(1)</link></item><item><link>mailto:a@b.c</link></item></channel></rss>',
      'https://x.example/feed',
    );
    expect(feed.items).toEqual([]);
  });
});

describe('isoDate', () => {
  const cases: Array<[string | null, string | null]> = [
    ['Tue, 12 Mar 2024 22:15:00 +0300', '2024-03-12'],
    ['Tue, 12 Mar 2024 01:15:00 +0300', '2024-03-12'],
    ['Sun, 10 Mar 24 08:00:00 GMT', '2024-03-10'],
    ['Fri, 8 Mar 2024 19:45:00 +0300', '2024-03-08'],
    ['Thu, 29 Feb 2024 10:00:00 +0200', '2024-02-29'],
    ['2024-03-13T07:40:00+02:00', '2024-03-13'],
    ['2024-3-5', '2024-03-05'],
    ['2024/03/05 10:00', '2024-03-05'],
    ['الاثنين، ١١ آذار ٢٠٢٤ ١٠:٣٠:٠٠ +0300', '2024-03-11'],
    ['الثلاثاء, 12 مارس 2024 10:00:00 +0300', '2024-03-12'],
    ['12 آذار/مارس 2024', '2024-03-12'],
    ['٢ تشرين الأول ٢٠٢٣', '2023-10-02'],
    ['2 كانون ثاني 2024', '2024-01-02'],
    ['15 أيلول 2022', '2022-09-15'],
    ['1 أغسطس 2021', '2021-08-01'],
    ['3 جوان 2020', '2020-06-03'],
    ['مارس 10, 2018', '2018-03-10'],
    ['March 10, 2018', '2018-03-10'],
    ['14/03/2024', '2024-03-14'],
    ['١٤/٠٣/٢٠٢٤', '2024-03-14'],
    ['03/28/2024', '2024-03-28'],
    ['31 Feb 2024', null],
    ['2024-13-01', null],
    ['3 رمضان 1445', null],
    ['آذار 2024', null],
    ['', null],
    [null, null],
    ['not a date', null],
  ];
  it.each(cases)('%s → %s', (value, expected) => {
    expect(isoDate(value)).toBe(expected);
  });
});
