/**
 * Alert rules end to end on a real database and a real local webhook receiver: "defections in the Abu
 * Kamal district" fires once for a matching article, not for others, is signed, survives a receiver
 * that is down for a while, and appears in the rule's Atom feed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRuleSchema, matchesRule } from '../../src/alerts/alert-rule.js';
import { deliverAlerts, retryDelayMs, type AlertPayload } from '../../src/alerts/fire-alerts.js';
import { verifySignature } from '../../src/alerts/sign-payload.js';
import { ruleFeed } from '../../src/cli/alert-command.js';
import { createExtractPool } from '../../src/ingest/extract-pool.js';
import { ingest } from '../../src/ingest/ingest.js';
import { currentProvenance } from '../../src/ingest/provenance.js';
import { addAlertRule, listAlertRules, listAlerts } from '../../src/store/alert-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { EventDTO } from '../../src/store/event-dto.js';
import type { IncidentDTO } from '../../src/store/incident-dto.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();

// Written for the test.
const MATCHING =
  'دير الزور 24\n\nانشق القيادي في تنظيم داعش أبو عمر الشامي عن التنظيم في بلدة السوسة بريف البوكمال أمس.';
const OTHER_PLACE = 'فرات بوست\n\nانشق عنصر من تنظيم داعش في مدينة الميادين أمس ووصل إلى مناطق سيطرة قسد.';
const OTHER_TYPE = 'عين الفرات\n\nاعتقل تنظيم داعش ثلاثة شبان في مدينة البوكمال أمس بتهمة التدخين.';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('alerts', () => {
  let dir = '';
  let store: Store;
  let server: Server | null = null;
  let port = 0;
  const received: Received[] = [];
  const listen = (p = 0) =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(204).end();
        });
      });
      server.listen(p, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-alerts-'));
    store = await openStore(join(dir, 'a.db'));
    await listen();
  });
  afterAll(async () => {
    await close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ingestText = async (name: string, text: string, delivery = {}) => {
    writeFileSync(join(dir, name), text);
    const pool = await createExtractPool({ workers: 0, resources });
    try {
      return await ingest([join(dir, name)], {
        store,
        pool,
        resources,
        provenance: currentProvenance(resources),
        overrides: { published: '2017-09-10' },
        alertDelivery: delivery,
      });
    } finally {
      await pool.close();
    }
  };

  it('fires once, signed, for a defection in the Abu Kamal district', async () => {
    const rule = alertRuleSchema.parse({
      name: 'انشقاقات في منطقة البوكمال',
      types: ['defection'],
      places: ['البوكمال'],
    });
    const row = await addAlertRule(store.db, {
      name: rule.name,
      ruleJson: JSON.stringify(rule),
      webhookUrl: `http://127.0.0.1:${port}/hook`,
      secret: 'test-secret',
    });
    expect((await ingestText('other-place.txt', OTHER_PLACE)).alerts).toBe(0);
    expect((await ingestText('other-type.txt', OTHER_TYPE)).alerts).toBe(0);
    expect((await ingestText('matching.txt', MATCHING)).alerts).toBe(1);
    // The same article again: nothing new, no second alert.
    expect((await ingestText('matching-again.txt', MATCHING)).alerts).toBe(0);
    expect(received).toHaveLength(1);
    const [hit] = received;
    const ts = Number(hit!.headers['x-marsad-timestamp']);
    expect(verifySignature('test-secret', ts, hit!.body, String(hit!.headers['x-marsad-signature']))).toBe(
      true,
    );
    expect(verifySignature('other-secret', ts, hit!.body, String(hit!.headers['x-marsad-signature']))).toBe(
      false,
    );
    const payload = JSON.parse(hit!.body) as AlertPayload;
    expect(payload).toMatchObject({ rule: { id: row.id }, incident: { type: 'defection' } });
    expect(payload.reports[0]!.evidence).toContain('السوسة');
    const feed = ruleFeed(row, await listAlerts(store.db, row.id), 'urn:test', 'http://x');
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain('http://x/#/incidents/');
  });

  it('keeps an alert while the receiver is down and delivers it when it is back', async () => {
    await close();
    const before = received.length;
    const second = 'شبكة شام\n\nأفادت مصادر بانشقاق عنصرين من داعش في بلدة هجين بريف البوكمال أمس.';
    const down = await ingestText('down.txt', second);
    expect(down.alerts).toBe(1);
    const [rule] = await listAlertRules(store.db);
    const [pending] = await listAlerts(store.db, rule!.id);
    expect(pending).toMatchObject({ delivered_at: null, attempts: 1 });
    expect(pending!.last_error).toBeTruthy();
    // Not due yet: nothing is sent.
    expect((await deliverAlerts(store)).delivered).toBe(0);
    await listen(port);
    const later = new Date(Date.now() + retryDelayMs(1) + 1000);
    const report = await deliverAlerts(store, { now: () => later });
    expect(report).toEqual({ delivered: 1, failed: [] });
    expect(received.length).toBe(before + 1);
    expect((await listAlerts(store.db, rule!.id))[0]!.delivered_at).not.toBeNull();
  });

  it('matches rules on every condition', () => {
    const incident = { type: 'assassination', corroboration: 2 } as IncidentDTO;
    const report = {
      actor: 'unknown',
      target: 'isis',
      persons: [{ name: 'أبو صالح الحمصي', aliases: ['عمار الحمصي'], title: null, role: 'victim' }],
      location: {
        name: 'الشحيل',
        nameAr: 'الشحيل',
        admin1: 'دير الزور',
        admin2: 'الميادين',
        admin3: 'البصيرة',
      },
      evidence: { text: 'اغتال مجهولون القيادي في داعش أبو صالح الحمصي بالرصاص في الشحيل.' },
    } as unknown as EventDTO;
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [{}, true],
      [{ types: ['assassination', 'execution'] }, true],
      [{ types: ['defection'] }, false],
      [{ actors: ['isis'] }, true],
      [{ actors: ['regime'] }, false],
      [{ places: ['دير الزور'] }, true],
      [{ places: ['البصيره'] }, true],
      [{ places: ['الرقة'] }, false],
      [{ persons: ['ابو صالح'] }, true],
      [{ persons: ['عمار الحمصي'] }, true],
      [{ persons: ['أبو عمر'] }, false],
      [{ keywords: ['الاغتيال الرصاص'] }, false],
      [{ keywords: ['رصاص'] }, true],
      [{ minSources: 2 }, true],
      [{ minSources: 3 }, false],
    ];
    for (const [conditions, expected] of cases)
      expect([
        conditions,
        matchesRule(alertRuleSchema.parse({ name: 'r', ...conditions }), incident, [report]),
      ]).toEqual([conditions, expected]);
  });
});
