/**
 * The text of a response body. Arabic news sites still serve windows-1256 (and the odd ISO-8859-6), often
 * declared only in a `<meta>` tag and sometimes not at all, so the character set is looked for the way
 * browsers do before decoding, and undeclared bytes that are not UTF-8 are read as windows-1256.
 * Pure (no I/O); never throws.
 */

/** Where the character set came from. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'default' | 'fallback';

export interface DecodedBody {
  text: string;
  /** The WHATWG name of the encoding used ('utf-8', 'windows-1256', …). */
  charset: string;
  charsetSource: CharsetSource;
}

/** How much of the body is searched for `<meta charset>` or an XML declaration (as browsers do). */
const SNIFF_BYTES = 4096;

/** The encoding of undeclared bytes that are not valid UTF-8: the legacy encoding of Arabic pages. */
const FALLBACK = 'windows-1256';

/** The WHATWG encoding a label names, or undefined when the label is unknown or unsupported. */
export function encodingOf(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    // RangeError: an unknown label, or one of the "replacement" encodings TextDecoder refuses.
    return undefined;
  }
}

/** The `charset` parameter of a Content-Type header value. */
export function charsetParam(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = match?.[1] ?? match?.[2];
  return label ? label : undefined;
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The label declared in the first bytes: `<meta charset>`, `<meta http-equiv content-type>`, `<?xml encoding>`. */
function declaredLabel(bytes: Uint8Array): string | undefined {
  // Latin-1 maps each byte to one character, so ASCII markup is found whatever the real encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString(
    'latin1',
  );
  const xml = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  // Both forms end in `charset=LABEL` inside a meta tag.
  const meta = /<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([^"'\s;/>]+)/i.exec(head);
  return meta?.[1];
}

/** A label found in the document itself: a page in UTF-16 could not have been read as ASCII (HTML standard). */
function inDocumentEncoding(label: string): string | undefined {
  const encoding = encodingOf(label);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 'utf-8';
  return encoding;
}

function decode(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Decodes a body: a byte order mark first (it cannot be wrong, while headers often are, as in the HTML
 * standard), then the header's charset, then the document's own declaration, then UTF-8, and
 * windows-1256 when the undeclared bytes are not UTF-8.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string): DecodedBody {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decode(bytes, bom), charset: bom, charsetSource: 'bom' };

  const headerLabel = charsetParam(contentType);
  const fromHeader = headerLabel === undefined ? undefined : encodingOf(headerLabel);
  if (fromHeader) return { text: decode(bytes, fromHeader), charset: fromHeader, charsetSource: 'header' };

  const metaLabel = declaredLabel(bytes);
  const fromMeta = metaLabel === undefined ? undefined : inDocumentEncoding(metaLabel);
  if (fromMeta) return { text: decode(bytes, fromMeta), charset: fromMeta, charsetSource: 'meta' };

  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      charset: 'utf-8',
      charsetSource: 'default',
    };
  } catch {
    return { text: decode(bytes, FALLBACK), charset: FALLBACK, charsetSource: 'fallback' };
  }
}
