/** /api/documents: stored articles, one article with its findings, and ingest of a new one. */
import { Hono } from 'hono';
import { z } from 'zod';
import { deliverAlerts, fireAlerts } from '../../alerts/fire-alerts.js';
import { extractItem } from '../../ingest/extract-item.js';
import { contentHash } from '../../store/content-hash.js';
import { eventDto } from '../../store/event-dto.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../api-error.js';
import type { AppEnv, AppOptions } from '../context.js';
import { decodeCursor, page, pageSchema, parseParams } from '../query-params.js';
import { idParam, jsonBody } from './events.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const listSchema = z.object({
  outlet: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().min(1).optional(),
});

const ingestSchema = z.object({
  text: z.string(),
  outlet: z.string().min(1).optional(),
  published: isoDate.optional(),
  title: z.string().min(1).optional(),
  // Shown as a link by the web app: no javascript: or data: URLs.
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL')
    .optional(),
  author: z.string().min(1).optional(),
});

/** A document with its text, mentions (with the rule and lexicon entry of each) and events. */
export async function documentDto(
  store: Store,
  id: number,
  opts: { mentions: boolean } = { mentions: true },
) {
  const [summary] = await store.listDocuments({ after: id - 1, limit: 1 });
  if (!summary || summary.id !== id) return undefined;
  const doc = await store.getDocument(id);
  const own = (await listDocumentEvents(store, id)).map(eventDto);
  const mentions = opts.mentions
    ? (await store.documentMentions(id)).map((m) => ({
        kind: m.kind,
        text: m.text,
        start: m.start,
        end: m.end,
        canonical: m.canonical,
        groupId: m.group_id,
        title: m.title,
        rule: m.rule,
        entry: m.entry,
        lat: m.lat,
        lon: m.lon,
      }))
    : undefined;
  return { ...summary, raw: doc!.raw, ...(mentions ? { mentions } : {}), events: own };
}

/** Every event of a document, reviewed ones included (the reader shows what was rejected too). */
const listDocumentEvents = (store: Store, documentId: number) =>
  store.listEvents({ documentId, limit: 10_000 });

/** Text checks of the ingest route: what `marsad ingest` refuses, the API refuses too. */
function checkText(text: string): void {
  if (!text.trim()) throw new ApiError('E_BAD_TEXT', 'the text is empty');
  if (text.includes('\u0000'))
    throw new ApiError('E_BAD_TEXT', 'the text holds NUL bytes: binary data, not text');
}

export function documentRoutes(options: AppOptions) {
  const { store, resources, provenance } = options;
  const app = new Hono<AppEnv>();

  app.get('/documents', async (c) => {
    const query = c.req.query();
    const filter = parseParams(listSchema, query);
    const { cursor, limit } = parseParams(pageSchema, query);
    const after = decodeCursor(cursor);
    const rows = await store.listDocuments({ ...filter, limit, ...(after !== undefined ? { after } : {}) });
    return c.json(page(rows, limit, (d) => d.id));
  });

  app.get('/documents/:id', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    const doc = await documentDto(store, id);
    if (!doc) throw new ApiError('E_NOT_FOUND', `no document with id ${id}`);
    return c.json(doc);
  });

  app.post('/documents', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let input: z.infer<typeof ingestSchema>;
    if (type.includes('multipart/form-data')) {
      const form = await c.req.raw.formData().catch(() => {
        throw new ApiError('E_BAD_REQUEST', 'the multipart body cannot be read');
      });
      const file = form.get('file');
      if (!(file instanceof Blob)) throw new ApiError('E_BAD_REQUEST', 'the form has no `file` field');
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
      } catch {
        throw new ApiError('E_BAD_TEXT', 'the file is not UTF-8 text');
      }
      const fields = Object.fromEntries(
        [...form.entries()].filter(([k, v]) => k !== 'file' && typeof v === 'string'),
      );
      checkText(text);
      input = parseParams(ingestSchema, { ...fields, text });
    } else {
      const body = await jsonBody(c.req.raw);
      // Binary text is E_BAD_TEXT, as `marsad ingest` says, before the generic checks of the fields.
      const text = (body as { text?: unknown } | null)?.text;
      if (typeof text === 'string') checkText(text);
      input = parseParams(ingestSchema, body);
    }
    checkText(input.text);
    const existing = await store.documentByHash(contentHash(input.text));
    if (existing) return c.json({ documentId: existing.id, created: false, events: [] }, 200);
    const outcome = extractItem({ id: 0, raw: input.text, published: input.published ?? null }, resources);
    if (!outcome.ok) throw new ApiError('E_INTERNAL', `extraction failed: ${outcome.error}`);
    const [saved] = await store.saveDocuments(
      [
        {
          input: {
            raw: input.text,
            textNorm: outcome.textNorm,
            searchText: outcome.searchText,
            eventSearchTexts: outcome.eventSearchTexts,
            minhash: outcome.minhash,
            url: input.url ?? null,
            outlet: input.outlet ?? outcome.header.outlet ?? outcome.result.outlet,
            title: input.title ?? outcome.header.title,
            author: input.author ?? outcome.header.byline,
            published: input.published ?? outcome.result.published,
          },
          result: outcome.result,
        },
      ],
      provenance,
    );
    const placed = await store.placeEventsInIncidents();
    if (saved!.created) options.persons?.schedule();
    // Delivery must not hold the response: a receiver that is down is retried later anyway.
    if ((await fireAlerts(store, placed.touched)) > 0) void deliverAlerts(store).catch(() => undefined);
    const events = (await listDocumentEvents(store, saved!.documentId)).map(eventDto);
    return c.json(
      { documentId: saved!.documentId, created: saved!.created, events },
      saved!.created ? 201 : 200,
    );
  });

  return app;
}
