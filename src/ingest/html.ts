/**
 * Article text and metadata from an HTML page: linkedom parses, Readability finds the article. The text
 * is the article's paragraphs separated by blank lines; scripts, styles, navigation, footers, cookie
 * banners and similar furniture are never part of it. Pure (no I/O); never throws.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** The few DOM members used here (the project compiles without the DOM library). */
interface DomNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
}
export interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}
export interface DomDocument {
  readonly body: DomElement | null;
  readonly documentElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface HtmlArticle {
  /** The article's text: paragraphs separated by blank lines ('' when the page has none). */
  text: string;
  title?: string;
  url?: string;
  /** As the page gives it, reduced to YYYY-MM-DD when it starts with an ISO date. */
  published?: string;
  outlet?: string;
  author?: string;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements whose content is never text of the article. */
const FURNITURE = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'dialog',
  '[role="navigation"]',
  '[role="contentinfo"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[aria-hidden="true"]',
  '[hidden]',
].join(', ');

/** Class or id words of page furniture: cookie banners, share bars, related links, breadcrumbs. */
const FURNITURE_WORDS =
  /(^|[-_\s])(cookies?|consent|gdpr|share|sharing|social|related|breadcrumbs?|newsletter|subscribe|comments?|advert|ads?|sidebar|menu|popup|modal)($|[-_\s])/i;
/** Class or id words of the article itself. */
const ARTICLE_WORDS = /(^|[-_\s])(article|content|post|story|entry)(-?body|-?text|-?content)?($|\s)/i;

/** Elements that break the text into paragraphs. */
const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
]);
/** Elements skipped by the text walk (in case Readability kept them). */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'NAV',
  'FOOTER',
  'SVG',
  'BUTTON',
  'FORM',
]);

export function documentOf(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

/**
 * The paragraphs under a node, each with its spaces collapsed; <br> keeps a line break. Walks with a
 * stack of its own, not by recursion: a page of 10,000 nested elements must not overflow the call stack.
 */
export function blockText(root: DomNode): string {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    const text = current
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (text) blocks.push(text);
    current = '';
  };
  // Steps in reverse order of execution: a node to read, the end of a block, a space after a cell.
  const steps: Array<DomNode | 'end-block' | 'end-cell'> = [];
  const pushChildren = (node: DomNode) => {
    const children = Array.from(node.childNodes);
    for (let k = children.length - 1; k >= 0; k--) steps.push(children[k]!);
  };
  pushChildren(root);
  while (steps.length) {
    const step = steps.pop()!;
    if (step === 'end-block') flush();
    else if (step === 'end-cell') current += ' ';
    else if (step.nodeType === TEXT) current += (step.textContent ?? '').replace(/\s+/g, ' ');
    else if (step.nodeType === ELEMENT) {
      const tag = (step as DomElement).tagName.toUpperCase();
      if (SKIPPED.has(tag)) continue;
      if (tag === 'BR') current += '\n';
      else if (tag === 'TD' || tag === 'TH') {
        current += ' ';
        steps.push('end-cell');
        pushChildren(step);
      } else if (BLOCKS.has(tag)) {
        flush();
        steps.push('end-block');
        pushChildren(step);
      } else pushChildren(step);
    }
  }
  flush();
  return blocks.join('\n\n');
}

function attr(doc: DomDocument, selector: string, name: string): string | undefined {
  const value = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return value ? value : undefined;
}

/** The content of the first <meta> whose property, name or itemprop is one of the keys, in key order. */
export function meta(doc: DomDocument, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value =
      attr(doc, `meta[property="${key}"]`, 'content') ??
      attr(doc, `meta[name="${key}"]`, 'content') ??
      attr(doc, `meta[itemprop="${key}"]`, 'content');
    if (value) return value;
  }
  return undefined;
}

/** YYYY-MM-DD when the value starts with an ISO date ("2024-03-28T10:00:00+03:00"), else the value. */
export function normalizePublished(value: string): string {
  const v = value.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T\s])/.exec(v);
  return m ? m[1]! : v;
}

/** A person's name from a JSON-LD or record value: a string, { name }, or a list of them. */
export function nameOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  // Names nest a level or two (JSON-LD: [{ "name": … }]); deeper values are not names, and a record
  // nested 100,000 deep must not overflow the stack.
  if (depth >= 8) return undefined;
  if (Array.isArray(value)) {
    const names = value.map((v) => nameOf(v, depth + 1)).filter((n): n is string => n !== undefined);
    return names.length ? names.join('، ') : undefined;
  }
  if (value && typeof value === 'object')
    return nameOf((value as Record<string, unknown>)['name'], depth + 1);
  return undefined;
}

/** The JSON-LD objects of the page, @graph and arrays flattened; articles first. */
export function jsonLdObjects(doc: DomDocument): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const add = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      out.push(obj);
      if (obj['@graph']) add(obj['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      add(JSON.parse(script.textContent ?? ''));
    } catch {
      // A broken JSON-LD block is ignored.
    }
  }
  // Articles first: their fields describe the page's story.
  return [...out.filter(isArticleObject), ...out.filter((o) => !isArticleObject(o))];
}

/** True for a JSON-LD object of an article type (NewsArticle, ReportageNewsArticle, BlogPosting …). */
export function isArticleObject(o: Record<string, unknown>): boolean {
  return /Article|Posting|Report/.test(String(o['@type'] ?? ''));
}

/**
 * The text of an HTML fragment (a feed item's description, a headline with markup): paragraphs separated
 * by blank lines, entities decoded, scripts and styles dropped. Never throws.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html))
    return html
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n\n');
  try {
    const doc = documentOf(`<!doctype html><html><body>${html}</body></html>`);
    return doc.body ? blockText(doc.body) : '';
  } catch {
    return '';
  }
}

function fromJsonLd(objects: Array<Record<string, unknown>>, key: string): unknown {
  for (const o of objects) if (o[key] !== undefined && o[key] !== null && o[key] !== '') return o[key];
  return undefined;
}

function isUrl(value: string | undefined): boolean {
  return value !== undefined && /^https?:\/\//i.test(value);
}

function removeFurniture(doc: DomDocument): void {
  for (const el of Array.from(doc.querySelectorAll(FURNITURE))) el.remove();
  const total = (doc.body?.textContent ?? '').length;
  for (const el of Array.from(doc.querySelectorAll('[class], [id]'))) {
    const tag = el.tagName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!FURNITURE_WORDS.test(words) || ARTICLE_WORDS.test(words)) continue;
    // A wrapper that holds the article ("layout with-sidebar") stays.
    if (el.querySelector('article, main, [itemprop="articleBody"]')) continue;
    if ((el.textContent ?? '').length * 2 > total) continue;
    el.remove();
  }
}

/** Reads the article of an HTML page. */
export function readHtml(html: string): HtmlArticle {
  let doc: DomDocument;
  try {
    doc = documentOf(html);
  } catch {
    return { text: '' };
  }
  const ld = jsonLdObjects(doc);
  const title =
    meta(doc, 'og:title', 'twitter:title') ??
    (doc.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const articleAuthor = meta(doc, 'article:author');
  const published = meta(doc, 'article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date');
  const ldPublished = fromJsonLd(ld, 'datePublished');
  const author =
    meta(doc, 'author') ??
    nameOf(fromJsonLd(ld, 'author')) ??
    (isUrl(articleAuthor) ? undefined : articleAuthor);
  const url =
    meta(doc, 'og:url') ?? attr(doc, 'link[rel="canonical"]', 'href') ?? nameOf(fromJsonLd(ld, 'url'));
  const outlet = meta(doc, 'og:site_name') ?? nameOf(fromJsonLd(ld, 'publisher'));

  let text = '';
  let readable: ReturnType<Readability<DomNode>['parse']> = null;
  try {
    removeFurniture(doc);
    const reader = new Readability<DomNode>(doc as never, {
      serializer: (node) => node as unknown as DomNode,
    });
    readable = reader.parse();
    if (readable?.content) text = blockText(readable.content);
  } catch {
    text = '';
  }
  if (!text.trim()) {
    // Readability found no article: the page's body without its furniture.
    try {
      const fallback = documentOf(html);
      removeFurniture(fallback);
      const body = fallback.body ?? fallback.documentElement;
      text = body ? blockText(body) : '';
    } catch {
      text = '';
    }
  }

  const publishedValue =
    published ??
    (typeof ldPublished === 'string' ? ldPublished : undefined) ??
    readable?.publishedTime ??
    undefined;
  const headline = nameOf(fromJsonLd(ld, 'headline'));
  const result: HtmlArticle = { text };
  const finalTitle = title || headline || readable?.title?.trim() || undefined;
  if (finalTitle) result.title = finalTitle;
  if (url) result.url = url;
  if (publishedValue) result.published = normalizePublished(publishedValue);
  if (outlet) result.outlet = outlet;
  if (author) result.author = author;
  return result;
}
