/**
 * Reading one input document (Node only): size limit, strict UTF-8, binary and empty detection.
 * The text is returned exactly as decoded (CRLF and all), so offsets computed on it index the file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { MarsadError, fromFsError } from '../cli/errors.js';

export const MB = 1024 * 1024;
export const DEFAULT_MAX_BYTES = 20 * MB;
/** Bytes looked at for binary detection. */
export const BINARY_SAMPLE_BYTES = 8 * 1024;
/** Above this share of control characters in the sample, the input is binary. */
export const MAX_CONTROL_SHARE = 0.1;

const CHUNK_BYTES = 64 * 1024;

export interface DocumentText {
  /** The decoded text, without a leading UTF-8 byte order mark. */
  text: string;
  /**
   * UTF-16 code units removed from the start (1 when a BOM was stripped, else 0). Tools that decode the
   * file without stripping the BOM see every offset this much further on.
   */
  offsetBase: number;
  /** Size of the input in bytes. */
  bytes: number;
}

/** `20 MB`, `0.5 MB`, `52.4 MB`. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  const text = Number.isInteger(mb) ? String(mb) : mb >= 10 ? mb.toFixed(1) : String(+mb.toFixed(2));
  return `${text} MB`;
}

function tooLarge(size: string, maxBytes: number, path: string): MarsadError {
  return MarsadError.of('E_TOO_LARGE', { size, limit: formatMegabytes(maxBytes) }, path);
}

/** Whether a byte counts as a control character for binary detection (tab, LF, FF, CR do not). */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f;
}

/**
 * Byte offset of the first malformed UTF-8 sequence (overlong forms, surrogates and values above
 * U+10FFFF included), or -1. Only used to make the error message precise.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes the bytes of one document. Throws a MarsadError with E_NOT_UTF8, E_BINARY or E_EMPTY.
 * Order of the checks: UTF-16 byte order mark, binary sample, strict UTF-8, empty text.
 */
export function decodeDocument(bytes: Uint8Array, path: string): DocumentText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const detail = 'starts with a UTF-16 byte order mark; convert the file to UTF-8';
    throw MarsadError.of('E_NOT_UTF8', { detail }, path);
  }

  const sample = bytes.subarray(0, BINARY_SAMPLE_BYTES);
  const nul = sample.indexOf(0);
  if (nul >= 0) throw MarsadError.of('E_BINARY', { detail: `NUL byte at offset ${nul}` }, path);
  let controls = 0;
  for (const b of sample) if (isControlByte(b)) controls++;
  if (sample.length > 0 && controls > sample.length * MAX_CONTROL_SHARE) {
    const share = Math.round((100 * controls) / sample.length);
    const detail = `${share}% control characters in the first ${sample.length} bytes`;
    throw MarsadError.of('E_BINARY', { detail }, path);
  }

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch (err) {
    const at = firstInvalidUtf8(body);
    const detail =
      at >= 0 ? `invalid byte sequence at byte ${at + (hasBom ? 3 : 0)}` : 'invalid byte sequence';
    throw MarsadError.of('E_NOT_UTF8', { detail }, path, { cause: err });
  }
  if (text.trim() === '') throw MarsadError.of('E_EMPTY', {}, path);
  return { text, offsetBase: hasBom ? 1 : 0, bytes: bytes.length };
}

/** Reads at most `maxBytes` from an open handle; throws E_TOO_LARGE as soon as there is more. */
async function readLimited(handle: FileHandle, maxBytes: number, path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buffer = new Uint8Array(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(`more than ${formatMegabytes(maxBytes)}`, maxBytes, path);
    chunks.push(buffer.subarray(0, bytesRead));
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Reads one document from a path. A regular file over `maxBytes` is refused from its size alone;
 * other files (pipes, devices) are read up to the limit.
 */
export async function readDocumentFile(
  path: string,
  maxBytes: number = DEFAULT_MAX_BYTES,
): Promise<DocumentText> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fromFsError(err, path);
  }
  try {
    let bytes: Uint8Array;
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw MarsadError.of('E_UNREADABLE', { reason: 'is a directory' }, path);
      if (stat.isFile() && stat.size > maxBytes) throw tooLarge(formatMegabytes(stat.size), maxBytes, path);
      bytes = await readLimited(handle, maxBytes, path);
    } catch (err) {
      throw err instanceof MarsadError ? err : fromFsError(err, path);
    }
    return decodeDocument(bytes, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads one document from a stream (stdin), up to `maxBytes`. `path` names it in errors. */
export async function readDocumentStream(
  stream: AsyncIterable<Uint8Array | string>,
  path: string,
  maxBytes: number = DEFAULT_MAX_BYTES,
): Promise<DocumentText> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) throw tooLarge(`more than ${formatMegabytes(maxBytes)}`, maxBytes, path);
      chunks.push(bytes);
    }
  } catch (err) {
    if (err instanceof MarsadError) throw err;
    throw MarsadError.of('E_UNREADABLE', { reason: (err as Error)?.message ?? String(err) }, path, {
      cause: err,
    });
  }
  return decodeDocument(concat(chunks, total), path);
}
