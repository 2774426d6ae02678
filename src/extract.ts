import type { DocumentResult } from './types.js';
import type { Resources } from './resources/resources.js';

export interface ExtractOptions {
  /** Document id reported in the output (the file name for `marsad extract`). */
  id?: string;
  /** Publication date (YYYY-MM-DD); found in the article header when not given. */
  published?: string | null;
}

/** Extracts the events and entities of one Arabic article. Pure: same text and resources, same output. */
export function extract(text: string, options: ExtractOptions, resources: Resources): DocumentResult {
  void resources;
  void text;
  return { id: options.id ?? 'doc', published: options.published ?? null, outlet: null, events: [], entities: [] };
}
