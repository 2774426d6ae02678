/**
 * People across documents: one person named in several reports ("أبو صافية الكويتي" in one,
 * "إبراهيم الكندري المدعو أبو صافية الكويتي" in another) becomes one record whose titles and fate
 * accumulate. Conservative: a bare kunya ("أبو محمد") or a common two-word name is never enough alone.
 * Pure: mentions in, persons out.
 */
import { phraseWords } from '../mentions/phrase-index.js';

/** A person as one document names them: the names it links (an alias cluster), titles and events. */
export interface PersonReport {
  documentId: string;
  names: string[];
  titles: string[];
  /** The armed group the document ties them to, if any. */
  group: string | null;
  published: string | null;
  events: Array<{ type: string; role: string | null }>;
}

export interface ResolvedPerson {
  id: string;
  canonical: string;
  aliases: string[];
  titles: Array<{ title: string; documentId: string; published: string | null }>;
  groups: string[];
  events: Array<{ documentId: string; type: string; role: string | null }>;
  documents: string[];
  /** Indices of the input reports merged into this person. */
  reports: number[];
}

const KUNYA = /^(ابو|ام)$/;

/** The key of a name when it identifies someone on its own; null for names that many people share. */
export function identifyingKey(name: string): string | null {
  const words = phraseWords(name);
  // "أبو محمد", "محمد الأحمد": shared by too many people to merge on the name alone.
  return words.length >= 3 ? words.join(' ') : null;
}

/** The key of a two-word name, usable only with corroboration (same group or same title). */
function weakKey(name: string): string | null {
  const words = phraseWords(name);
  return words.length === 2 ? words.join(' ') : null;
}

export function resolvePersons(reports: readonly PersonReport[]): ResolvedPerson[] {
  const parent = reports.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byStrong = new Map<string, number>();
  const byWeak = new Map<string, number[]>();
  reports.forEach((r, i) => {
    for (const n of r.names) {
      const k = identifyingKey(n);
      if (k) {
        const j = byStrong.get(k);
        if (j === undefined) byStrong.set(k, i);
        else union(i, j);
      }
      const w = weakKey(n);
      if (w) byWeak.set(w, [...(byWeak.get(w) ?? []), i]);
    }
  });
  // A two-word name joins reports only when they agree on the group or share a title word.
  for (const ids of byWeak.values()) {
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) {
        const a = reports[ids[x]!]!;
        const b = reports[ids[y]!]!;
        const sameGroup = !!a.group && a.group === b.group;
        const titleWords = new Set(a.titles.flatMap((t) => phraseWords(t)));
        const sameTitle = b.titles.some((t) => phraseWords(t).some((w) => titleWords.has(w)));
        if (sameGroup || sameTitle) union(ids[x]!, ids[y]!);
      }
  }
  const groups = new Map<number, number[]>();
  reports.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.values()].map((ids, k) => {
    const rs = ids.map((i) => reports[i]!);
    const counts = new Map<string, number>();
    for (const r of rs) for (const n of r.names) counts.set(n, (counts.get(n) ?? 0) + 1);
    // The fullest name most reports use: a real name over a kunya when both are known.
    const names = [...counts.entries()].sort(
      (a, b) =>
        b[1] - a[1] ||
        Number(KUNYA.test(phraseWords(a[0])[0] ?? '')) - Number(KUNYA.test(phraseWords(b[0])[0] ?? '')) ||
        b[0].length - a[0].length,
    );
    const canonical = names[0]![0];
    return {
      id: `person-${k + 1}`,
      canonical,
      aliases: names.map(([n]) => n).filter((n) => n !== canonical),
      titles: rs.flatMap((r) =>
        r.titles.map((title) => ({ title, documentId: r.documentId, published: r.published })),
      ),
      groups: [...new Set(rs.map((r) => r.group).filter((g): g is string => !!g))],
      events: rs.flatMap((r) => r.events.map((e) => ({ documentId: r.documentId, ...e }))),
      documents: [...new Set(rs.map((r) => r.documentId))],
      reports: ids,
    };
  });
}
