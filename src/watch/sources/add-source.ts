/**
 * Adding and removing sources: pure functions from one config to the next (readSources and
 * writeSources do the I/O). A source's id is a slug; when none is given it is made from the URL's host
 * ("www.enabbaladi.net" → "enabbaladi-net"), numbered when the host already has a source.
 */
import { MarsadError } from '../../cli/errors.js';
import {
  describeIssues,
  sourceSchema,
  type Source,
  type SourceConfig,
  type SourceInput,
} from './source-config.js';

/** A new source: the id may be left for addSource to choose. */
export type NewSource = Omit<SourceInput, 'id'> & { id?: string };

/** A URL compared loosely: scheme, "www.", a trailing slash and the fragment do not matter. */
function sameUrl(a: string, b: string): boolean {
  const key = (value: string) => {
    try {
      const u = new URL(value);
      return `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    } catch {
      return value;
    }
  };
  return key(a) === key(b);
}

/** A slug for the URL's host, not yet taken by a source of the config. */
export function sourceIdFor(url: string, config: SourceConfig): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  const base =
    host
      .replace(/^www\./, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'source';
  const taken = new Set(config.sources.map((s) => s.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The config with the source added at the end, and the source as stored (defaults filled in). Throws
 * E_SOURCE_EXISTS when its id or URL is already configured, E_USAGE when a field is invalid.
 */
export function addSource(config: SourceConfig, input: NewSource): { config: SourceConfig; source: Source } {
  const id = input.id ?? sourceIdFor(input.url, config);
  const parsed = sourceSchema.safeParse({ ...input, id });
  if (!parsed.success)
    throw MarsadError.of('E_USAGE', {
      detail: `invalid source: ${describeIssues(parsed.error)}`,
      help: 'marsad source --help',
    });
  const source = parsed.data;
  const sameId = config.sources.find((s) => s.id === source.id);
  if (sameId) throw MarsadError.of('E_SOURCE_EXISTS', { what: 'this id: give another --id', id: sameId.id });
  const sameFeed = config.sources.find((s) => sameUrl(s.url, source.url));
  if (sameFeed) throw MarsadError.of('E_SOURCE_EXISTS', { what: `the URL ${sameFeed.url}`, id: sameFeed.id });
  return { config: { ...config, sources: [...config.sources, source] }, source };
}

/** The config without the source of that id, and the source removed (null when there was none). */
export function removeSource(
  config: SourceConfig,
  id: string,
): { config: SourceConfig; removed: Source | null } {
  const removed = config.sources.find((s) => s.id === id) ?? null;
  if (!removed) return { config, removed };
  return { config: { ...config, sources: config.sources.filter((s) => s !== removed) }, removed };
}
