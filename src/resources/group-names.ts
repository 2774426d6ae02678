/** Display names of the group ids (data/lexicons/groups.tsv): for the API and the web app, not extraction. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';
import { parseTsv } from './tsv.js';

export interface GroupName {
  id: string;
  nameAr: string;
  nameEn: string;
  description: string;
}

export function parseGroupNames(text: string): Map<string, GroupName> {
  const rows = parseTsv(text, 'groups.tsv', ['id', 'name_ar', 'name_en']);
  return new Map(
    rows.map((r) => [
      r['id']!,
      { id: r['id']!, nameAr: r['name_ar']!, nameEn: r['name_en']!, description: r['description'] ?? '' },
    ]),
  );
}

export function loadGroupNames(): Map<string, GroupName> {
  return parseGroupNames(readFileSync(join(packageRoot(), 'data', 'lexicons', 'groups.tsv'), 'utf8'));
}
