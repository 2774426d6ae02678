import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarsadError } from '../../src/cli/errors.js';
import { parseHeader } from '../../src/ingest/header.js';
import { readMarkdown } from '../../src/ingest/markdown.js';
import {
  formatOf,
  readContent,
  readInput,
  type IngestItem,
  type ReadInputOptions,
} from '../../src/ingest/readers.js';
import { builtinResources } from '../helpers/resources.js';

const DIR = 'test/fixtures/ingest';
const fixture = (name: string) => join(DIR, name);

/** Every item of an input, and every error reported on the way. */
async function readAll(
  path: string,
  options: Omit<ReadInputOptions, 'onError'> = {},
): Promise<{ items: IngestItem[]; errors: MarsadError[] }> {
  const items: IngestItem[] = [];
  const errors: MarsadError[] = [];
  for await (const item of readInput(path, { ...options, onError: (e) => errors.push(e) })) items.push(item);
  return { items, errors };
}

describe('formatOf', () => {
  it('goes by the extension, ignoring case; unknown extensions are text', () => {
    expect(formatOf('a/b.HTML')).toBe('html');
    expect(formatOf('x.htm')).toBe('html');
    expect(formatOf('x.md')).toBe('markdown');
    expect(formatOf('x.jsonl')).toBe('jsonl');
    expect(formatOf('x.json')).toBe('json');
    expect(formatOf('x.csv')).toBe('csv');
    expect(formatOf('x.txt')).toBe('text');
    expect(formatOf('x.log')).toBe('text');
    expect(formatOf('README')).toBe('text');
  });
});

describe('HTML', () => {
  it('extracts the article body and its metadata, without the page furniture', async () => {
    const { items, errors } = await readAll(fixture('article.html'));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({
      sourcePath: fixture('article.html'),
      recordIndex: null,
      title: 'مقتل ثلاثة مدنيين بقصف مدفعي على بلدة كفرنبل',
      published: '2021-06-10',
      url: 'https://news.example.org/2021/06/kafranbel-shelling',
      outlet: 'شبكة الرصد المحلي',
      author: 'فريق التحرير',
    });
    const raw = item.raw;
    // The body, paragraph by paragraph, separated by blank lines.
    expect(raw.startsWith('إدلب – خاص\n\nقتل ثلاثة مدنيين، بينهم طفل،')).toBe(true);
    expect(raw).toContain('في بلدة كفرنبل بريف إدلب الجنوبي.\n\nوقال مصدر محلي');
    expect(raw).toContain('بحسب ناشطين محليين.');
    expect(raw).not.toMatch(/\n{3,}/);
    expect(raw).not.toMatch(/[ \t]{2,}/);
    // Navigation, cookie banner, scripts, styles, share bar, related links, sidebar and footer.
    for (const furniture of [
      'الرئيسية',
      'اتصل بنا',
      'ملفات تعريف الارتباط',
      'موافق',
      'analyticsQueue',
      'trackView',
      'position: fixed',
      'واتساب',
      'أخبار ذات صلة',
      'نزوح عشرات العائلات من قرى سهل الغاب',
      'الأكثر قراءة',
      'جميع الحقوق محفوظة',
      'سياسة الخصوصية',
      '@context',
    ]) {
      expect(raw).not.toContain(furniture);
    }
  });

  it('gives a header that parseHeader reads', async () => {
    const { items } = await readAll(fixture('article.html'));
    const header = parseHeader(items[0]!.raw, builtinResources());
    expect(header).toMatchObject({ dateline: 'إدلب', outlet: null });
    expect(items[0]!.raw.slice(header.bodyStart).startsWith('قتل ثلاثة مدنيين')).toBe(true);
  });

  it('falls back to the body text when Readability finds no article', () => {
    const html =
      '<html><head><title>عنوان الصفحة</title><style>p{color:red}</style></head><body>' +
      '<nav><a href="/">الرئيسية</a></nav><p>انفجار في سوق المدينة.</p><script>var x = 1;</script>' +
      '<p>وأصيب شخصان.</p><footer>حقوق النشر</footer></body></html>';
    const [item] = readContent(html, 'short.html', 'html');
    expect(item).toEqual({
      sourcePath: 'short.html',
      recordIndex: null,
      raw: 'انفجار في سوق المدينة.\n\nوأصيب شخصان.',
      title: 'عنوان الصفحة',
    });
  });

  it('reads the date and author from JSON-LD when there are no meta tags', () => {
    const html =
      '<html><head><script type="application/ld+json">' +
      JSON.stringify({
        '@graph': [
          { '@type': 'WebSite', name: 'موقع' },
          {
            '@type': 'NewsArticle',
            headline: 'عنوان الخبر',
            datePublished: '2020-11-19T08:23:00+02:00',
            author: [{ name: 'مراسل أول' }, { name: 'مراسل ثان' }],
          },
        ],
      }) +
      '</script></head><body><p>قصفت طائرات حربية قرية في ريف حلب.</p></body></html>';
    const [item] = readContent(html, 'ld.html', 'html');
    expect(item).toMatchObject({
      raw: 'قصفت طائرات حربية قرية في ريف حلب.',
      title: 'عنوان الخبر',
      published: '2020-11-19',
      author: 'مراسل أول، مراسل ثان',
    });
  });

  it('refuses a page without text', () => {
    const [error] = readContent(
      '<html><body><script>x()</script><nav>قائمة</nav></body></html>',
      'e.html',
      'html',
    );
    expect(error).toBeInstanceOf(MarsadError);
    expect((error as MarsadError).code).toBe('E_EMPTY');
  });
});

describe('plain text', () => {
  it('keeps a Windows file exactly as decoded (CRLF included), so offsets index the file', async () => {
    const { items, errors } = await readAll(fixture('crlf-windows.txt'));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(1);
    const file = readFileSync(fixture('crlf-windows.txt'), 'utf8');
    expect(items[0]).toEqual({ sourcePath: fixture('crlf-windows.txt'), recordIndex: null, raw: file });
    expect(items[0]!.raw).toContain('\r\n');
  });

  it('gives a header that parseHeader reads across CRLF line ends', async () => {
    const { items } = await readAll(fixture('crlf-windows.txt'));
    const raw = items[0]!.raw;
    const header = parseHeader(raw, builtinResources());
    expect(header).toMatchObject({ outlet: 'عنب بلدي', dateline: 'حماة', published: '2022-04-03' });
    expect(header.bodyStart).toBe(raw.indexOf('قتل مدني'));
  });
});

describe('Markdown', () => {
  it('strips the markup and keeps the text and its lines', async () => {
    const { items, errors } = await readAll(fixture('article.md'));
    expect(errors).toEqual([]);
    const item = items[0]!;
    expect(item).toMatchObject({
      recordIndex: null,
      title: 'اشتباكات بين فصيلين في ريف حلب الشمالي',
      published: '2022-08-14',
      author: 'فريق التحرير',
    });
    const lines = item.raw.split('\n');
    expect(lines[0]).toBe('اشتباكات بين فصيلين في ريف حلب الشمالي');
    expect(lines).toContain('نورث برس – الباب');
    expect(lines).toContain('قتل عنصران من الفصيل الأول.');
    expect(lines).toContain('وقال مصدر محلي إن الاشتباكات توقفت بعد وساطة عشائرية.');
    expect(lines).toContain('صورة من موقع الاشتباكات');
    expect(item.raw).toContain('بين فصيلين محليين في مدينة\nالباب شرقي حلب، استخدمت فيها الأسلحة المتوسطة');
    expect(item.raw).toContain('المصدر: مراسل محلي وناشطون في المدينة، ونشرته صفحة فرات_بوست أيضاً.');
    expect(item.raw).not.toMatch(/[#*`>]|\]\(|https?:|^---$|title:/m);
  });

  it('gives a title line and a header that parseHeader reads', async () => {
    const { items } = await readAll(fixture('article.md'));
    const raw = items[0]!.raw;
    const header = parseHeader(raw, builtinResources());
    expect(header).toMatchObject({
      title: 'اشتباكات بين فصيلين في ريف حلب الشمالي',
      outlet: 'نورث برس',
      dateline: 'الباب',
    });
    expect(raw.slice(header.bodyStart).startsWith('اندلعت اشتباكات')).toBe(true);
  });

  it.each([
    ['## عنوان فرعي ##', 'عنوان فرعي'],
    ['* بند أول', 'بند أول'],
    ['1. بند مرقم', '1. بند مرقم'],
    ['نص **غامق** و __عريض__ و*مائل* و _مائل_', 'نص غامق و عريض ومائل و مائل'],
    // As in CommonMark, underscores inside a word are no emphasis.
    ['و__عريض__ و_مائل_', 'و__عريض__ و_مائل_'],
    ['اسم_بشرطة_سفلية و snake_case_word', 'اسم_بشرطة_سفلية و snake_case_word'],
    [
      '[رابط](https://example.org/a_(b)) و[مرجع][1] و<https://example.org>',
      'رابط ومرجع وhttps://example.org',
    ],
    ['نجمة \\* محمية و\\# علامة', 'نجمة * محمية و# علامة'],
    ['سطر<br>فيه <b>وسم</b>', 'سطرفيه وسم'],
    ['| 2020.11.19 | 08:23 دمشق |', '| 2020.11.19 | 08:23 دمشق |'],
    ['~~محذوف~~ و`رمز`', 'محذوف ورمز'],
  ])('%j → %j', (md, text) => {
    expect(readMarkdown(md).text).toBe(text);
  });

  it('keeps code blocks verbatim and drops their fences and reference definitions', () => {
    const md = '```\n# ليس عنوانا\n```\n[1]: https://example.org\nنص';
    expect(readMarkdown(md).text).toBe('# ليس عنوانا\n\n\nنص');
  });
});

describe('JSON', () => {
  const fields = {
    text: 'article_body',
    title: 'headline',
    url: 'link_url',
    published: 'pub_date',
    outlet: 'site_name',
    author: 'writer',
  };

  it('reads an array of objects with custom field names', async () => {
    const { items, errors } = await readAll(fixture('custom-fields.json'), { fields });
    expect(items).toEqual([
      {
        sourcePath: fixture('custom-fields.json'),
        recordIndex: 0,
        raw: 'درعا – خاص\n\nانشق عنصران عن فصيل مسلح في بلدة طفس بريف درعا الغربي، ووصلا إلى مناطق سيطرة فصيل آخر، بحسب مصدر محلي.',
        title: 'انشقاق عنصرين عن فصيل مسلح في ريف درعا',
        url: 'https://news.example.org/2023/02/tafas',
        published: '2023-02-06',
        outlet: 'تجمع أحرار حوران',
        author: 'مراسل المنطقة الجنوبية',
      },
      {
        sourcePath: fixture('custom-fields.json'),
        recordIndex: 1,
        raw: 'حمص – اعتقلت دورية على حاجز عند مدخل المدينة شاباً من أهالي حي الوعر، واقتادته إلى جهة مجهولة.',
        title: 'اعتقال شاب على حاجز في مدينة حمص',
        url: 'https://news.example.org/2023/02/homs',
        published: '8 شباط 2023',
        outlet: 'شبكة الرصد المحلي',
        author: 'محرر أول، محرر ثان',
      },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('E_BAD_RECORD');
    expect(errors[0]!.path).toBe(fixture('custom-fields.json'));
    expect(errors[0]!.message).toBe('bad record (array index 2): no text field (looked for "article_body")');
  });

  it('does not find custom names with the default fields', async () => {
    const { items, errors } = await readAll(fixture('custom-fields.json'));
    expect(items).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['E_BAD_RECORD', 'E_BAD_RECORD', 'E_BAD_RECORD']);
    expect(errors[0]!.message).toContain('"text", "content", "body"');
  });

  it('reads a single object as one document, and "a|b" field alternatives', () => {
    const json = JSON.stringify({ Body: 'نص الخبر', Headline: 'عنوان', date: '2021-01-02' });
    expect(readContent(json, 'one.json', 'json', { text: 'nass|body', title: 'headline' })).toEqual([
      { sourcePath: 'one.json', recordIndex: null, raw: 'نص الخبر', title: 'عنوان', published: '2021-01-02' },
    ]);
  });

  it('reports broken JSON and non-object records', () => {
    const [broken] = readContent('[{"text": "نص"', 'b.json', 'json');
    expect(broken).toMatchObject({ code: 'E_BAD_RECORD' });
    expect((broken as MarsadError).message).toMatch(/^bad record \(file\): not valid JSON: /);
    const out = readContent('[{"text": "نص"}, 7, {"text": 5}, {"text": "  "}]', 'c.json', 'json');
    expect(out[0]).toEqual({ sourcePath: 'c.json', recordIndex: 0, raw: 'نص' });
    expect(out.slice(1).map((e) => (e as MarsadError).message)).toEqual([
      'bad record (array index 1): expected an object, got number',
      'bad record (array index 2): the text field is not a string',
      'bad record (array index 3): the text field is empty',
    ]);
    expect(readContent('[]', 'd.json', 'json')).toMatchObject([{ code: 'E_EMPTY' }]);
  });
});

describe('JSON Lines', () => {
  it('reads every good line; a broken line is an error naming its line', async () => {
    const { items, errors } = await readAll(fixture('records.jsonl'));
    expect(items.map((i) => [i.recordIndex, i.title])).toEqual([
      [0, 'مقتل عنصر أمن في الرقة'],
      [1, 'إصابة ثلاثة مدنيين بانفجار لغم'],
      [3, 'استهداف سيارة بطائرة مسيّرة'],
    ]);
    expect(items[0]).toMatchObject({ published: '2022-05-02', outlet: 'نورث برس' });
    expect(items[1]).toMatchObject({ published: '2022-05-03', outlet: 'دير الزور 24' });
    expect(items[2]).toMatchObject({
      url: 'https://news.example.org/2022/05/sarmada',
      author: 'مراسل الشمال',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('E_BAD_RECORD');
    expect(errors[0]!.message).toMatch(/^bad record \(line 3\): not valid JSON/);
    expect(errors[0]!.toLine()).toMatch(/^marsad: test\/fixtures\/ingest\/records\.jsonl: E_BAD_RECORD: /);
  });

  it('throws the first failure after the good records when there is no onError', async () => {
    const seen: Array<number | null> = [];
    await expect(async () => {
      for await (const item of readInput(fixture('records.jsonl'))) seen.push(item.recordIndex);
    }).rejects.toMatchObject({ code: 'E_BAD_RECORD', message: expect.stringContaining('line 3') });
    expect(seen).toEqual([0, 1, 3]);
  });

  it('names the line of a record that is not an object, counting blank lines', () => {
    const out = readContent('{"text": "أ"}\r\n\n["text"]\n{"text": "ب"}\n', 'x.jsonl', 'jsonl');
    expect(out[0]).toMatchObject({ recordIndex: 0, raw: 'أ' });
    expect((out[1] as MarsadError).message).toBe('bad record (line 3): expected an object, got an array');
    expect(out[2]).toMatchObject({ recordIndex: 2, raw: 'ب' });
  });
});

describe('CSV', () => {
  it('reads quoted commas, doubled quotes and line breaks; a row of the wrong width is an error', async () => {
    const { items, errors } = await readAll(fixture('records.csv'));
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      sourcePath: fixture('records.csv'),
      recordIndex: 0,
      raw: 'قصفت طائرات حربية بلدة سرمين بريف إدلب الشرقي، ما أدى إلى مقتل شخصين.\r\nوأفاد مصدر محلي بأن "الغارة" استهدفت منزلاً سكنياً.',
      title: 'غارة على سرمين، وقتيلان',
      published: '2020-01-15',
      outlet: 'عنب بلدي',
      url: 'https://news.example.org/1',
    });
    expect(items[1]).toMatchObject({ recordIndex: 1, title: 'انفجار في سوق', outlet: 'سمارت' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('E_BAD_RECORD');
    expect(errors[0]!.message).toBe('bad record (line 5): 6 fields, the header has 5');
  });

  it('reports an unterminated quote and a header without rows', () => {
    const out = readContent('text,title\nنص,عنوان\n"نص بلا نهاية,عنوان\n', 'u.csv', 'csv');
    expect(out[0]).toMatchObject({ recordIndex: 0, raw: 'نص', title: 'عنوان' });
    expect((out[1] as MarsadError).message).toMatch(/^bad record \(line 3\): unterminated quoted field/);
    expect(readContent('text,title\n', 'h.csv', 'csv')).toMatchObject([{ code: 'E_EMPTY' }]);
  });
});

describe('errors of whole files', () => {
  it.each([
    ['empty.txt', 'E_EMPTY'],
    ['binary.dat', 'E_BINARY'],
    ['no-such-file.txt', 'E_NOT_FOUND'],
  ])('%s → %s', async (name, code) => {
    const { items, errors } = await readAll(fixture(name));
    expect(items).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MarsadError);
    expect(errors[0]!.code).toBe(code);
    expect(errors[0]!.path).toBe(fixture(name));
  });

  it('refuses a file over maxBytes', async () => {
    await expect(async () => {
      for await (const _item of readInput(fixture('article.html'), { maxBytes: 1000 })) void _item;
    }).rejects.toMatchObject({ code: 'E_TOO_LARGE' });
  });
});

describe('directories', () => {
  it('reads every file, sorted by path, and reports the failures on the way', async () => {
    const { items, errors } = await readAll(DIR, { fields: { text: 'article_body|text|content|body' } });
    const sources = [...new Set(items.map((i) => i.sourcePath))];
    expect(sources).toEqual([
      fixture('article.html'),
      fixture('article.md'),
      fixture('crlf-windows.txt'),
      fixture('custom-fields.json'),
      fixture('records.csv'),
      fixture('records.jsonl'),
    ]);
    expect(items).toHaveLength(1 + 1 + 1 + 2 + 2 + 3);
    expect(errors.map((e) => `${e.path?.slice(DIR.length + 1)} ${e.code}`)).toEqual([
      'binary.dat E_BINARY',
      'custom-fields.json E_BAD_RECORD',
      'empty.txt E_EMPTY',
      'records.csv E_BAD_RECORD',
      'records.jsonl E_BAD_RECORD',
    ]);
  });
});
