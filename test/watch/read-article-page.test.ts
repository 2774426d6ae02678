import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readArticlePage,
  type ArticlePage,
  type PageSelectors,
} from '../../src/watch/pages/read-article-page.js';

const DIR = 'test/fixtures/watch';
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');

const paragraphs = (text: string) => text.split('\n\n');

describe('readArticlePage', () => {
  const cases: Array<[string, string, PageSelectors | undefined, Omit<ArticlePage, 'text'>]> = [
    [
      // The article of this URL among two in @graph; JSON-LD wins over OpenGraph and <meta>.
      'JSON-LD',
      'article-jsonld.html',
      undefined,
      {
        title: 'انشقاق ضابط برتبة نقيب عن قوات النظام في ريف درعا "الغربي"',
        published: '2024-03-14',
        author: 'أحمد الحوراني، مراسل الشبكة',
        outlet: 'شبكة الرصد المحلي',
      },
    ],
    [
      // No JSON-LD: OpenGraph and <meta>, an Arabic date, an author that is a name (not article:author's URL).
      'OpenGraph and meta',
      'article-og.html',
      undefined,
      {
        title: 'حريق يلتهم خيام عائلات نازحة في مخيم قرب سرمدا',
        published: '2024-03-13',
        author: 'عمر الإدلبي',
        outlet: 'صوت الشمال',
      },
    ],
    [
      // The selectors win over the page's misleading metadata; a byline label is dropped.
      'selectors',
      'article-selectors.html',
      { title: '.news-head', date: '.news-date', author: '.writer', body: '.news-text' },
      {
        title: 'اعتقال ثلاثة شبان في حملة مداهمات بمدينة الشدادي',
        published: '2024-03-14',
        author: 'نور الخابوري',
        outlet: 'الجزيرة الفراتية',
      },
    ],
    [
      // Nothing but a <title> and an <article>: Readability.
      'Readability',
      'article-plain.html',
      undefined,
      { title: 'غارات روسية على ريف اللاذقية الشمالي', published: null, author: null },
    ],
  ];

  it.each(cases)('reads the metadata from %s', (_how, name, selectors, expected) => {
    const page = readArticlePage(fixture(name), urlOf(name), selectors);
    const { text, ...metadata } = page;
    expect(metadata).toEqual(expected);
    expect(text.length).toBeGreaterThan(100);
  });

  it('reads the body from JSON-LD pages, without navigation and footer', () => {
    const page = readArticlePage(fixture('article-jsonld.html'), urlOf('article-jsonld.html'));
    expect(page.text).toContain('أعلن ضابط برتبة نقيب في قوات النظام انشقاقه');
    expect(page.text).toContain('وتشهد محافظة درعا منذ أشهر حوادث أمنية متكررة');
    expect(page.text).not.toContain('جميع الحقوق محفوظة');
    expect(page.text).not.toMatch(/الرئيسية/);
  });

  it('reads the body selector: every matching element, scripts dropped, nothing else of the page', () => {
    const page = readArticlePage(fixture('article-selectors.html'), urlOf('article-selectors.html'), {
      body: '.news-text',
    });
    expect(paragraphs(page.text)).toEqual([
      'شنت دورية أمنية حملة مداهمات في أحياء مدينة الشدادي جنوبي الحسكة، اعتقلت خلالها ثلاثة شبان.',
      'وقال أحد الأهالي إن الدورية فتشت عدة منازل وصادرت هواتف محمولة قبل أن تنسحب.',
      'ولم تصدر الجهة المنفذة أي بيان حول أسباب الاعتقال.',
    ]);
  });

  it('falls back when a selector matches nothing or is invalid', () => {
    const page = readArticlePage(fixture('article-og.html'), urlOf('article-og.html'), {
      title: '.no-such-class',
      date: '[[broken',
      body: '#missing',
    });
    expect(page.title).toBe('حريق يلتهم خيام عائلات نازحة في مخيم قرب سرمدا');
    expect(page.published).toBe('2024-03-13');
    expect(page.text).toContain('التهم حريق، ظهر الأربعاء، خمس خيام');
  });

  it('yields only text from a page with scripts, styles and event handlers', () => {
    for (const selectors of [undefined, { title: 'article h1', body: 'article' }]) {
      const page = readArticlePage(fixture('article-hostile.html'), urlOf('article-hostile.html'), selectors);
      expect(page.title).toBe('سقوط قذائف على حي سكني في مدينة حلب');
      expect(page.text).toContain('سقطت ثلاث قذائف صاروخية، مساء الجمعة');
      expect(page.text).toContain('وقال أحد السكان إن فرق الإسعاف وصلت إلى المكان');
      expect(page.text).toContain('ولم تعلن أي جهة مسؤوليتها عن القصف');
      for (const field of [page.title, page.text, page.author, page.published])
        expect(field ?? '').not.toMatch(
          /<|>|alert|onerror|onload|onclick|javascript|document\.write|background/,
        );
      expect(page.text).not.toContain('نص يكتبه سكربت');
      expect(page.text).not.toContain('فعّل السكربتات');
    }
  });

  it('strips markup from JSON-LD values and never throws on broken input', () => {
    const html = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"<b>قصف</b> على &amp; حماة","datePublished":"٥ نيسان ٢٠٢٣","author":"<script>alert(1)<\\/script>فلان"}</script>
<script type="application/ld+json">{ broken</script></head><body><p>نص قصير.</p></body></html>`;
    const page = readArticlePage(html, 'https://x.example/a');
    expect(page.title).toBe('قصف على & حماة');
    expect(page.published).toBe('2023-04-05');
    expect(page.author).toBe('فلان');
    expect(readArticlePage('', 'https://x.example/')).toEqual({
      title: null,
      published: null,
      author: null,
      text: '',
    });
  });
});

function urlOf(name: string): string {
  return name === 'article-jsonld.html'
    ? 'https://news.example.org/2024/03/14/officer-defects'
    : `https://news.example.org/${name.replace(/\.html$/, '')}`;
}
