/**
 * An article page read into its metadata and text. Each field is taken from the first of these that
 * gives it: the source's CSS selectors (set by hand for an outlet whose pages the automatic reading gets
 * wrong), the page's JSON-LD article (NewsArticle, Article …, also inside @graph), its OpenGraph and
 * <meta> tags, and last Readability (readHtml). The result is text only: scripts, styles, attributes
 * and markup never reach it. Pure; never throws.
 */
import {
  blockText,
  documentOf,
  htmlToText,
  isArticleObject,
  jsonLdObjects,
  meta,
  nameOf,
  readHtml,
  type DomDocument,
  type DomElement,
} from '../../ingest/html.js';
import { isoDate } from '../feeds/iso-date.js';

/** CSS selectors of one outlet's pages. */
export interface PageSelectors {
  title?: string;
  /** An element whose datetime or content attribute, or else text, holds the publication date. */
  date?: string;
  author?: string;
  /** The article's body; when several elements match, their texts follow one another. */
  body?: string;
}

export interface ArticlePage {
  title: string | null;
  /** YYYY-MM-DD. */
  published: string | null;
  author: string | null;
  /** Paragraphs separated by blank lines ('' when the page has none). */
  text: string;
  outlet?: string;
}

/** Elements whose content is never text, removed from a selected body before it is read. */
const NOT_TEXT = 'script, style, noscript, template, iframe, object, embed, svg, canvas, button, form';

/** One line of text: markup and entities (escaped twice in some JSON-LD) read away, spaces collapsed. */
function line(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = htmlToText(value).replace(/\s+/g, ' ').trim();
  return text || null;
}

/** A byline's label ("بقلم:", "كتب -", "By") is no part of the name. */
function authorName(value: string | null): string | null {
  if (!value) return null;
  return (
    value.replace(/^(?:بقلم|كتبه?|كتبت|إعداد|اعداد|تحرير|by)(?:\s*[:：\-–—]\s*|\s+)(?=\S)/iu, '').trim() ||
    null
  );
}

/** The elements a selector matches; an invalid selector matches nothing. */
function select(doc: DomDocument, selector: string | undefined): DomElement[] {
  if (!selector?.trim()) return [];
  try {
    return Array.from(doc.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** The text of an element on one line (its scripts and styles are not text; its markup is already read). */
function elementText(el: DomElement): string {
  return blockText(el).replace(/\s+/g, ' ').trim();
}

function selectedText(doc: DomDocument, selector: string | undefined): string | null {
  const el = select(doc, selector)[0];
  return el ? elementText(el) || null : null;
}

function selectedDate(doc: DomDocument, selector: string | undefined): string | null {
  for (const el of select(doc, selector)) {
    const date =
      isoDate(el.getAttribute('datetime')) ?? isoDate(el.getAttribute('content')) ?? isoDate(elementText(el));
    if (date) return date;
  }
  return null;
}

/** The texts of the matched elements, an element inside another matched one read once. */
function selectedBody(doc: DomDocument, selector: string | undefined): string {
  const matched = select(doc, selector);
  const texts: string[] = [];
  for (const el of matched) {
    if (matched.some((other) => other !== el && contains(other, el))) continue;
    for (const junk of Array.from(el.querySelectorAll(NOT_TEXT))) junk.remove();
    const text = blockText(el).trim();
    if (text) texts.push(text);
  }
  return texts.join('\n\n');
}

function contains(outer: DomElement, inner: DomElement): boolean {
  return (outer as unknown as { contains(node: unknown): boolean }).contains(inner);
}

/** A URL compared loosely: no fragment, no trailing slash, any scheme; null when not a URL. */
function urlKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value);
    return `${u.host}${decodeURI(u.pathname).replace(/\/+$/, '')}${u.search}`;
  } catch {
    return null;
  }
}

/**
 * The JSON-LD article of the page: the one about this URL (url or mainEntityOfPage) when the page also
 * describes other articles (related stories, a live blog's updates), else the first of an article type.
 */
function jsonLdArticle(doc: DomDocument, url: string): Record<string, unknown> | undefined {
  const articles = jsonLdObjects(doc).filter(isArticleObject);
  const here = urlKey(url);
  const about = (o: Record<string, unknown>) => {
    const main = o['mainEntityOfPage'];
    const mainId = main && typeof main === 'object' ? (main as Record<string, unknown>)['@id'] : main;
    return [o['url'], mainId, o['@id']].some((v) => here !== null && urlKey(v) === here);
  };
  return articles.find(about) ?? articles[0];
}

function ldString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return ldString(value[0]);
  return null;
}

/** Authors named by meta tags: article:author only when it is a name, not a profile URL. */
function metaAuthor(doc: DomDocument): string | null {
  const author = meta(doc, 'author', 'article:author', 'dc.creator', 'DC.creator', 'byl');
  return author && !/^https?:\/\//i.test(author) ? line(author) : null;
}

function metaDate(doc: DomDocument): string | null {
  const keys = [
    'article:published_time',
    'og:article:published_time',
    'datePublished',
    'pubdate',
    'publishdate',
    'publish-date',
    'date',
    'dc.date',
    'DC.date.issued',
    'dcterms.created',
  ];
  for (const key of keys) {
    const date = isoDate(meta(doc, key));
    if (date) return date;
  }
  return null;
}

/** Reads an article page fetched from `url`. */
export function readArticlePage(html: string, url: string, selectors: PageSelectors = {}): ArticlePage {
  let doc: DomDocument;
  try {
    doc = documentOf(html);
  } catch {
    return { title: null, published: null, author: null, text: '' };
  }
  const article = jsonLdArticle(doc, url);
  // Readability is the last resort for the metadata, but always the reader of the text.
  const readable = readHtml(html);

  const title =
    selectedText(doc, selectors.title) ??
    line(nameOf(article?.['headline']) ?? nameOf(article?.['name'])) ??
    line(meta(doc, 'og:title', 'twitter:title')) ??
    line(readable.title);
  const published =
    selectedDate(doc, selectors.date) ??
    isoDate(ldString(article?.['datePublished']) ?? ldString(article?.['dateCreated'])) ??
    metaDate(doc) ??
    isoDate(readable.published);
  const author =
    authorName(selectedText(doc, selectors.author)) ??
    line(nameOf(article?.['author'])) ??
    metaAuthor(doc) ??
    line(readable.author);
  const outlet =
    line(nameOf(article?.['publisher'])) ?? line(meta(doc, 'og:site_name')) ?? line(readable.outlet);

  let text = selectors.body ? selectedBody(doc, selectors.body) : '';
  if (!text) text = readable.text;
  // A page whose body Readability cannot find (a player, an image gallery) may still carry articleBody.
  if (!text.trim()) text = htmlToText(ldString(article?.['articleBody']) ?? '');

  const page: ArticlePage = { title, published, author, text };
  if (outlet) page.outlet = outlet;
  return page;
}
