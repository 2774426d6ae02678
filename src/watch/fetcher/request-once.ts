/**
 * One HTTP GET exchange, without redirects or retries: a deadline over connecting, the headers and the
 * body; a size limit checked on the declared length, on the bytes received and on the decompressed
 * bytes while they stream (so a 100 MB page or a gzip bomb costs at most `maxBytes` of memory); gzip,
 * deflate and brotli decompressed with node:zlib.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Transform, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './fetch-error.js';
import { redactUrl } from './redact-url.js';

export interface RequestOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /** Whether the body of a response with this status is read; otherwise it is dropped unread. */
  readBody: (status: number) => boolean;
  /** Keep the first `maxBytes` bytes instead of failing with E_FETCH_TOO_LARGE (robots.txt). */
  truncate?: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The decompressed body; empty when it was not read. */
  bytes: Buffer;
  /** True when the body was cut at `maxBytes` (only with `truncate`). */
  truncated: boolean;
}

/** Thrown inside the pipeline to stop reading once a truncated body is complete. */
class EnoughBytes extends Error {}

function networkError(err: unknown, shown: string): FetchError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const reason = code && !message.includes(code) ? `${code}: ${message}` : message;
  return FetchError.of('E_FETCH_NETWORK', { reason }, shown, { cause: err });
}

/** The decompressors for a Content-Encoding value, in the order to apply them (the reverse of listing). */
function decompressors(contentEncoding: string | undefined, shown: string): Duplex[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  return codings.map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip();
      case 'deflate':
        return zlib.createInflate();
      case 'br':
        return zlib.createBrotliDecompress();
      default:
        throw FetchError.of('E_FETCH_DECODE', { reason: `unsupported Content-Encoding "${coding}"` }, shown);
    }
  });
}

async function readBody(
  res: IncomingMessage,
  options: RequestOptions,
  shown: string,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const limit = options.maxBytes;
  const tooLarge = (detail: string) => FetchError.of('E_FETCH_TOO_LARGE', { detail, limit }, shown);

  const declared = Number(res.headers['content-length']);
  if (!options.truncate && Number.isFinite(declared) && declared > limit) {
    throw tooLarge(`the body is ${declared} bytes (Content-Length)`);
  }

  const decoders = decompressors(res.headers['content-encoding'], shown);
  let decodeFailure: Error | undefined;
  for (const decoder of decoders) decoder.once('error', (err: Error) => (decodeFailure ??= err));

  // The bytes on the wire are limited too: compressed data decompressing to nothing must not be endless.
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received <= limit) callback(null, chunk);
      else if (options.truncate) callback(new EnoughBytes());
      else callback(tooLarge(`more than ${limit} bytes received`));
    },
  });

  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (size + chunk.length <= limit) {
        chunks.push(chunk);
        size += chunk.length;
        callback();
      } else if (options.truncate) {
        chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        callback(new EnoughBytes());
      } else {
        callback(
          tooLarge(
            decoders.length > 0
              ? `the body decompresses to more than ${limit} bytes`
              : `more than ${limit} bytes received`,
          ),
        );
      }
    },
  });

  try {
    await pipeline([res, counter, ...decoders, sink]);
  } catch (err) {
    if (err instanceof EnoughBytes) truncated = true;
    else if (err instanceof FetchError) throw err;
    else if (decodeFailure) {
      throw FetchError.of('E_FETCH_DECODE', { reason: decodeFailure.message }, shown, {
        cause: decodeFailure,
      });
    } else throw networkError(err, shown);
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}

/** Sends one GET and reads the response; rejects with a FetchError only. */
export function requestOnce(url: URL, options: RequestOptions): Promise<RawResponse> {
  const shown = redactUrl(url);
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const settle = (err: FetchError | undefined, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The socket is never reused (agent: false): closing it also stops an unread body.
      req.destroy();
      if (err) reject(err);
      else resolve(response as RawResponse);
    };

    const timer = setTimeout(
      () => settle(FetchError.of('E_FETCH_TIMEOUT', { ms: options.timeoutMs }, shown)),
      options.timeoutMs,
    );
    const transport = url.protocol === 'https:' ? https : http;
    let req: http.ClientRequest;
    try {
      // agent: false: one connection per request. Requests to a host are a second or more apart, so
      // keep-alive would gain little, and no pooled socket outlives the fetcher.
      req = transport.request(url, { method: 'GET', headers: options.headers, agent: false });
    } catch (err) {
      // Thrown synchronously for a header value Node refuses (a User-Agent with a line break, …).
      clearTimeout(timer);
      reject(networkError(err, shown));
      return;
    }
    req.on('error', (err) => settle(networkError(err, shown)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (!options.readBody(status)) {
        settle(undefined, { status, headers: res.headers, bytes: Buffer.alloc(0), truncated: false });
        return;
      }
      readBody(res, options, shown).then(
        ({ bytes, truncated }) => settle(undefined, { status, headers: res.headers, bytes, truncated }),
        (err: unknown) => settle(err instanceof FetchError ? err : networkError(err, shown)),
      );
    });
    req.end();
  });
}
