/** `marsad extract`: documents in, events out (jsonl, json or text). */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { contractProblems } from '../contract/document-result-schema.js';
import { extract, type ExtractOptions } from '../extract.js';
import { loadResources } from '../resources/load-resources.js';
import type { Resources } from '../resources/resources.js';
import type { DocumentResult } from '../types.js';
import {
  DEFAULT_MAX_BYTES,
  MB,
  readDocumentFile,
  readDocumentStream,
  type DocumentText,
} from '../io/read-document.js';
import { STDIN_PATH, walkInputs } from '../io/walk-inputs.js';
import { MarsadError, reasonOf } from './errors.js';
import { formatDocumentText } from './format-text.js';
import { LEXICONS_OPTION_HELP, resourcesError } from './lexicons-option.js';

export const EXTRACT_HELP = `Usage: marsad extract FILE|DIR|- [more inputs] [options]

Extracts conflict events and entities from Arabic news articles.

Inputs:
  FILE            one document (its id is the file's base name)
  DIR             every regular file under DIR, recursively, sorted by path;
                  hidden files and directories (names starting with ".") are skipped
  -               standard input (id "stdin")

Options:
  --published YYYY-MM-DD   publication date for every document (default: found in
                           the article header, else unknown)
  --format jsonl|json|text output format (default jsonl):
                             jsonl  one JSON object per document and line, printed
                                    as soon as the document is done
                             json   one JSON array of those objects
                             text   a readable summary per document
  --max-size MB            refuse inputs larger than this (default 20)
${LEXICONS_OPTION_HELP}
  -h, --help               show this help

Inputs must be UTF-8 text (a BOM is allowed). A bad input is reported on stderr as
  marsad: <path>: <CODE>: <message>
and the other inputs are still processed.

Exit status: 0 all inputs done, 1 some input failed, 2 usage error.
`;

const FORMATS = ['jsonl', 'json', 'text'] as const;
type Format = (typeof FORMATS)[number];

export interface ExtractArgs {
  inputs: string[];
  format: Format;
  published: string | undefined;
  maxBytes: number;
  /** The lexicon overlay directory (--lexicons), undefined for the default. */
  lexicons: string | undefined;
  help: boolean;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: AsyncIterable<Uint8Array | string>;
}

function usage(detail: string): MarsadError {
  return MarsadError.of('E_USAGE', { detail, help: 'marsad extract --help' });
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses the command line; throws E_USAGE or E_BAD_DATE. */
export function parseExtractArgs(argv: readonly string[]): ExtractArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        published: { type: 'string' },
        format: { type: 'string', short: 'f' },
        'max-size': { type: 'string' },
        lexicons: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usage(reasonOf(err).replace(/\. To specify a positional argument.*$/, ''));
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const lexicons = values.lexicons;
  if (help)
    return {
      inputs: positionals,
      format: 'jsonl',
      published: undefined,
      maxBytes: DEFAULT_MAX_BYTES,
      lexicons,
      help,
    };
  if (lexicons !== undefined && lexicons.trim() === '') throw usage('--lexicons wants a directory');

  const format = values.format ?? 'jsonl';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usage(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  }

  let maxBytes = DEFAULT_MAX_BYTES;
  if (values['max-size'] !== undefined) {
    const mb = Number(values['max-size']);
    if (values['max-size'].trim() === '' || !Number.isFinite(mb) || mb <= 0) {
      throw usage(`--max-size must be a positive number of megabytes, got '${values['max-size']}'`);
    }
    maxBytes = Math.floor(mb * MB);
  }

  const published = values.published;
  if (published !== undefined && !isIsoDate(published)) {
    throw MarsadError.of('E_BAD_DATE', { value: `'${published}'` });
  }

  if (positionals.length === 0) throw usage('no input given: name a FILE, a DIR or - for stdin');
  if (positionals.filter((p) => p === STDIN_PATH).length > 1) throw usage('- (stdin) may be given only once');

  return { inputs: positionals, format: format as Format, published, maxBytes, lexicons, help };
}

/**
 * Moves every offset of a result by `delta` code units (used when a BOM was stripped before extraction,
 * so that offsets index the text as decoded by tools that keep the BOM, such as the scorer).
 */
export function shiftOffsets(result: DocumentResult, delta: number): DocumentResult {
  if (delta === 0) return result;
  for (const event of result.events) {
    for (const span of [event.evidence, event.trigger]) {
      span.start += delta;
      span.end += delta;
    }
  }
  for (const entity of result.entities) {
    entity.start += delta;
    entity.end += delta;
  }
  return result;
}

/** How documents are printed: `begin` once, `document` per good document, `end` once. */
interface Printer {
  begin(): string;
  document(doc: DocumentResult, index: number): string;
  end(count: number): string;
}

const PRINTERS: Record<Format, Printer> = {
  jsonl: {
    begin: () => '',
    document: (doc) => `${JSON.stringify(doc)}\n`,
    end: () => '',
  },
  json: {
    begin: () => '[',
    document: (doc, i) => `${i === 0 ? '\n' : ',\n'}  ${JSON.stringify(doc, null, 2).replace(/\n/g, '\n  ')}`,
    end: (count) => (count === 0 ? ']\n' : '\n]\n'),
  },
  text: {
    begin: () => '',
    document: (doc) => formatDocumentText(doc),
    end: () => '',
  },
};

/** Writes with back-pressure: waits for 'drain' when the stream's buffer is full. */
async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

function defaultIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** Runs `marsad extract`; returns the exit code. */
export async function runExtract(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  let args: ExtractArgs;
  try {
    args = parseExtractArgs(argv);
  } catch (err) {
    if (!(err instanceof MarsadError)) throw err;
    io.stderr.write(`${err.toLine()}\n`);
    return err.exitCode;
  }
  if (args.help) {
    await write(io.stdout, EXTRACT_HELP);
    return 0;
  }

  const printer = PRINTERS[args.format];
  const debug = Boolean(process.env.MARSAD_DEBUG);
  let exitCode = 0;
  let printed = 0;
  let resources: Resources | undefined;
  const report = (err: MarsadError): void => {
    io.stderr.write(`${err.toLine()}\n`);
    if (debug && err.cause instanceof Error && err.cause.stack) io.stderr.write(`${err.cause.stack}\n`);
    exitCode = Math.max(exitCode, err.exitCode);
  };

  await write(io.stdout, printer.begin());
  for await (const item of walkInputs(args.inputs)) {
    if (item.kind === 'error') {
      report(item.error);
      continue;
    }

    let doc: DocumentText;
    try {
      doc =
        item.kind === 'stdin'
          ? await readDocumentStream(io.stdin, item.path, args.maxBytes)
          : await readDocumentFile(item.path, args.maxBytes);
    } catch (err) {
      report(
        err instanceof MarsadError
          ? err
          : MarsadError.of('E_UNREADABLE', { reason: reasonOf(err) }, item.path),
      );
      continue;
    }

    // Loaded on the first good document, so that runs with only bad inputs stay fast.
    if (resources === undefined) {
      try {
        resources = loadResources(undefined, args.lexicons === undefined ? {} : { lexicons: args.lexicons });
      } catch (err) {
        report(resourcesError(err));
        break;
      }
    }

    const options: ExtractOptions = { id: item.id };
    if (args.published !== undefined) options.published = args.published;
    let result: DocumentResult;
    try {
      result = shiftOffsets(extract(doc.text, options, resources), doc.offsetBase);
    } catch (err) {
      report(MarsadError.of('E_EXTRACT', { reason: reasonOf(err) }, item.path, { cause: err }));
      continue;
    }
    // What is printed is the output contract: a result that breaks it is a bug, reported, not printed.
    const problems = contractProblems(result);
    if (problems.length) {
      report(
        MarsadError.of(
          'E_EXTRACT',
          { reason: `the result breaks the output contract: ${problems[0]}` },
          item.path,
        ),
      );
      continue;
    }
    await write(io.stdout, printer.document(result, printed));
    printed++;
  }
  await write(io.stdout, printer.end(printed));
  return exitCode;
}
