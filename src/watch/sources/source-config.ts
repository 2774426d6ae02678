/**
 * The sources config: the feeds, sitemaps and pages `marsad watch` polls, as a JSON file
 * (`$MARSAD_HOME/sources.json`, else next to the default database). The schema fills the defaults in
 * and refuses unknown fields, so a misspelt field ("intervalMinute") is reported instead of ignored.
 * An invalid file is reported with the source index and the field ("sources[2].intervalMinutes").
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { z } from 'zod';

export const SOURCE_KINDS = ['auto', 'rss', 'atom', 'jsonfeed', 'sitemap', 'page'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SELECTOR_FIELDS = ['title', 'date', 'author', 'body'] as const;
export type SelectorField = (typeof SELECTOR_FIELDS)[number];

export const DEFAULT_INTERVAL_MINUTES = 15;

/** lowercase letters and digits in words joined by single hyphens: "enab-baladi", "outlet-2". */
export const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 64;

/** True for a CSS selector linkedom can run. */
export function isValidSelector(selector: string): boolean {
  try {
    parseHTML('<!doctype html><html><body></body></html>').document.querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const selector = z
  .string('must be a CSS selector (a string)')
  .trim()
  .min(1, 'must not be empty')
  .refine(isValidSelector, 'is not a valid CSS selector');

export const selectorsSchema = z.strictObject({
  title: selector.optional(),
  date: selector.optional(),
  author: selector.optional(),
  body: selector.optional(),
});

export const sourceSchema = z.strictObject({
  id: z
    .string('must be a string')
    .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
    .regex(SOURCE_ID, 'must be a slug: lowercase letters, digits and single hyphens ("enab-baladi")'),
  kind: z.enum(SOURCE_KINDS, `must be one of ${SOURCE_KINDS.join(', ')}`).default('auto'),
  url: z.string('must be a string').trim().refine(isHttpUrl, 'must be an absolute http(s) URL'),
  outlet: z.string('must be a string').trim().min(1, 'must not be empty'),
  language: z
    .string('must be a string')
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag ("ar", "en", "ku")')
    .default('ar'),
  intervalMinutes: z
    .number('must be a number')
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 (minute)')
    .default(DEFAULT_INTERVAL_MINUTES),
  selectors: selectorsSchema.optional(),
  enabled: z.boolean('must be true or false').default(true),
});

export const sourceConfigSchema = z
  .strictObject({ sources: z.array(sourceSchema, 'must be an array of sources') })
  .superRefine((config, ctx) => {
    const ids = new Map<string, number>();
    config.sources.forEach((source, index) => {
      const first = ids.get(source.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `"${source.id}" is already the id of sources[${first}]`,
        });
      else ids.set(source.id, index);
    });
  });

export type Source = z.output<typeof sourceSchema>;
/** A source as written in the file or given to addSource: the defaulted fields may be left out. */
export type SourceInput = z.input<typeof sourceSchema>;
export interface SourceConfig {
  sources: Source[];
}

/** "sources[2].selectors.body" for the path of an issue. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(the file)';
}

/** The problems of an invalid value, one per field: "sources[2].intervalMinutes: must be at least 1". */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    return `${issuePath(issue.path)}: ${message}`;
  });
  const more = error.issues.length - limit;
  return lines.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** `$MARSAD_HOME/sources.json`, else sources.json next to the default database. */
export function defaultSourcesPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['MARSAD_HOME']
    ? join(env['MARSAD_HOME'], 'sources.json')
    : join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'marsad', 'sources.json');
}
