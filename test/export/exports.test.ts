/**
 * The interoperable exports (src/export): ACLED CSV read back with an RFC 4180 reader, GeoJSON checked
 * against RFC 7946, PLOVER records, JSON Lines, the mapping tables, `marsad export` in process and through
 * the built CLI, and /api/export. The store is a temporary SQLite database filled from articles written here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export-command.js';
import type { CommandIO } from '../../src/cli/extract-command.js';
import { runIngest } from '../../src/cli/ingest-command.js';
import { csvField } from '../../src/export/acled-csv.js';
import { ACLED_COLUMNS, ACLED_TAXONOMY, acledDate, interactionOf } from '../../src/export/acled-taxonomy.js';
import { titleGloss } from '../../src/export/english-summary.js';
import { exportEvents, pagedEvents, type ExportFormat } from '../../src/export/export-events.js';
import {
  acledActorOf,
  loadExportTables,
  parseExportTables,
  readExportFiles,
  type ExportTables,
} from '../../src/export/export-tables.js';
import { PLOVER_CATEGORIES } from '../../src/export/plover-taxonomy.js';
import { extractItem } from '../../src/ingest/extract-item.js';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { parseTsv } from '../../src/resources/tsv.js';
import { createApp } from '../../src/server/app.js';
import type { EventDTO } from '../../src/store/event-dto.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { EVENT_TYPES } from '../../src/types.js';
import { builtinResources } from '../helpers/resources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SAMPLES = join(ROOT, 'samples', 'articles');
const SEEDS = join(ROOT, '..', 'shared', 'corpus', 'seeds');

/** ACLED's export columns as its codebook lists them, written out here independently of the code. */
const ACLED_HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,' +
  'assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,' +
  'admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,' +
  'tags,timestamp';

// An outlet name with a comma, quotes and a line break: it must come back from the CSV unchanged.
const ODD_OUTLET = 'شبكة "الخابور", مكتب\nالحسكة';

// Articles written for the test: a defection, an execution of a group's own members, an air strike on
// civilians, an arrest (ASCII commas and quotes in the sentence), bodies found at a place without
// coordinates, a handover without fighting, and an execution with no place at all.
const ARTICLES = [
  {
    outlet: 'دير الزور 24',
    text: 'انشق القيادي في تنظيم داعش المدعو أبو دجانة الزرقاوي، أمس الجمعة، عن التنظيم في بلدة هجين بريف دير الزور الشرقي، وفرّ باتجاه مناطق قسد.',
  },
  {
    outlet: 'الرقة تذبح بصمت',
    text: 'أعدم تنظيم داعش، صباح أمس الخميس، ثلاثة من عناصره رمياً بالرصاص في مدينة البوكمال بتهمة التخابر مع التحالف.',
  },
  {
    outlet: 'المرصد السوري لحقوق الإنسان',
    text: 'قتل خمسة مدنيين جراء غارات جوية نفذتها طائرات التحالف الدولي، يوم أمس، على بلدة الشعفة بريف دير الزور الشرقي.',
  },
  {
    outlet: ODD_OUTLET,
    text: 'اعتقلت قوات النظام, صباح أمس الثلاثاء, ستة شبان من أبناء مدينة الميادين بتهمة "التواصل مع جهات خارجية" واقتادتهم إلى جهة مجهولة.',
  },
  {
    outlet: 'فرات بوست',
    text: 'عثر أهالي قرية الزعيبة على جثث ثلاثة رجال مجهولي الهوية، أمس الأحد، وعليها آثار طلقات نارية.',
  },
  {
    outlet: 'كلنا شركاء',
    text: 'سيطرت قوات سوريا الديمقراطية، أمس الأحد، على حقل العمر النفطي بعد انسحاب عناصر تنظيم داعش منه دون مقاومة.',
  },
  {
    outlet: 'عنب بلدي',
    text: 'أعدم تنظيم داعش شاباً بتهمة الردة، بحسب ما أفاد به ناشطون.',
  },
];

/** A strict RFC 4180 reader: CRLF between records, "" inside quoted fields, line breaks allowed in them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quotedField = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '' && !quotedField) {
      quotedField = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (c === '"') throw new Error(`quote inside an unquoted field at ${i}`);
    if (c === ',') {
      row.push(field);
      field = '';
      quotedField = false;
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      quotedField = false;
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}

/** The CSV as objects keyed by the header; every record must have as many fields as the header. */
function csvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('no header');
  for (const r of rows) expect(r).toHaveLength(header.length);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

/** The essential checks of RFC 7946 for a FeatureCollection of Points; returns the problems found. */
function geojsonProblems(doc: any): string[] {
  const problems: string[] = [];
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return ['not an object'];
  if (doc.type !== 'FeatureCollection') problems.push('type is not FeatureCollection');
  if ('crs' in doc) problems.push('crs is not allowed (RFC 7946 §4)');
  if (!Array.isArray(doc.features)) return [...problems, 'features is not an array'];
  doc.features.forEach((f: any, i: number) => {
    const at = `features[${i}]`;
    if (f === null || typeof f !== 'object') return problems.push(`${at} is not an object`);
    if (f.type !== 'Feature') problems.push(`${at}.type is not Feature`);
    if (!('geometry' in f)) problems.push(`${at} has no geometry member`);
    if (!('properties' in f)) problems.push(`${at} has no properties member`);
    if (f.properties !== null && (typeof f.properties !== 'object' || Array.isArray(f.properties)))
      problems.push(`${at}.properties is neither an object nor null`);
    if ('id' in f && typeof f.id !== 'string' && typeof f.id !== 'number')
      problems.push(`${at}.id is neither a string nor a number`);
    const g = f.geometry;
    if (g === null) return;
    if (typeof g !== 'object' || g.type !== 'Point') return problems.push(`${at}.geometry is not a Point`);
    const c = g.coordinates;
    if (!Array.isArray(c) || c.length < 2 || c.length > 3 || !c.every((n: unknown) => typeof n === 'number'))
      return problems.push(`${at} coordinates are not 2 or 3 numbers`);
    if (!c.every(Number.isFinite)) problems.push(`${at} coordinates are not finite`);
    if (c[0] < -180 || c[0] > 180) problems.push(`${at} longitude out of range`);
    if (c[1] < -90 || c[1] > 90) problems.push(`${at} latitude out of range`);
  });
  return problems;
}

async function collect(
  format: ExportFormat,
  store: Store,
  tables: ExportTables,
  options: Parameters<typeof exportEvents>[3] = {},
) {
  const chunks = exportEvents(format, pagedEvents(store, {}, 2), tables, options);
  let text = '';
  let r = await chunks.next();
  for (; !r.done; r = await chunks.next()) text += r.value;
  return { text, summary: r.value };
}

async function run(
  command: (argv: readonly string[], io: CommandIO) => Promise<number>,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(chunk.toString('utf8'));
        done();
      },
    });
  const code = await command(argv, { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('the mapping tables', () => {
  const files = readExportFiles();

  it.each([
    ['acled-mapping.tsv', files.acledMapping],
    ['plover-mapping.tsv', files.ploverMapping],
  ])('%s maps every event type, ending each with an unconditional row', (_name, tsv) => {
    const rows = parseTsv(tsv, 'mapping', ['marsad_type', 'condition']);
    for (const t of EVENT_TYPES) {
      const own = rows.filter((r) => r['marsad_type'] === t);
      expect(own.length, `no row for ${t}`).toBeGreaterThan(0);
      expect(own[own.length - 1]!['condition'], `last row of ${t}`).toBe('*');
    }
  });

  it('loads, and refuses a table that leaves a type out or names what ACLED or PLOVER do not have', () => {
    const tables = parseExportTables(files);
    for (const t of EVENT_TYPES) {
      expect(tables.acledMapping.get(t)?.length).toBeGreaterThan(0);
      expect(tables.ploverMapping.get(t)?.length).toBeGreaterThan(0);
    }
    const without = (tsv: string, type: string) =>
      tsv
        .split('\n')
        .filter((l) => !l.startsWith(`${type}\t`))
        .join('\n');
    expect(() =>
      parseExportTables({ ...files, acledMapping: without(files.acledMapping, 'self_harm') }),
    ).toThrow(/no mapping for the event type "self_harm"/);
    expect(() =>
      parseExportTables({ ...files, ploverMapping: without(files.ploverMapping, 'arrest') }),
    ).toThrow(/no mapping for the event type "arrest"/);
    expect(() =>
      parseExportTables({
        ...files,
        acledMapping: files.acledMapping.replace('\tAir/drone strike\t', '\tAir raid\t'),
      }),
    ).toThrow(/not an ACLED type/);
    expect(() =>
      parseExportTables({ ...files, ploverMapping: files.ploverMapping.replace('\tASSAULT\t', '\tFIGHT\t') }),
    ).toThrow(/not a PLOVER category/);
    expect(() =>
      parseExportTables({
        ...files,
        acledMapping: files.acledMapping.replace('\texplosive\t', '\texplosives\t'),
      }),
    ).toThrow(/unknown condition "explosives"/);
  });

  it('uses only ACLED types with their disorder type, and PLOVER categories with their modes', () => {
    const tables = parseExportTables(files);
    for (const rows of tables.acledMapping.values())
      for (const r of rows) expect(ACLED_TAXONOMY[r.eventType]?.[r.subEventType]).toBe(r.disorderType);
    expect(Object.keys(PLOVER_CATEGORIES)).toHaveLength(16);
    for (const rows of tables.ploverMapping.values())
      for (const r of rows) if (r.mode) expect(PLOVER_CATEGORIES[r.eventType]!.modes).toContain(r.mode);
  });

  it('names every group of groups.tsv as an ACLED actor, by period and country', () => {
    const tables = parseExportTables(files);
    for (const id of loadGroupNames().keys()) {
      expect(tables.acledActors.has(id), `acled-actors.tsv lacks ${id}`).toBe(true);
      expect(tables.ploverActors.has(id), `plover-actors.tsv lacks ${id}`).toBe(true);
    }
    expect(acledActorOf(tables, 'regime', '2017-06-01', 'SY')).toEqual({
      name: 'Military Forces of Syria (2000-2024)',
      inter: 1,
    });
    expect(acledActorOf(tables, 'regime', '2025-01-10', 'SY').name).toBe('Military Forces of Syria (2024-)');
    expect(acledActorOf(tables, 'isis', '2017-06-01', 'IQ').name).toBe('Islamic State (Iraq)');
    // State forces abroad are external forces.
    expect(acledActorOf(tables, 'iraqi_forces', '2017-06-01', 'SY')).toEqual({
      name: 'Military Forces of Iraq (2014-2018)',
      inter: 8,
    });
    expect(acledActorOf(tables, 'russia', null, 'SY').inter).toBe(8);
  });

  it('dates, interactions, title glosses and CSV fields follow ACLED and RFC 4180', () => {
    const tables = parseExportTables(files);
    const when = (start: string, end: string, own = true) => ({
      date: own ? { start } : null,
      when: { start, end },
    });
    expect(acledDate(when('2017-06-07', '2017-06-07'))).toMatchObject({ date: '2017-06-07', precision: 1 });
    expect(acledDate(when('2017-06-12', '2017-06-18'))).toMatchObject({ date: '2017-06-15', precision: 2 });
    expect(acledDate(when('2017-07-01', '2017-07-31'))).toMatchObject({ date: '2017-07-16', precision: 3 });
    expect(acledDate(when('2017-06-07', '2017-06-07', false))).toMatchObject({ precision: 2 });
    expect(interactionOf(2, 7)).toEqual({ code: '27', label: 'Rebel group-Civilians' });
    expect(interactionOf(3, 2)).toEqual({ code: '23', label: 'Rebel group-Political militia' });
    expect(interactionOf(8, 7)).toEqual({ code: '78', label: 'External/Other forces-Civilians' });
    expect(interactionOf(1, null)).toEqual({ code: '10', label: 'State forces only' });
    expect(titleGloss('أمير الحسبة', tables)).toBe('Hisba emir');
    expect(titleGloss('قائد المجموعة', tables)).toBe('commander');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-40.5)).toBe('-40.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
  });
});

describe('exports of a store', () => {
  let dir = '';
  let store: Store;
  let tables: ExportTables;
  let events: EventDTO[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-export-'));
    const resources = builtinResources();
    store = await openStore(join(dir, 'store.db'));
    const items = ARTICLES.map((a, i) => {
      const o = extractItem({ id: i, raw: a.text, published: '2018-03-10' }, resources);
      if (!o.ok) throw new Error(o.error);
      return { input: { raw: a.text, outlet: a.outlet, published: '2018-03-10' }, result: o.result };
    });
    await store.saveDocuments(items, { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' });
    await store.placeEventsInIncidents();
    tables = loadExportTables({ gazetteer: resources.gazetteer });
    const { text } = await collect('jsonl', store, tables);
    events = lines(text).map((l) => JSON.parse(l) as EventDTO);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON Lines of every event as EventDTO', async () => {
    const stored = await store.listEvents({ limit: 1000 });
    expect(events.map((e) => e.id)).toEqual(stored.map((r) => r.id));
    expect(events.length).toBeGreaterThanOrEqual(ARTICLES.length);
    for (const e of events) {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['id', 'type', 'evidence', 'when', 'location', 'persons', 'outlet', 'review']),
      );
      expect(EVENT_TYPES).toContain(e.type);
    }
  });

  it('writes ACLED CSV that a CSV reader reads back: ACLED columns, one row per event', async () => {
    const { text, summary } = await collect('acled', store, tables);
    expect(text.split('\r\n', 1)[0]).toBe(ACLED_HEADER);
    const { header, records } = csvRecords(text);
    expect(header).toEqual([...ACLED_COLUMNS]);
    expect(records).toHaveLength(events.length);
    expect(summary.written).toBe(events.length);
    expect(new Set(records.map((r) => r['event_id_cnty'])).size).toBe(records.length);

    records.forEach((r, i) => {
      const e = events[i]!;
      expect(r['event_id_cnty']).toMatch(/^[A-Z]{3}M\d+$/);
      expect(ACLED_TAXONOMY[r['event_type']!]?.[r['sub_event_type']!]).toBe(r['disorder_type']);
      expect(r['event_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['1', '2', '3']).toContain(r['time_precision']);
      expect(r['notes']).toContain(` | ${e.evidence.text}`);
      expect(r['fatalities']).toMatch(/^\d+$/);
      expect(r['timestamp']).toMatch(/^\d+$/);
      expect(r['tags']).toContain(`marsad type: ${e.type}`);
    });

    // The outlet with a comma, quotes and a line break comes back unchanged.
    const arrest = records.find((r) => r['tags']!.includes('marsad type: arrest'))!;
    expect(arrest['source']).toBe(ODD_OUTLET);
    expect(arrest['notes']).toContain('"التواصل مع جهات خارجية"');
    expect(arrest).toMatchObject({
      event_type: 'Strategic developments',
      sub_event_type: 'Arrests',
      actor1: 'Military Forces of Syria (2000-2024)',
      inter1: 'State forces',
      actor2: 'Civilians (Syria)',
      interaction: 'State forces-Civilians',
      country: 'Syria',
      iso: '760',
      region: 'Middle East',
    });

    const executions = records.filter((r) => r['tags']!.includes('marsad type: execution'));
    expect(executions.length).toBeGreaterThan(0);
    // Executed members of a group are civilians at the time, their group associated with them.
    expect(executions[0]).toMatchObject({
      event_type: 'Violence against civilians',
      sub_event_type: 'Attack',
      actor1: 'Islamic State (Syria)',
      actor2: 'Civilians (Syria)',
      assoc_actor_2: 'Islamic State (Syria)',
      civilian_targeting: 'Civilians targeted',
      fatalities: '3',
      source: 'Raqqa is Being Slaughtered Silently',
      source_scale: 'Subnational',
    });
    const strike = records.find((r) => r['tags']!.includes('marsad type: airstrike'))!;
    expect(strike).toMatchObject({
      sub_event_type: 'Air/drone strike',
      actor1: 'Global Coalition Against Daesh',
      inter1: 'External/Other forces',
      interaction: 'External/Other forces-Civilians',
      civilian_targeting: 'Civilians targeted',
      fatalities: '5',
      admin1: 'Deir ez-Zor',
    });
    expect(strike['notes']).toMatch(
      /^On 9 March 2018, the US-led coalition carried out air strikes on civilians/,
    );
    const defection = records.find((r) => r['tags']!.includes('marsad type: defection'))!;
    expect(defection).toMatchObject({
      event_type: 'Strategic developments',
      sub_event_type: 'Change to group/activity',
      location: 'Hajin',
      geo_precision: '1',
    });
    expect(defection['notes']).toContain('Abu Dujana al-Zarqawi');
    const handover = records.find((r) => r['tags']!.includes('marsad type: territory_change'))!;
    expect(handover['sub_event_type']).toBe('Non-violent transfer of territory');
    const bodies = records.find((r) => r['tags']!.includes('marsad type: bodies_found'))!;
    expect(bodies).toMatchObject({ event_type: 'Violence against civilians', latitude: '', longitude: '' });
  });

  it('writes a byte order mark and numeric actor types when asked', async () => {
    const { text } = await collect('acled', store, tables, { bom: true, interCodes: 'numeric' });
    expect(text.startsWith(`\uFEFF${ACLED_HEADER}\r\n`)).toBe(true);
    const { records } = csvRecords(text.slice(1));
    const arrest = records.find((r) => r['tags']!.includes('marsad type: arrest'))!;
    expect(arrest).toMatchObject({ inter1: '1', inter2: '7', interaction: '17' });
  });

  it('writes GeoJSON that meets RFC 7946, leaving out and counting events without coordinates', async () => {
    const { text, summary } = await collect('geojson', store, tables);
    const doc = JSON.parse(text);
    expect(geojsonProblems(doc)).toEqual([]);
    const located = events.filter((e) => e.location?.lat != null && e.location?.lon != null);
    expect(located.length).toBeLessThan(events.length);
    expect(doc.features).toHaveLength(located.length);
    expect(doc.withoutCoordinates).toBe(events.length - located.length);
    expect(summary).toEqual({ written: located.length, withoutCoordinates: events.length - located.length });
    for (const f of doc.features) {
      const e = located.find((x) => x.id === f.id)!;
      expect(f.geometry.coordinates).toEqual([e.location!.lon, e.location!.lat]);
      expect(f.properties).toMatchObject({ id: e.id, type: e.type, evidence_text: e.evidence.text });
      for (const v of Object.values(f.properties)) expect(v === null || typeof v !== 'object').toBe(true);
    }
  });

  it('writes PLOVER records with the fields PLOVER requires', async () => {
    const { text } = await collect('plover', store, tables);
    const records = lines(text).map((l) => JSON.parse(l));
    expect(records).toHaveLength(events.length);
    records.forEach((p, i) => {
      const e = events[i]!;
      expect(p.id).toBe(`marsad-${e.id}`);
      expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Object.keys(PLOVER_CATEGORIES)).toContain(p.event_type);
      expect(p.quad_code).toBe(PLOVER_CATEGORIES[p.event_type]!.quad);
      expect(p.mode === null || PLOVER_CATEGORIES[p.event_type]!.modes.includes(p.mode)).toBe(true);
      expect(Array.isArray(p.actor) && Array.isArray(p.recipient)).toBe(true);
      expect(p.actor.length).toBeGreaterThan(0);
      for (const a of [...p.actor, ...p.recipient]) expect(a).toHaveProperty('identifier_text');
      expect(p.injured).toBeNull();
      expect(p.dead).toBe(e.fatalities ? e.fatalities.min : null);
      expect(p.size).toBe(e.count ? e.count.min : null);
      expect(p.text).toBe(e.evidence.text);
      if (e.location) expect(p.location).toMatchObject({ name: e.location.name, lat: e.location.lat });
    });
    const arrest = records.find((p) => p.marsad.type === 'arrest');
    expect(arrest).toMatchObject({ event_type: 'COERCE', mode: 'arrest', quad_code: 4 });
    expect(arrest.actor[0]).toMatchObject({ code: 'SYR', sector: 'MIL', actor_text: 'regime' });
    const defection = records.find((p) => p.marsad.type === 'defection');
    expect(defection).toMatchObject({ event_type: 'SANCTION', mode: 'withdraw' });
    expect(defection.recipient[0]).toMatchObject({ code: 'IMG', actor_text: 'isis' });
  });

  it('answers /api/export in every format, csv as an alias of acled', async () => {
    const resources = builtinResources();
    const app = createApp({
      store,
      resources,
      provenance: { resourcesVersion: resources.version, marsadVersion: 'test' },
      groupNames: loadGroupNames(),
      version: 'test',
      openReads: true,
    });
    const get = async (q: string) => {
      const res = await app.request(`/api/export?${q}`);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    const csv = await get('format=csv&type=execution');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const acled = await get('format=acled&type=execution&bom=false');
    expect(acled.text.startsWith(ACLED_HEADER)).toBe(true);
    expect(csvRecords(acled.text).records).toHaveLength(events.filter((e) => e.type === 'execution').length);
    const geo = await get('format=geojson');
    expect(geo.type).toMatch(/^application\/geo\+json/);
    expect(geojsonProblems(JSON.parse(geo.text))).toEqual([]);
    expect(lines((await get('format=plover')).text)).toHaveLength(events.length);
    expect(lines((await get('format=jsonl')).text)).toHaveLength(events.length);
    expect((await get('format=kml')).status).toBe(400);
  });
});

describe.skipIf(!existsSync(SEEDS))('the seed articles exported as ACLED CSV', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-export-seeds-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parse with ACLED columns, one row per event', async () => {
    const db = join(dir, 'seeds.db');
    const ingest = await run(runIngest, ['--db', db, '--workers', '0', '-q', SEEDS]);
    expect(ingest.code).toBe(0);
    const jsonl = await run(runExport, ['--db', db, '--format', 'jsonl', '--review', 'any']);
    const count = lines(jsonl.stdout).length;
    expect(count).toBeGreaterThan(0);
    const out = join(dir, 'seeds.csv');
    const r = await run(runExport, ['--db', db, '--format', 'acled', '--review', 'any', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`exported ${count} events as acled to ${out}\n`);
    const { header, records } = csvRecords(readFileSync(out, 'utf8'));
    expect(header.join(',')).toBe(ACLED_HEADER);
    expect(records).toHaveLength(count);
  }, 120_000);
});

describe.skipIf(!existsSync(CLI))('marsad export through the built CLI', () => {
  let dir = '';
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, cwd: dir });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-export-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports the sample corpus as ACLED CSV, GeoJSON and PLOVER', () => {
    const db = join(dir, 'samples.db');
    const ingest = cli(['ingest', '--db', db, '-q', SAMPLES]);
    expect(ingest.stderr).toBe('');
    expect(ingest.status).toBe(0);
    const count = lines(cli(['events', '--db', db, '--json', '--limit', '100000']).stdout).length;
    expect(count).toBeGreaterThan(100);

    const acled = cli(['export', '--format', 'acled', '--db', db]);
    expect(acled.status).toBe(0);
    expect(acled.stderr).toBe(`exported ${count} events as acled\n`);
    const { header, records } = csvRecords(acled.stdout);
    expect(header.join(',')).toBe(ACLED_HEADER);
    expect(records).toHaveLength(count);
    for (const r of records) expect(ACLED_TAXONOMY[r['event_type']!]?.[r['sub_event_type']!]).toBeDefined();

    const out = join(dir, 'samples.geojson');
    const geo = cli([
      'export',
      '--format',
      'geojson',
      '--db',
      db,
      '--out',
      out,
      '--type',
      'airstrike,shelling',
    ]);
    expect(geo.status).toBe(0);
    expect(geo.stderr).toMatch(/^exported \d+ events as geojson to .*samples\.geojson/);
    expect(geojsonProblems(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);

    const plover = cli(['export', '--format', 'plover', '--db', db, '--type', 'execution']);
    for (const l of lines(plover.stdout))
      expect(JSON.parse(l)).toMatchObject({ event_type: 'ASSAULT', mode: 'execute' });

    const bad = cli(['export', '--format', 'kml', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/E_USAGE: unknown format 'kml'/);
    const missing = cli(['export', '--format', 'acled', '--db', join(dir, 'none.db')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/E_NO_DATABASE/);
  }, 180_000);

  it('never leaves a partial file in place of the one asked for', () => {
    writeFileSync(join(dir, 'keep.csv'), 'old');
    const r = cli([
      'export',
      '--format',
      'acled',
      '--db',
      join(dir, 'none.db'),
      '--out',
      join(dir, 'keep.csv'),
    ]);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('old');
  });
});
