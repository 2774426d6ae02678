/**
 * Query plans of the API's event filters on a generated PostgreSQL database: every common filter (type,
 * actor, place, person, date range, outlet, text) must read the events through an index, never by a
 * sequential scan of the events table. Size: MARSAD_EXPLAIN_EVENTS events (default 300,000).
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrations.js';
import type { Database } from '../../src/store/schema.js';
import { createStore, type EventFilter } from '../../src/store/store.js';
import { postgresBackend } from '../helpers/backends.js';

const EVENTS = Number(process.env['MARSAD_EXPLAIN_EVENTS'] ?? 300_000);
const backend = postgresBackend();
beforeAll(async () => {
  if (backend.available) await backend.start();
}, 60_000);
// Stopping a server under load can take more than the default 10 s.
afterAll(() => backend.stop(), 60_000);

/** Documents, events and event persons made by generate_series: ten years, skewed values. */
async function generate(db: Kysely<Database>, events: number) {
  const docs = Math.ceil(events / 3);
  await sql`INSERT INTO documents (content_hash, raw, text_norm, search_text, outlet, published, ingested_at)
    SELECT md5(g::text), 'نص ' || g, 'نص ' || g, 'نص تقرير ' || g, 'outlet ' || (g % 60),
      to_char(date '2014-01-01' + (g::bigint * 3650 / ${docs})::int, 'YYYY-MM-DD'), '2024-01-01'
    FROM generate_series(1, ${docs}) g`.execute(db);
  // Types, actors and places drawn with a skew (a few common, most rare), as in real reporting; a
  // place lies in a sub-district, district and governorate (admin3, admin2, admin1) of its own.
  await sql`INSERT INTO events (document_id, type, evidence_start, evidence_end, evidence_text, trigger_start,
      trigger_end, trigger_text, actor, target, place_name, admin1, admin2, admin3, place_id, date_start,
      date_end, when_start, when_end, when_long, certainty, charges_json, rules_json, lexicon_json, search_text)
    SELECT d, 'type' || (floor(40 * power(random(), 2)))::int, 0, 10, 'جملة', 0, 3, 'قتل',
      'group' || (floor(200 * power(random(), 2)))::int, 'group' || (g % 50),
      'place' || p, 'area' || (p / 150), 'district' || (p / 17), 'sub' || (p / 3), 'p' || p,
      day, last, day, last, CASE WHEN last > day THEN 1 ELSE 0 END,
      'reported', '[]', '[]', '[]', 'كلمه' || (g % 3000) || ' تقرير عاجل'
    FROM (SELECT g, d, p, to_char(first, 'YYYY-MM-DD') AS day,
            -- One event in 500 spans 600 days ("since 2015"): the long ranges of the date filter.
            to_char(first + CASE WHEN g % 500 = 0 THEN 600 ELSE 0 END, 'YYYY-MM-DD') AS last
          FROM (SELECT g, 1 + (g - 1) / 3 AS d, (floor(2000 * power(random(), 2)))::int AS p,
                  date '2014-01-01' + ((g::bigint - 1) / 3 * 3650 / ${docs})::int AS first
                FROM generate_series(1, ${events}) g) r) s`.execute(db);
  await sql`INSERT INTO event_persons (event_id, position, person_name, aliases_json)
    SELECT id, 0, 'شخص ' || (id % 20000), '[]' FROM events WHERE id % 3 = 0`.execute(db);
  await sql`ANALYZE`.execute(db);
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

const FILTERS: Record<string, EventFilter> = {
  type: { types: ['type31' as never] },
  actor: { actor: 'group150' },
  place: { placeName: 'place1500' },
  person: { person: 'شخص 777' },
  'date range': { from: '2019-03-01', to: '2019-03-31' },
  outlet: { outlet: 'outlet 7' },
  text: { text: 'كلمه1234' },
};

describe.skipIf(!backend.available)(
  `query plans on ${EVENTS.toLocaleString('en')} events (PostgreSQL)`,
  () => {
    it(
      'every common event filter uses an index, not a sequential scan of events',
      async () => {
        const url = await backend.fresh(1);
        const captured: CompiledQuery[] = [];
        const pool = new pg.Pool({ connectionString: url, max: 2 });
        const db = new Kysely<Database>({
          dialect: new PostgresDialect({ pool }),
          log: (e) => {
            if (e.level === 'query') captured.push(e.query);
          },
        });
        try {
          await migrateToLatest(db, 'postgres');
          const started = Date.now();
          await generate(db, EVENTS);
          console.log(`generated ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          const store = createStore(db, 'postgres');
          const scans: Record<string, string[]> = {};
          const times: Record<string, number> = {};
          for (const [name, filter] of Object.entries(FILTERS)) {
            for (const call of ['listEvents', 'countEvents'] as const) {
              captured.length = 0;
              const began = performance.now();
              const rows =
                call === 'listEvents'
                  ? (await store.listEvents(filter)).length
                  : await store.countEvents(filter);
              // Shown, not asserted: times belong to the benchmarks.
              const ms = performance.now() - began;
              expect(rows, `${name} ${call} finds rows`).toBeGreaterThan(0);
              const q = captured[0]!;
              const { rows: plan } = await sql<{
                'QUERY PLAN': Array<{ Plan: PlanNode }>;
              }>`EXPLAIN (FORMAT JSON) ${sql.raw(q.sql.replace(/\$(\d+)/g, (_m, i: string) => `$${i}`))}`
                .execute(db)
                .catch(async () => {
                  // Parameters are bound by the driver: run EXPLAIN through it.
                  const r = await pool.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, [...q.parameters]);
                  return { rows: r.rows as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> };
                });
              const all = nodes(plan[0]!['QUERY PLAN'][0]!.Plan);
              scans[`${name} ${call}`] = all
                .filter((n) => n['Relation Name'] === 'events' || n['Index Name']?.startsWith('event'))
                .map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
              times[`${name} ${call}`] = Math.round(ms);
            }
          }
          // The bounded date filter counts what the plain one does, long ranges included.
          for (const f of [
            FILTERS['date range']!,
            { from: '2016-02-01', to: '2016-02-03' },
            { from: '2023-06-01' },
          ]) {
            const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM events
              WHERE when_end >= ${f.from} AND when_start <= ${f.to ?? '9999'}`.execute(db);
            expect(await store.countEvents(f), JSON.stringify(f)).toBe(Number(rows[0]!.n));
          }
          console.log(JSON.stringify(scans, null, 1));
          console.log(`first call, ms: ${JSON.stringify(times)}`);
          console.log(`plans checked after ${((Date.now() - started) / 1000).toFixed(1)} s`);
          if (process.env['MARSAD_EXPLAIN_SHOW']) {
            captured.length = 0;
            await store.countEvents(FILTERS['place']!);
            const r = await pool.query(`EXPLAIN ${captured[0]!.sql}`, [...captured[0]!.parameters]);
            console.log(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
          }
          for (const [query, used] of Object.entries(scans)) {
            expect(used.length, query).toBeGreaterThan(0);
            expect(used, query).not.toContain('Seq Scan');
          }
        } finally {
          await db.destroy();
        }
      },
      Math.max(120_000, (EVENTS / 300_000) * 240_000),
    );
  },
);
