/**
 * The output contract of `marsad extract` (docs/output-contract.md) as a zod schema: one document's
 * events and entities. Strict: every field the contract lists is required (missing values are null,
 * lists are present), no other field is allowed, enums are closed. Browser-safe (zod only).
 *
 * The schema checks what can be checked without the text: offsets are integers in order and each span's
 * text is as long as its span. That a span's text is the text at its offsets needs the raw text: see
 * `spanProblems`.
 */
import { z } from 'zod';
import { EVENT_TYPES, type DocumentResult } from '../types.js';

/** YYYY-MM-DD, a real calendar date. */
const isoDate = z.iso.date();

/** A UTF-16 offset into the text as read. */
const offset = z.int().nonnegative();

/** A non-negative count of people or objects. */
const quantity = z.number().nonnegative();

/**
 * Ids of armed groups and parties: the guideline's ids, or more "in the same style" (a lexicon overlay's,
 * which `marsad lexicon check` holds to the same pattern).
 */
export const ACTOR_ID = /^[a-z0-9_]+$/;
const actorId = z.string().regex(ACTOR_ID).nullable();

function span(text: z.ZodString) {
  return z
    .strictObject({ start: offset, end: offset, text })
    .refine((s) => s.start < s.end, { message: 'start must be before end' })
    .refine((s) => s.text.length === s.end - s.start, { message: 'text must be as long as its span' });
}

/** Evidence is a sentence or clause, never more than 600 characters. */
export const MAX_EVIDENCE = 600;

/** {min, max}: unknown bounds are null, an open range has max null. */
const range = z
  .strictObject({ min: quantity.nullable(), max: quantity.nullable() })
  .refine((r) => r.min === null || r.max === null || r.min <= r.max, { message: 'min must not exceed max' });

const person = z.strictObject({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  title: z.string().nullable(),
  role: z.enum(['victim', 'subject']),
});

const location = z.strictObject({
  name: z.string().min(1),
  name_ar: z.string().nullable(),
  name_en: z.string().nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  admin1: z.string().nullable(),
  admin2: z.string().nullable(),
  admin3: z.string().nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  precision: z.enum(['country', 'region', 'town', 'neighbourhood', 'site']).nullable(),
  geo_precision: z.literal([1, 2, 3]),
  place_id: z.string().min(1).nullable(),
  canonical: z.string().min(1).optional(),
});

const eventDate = z
  .strictObject({ start: isoDate.nullable(), end: isoDate.nullable(), text: z.string() })
  .refine((d) => d.start === null || d.end === null || d.start <= d.end, {
    message: 'start must not be after end',
  });

export const eventSchema = z
  .strictObject({
    type: z.enum(EVENT_TYPES as [string, ...string[]]),
    evidence: span(z.string().min(1).max(MAX_EVIDENCE)),
    trigger: span(z.string().min(1)),
    actor: actorId,
    target: actorId,
    persons: z.array(person),
    location: location.nullable(),
    date: eventDate.nullable(),
    count: z
      .strictObject({ min: quantity.nullable(), max: quantity.nullable(), text: z.string() })
      .refine((r) => r.min === null || r.max === null || r.min <= r.max, {
        message: 'min must not exceed max',
      })
      .nullable(),
    fatalities: range.nullable(),
    charges: z.array(z.string().min(1)),
    certainty: z.enum(['reported', 'hedged']),
    rules: z.array(z.string().min(1)).min(1),
    lexicon: z.array(z.string().min(1)),
  })
  .refine((e) => e.evidence.start <= e.trigger.start && e.trigger.end <= e.evidence.end, {
    message: 'the trigger must lie inside the evidence',
  });

const entityBase = {
  text: z.string().min(1),
  start: offset,
  end: offset,
  rule: z.string().min(1),
  entry: z.string().min(1).optional(),
};

export const entitySchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('person'),
      canonical: z.string().min(1),
      aliases: z.array(z.string().min(1)),
      title: z.string().nullable(),
      ...entityBase,
    }),
    z.strictObject({
      type: z.literal('place'),
      canonical: z.string().min(1),
      /** A site's settlement ("معبر أبو الزندين" → "أبو الزندين"). */
      name: z.string().min(1).optional(),
      lat: z.number().min(-90).max(90).nullable(),
      lon: z.number().min(-180).max(180).nullable(),
      ...entityBase,
    }),
    z.strictObject({
      type: z.literal('group'),
      id: z.string().regex(ACTOR_ID),
      ...entityBase,
    }),
  ])
  .refine((e) => e.start < e.end && e.text.length === e.end - e.start, {
    message: 'text must be as long as its span, start before end',
  });

export const documentResultSchema = z.strictObject({
  id: z.string().min(1),
  published: isoDate.nullable(),
  outlet: z.string().min(1).nullable(),
  events: z.array(eventSchema),
  entities: z.array(entitySchema),
});

/**
 * Spans that do not point at what they name in `raw` (the text exactly as read): out of bounds, or
 * `raw.slice(start, end)` unequal to the reported text. One line per problem, empty when all is well.
 */
export function spanProblems(result: DocumentResult, raw: string): string[] {
  const problems: string[] = [];
  const check = (where: string, s: { start: number; end: number; text: string }) => {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= raw.length))
      problems.push(`${where}: span ${s.start}-${s.end} outside the text (length ${raw.length})`);
    else if (raw.slice(s.start, s.end) !== s.text)
      problems.push(`${where}: text differs from the text at its span`);
  };
  result.events.forEach((e, k) => {
    check(`events[${k}].evidence`, e.evidence);
    check(`events[${k}].trigger`, e.trigger);
  });
  result.entities.forEach((e, k) => check(`entities[${k}]`, e));
  return problems;
}

/** The contract violations of a value, one line each ("events.0.type: …"), empty when it conforms. */
export function contractProblems(value: unknown): string[] {
  const parsed = documentResultSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
}
