/**
 * Hostile query values through every parameter of every GET route of the OpenAPI document (iterated,
 * so a new route or parameter is covered without touching this test), on SQLite and on a real
 * PostgreSQL: SQL injection, FTS5 and tsquery syntax, LIKE wildcards, odd Unicode and very long values.
 * Each answer is 200 or a 4xx error from the catalogue, never a 5xx, and no table changes its row count.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractItem } from '../../src/ingest/extract-item.js';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { API_ERRORS } from '../../src/server/api-error.js';
import { createApp } from '../../src/server/app.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

const ARTICLES = [
  'انشق القيادي في تنظيم داعش المدعو أبو دجانة الزرقاوي، أمس الجمعة، عن التنظيم في بلدة هجين بريف دير الزور الشرقي.',
  'أعدم تنظيم داعش، صباح أمس الخميس، ثلاثة من عناصره رمياً بالرصاص في مدينة البوكمال بتهمة التخابر مع التحالف.',
  'قتل خمسة مدنيين جراء غارات جوية نفذتها طائرات التحالف الدولي، يوم أمس، على بلدة الشعفة بريف دير الزور الشرقي.',
];

export const HOSTILE_VALUES = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE events; --',
  "'; DELETE FROM documents; --",
  "1; UPDATE users SET name='x'",
  "%' UNION SELECT name, sql, 1, 1 FROM sqlite_master --",
  "%' UNION SELECT table_name, null FROM information_schema.tables --",
  '%',
  '_',
  '\\',
  "\\'; SELECT pg_sleep(5); --",
  // FTS5 query syntax
  'NEAR(',
  'NEAR(داعش هجين, 2)',
  '"',
  '"داعش',
  '*',
  'داعش*',
  'AND OR NOT',
  'داعش AND (هجين OR',
  'column:text',
  '^داعش',
  '{events_fts}: x',
  // PostgreSQL tsquery syntax
  '!:*&|',
  'داعش & !هجين | (',
  "':* & ''",
  '<->',
  // Unicode: RTL marks, combining marks, emoji, astral planes, a lone surrogate, NUL
  '\u200f\u202eداعش\u202c',
  'ا\u0651\u064e\u0651\u064e',
  '👍🏽🇸🇾',
  '\u{10FFFF}',
  '\ud800',
  'a\u0000b',
  '\u0000',
  // very long values
  'د'.repeat(5_000),
  `${"' OR 1=1 -- ".repeat(400)}`,
  'NEAR( '.repeat(1_000),
  // numbers and ids out of range
  '-1',
  '0',
  '99999999999999999999999',
  '1e308',
  'NaN',
];

/** Sent as they are: bytes that are not UTF-8 once decoded (a lone surrogate, an overlong dot, 0xFF). */
const RAW_ENCODED = ['%FF', '%ED%A0%80', '%C0%AE%C0%AE', '%00', '%E0%A4%A', '%%', '%2'];

/** Percent-encodes every byte of the UTF-8 form (a lone surrogate becomes U+FFFD, as a browser sends it). */
const encode = (v: string) =>
  [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema?: { enum?: string[]; type?: string; anyOf?: Array<{ enum?: string[] }> };
}

/** A value that passes validation, for the required parameters besides the one under attack. */
function validValue(p: Parameter): string {
  const enumValues = p.schema?.enum ?? p.schema?.anyOf?.find((s) => s.enum)?.enum;
  if (enumValues?.length) return enumValues[0]!;
  if (p.schema?.type === 'integer' || p.schema?.type === 'number') return '1';
  return 'داعش';
}

type Route = { path: string; parameters: Parameter[] };

const getRoutes = (): Route[] =>
  Object.entries(openApiDocument('test').paths as Record<string, { get?: { parameters?: Parameter[] } }>)
    .filter(([, item]) => item.get)
    .map(([path, item]) => ({ path, parameters: item.get!.parameters ?? [] }));

const decodeURIComponentOr = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

async function rowCounts(store: Store): Promise<Record<string, number>> {
  const tables =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(store.db)
      : await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(store.db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    if (!/^[a-z_0-9]+$/i.test(name)) throw new Error(`unexpected table name ${name}`);
    const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(
      store.db,
    );
    counts[name] = Number(r.rows[0]!.n);
  }
  return counts;
}

describe('the route list', () => {
  it('covers the GET routes of the OpenAPI document and their parameters', () => {
    const routes = getRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/events', '/api/search', '/api/export', '/api/documents/{id}']),
    );
    const params = new Set(routes.flatMap((r) => r.parameters.map((p) => p.name)));
    for (const name of [
      'q',
      'place',
      'actor',
      'outlet',
      'person',
      'name',
      'group',
      'area',
      'cursor',
      'id',
      'by',
    ])
      expect(params, name).toContain(name);
  });
});

describe.each(testBackends())('hostile query values on $name', (backend) => {
  describe.skipIf(!backend.available)('requests', () => {
    let store: Store;
    let app: ReturnType<typeof createApp>;

    beforeAll(async () => {
      await backend.start();
      store = await openStore(await backend.fresh(7));
      const items = ARTICLES.map((text, i) => {
        const o = extractItem({ id: i, raw: text, published: '2018-03-10' }, resources);
        if (!o.ok) throw new Error(o.error);
        return { input: { raw: text, outlet: `outlet ${i}`, published: '2018-03-10' }, result: o.result };
      });
      await store.saveDocuments(items, provenance);
      await store.placeEventsInIncidents();
      await store.rebuildPersons(resources.nisbas);
      await store.addUser('analyst');
      app = createApp({
        store,
        resources,
        provenance,
        groupNames: loadGroupNames(),
        version: 'test',
        openReads: true,
        rateLimit: false,
      });
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await backend.stop();
    });

    it('answers 200 or a catalogued 4xx to every value in every parameter, and changes nothing', async () => {
      const before = await rowCounts(store);
      expect(before['events']).toBeGreaterThan(0);
      const failures: string[] = [];
      let requests = 0;
      for (const route of getRoutes()) {
        const targets = route.parameters.length
          ? route.parameters
          : [{ name: '__extra', in: 'query' } as Parameter]; // a route without parameters gets a stray one
        for (const target of targets) {
          for (const encoded of [...HOSTILE_VALUES.map(encode), ...RAW_ENCODED]) {
            const value = decodeURIComponentOr(encoded);
            let path = route.path;
            const query: string[] = [];
            for (const p of route.parameters) {
              const v = p === target ? encoded : p.required ? encode(validValue(p)) : undefined;
              if (v === undefined) continue;
              if (p.in === 'path') path = path.replace(`{${p.name}}`, v);
              else query.push(`${p.name}=${v}`);
            }
            if (target.name === '__extra') query.push(`x=${encoded}`);
            const url = `${path}?${query.join('&')}`;
            const res = await app.request(url);
            requests++;
            const body = await res.text();
            const ok =
              res.status === 200 ||
              (res.status >= 400 &&
                res.status < 500 &&
                (() => {
                  const code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
                  return (
                    code in API_ERRORS && API_ERRORS[code as keyof typeof API_ERRORS].status === res.status
                  );
                })());
            if (!ok)
              failures.push(
                `${route.path} ${target.name}=${JSON.stringify(value.slice(0, 40))}: ${res.status} ${body.slice(0, 200)}`,
              );
          }
        }
      }
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(1000);
      expect(await rowCounts(store)).toEqual(before);
      // Still answering with the data.
      expect(((await (await app.request('/api/events?limit=500')).json()) as { total: number }).total).toBe(
        before['events'],
      );
    }, 300_000);
  });
});
