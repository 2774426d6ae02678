/**
 * Alert rules: what an analyst wants to hear about, matched against incidents when they are created or
 * receive a new report. Every given condition must hold; within a list, any value may match.
 */
import { z } from 'zod';
import type { EventDTO } from '../store/event-dto.js';
import type { IncidentDTO } from '../store/incident-dto.js';
import { queryKeys, searchText } from '../store/search-text.js';
import { normalizeString } from '../text/normalize.js';
import { EVENT_TYPES } from '../types.js';

export const alertRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    types: z.array(z.enum(EVENT_TYPES as [string, ...string[]])).optional(),
    /** Group ids, as actor or target. */
    actors: z.array(z.string().min(1)).optional(),
    /** Names as written; a report naming one matches. */
    persons: z.array(z.string().min(1)).optional(),
    /** Places or admin areas: the place and everything inside it. */
    places: z.array(z.string().min(1)).optional(),
    /** Words that must all occur in one report's sentence (Arabic folded). */
    keywords: z.array(z.string().min(1)).optional(),
    /** At least this many independent sources. */
    minSources: z.number().int().min(1).optional(),
  })
  .strict();

export type AlertRule = z.infer<typeof alertRuleSchema>;

const fold = (s: string) => normalizeString(s).replace(/\s+/g, ' ').trim();

/** Whether an incident, with its reports, matches a rule. */
export function matchesRule(rule: AlertRule, incident: IncidentDTO, reports: readonly EventDTO[]): boolean {
  if (rule.types?.length && !rule.types.includes(incident.type)) return false;
  if (rule.minSources !== undefined && incident.corroboration < rule.minSources) return false;
  if (rule.actors?.length) {
    const groups = new Set(reports.flatMap((r) => [r.actor, r.target]).filter(Boolean));
    if (!rule.actors.some((a) => groups.has(a))) return false;
  }
  if (rule.places?.length) {
    const wanted = new Set(rule.places.map(fold));
    const areas = reports.flatMap((r) =>
      r.location
        ? [r.location.name, r.location.nameAr, r.location.admin1, r.location.admin2, r.location.admin3]
        : [],
    );
    if (!areas.some((a) => a && wanted.has(fold(a)))) return false;
  }
  if (rule.persons?.length) {
    const wanted = rule.persons.map(fold);
    const named = reports.flatMap((r) => r.persons.flatMap((p) => [p.name, ...p.aliases])).map(fold);
    if (!wanted.some((w) => named.some((n) => n === w || n.includes(w)))) return false;
  }
  if (rule.keywords?.length) {
    const keys = rule.keywords.flatMap(queryKeys);
    const matches = (r: EventDTO) => {
      const terms = new Set(searchText(r.evidence.text).split(' '));
      return keys.every((k) => terms.has(k));
    };
    if (!reports.some(matches)) return false;
  }
  return true;
}
