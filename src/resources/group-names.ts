/** Display names of the group ids (data/lexicons/groups.tsv): for the API and the web app, not extraction. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyOverlay } from './apply-overlay.js';
import { packageRoot } from './package-root.js';
import { readOverlay, resolveOverlayDir } from './read-overlay.js';
import { parseTsv } from './tsv.js';

export interface GroupName {
  id: string;
  nameAr: string;
  nameEn: string;
  description: string;
  /** The names the reporting uses for the group (actors.tsv, kind name). */
  aliases: string[];
}

export function parseGroupNames(groupsTsv: string, actorsTsv = ''): Map<string, GroupName> {
  const aliases = new Map<string, string[]>();
  for (const r of actorsTsv ? parseTsv(actorsTsv, 'actors.tsv', ['group', 'alias', 'kind']) : [])
    if (r['kind'] === 'name') aliases.set(r['group']!, [...(aliases.get(r['group']!) ?? []), r['alias']!]);
  const rows = parseTsv(groupsTsv, 'groups.tsv', ['id', 'name_ar', 'name_en']);
  return new Map(
    rows.map((r) => [
      r['id']!,
      {
        id: r['id']!,
        nameAr: r['name_ar']!,
        nameEn: r['name_en']!,
        description: r['description'] ?? '',
        aliases: aliases.get(r['id']!) ?? [],
      },
    ]),
  );
}

/**
 * The built-in group names with a lexicon overlay's groups.tsv and actors.tsv merged in: `lexicons` as
 * for loadResources (pass resources.loadedWith.lexicons to get the overlay the resources were made with).
 */
export function loadGroupNames(lexicons?: string | false): Map<string, GroupName> {
  const read = (file: string) => readFileSync(join(packageRoot(), 'data', 'lexicons', file), 'utf8');
  const builtin = { 'groups.tsv': read('groups.tsv'), 'actors.tsv': read('actors.tsv') };
  const dir = resolveOverlayDir(lexicons);
  const texts = dir === null ? builtin : applyOverlay(builtin, readOverlay(dir).files);
  return parseGroupNames(texts['groups.tsv']!, texts['actors.tsv']);
}
