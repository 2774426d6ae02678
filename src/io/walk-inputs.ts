/**
 * Turning the command line's inputs (files, directories, `-`) into the list of documents to read (Node only).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MarsadError, fromFsError } from '../cli/errors.js';

/** The path argument that means standard input. */
export const STDIN_PATH = '-';
/** The document id of standard input. */
export const STDIN_ID = 'stdin';

export type InputItem =
  /** A file to read; `id` is its base name. */
  | { kind: 'file'; path: string; id: string }
  /** Standard input. */
  | { kind: 'stdin'; path: string; id: string }
  /** An input that cannot be read at all (missing path, unreadable directory). */
  | { kind: 'error'; path: string; error: MarsadError };

/** Code-unit order: the same on every machine, whatever the locale. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * Every regular file under `dir`, recursively, skipping hidden entries (names starting with a dot) and
 * anything that is neither a file nor a directory. Symbolic links to files are followed; symbolic links to
 * directories are not (no cycles). Directories that cannot be listed become error items.
 */
async function collect(dir: string, out: InputItem[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    out.push({ kind: 'error', path: dir, error: fromFsError(err, dir) });
    return;
  }
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await collect(path, out);
    } else if (entry.isFile()) {
      out.push({ kind: 'file', path, id: entry.name });
    } else if (entry.isSymbolicLink()) {
      try {
        if ((await stat(path)).isFile()) out.push({ kind: 'file', path, id: entry.name });
      } catch (err) {
        out.push({ kind: 'error', path, error: fromFsError(err, path) });
      }
    }
  }
}

/**
 * The documents named by the inputs, in order: each input in the order given; a directory's files sorted
 * by path. A path given explicitly is read even when hidden or not a regular file (a pipe, for example).
 */
export async function* walkInputs(inputs: readonly string[]): AsyncGenerator<InputItem> {
  for (const input of inputs) {
    if (input === STDIN_PATH) {
      yield { kind: 'stdin', path: STDIN_ID, id: STDIN_ID };
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(input)).isDirectory();
    } catch (err) {
      yield { kind: 'error', path: input, error: fromFsError(err, input) };
      continue;
    }
    if (!isDirectory) {
      yield { kind: 'file', path: input, id: basename(input) };
      continue;
    }
    const items: InputItem[] = [];
    await collect(input, items);
    items.sort(byPath);
    yield* items;
  }
}
