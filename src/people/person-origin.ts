/**
 * Nationality and origin of a person from the nisbas ending their names ("أبو صافية الكويتي" → Kuwait).
 * Pure: names and the nisba table in, the best-supported values out.
 */
import { normalizeString } from '../text/normalize.js';
import type { NisbaData } from '../resources/resources.js';

export interface PersonOrigin {
  nationality: string | null;
  origin: string | null;
  /** The nisba entries that gave them. */
  entries: string[];
}

/** The nationality and origin the names' last words give (the most frequent of each kind). */
export function personOrigin(names: readonly string[], nisbas: ReadonlyMap<string, NisbaData>): PersonOrigin {
  const votes = { nationality: new Map<string, number>(), origin: new Map<string, number>() };
  const entries = new Set<string>();
  for (const name of names) {
    const words = normalizeString(name).split(/\s+/).filter(Boolean);
    // A nisba describes the person only after a name: "الكويتي" alone is not a person's origin.
    for (const word of words.slice(1)) {
      const hit = nisbas.get(word);
      if (!hit) continue;
      votes[hit.kind].set(hit.value, (votes[hit.kind].get(hit.value) ?? 0) + 1);
      entries.add(hit.id);
    }
  }
  const best = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return { nationality: best(votes.nationality), origin: best(votes.origin), entries: [...entries] };
}
