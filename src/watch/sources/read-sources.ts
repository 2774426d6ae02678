/**
 * Reading and writing the sources file. A missing file is an empty list (nothing configured yet); an
 * invalid one is an E_SOURCES error naming the file, the source index and the field. Writes are atomic
 * (a temporary file in the same directory, then a rename), so `marsad watch` reading the file while
 * `marsad source add` writes it sees the old list or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MarsadError, fromFsError, reasonOf } from '../../cli/errors.js';
import { describeIssues, sourceConfigSchema, type SourceConfig } from './source-config.js';

const invalid = (path: string, reason: string, cause?: unknown) =>
  MarsadError.of('E_SOURCES', { reason }, path, cause === undefined ? undefined : { cause });

/** "line 3, column 14" for a JSON.parse message that gives a position. */
function jsonProblem(err: unknown, text: string): string {
  const message = reasonOf(err);
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const at = Number(m[1]);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `${message.replace(/\s*at position \d+.*$/, '')} (line ${line}, column ${column})`;
}

/** Validates a parsed sources file; `path` names it in errors. */
export function parseSourceConfig(value: unknown, path: string): SourceConfig {
  const result = sourceConfigSchema.safeParse(value);
  if (!result.success) throw invalid(path, describeIssues(result.error), result.error);
  return result.data;
}

/** The sources of the file at `path`: an empty list when there is no file (or it is blank). */
export async function readSources(path: string): Promise<SourceConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { sources: [] };
    throw fromFsError(err, path);
  }
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) return { sources: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(path, `not valid JSON: ${jsonProblem(err, text)}`, err);
  }
  return parseSourceConfig(value, path);
}

/** Writes the sources to `path` atomically (creating its directory), after validating them. */
export async function writeSources(path: string, config: SourceConfig): Promise<void> {
  const valid = parseSourceConfig(config, path);
  const text = `${JSON.stringify(valid, null, 2)}\n`;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const file = await open(temp, 'wx', 0o644);
    try {
      await file.writeFile(text, 'utf8');
      // On disk before the rename: a crash leaves the old file or the new one, not an empty one.
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw invalid(path, `cannot write: ${reasonOf(err)}`, err);
  }
}
