/**
 * The OpenAPI 3.1 document of the API, built from the same zod schemas that validate the requests, so
 * the document cannot drift from the checks.
 */
import { z } from 'zod';
import { API_ERRORS } from './api-error.js';
import { eventFilterSchema, pageSchema } from './query-params.js';
import { reviewBody } from './routes/events.js';
import { exportSchema } from './routes/export.js';

type Schema = Record<string, unknown>;

/** Query parameters of an object schema. */
function queryParams(schema: z.ZodType): Array<Schema & { name: string }> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Schema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

const FILTERS_DOC: Record<string, string> = {
  type: 'event types, comma separated',
  actor: 'group id of the actor',
  target: 'group id of the target',
  place: 'a place name or an admin area: the place and everything inside it',
  placeId: 'gazetteer id of the place',
  from: 'events on or after (YYYY-MM-DD; undated events count on their publication date)',
  to: 'events on or before',
  outlet: 'reported by this outlet',
  person: 'naming this person (as written)',
  personId: 'naming this person of the knowledge base',
  incident: 'reports of this incident',
  review:
    'review states to keep, comma separated (unreviewed, confirmed, rejected, edited, any); default: all but rejected',
  q: 'words that must all occur in the event sentence (Arabic folded)',
};

export function openApiDocument(version: string) {
  const filters = queryParams(eventFilterSchema).map((p) => ({
    ...p,
    description: FILTERS_DOC[p.name as string],
  }));
  const paging = queryParams(pageSchema);
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const ok = (description: string) => ({
    200: { description, content: { 'application/json': { schema: { type: 'object' } } } },
    default: { $ref: '#/components/responses/Error' },
  });
  const get = (summary: string, parameters: Schema[] = []) => ({
    get: { summary, parameters, responses: ok(summary) },
  });
  const bearer = [{ bearer: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'marsad API',
      version,
      description:
        'Events, incidents and actors read from Arabic conflict reporting. Reads are open on loopback; writes need a bearer token from `marsad user add`.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/health': get('server health'),
      '/api/stats': get('database counts'),
      '/api/stats/timeline': get('events by type per week or month', [
        ...queryParams(z.object({ bucket: z.enum(['week', 'month', 'auto']).optional() })),
        ...filters,
      ]),
      '/api/stats/breakdown': get('event counts by one attribute', [
        ...queryParams(z.object({ by: z.enum(['type', 'actor', 'target', 'admin1', 'admin2', 'outlet']) })),
        ...filters,
      ]),
      '/api/stats/cohesion': get(
        'weekly signals of an armed group coming apart',
        queryParams(
          z.object({
            group: z.string().optional(),
            area: z.string().optional(),
            weeks: z.number().int().optional(),
            until: z.string().optional(),
          }),
        ),
      ),
      '/api/events': get('events matching the filters (EventDTO), by id', [...filters, ...paging]),
      '/api/events.geojson': get('the filtered events as GeoJSON points', filters),
      '/api/events/{id}': get('one event with its document and review history', [id]),
      '/api/events/{id}/review': {
        post: {
          summary: 'confirm, reject, edit or reset an event',
          security: bearer,
          parameters: [id],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(reviewBody, { io: 'input' }) } },
          },
          responses: ok('the event after review'),
        },
      },
      '/api/incidents': get('incidents with a report matching the filters', [
        ...filters,
        ...queryParams(z.object({ minSources: z.number().int().optional() })),
        ...paging,
      ]),
      '/api/incidents/{id}': get('one incident with its reports and their documents', [id]),
      '/api/documents': {
        ...get('stored documents', [
          ...queryParams(
            z.object({
              outlet: z.string().optional(),
              from: z.string().optional(),
              to: z.string().optional(),
              q: z.string().optional(),
            }),
          ),
          ...paging,
        ]),
        post: {
          summary: 'ingest an article (JSON or a multipart file)',
          security: bearer,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['text'],
                  properties: Object.fromEntries(
                    ['text', 'outlet', 'published', 'title', 'url', 'author'].map((k) => [
                      k,
                      { type: 'string' },
                    ]),
                  ),
                },
              },
              'multipart/form-data': {
                schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
              },
            },
          },
          responses: { 201: { description: 'stored' }, ...ok('already stored') },
        },
      },
      '/api/documents/{id}': get('a document with its text, mentions and events', [id]),
      '/api/persons': get('persons, most documented first', [
        ...queryParams(
          z.object({
            name: z.string().optional(),
            group: z.string().optional(),
            type: z.string().optional(),
          }),
        ),
        ...paging,
      ]),
      '/api/persons/{id}': get('a person with events and network', [id]),
      '/api/groups': get('groups with events by type'),
      '/api/groups/{id}': get('a group with persons and network', [{ ...id, schema: { type: 'string' } }]),
      '/api/places': get('geocoded places with event counts', filters),
      '/api/search': get('documents and events matching words', [
        ...queryParams(z.object({ q: z.string(), limit: z.number().int().optional() })),
        ...filters.filter((p) => p.name !== 'q'),
      ]),
      '/api/export': get('the filtered events as ACLED CSV, GeoJSON, JSON Lines or PLOVER', [
        ...queryParams(exportSchema),
        ...filters,
      ]),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: `an error; codes: ${Object.entries(API_ERRORS)
            .map(([code, e]) => `${code} (${e.status})`)
            .join(', ')}`,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: {
                      code: { enum: Object.keys(API_ERRORS) },
                      message: { type: 'string' },
                      details: {},
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
