/**
 * The items of a feed: RSS 2.0 (and RSS 0.9x/1.0), Atom 1.0, JSON Feed 1.x and sitemaps (a urlset with
 * Google News entries, or a sitemap index listing child sitemaps), read into one shape. Links are made
 * absolute against the feed's URL (or Atom's xml:base); dates are reduced to YYYY-MM-DD as written;
 * titles, authors and summaries are plain text. contentHtml is the feed's markup as given, unsanitised:
 * it is read as text (readHtml) before anything is stored, never rendered. Items without an http(s) link
 * are skipped, since the watcher knows an article by its URL. Pure; throws only FeedError.
 */
import { MarsadError, formatErrorMessage } from '../../cli/errors.js';
import { htmlToText } from '../../ingest/html.js';
import { isoDate } from './iso-date.js';
import {
  decodeEntities,
  escapeMarkup,
  innerXml,
  parseXml,
  textOf,
  XmlSyntaxError,
  type XmlElement,
} from './parse-xml.js';

export type FeedKind = 'rss' | 'atom' | 'jsonfeed' | 'sitemap' | 'sitemapindex';

export interface FeedItem {
  /** The item's identity in the feed: its guid, Atom id or JSON Feed id, else its URL. */
  id: string;
  /** The article's absolute http(s) URL. */
  url: string;
  title: string | null;
  /** YYYY-MM-DD as the feed writes it (no time-zone conversion). */
  published: string | null;
  /** Names joined with "، " when there are several. */
  author: string | null;
  /** Plain text. */
  summary: string | null;
  /** The full article as HTML, when the feed carries it (content:encoded, Atom content, content_html). */
  contentHtml: string | null;
}

export interface ParsedFeed {
  kind: FeedKind;
  title: string | null;
  items: FeedItem[];
  /** The child sitemaps of a sitemap index (absolute URLs, in the order of the file). */
  sitemaps?: string[];
  /** The lastmod date of the child sitemaps that give one (YYYY-MM-DD), by URL. */
  sitemapModified?: Record<string, string>;
}

/** A feed that cannot be read; `path` (and `url`) is the feed's URL. */
export class FeedError extends MarsadError {
  readonly url: string;
  readonly problem: string;

  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super('E_FEED_MALFORMED', formatErrorMessage('E_FEED_MALFORMED', { problem }), url, options);
    this.name = 'FeedError';
    this.url = url;
    this.problem = problem;
  }
}

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  rss1: 'http://purl.org/rss/1.0/',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
} as const;

/** The prefix feeds conventionally give each namespace: used when a feed forgets to declare it. */
const USUAL_PREFIX: Readonly<Record<string, string>> = {
  [NS.content]: 'content',
  [NS.dc]: 'dc',
  [NS.news]: 'news',
  [NS.atom]: 'atom',
};

/** The namespaces a looked-up element may be in ('' is none). */
type Space = string | readonly string[];

function inSpace(el: XmlElement, space: Space): boolean {
  const spaces = typeof space === 'string' ? [space] : space;
  return spaces.some(
    (ns) => el.uri === ns || (el.uri === '' && el.prefix === (ns === '' ? '' : (USUAL_PREFIX[ns] ?? '\0'))),
  );
}

/**
 * RSS names: in no namespace, or in RSS 1.0's default one. Elements of other namespaces that share a
 * local name (media:title, atom:link) never match.
 */
const PLAIN: Space = ['', NS.rss1];

function children(el: XmlElement, local: string, space: Space): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && c.local === local && inSpace(c, space),
  );
}

function child(el: XmlElement, local: string, space: Space): XmlElement | undefined {
  return children(el, local, space)[0];
}

/** The trimmed text of the first such child, or null when absent or blank. */
function childText(el: XmlElement, local: string, space: Space): string | null {
  const c = child(el, local, space);
  const text = c ? textOf(c).trim() : '';
  return text || null;
}

const TAG = /<[A-Za-z!/]/;

/**
 * The value with its entities decoded, unless it is markup (the HTML parser decodes those): markup
 * escaped twice, as some feeds do, comes out as markup.
 */
function unescapeText(value: string): string {
  return TAG.test(value) ? value : decodeEntities(value);
}

/** One line of plain text. The HTML parser is used only where there are tags: a sitemap has 50,000 titles. */
function plain(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = unescapeText(value);
  const line = (TAG.test(text) ? htmlToText(text) : text).replace(/\s+/g, ' ').trim();
  return line || null;
}

/** Plain text that keeps its paragraphs (summaries). */
function paragraphs(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = htmlToText(unescapeText(value)).trim();
  return text || null;
}

/** An absolute http(s) URL, or null. */
function absolute(link: string | null | undefined, base: string): string | null {
  const value = link?.trim();
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "editor@example.org (Name)" → "Name"; a bare address is no name. */
function rssAuthor(value: string | null): string | null {
  if (!value) return null;
  const m = /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(value);
  if (m) return m[1]!.trim();
  return /^\S+@\S+$/.test(value.trim()) ? null : value.trim();
}

function joinNames(names: Array<string | null | undefined>): string | null {
  const list = [...new Set(names.map((n) => plain(n)).filter((n): n is string => n !== null))];
  return list.length ? list.join('، ') : null;
}

function item(
  fields: Omit<FeedItem, 'id' | 'url'> & { id: string | null; url: string | null },
): FeedItem | null {
  if (!fields.url) return null;
  return { ...fields, id: fields.id?.trim() || fields.url, url: fields.url };
}

/** RSS 2.0, 0.9x and 1.0 (RDF). */
function readRss(root: XmlElement, baseUrl: string): ParsedFeed {
  const channel = child(root, 'channel', PLAIN) ?? root;
  // RSS 1.0 puts its items next to the channel; some broken RSS 2.0 feeds do too.
  const elements = [
    ...children(channel, 'item', PLAIN),
    ...(channel === root ? [] : children(root, 'item', PLAIN)),
  ];
  const items: FeedItem[] = [];
  for (const el of elements) {
    const guid = child(el, 'guid', PLAIN);
    const guidText = guid ? textOf(guid).trim() : '';
    const guidIsLink = guid !== undefined && guid.attrs.get('isPermaLink') !== 'false';
    const link =
      absolute(childText(el, 'link', PLAIN), baseUrl) ??
      absolute(el.attrs.get('rdf:about'), baseUrl) ??
      (guidIsLink ? absolute(guidText, baseUrl) : null);
    const encoded = child(el, 'encoded', NS.content);
    const parsed = item({
      id: guidText || null,
      url: link,
      title: plain(childText(el, 'title', PLAIN)),
      published: isoDate(childText(el, 'pubDate', PLAIN) ?? childText(el, 'date', NS.dc)),
      author: joinNames(
        children(el, 'creator', NS.dc).length
          ? children(el, 'creator', NS.dc).map((c) => textOf(c))
          : [rssAuthor(childText(el, 'author', PLAIN))],
      ),
      summary: paragraphs(markupOf(child(el, 'description', PLAIN))),
      contentHtml: markupOf(encoded),
    });
    if (parsed) items.push(parsed);
  }
  return { kind: 'rss', title: plain(childText(channel, 'title', PLAIN)), items };
}

/**
 * The markup an element carries: its text (escaped or CDATA HTML), or its child elements written back
 * when the feed put the HTML in unescaped.
 */
function markupOf(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const markup = el.children.some((c) => typeof c !== 'string') ? innerXml(el) : textOf(el);
  return markup.trim() || null;
}

/** An Atom text construct (title, summary, content) as HTML. */
function atomHtml(el: XmlElement | undefined): string | null {
  if (!el || el.attrs.has('src')) return null;
  const type = (el.attrs.get('type') ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    const div = el.children.find((c): c is XmlElement => typeof c !== 'string');
    return (div ? innerXml(div) : innerXml(el)).trim() || null;
  }
  if (type === 'html' || type === 'text/html') return markupOf(el);
  const text = textOf(el).trim();
  return text ? escapeMarkup(text) : null;
}

function xmlBase(el: XmlElement, base: string): string {
  return absolute(el.attrs.get('xml:base'), base) ?? base;
}

const ATOM: Space = [NS.atom, ''];

function atomAuthors(el: XmlElement): string[] {
  return children(el, 'author', ATOM).map((a) => childText(a, 'name', ATOM) ?? textOf(a));
}

function readAtom(root: XmlElement, baseUrl: string): ParsedFeed {
  const feedBase = xmlBase(root, baseUrl);
  const feedAuthors = atomAuthors(root);
  const items: FeedItem[] = [];
  for (const entry of children(root, 'entry', ATOM)) {
    const base = xmlBase(entry, feedBase);
    const links = children(entry, 'link', ATOM);
    const alternate =
      links.find(
        (l) =>
          (l.attrs.get('rel') ?? 'alternate') === 'alternate' && /html/.test(l.attrs.get('type') ?? 'html'),
      ) ?? links.find((l) => (l.attrs.get('rel') ?? 'alternate') === 'alternate');
    const id = childText(entry, 'id', ATOM);
    const authors = atomAuthors(entry);
    const parsed = item({
      id,
      url: absolute(alternate?.attrs.get('href'), base) ?? absolute(id, base),
      title: plain(atomHtml(child(entry, 'title', ATOM))),
      published: isoDate(childText(entry, 'published', ATOM) ?? childText(entry, 'updated', ATOM)),
      // An entry without authors has the feed's (RFC 4287, 4.2.1).
      author: joinNames(authors.length ? authors : feedAuthors),
      summary: paragraphs(atomHtml(child(entry, 'summary', ATOM))),
      contentHtml: atomHtml(child(entry, 'content', ATOM)),
    });
    if (parsed) items.push(parsed);
  }
  return { kind: 'atom', title: plain(atomHtml(child(root, 'title', ATOM))), items };
}

const SITEMAP: Space = [NS.sitemap, ''];

function readSitemap(root: XmlElement, baseUrl: string): ParsedFeed {
  const items: FeedItem[] = [];
  for (const entry of children(root, 'url', SITEMAP)) {
    const url = absolute(childText(entry, 'loc', SITEMAP), baseUrl);
    const news = child(entry, 'news', NS.news);
    const parsed = item({
      id: url,
      url,
      title: news ? plain(childText(news, 'title', NS.news)) : null,
      published: isoDate(
        (news && childText(news, 'publication_date', NS.news)) ?? childText(entry, 'lastmod', SITEMAP),
      ),
      author: null,
      summary: null,
      contentHtml: null,
    });
    if (parsed) items.push(parsed);
  }
  return { kind: 'sitemap', title: null, items };
}

function readSitemapIndex(root: XmlElement, baseUrl: string): ParsedFeed {
  const sitemaps: string[] = [];
  const sitemapModified: Record<string, string> = {};
  for (const entry of children(root, 'sitemap', SITEMAP)) {
    const url = absolute(childText(entry, 'loc', SITEMAP), baseUrl);
    if (!url || sitemaps.includes(url)) continue;
    sitemaps.push(url);
    const modified = isoDate(childText(entry, 'lastmod', SITEMAP));
    if (modified) sitemapModified[url] = modified;
  }
  return { kind: 'sitemapindex', title: null, items: [], sitemaps, sitemapModified };
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null;

function jsonAuthors(value: Record<string, unknown>): string[] {
  const list = Array.isArray(value['authors']) ? value['authors'] : value['author'] ? [value['author']] : [];
  return list
    .map((a) => (a && typeof a === 'object' ? str((a as Record<string, unknown>)['name']) : str(a)))
    .filter((n): n is string => n !== null);
}

function readJsonFeed(text: string, baseUrl: string): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FeedError(baseUrl, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const feed = data as Record<string, unknown> | null;
  if (!feed || typeof feed !== 'object' || Array.isArray(feed) || !Array.isArray(feed['items'])) {
    throw new FeedError(baseUrl, 'JSON without an "items" array: not a JSON Feed');
  }
  if (typeof feed['version'] !== 'string' || !feed['version'].includes('jsonfeed.org/version/1'))
    throw new FeedError(baseUrl, 'JSON without a JSON Feed "version" (https://jsonfeed.org/version/1.1)');
  const feedAuthors = jsonAuthors(feed);
  const items: FeedItem[] = [];
  for (const raw of feed['items'] as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const entry = raw as Record<string, unknown>;
    const url = absolute(str(entry['url']), baseUrl) ?? absolute(str(entry['external_url']), baseUrl);
    const contentText = str(entry['content_text']);
    const authors = jsonAuthors(entry);
    const parsed = item({
      id: str(entry['id']),
      url,
      title: plain(str(entry['title'])),
      published: isoDate(str(entry['date_published']) ?? str(entry['date_modified'])),
      author: joinNames(authors.length ? authors : feedAuthors),
      summary: paragraphs(str(entry['summary'])),
      contentHtml:
        str(entry['content_html']) ??
        (contentText
          ? contentText
              .split(/\n\s*\n/)
              .map((p) => `<p>${escapeMarkup(p.trim())}</p>`)
              .join('\n')
          : null),
    });
    if (parsed) items.push(parsed);
  }
  return { kind: 'jsonfeed', title: plain(str(feed['title'])), items };
}

/** Reads a feed or sitemap fetched from `baseUrl`. Throws FeedError when it cannot be read. */
export function parseFeed(text: string, baseUrl: string): ParsedFeed {
  const body = text.replace(/^[\uFEFF\s]+/, '');
  if (!body) throw new FeedError(baseUrl, 'the response is empty');
  if (body.startsWith('{') || body.startsWith('[')) return readJsonFeed(body, baseUrl);
  // A page served where the feed was (a moved feed, a login or error page) is not broken XML.
  if (/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(body))
    throw new FeedError(baseUrl, 'an HTML page, not a feed');
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new FeedError(baseUrl, err.message, { cause: err });
    throw err;
  }
  const name = root.local.toLowerCase();
  if (name === 'rss' || name === 'rdf') return readRss(root, baseUrl);
  if (name === 'feed') return readAtom(root, baseUrl);
  if (name === 'urlset') return readSitemap(root, baseUrl);
  if (name === 'sitemapindex') return readSitemapIndex(root, baseUrl);
  if (name === 'html') throw new FeedError(baseUrl, 'an HTML page, not a feed');
  throw new FeedError(baseUrl, `unknown root element <${root.name}>: not RSS, Atom or a sitemap`);
}
