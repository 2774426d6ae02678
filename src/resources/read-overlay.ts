/**
 * Finding and reading the user's lexicon overlay directory (Node only; the merge is apply-overlay.ts).
 *
 * Directory: `--lexicons DIR`, else `$MARSAD_LEXICONS`, else `$MARSAD_HOME/lexicons`, else
 * `$XDG_DATA_HOME/marsad/lexicons`, else `~/.local/share/marsad/lexicons`. A directory named by the
 * option or the variable must exist; the default one is used only when it does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, type OverlayProblem } from './check-overlay.js';

export const LEXICONS_DIR = 'lexicons';

/** A lexicon overlay as read: its directory and its .tsv files by name. */
export interface LexiconOverlay {
  dir: string;
  files: Record<string, string>;
}

/** An overlay that cannot be used: a named directory that does not exist, or problems in its files. */
export class OverlayError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly OverlayProblem[],
    reason?: string,
  ) {
    super(
      reason ??
        `${problems.length} problem${problems.length === 1 ? '' : 's'}, the first: ${formatProblem(problems[0]!, dir)} (see \`marsad lexicon check\`)`,
    );
    this.name = 'OverlayError';
  }
}

/** The default overlay directory (see the module comment); it may not exist. */
export function defaultOverlayDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MARSAD_HOME) return join(env.MARSAD_HOME, LEXICONS_DIR);
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'marsad', LEXICONS_DIR);
}

/**
 * The overlay directory to use: `option` (a path; false for none), else $MARSAD_LEXICONS, else the
 * default when it exists; null when there is none. Throws OverlayError for a named directory that is
 * missing.
 */
export function resolveOverlayDir(
  option: string | false | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (option === false) return null;
  const named = option || env.MARSAD_LEXICONS;
  if (named) {
    if (!existsSync(named) || !statSync(named).isDirectory())
      throw new OverlayError(named, [], 'no such directory');
    return named;
  }
  const dir = defaultOverlayDir(env);
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}

/** The .tsv files of a directory (hidden files skipped; other files, such as a README, ignored). */
export function readOverlay(dir: string): LexiconOverlay {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || !name.endsWith('.tsv')) continue;
    const path = join(dir, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path, 'utf8');
  }
  return { dir, files };
}
