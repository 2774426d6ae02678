/**
 * The CLI's error catalogue: every failure the CLI reports has a stable code, a message template and an
 * exit code. Codes are part of the interface (scripts match on them); messages may be reworded.
 *
 * A failed input is reported as one stderr line: `marsad: <path>: <CODE>: <message>`;
 * an error that concerns no input as `marsad: <CODE>: <message>`.
 */

export interface ErrorSpec {
  /** Message template; `{name}` is replaced by the parameter of that name. */
  readonly message: string;
  /** 1 = an input (or the run) failed, 2 = the command line is wrong. */
  readonly exit: 1 | 2;
  /** One line for the reference (docs/cli.md). */
  readonly meaning: string;
}

export const ERROR_CATALOGUE = {
  E_NOT_FOUND: {
    exit: 1,
    message: 'no such file or directory',
    meaning: 'the path given does not exist',
  },
  E_UNREADABLE: {
    exit: 1,
    message: 'cannot read: {reason}',
    meaning: 'the file or directory exists but cannot be read (permissions, I/O error)',
  },
  E_NOT_UTF8: {
    exit: 1,
    message: 'not UTF-8 text: {detail}',
    meaning: 'the bytes are not valid UTF-8 (strict decoding; UTF-16 is refused too)',
  },
  E_BINARY: {
    exit: 1,
    message: 'binary data, not text: {detail}',
    meaning: 'NUL bytes, or more than 10% control characters, in the first 8 KB',
  },
  E_EMPTY: {
    exit: 1,
    message: 'no text: the input is empty or whitespace only',
    meaning: 'nothing to extract from',
  },
  E_TOO_LARGE: {
    exit: 1,
    message: 'too large ({size}; the limit is {limit}, see --max-size)',
    meaning: 'the input is over --max-size; files are refused from their size alone, without reading them',
  },
  E_EXTRACT: {
    exit: 1,
    message: 'extraction failed: {reason}',
    meaning: 'the extractor threw on this document (a bug: please report it with the input)',
  },
  E_EXTRACT_TIMEOUT: {
    exit: 1,
    message: 'extraction of {document} took longer than the time budget of {budget} and was stopped',
    meaning:
      'one document kept an extraction worker busy past the time budget (default 30 s, $MARSAD_TIME_BUDGET in seconds): the worker is replaced and the other documents go on (a bug: please report it with the input)',
  },
  E_RESOURCES: {
    exit: 1,
    message: 'cannot load the built-in resources: {reason}',
    meaning: 'the lexicons or gazetteer of the package are missing or broken (run `npm run build`)',
  },
  E_INTERNAL: {
    exit: 1,
    message: 'internal error: {reason}',
    meaning: 'an unexpected failure of the CLI itself (a bug)',
  },
  E_BAD_DATE: {
    exit: 2,
    message: '--published wants a calendar date as YYYY-MM-DD, got {value}',
    meaning: 'the value of --published is not a real date in YYYY-MM-DD form',
  },
  E_USAGE: {
    exit: 2,
    message: '{detail} (see `{help}`)',
    meaning: 'unknown command or option, missing or invalid argument',
  },
  // `marsad gazetteer` (src/cli/gazetteer-command.ts)
  E_GAZETTEER_ROW: {
    exit: 1,
    message: '{detail}',
    meaning:
      'a row (or the header) of a file given to `marsad gazetteer import` is malformed: wrong column count, bad coordinates, no name …; the other rows are imported',
  },
  E_LOCAL_GAZETTEER: {
    exit: 1,
    message: 'cannot use the local gazetteer: {reason}',
    meaning:
      'the local gazetteer file (gazetteer.local.json) is not valid JSON of the expected shape, or cannot be written',
  },
  // Lexicon overlays (src/resources/read-overlay.ts, marsad lexicon)
  E_LEXICONS: {
    exit: 1,
    message: 'cannot use the lexicon overlay {dir}: {reason}',
    meaning:
      'the lexicon overlay directory (--lexicons, $MARSAD_LEXICONS or the default) does not exist or has problems; `marsad lexicon check` lists them as FILE:LINE: problem',
  },
  // Ingest (src/ingest/readers.ts)
  E_BAD_RECORD: {
    exit: 1,
    message: 'bad record ({where}): {detail}',
    meaning:
      'a record of a JSON, JSON Lines or CSV input is malformed or has no text (the message names its line or array index); the other records are read',
  },
  // Knowledge base (src/store, marsad ingest/events/…)
  E_DATABASE: {
    exit: 1,
    message: 'database {db}: {reason}',
    meaning:
      'the database cannot be opened, migrated or written (a missing PostgreSQL server, a SQLite file that is not a database, a full disk); nothing stored before is lost',
  },
  E_NO_DATABASE: {
    exit: 1,
    message: 'no database at {db}: run `marsad ingest` first, or name one with --db or $MARSAD_DB',
    meaning: 'a query command was given a SQLite file that does not exist (nothing is created)',
  },
  E_NOT_IN_STORE: {
    exit: 1,
    message: 'no {what} with id {id} in the database',
    meaning: 'a command asked for a document, incident or person id that the database does not hold',
  },
  E_QUEUE_NEEDS_POSTGRES: {
    exit: 2,
    message: '{what} needs a PostgreSQL database (--db postgres://…), not {db}',
    meaning:
      'the job queue (--queue, marsad worker, marsad jobs) lives in PostgreSQL; a SQLite database serves one machine, so ingest, watch and reprocess run inline there',
  },
  // Watching outlets (src/watch, marsad source/watch)
  E_FEED_MALFORMED: {
    exit: 1,
    message: 'malformed feed: {problem}',
    meaning:
      'a feed or sitemap (RSS, Atom, JSON Feed, sitemap XML) cannot be read: broken XML or JSON, or not a feed at all; the message names the problem and its line',
  },
  E_SOURCES: {
    exit: 1,
    message: 'cannot use the sources file: {reason}',
    meaning:
      'the sources file (sources.json, see --sources) is not valid JSON of the expected shape (the message names the source index and field: sources[2].intervalMinutes), or cannot be written',
  },
  E_SOURCE_EXISTS: {
    exit: 1,
    message: 'source {id} already has {what}',
    meaning: '`marsad source add` was given an id or a URL that a configured source already has',
  },
  E_NO_SOURCE: {
    exit: 1,
    message: 'no source with id {id} (see `marsad source list`)',
    meaning: '`marsad source remove` was given an id that no configured source has',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The `{name}` parameters of a template, as a union of names. */
type TemplateParams<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? P | TemplateParams<Rest>
  : never;

/** The parameters a code's message template needs. */
export type ErrorParams<C extends ErrorCode> = Record<
  TemplateParams<(typeof ERROR_CATALOGUE)[C]['message']>,
  string | number
>;

/** Fills a code's message template. Unknown parameters are shown as `?`. */
export function formatErrorMessage<C extends ErrorCode>(code: C, params: ErrorParams<C>): string {
  const values = params as Record<string, string | number | undefined>;
  return ERROR_CATALOGUE[code].message.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values[name];
    return value === undefined ? '?' : String(value).replace(/\s+/g, ' ').trim();
  });
}

/** An error with a catalogue code; `path` is the input it concerns, if any. */
export class MarsadError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, path?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarsadError';
    this.code = code;
    this.path = path;
  }

  /** Builds the error from the code's template. */
  static of<C extends ErrorCode>(
    code: C,
    params: ErrorParams<C>,
    path?: string,
    options?: { cause?: unknown },
  ): MarsadError {
    return new MarsadError(code, formatErrorMessage(code, params), path, options);
  }

  get exitCode(): 1 | 2 {
    return ERROR_CATALOGUE[this.code].exit;
  }

  /** The stderr line (without the newline). */
  toLine(): string {
    return this.path === undefined
      ? `marsad: ${this.code}: ${this.message}`
      : `marsad: ${this.path}: ${this.code}: ${this.message}`;
  }
}

/** The first line of an unknown thrown value's message. */
export function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0]?.trim() || 'unknown error';
}

/** Maps a Node file-system error to E_NOT_FOUND or E_UNREADABLE. */
export function fromFsError(err: unknown, path: string): MarsadError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return MarsadError.of('E_NOT_FOUND', {}, path, { cause: err });
  let reason: string;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      reason = `permission denied (${code})`;
      break;
    case 'EISDIR':
      reason = 'is a directory (EISDIR)';
      break;
    case 'ELOOP':
      reason = 'too many levels of symbolic links (ELOOP)';
      break;
    case 'EIO':
      reason = 'input/output error (EIO)';
      break;
    default:
      reason = reasonOf(err);
  }
  return MarsadError.of('E_UNREADABLE', { reason }, path, { cause: err });
}
