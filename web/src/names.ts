/**
 * Display names in the chosen language. Places and groups have English names from the API; persons are
 * spelled in Latin letters by the project's transliteration (the same code and table as the exports).
 */
import { useEffect, useState } from 'react';
import { apiUrl, cachedJson, type EventDTO, type GroupSummary, type PlaceRow } from './api';
import { ACTOR_LABELS, type Lang } from './i18n';
import { parseTranslitTable, transliterate } from '../../src/translit/transliterate';
import translitTsv from '../../data/lexicons/translit.tsv?raw';

const translit = parseTranslitTable(translitTsv);

/** A person's name: Arabic, or its Latin spelling in English (src/translit, data/lexicons/translit.tsv). */
export function personName(name: string, lang: Lang): string {
  return lang === 'en' ? transliterate(name, translit) : name;
}

export function placeName(
  loc: Pick<NonNullable<EventDTO['location']>, 'name' | 'nameEn'> | null,
  lang: Lang,
): string {
  if (!loc) return '';
  return lang === 'en' && loc.nameEn ? loc.nameEn : loc.name;
}

export interface NameTables {
  groups: Map<string, GroupSummary>;
  /** Arabic place name (as the gazetteer or a report writes it) → English name. */
  placesEn: Map<string, string>;
}

let tables: NameTables = { groups: new Map(), placesEn: new Map() };
let loading: Promise<NameTables> | null = null;

function loadTables(): Promise<NameTables> {
  loading ??= Promise.all([
    cachedJson<{ items: GroupSummary[] }>(apiUrl('groups')).catch(() => ({ items: [] })),
    cachedJson<{ items: PlaceRow[] }>(apiUrl('places', { review: 'any' })).catch(() => ({ items: [] })),
  ]).then(([g, p]) => {
    const placesEn = new Map<string, string>();
    for (const r of p.items) if (r.nameEn) placesEn.set(r.name, r.nameEn);
    tables = { groups: new Map(g.items.map((x) => [x.id, x])), placesEn };
    return tables;
  });
  return loading;
}

/** The name tables; re-renders once they are loaded. */
export function useNameTables(): NameTables {
  const [t, setT] = useState(tables);
  useEffect(() => {
    let live = true;
    void loadTables().then((x) => live && setT(x));
    return () => {
      live = false;
    };
  }, []);
  return t;
}

export function groupName(id: string | null | undefined, lang: Lang, t: NameTables = tables): string {
  if (!id) return '';
  const g = t.groups.get(id);
  const fallback = ACTOR_LABELS[id];
  if (lang === 'en') return g?.nameEn ?? fallback?.en ?? id;
  return g?.nameAr ?? fallback?.ar ?? id;
}

/** An admin area or place name in the chosen language, when the places list knows its English name. */
export function areaName(name: string | null | undefined, lang: Lang, t: NameTables = tables): string {
  if (!name) return '';
  return lang === 'en' ? (t.placesEn.get(name) ?? name) : name;
}
