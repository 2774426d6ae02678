/**
 * A small, tolerant XML reader for feeds and sitemaps. linkedom's XML mode accepts anything (an unclosed
 * element, a truncated download) without a word and leaves HTML entities such as &nbsp; undecoded, so a
 * broken feed would be read as an empty one. This reader reports where the XML breaks (unbalanced or
 * unclosed elements, unterminated CDATA, comments and attribute values, a second root element), and
 * tolerates the breakage common in the feeds of news sites and harmless to read: a byte-order mark,
 * spaces or stray text outside the root element, HTML named entities, a bare "&" or "<" in text,
 * unquoted attribute values, and an unclosed HTML void element (<br>, <img>) in a description whose
 * HTML was not escaped. Pure; throws only XmlSyntaxError.
 */

export interface XmlElement {
  /** The name as written, with its prefix ("dc:creator"). */
  readonly name: string;
  /** The name without its prefix ("creator"). */
  readonly local: string;
  readonly prefix: string;
  /** The namespace URI the prefix (or the default namespace) resolves to; '' when none is declared. */
  readonly uri: string;
  /** Attributes by their name as written. */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
}

/** An element, or text with its entities decoded (CDATA sections as written). */
export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(problem: string, line: number, column: number) {
    super(`${problem} (line ${line}, column ${column})`);
    this.name = 'XmlSyntaxError';
    this.line = line;
    this.column = column;
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The HTML named entities that turn up in feeds; an unknown one is kept as written. */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  shy: '\u00AD',
  zwnj: '\u200C',
  zwj: '\u200D',
  lrm: '\u200E',
  rlm: '\u200F',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×',
  divide: '÷',
  euro: '€',
  pound: '£',
  cent: '¢',
  yen: '¥',
  sect: '§',
  para: '¶',
  iexcl: '¡',
  iquest: '¿',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
};

/** HTML elements that have no end tag: an unclosed one is closed by its parent's end tag. */
const VOID_HTML = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Text with its character references and entities decoded; anything unknown is kept as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  // A fresh expression per call: a global one shared by the module would carry its lastIndex along.
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g,
    (whole, dec: string | undefined, hex: string | undefined, name?: string) => {
      if (name !== undefined) return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(code);
    },
  );
}

/** Text escaped for XML or HTML markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Open {
  name: string;
  attrs: Map<string, string>;
  children: XmlNode[];
  scope: ReadonlyMap<string, string>;
  at: number;
}

/** Reads an XML document and returns its root element. */
export function parseXml(input: string): XmlElement {
  const text = input.replace(/^\uFEFF/, '');
  let pos = 0;
  const stack: Open[] = [];
  let root: XmlElement | null = null;
  // Sticky expressions scan from `pos`; they are made per call since they carry their lastIndex.
  const nameAt = /[A-Za-z_\u00C0-\uFFEF][\w.\-:\u00B7\u00C0-\uFFEF]*/y;
  const spaceAt = /\s*/y;
  const unquotedAt = /[^\s>"'=<`]+/y;
  const nameStart = /[A-Za-z_\u00C0-\uFFEF]/;

  const fail = (problem: string, at = pos): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new XmlSyntaxError(problem, line, at - lineStart + 1);
  };

  const skipTo = (end: string, what: string) => {
    const at = text.indexOf(end, pos);
    if (at < 0) fail(`unterminated ${what}`);
    const body = text.slice(pos, at);
    pos = at + end.length;
    return body;
  };

  const name = (): string => {
    nameAt.lastIndex = pos;
    const m = nameAt.exec(text);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };

  const spaces = () => {
    spaceAt.lastIndex = pos;
    pos += spaceAt.exec(text)![0].length;
  };

  // Text outside the root element is dropped: a notice printed before the feed, or a timing note after
  // it, leaves the feed itself whole.
  const addText = (value: string) => {
    stack[stack.length - 1]?.children.push(value);
  };

  const close = (open: Open) => {
    const [prefix, local] = splitName(open.name);
    const uri = prefix === 'xml' ? XML_NS : (open.scope.get(prefix) ?? '');
    const element: XmlElement = {
      name: open.name,
      local,
      prefix,
      uri,
      attrs: open.attrs,
      children: mergeText(open.children),
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) fail('a second root element', open.at);
    else root = element;
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      addText(decodeEntities(text.slice(pos)));
      pos = text.length;
      break;
    }
    if (lt > pos) addText(decodeEntities(text.slice(pos, lt)));
    pos = lt;
    const next = text[pos + 1];
    if (text.startsWith('<!--', pos)) {
      pos += 4;
      skipTo('-->', 'comment');
    } else if (text.startsWith('<![CDATA[', pos)) {
      pos += 9;
      const body = skipTo(']]>', 'CDATA section');
      if (!stack.length) fail('CDATA outside the root element', lt);
      stack[stack.length - 1]!.children.push(body);
    } else if (text.startsWith('<?', pos)) {
      pos += 2;
      skipTo('?>', 'processing instruction');
    } else if (text.startsWith('<!', pos)) {
      // <!DOCTYPE …> with or without an internal subset.
      if (stack.length) fail('a declaration inside an element');
      const bracket = text.indexOf('[', pos);
      const terminator = bracket >= 0 && bracket < text.indexOf('>', pos) ? ']>' : '>';
      pos += 2;
      skipTo(terminator, 'declaration');
    } else if (next === '/') {
      pos += 2;
      const end = name();
      spaces();
      if (text[pos] !== '>') fail(`expected ">" to end </${end}>`);
      pos++;
      let depth = stack.length - 1;
      // Unclosed HTML void elements (<br>, <img …>) between the end tag and its start tag are closed.
      while (depth >= 0 && stack[depth]!.name !== end && VOID_HTML.has(stack[depth]!.name.toLowerCase()))
        depth--;
      if (depth < 0 || stack[depth]!.name !== end) {
        const top = stack[stack.length - 1];
        fail(
          top
            ? `mismatched end tag </${end}>: <${top.name}> is still open`
            : `end tag </${end}> without a start tag`,
          lt,
        );
      }
      while (stack.length > depth) close(stack.pop()!);
    } else if (next !== undefined && nameStart.test(next)) {
      pos++;
      const tag = name();
      const attrs = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        const before = pos;
        spaces();
        const c = text[pos];
        if (c === undefined) fail(`unterminated start tag <${tag}>`, lt);
        if (c === '>') {
          pos++;
          break;
        }
        if (c === '/' && text[pos + 1] === '>') {
          pos += 2;
          selfClosing = true;
          break;
        }
        if (pos === before) fail(`expected a space, ">" or "/>" in <${tag}>`);
        const attr = name();
        spaces();
        let value = '';
        if (text[pos] === '=') {
          pos++;
          spaces();
          const quote = text[pos];
          if (quote === '"' || quote === "'") {
            pos++;
            const endQuote = text.indexOf(quote, pos);
            if (endQuote < 0) fail(`unterminated value of ${attr} in <${tag}>`);
            value = decodeEntities(text.slice(pos, endQuote)).replace(/[\t\n\r]/g, ' ');
            pos = endQuote + 1;
          } else {
            unquotedAt.lastIndex = pos;
            const m = unquotedAt.exec(text);
            if (!m) fail(`expected a value for ${attr} in <${tag}>`);
            value = decodeEntities(m![0]);
            pos += m![0].length;
          }
        }
        if (!attrs.has(attr)) attrs.set(attr, value);
      }
      if (!stack.length && root) fail('a second root element', lt);
      const scope = scopeOf(stack[stack.length - 1]?.scope, attrs);
      const open: Open = { name: tag, attrs, children: [], scope, at: lt };
      if (selfClosing) close(open);
      else stack.push(open);
    } else {
      // "<" that starts no markup ("a < b") is text.
      addText('<');
      pos++;
    }
  }
  if (stack.length) {
    const open = stack[stack.length - 1]!;
    fail(`<${open.name}> is never closed (the document ends too early)`, open.at);
  }
  if (!root) return fail('no root element: the document is empty or not XML', 0);
  return root;
}

function splitName(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** The namespace scope of an element: its parent's, with its own xmlns declarations on top. */
function scopeOf(
  parent: ReadonlyMap<string, string> | undefined,
  attrs: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  let scope: Map<string, string> | null = null;
  for (const [attr, value] of attrs) {
    if (attr !== 'xmlns' && !attr.startsWith('xmlns:')) continue;
    scope ??= new Map(parent);
    scope.set(attr === 'xmlns' ? '' : attr.slice(6), value.trim());
  }
  return scope ?? parent ?? new Map();
}

/** Adjacent text nodes joined (text, CDATA, text reads as one string). */
function mergeText(children: XmlNode[]): XmlNode[] {
  // Most elements have no adjacent texts: their list is kept as it is (sitemaps have 300,000 elements).
  let adjacent = false;
  for (let i = 1; i < children.length && !adjacent; i++)
    adjacent = typeof children[i] === 'string' && typeof children[i - 1] === 'string';
  if (!adjacent) return children;
  const out: XmlNode[] = [];
  for (const child of children) {
    const last = out[out.length - 1];
    if (typeof child === 'string' && typeof last === 'string') out[out.length - 1] = last + child;
    else out.push(child);
  }
  return out;
}

/** The text of an element and its descendants. */
export function textOf(element: XmlElement): string {
  let out = '';
  for (const child of element.children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

/** The content of an element as markup: its text escaped, its child elements written back as tags. */
export function innerXml(element: XmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (typeof child === 'string') {
      out += escapeMarkup(child);
      continue;
    }
    const attrs = [...child.attrs]
      .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
      .map(([name, value]) => ` ${name}="${escapeMarkup(value).replace(/"/g, '&quot;')}"`)
      .join('');
    const inner = innerXml(child);
    out +=
      inner === '' && VOID_HTML.has(child.local.toLowerCase())
        ? `<${child.local}${attrs}>`
        : `<${child.local}${attrs}>${inner}</${child.local}>`;
  }
  return out;
}
