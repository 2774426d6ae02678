/**
 * `marsad source`, `marsad alert` and `marsad watch --once` through the built CLI, against a local
 * HTTP server with a feed and an article (written for the test) and a local webhook receiver.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ARTICLE =
  'انشق القيادي في تنظيم داعش المدعو أبو عمر الشامي عن التنظيم في بلدة السوسة بريف البوكمال صباح أمس، ووصل مع اثنين من مرافقيه إلى مناطق سيطرة قوات سوريا الديمقراطية بعد أن دفع مبلغاً مالياً لأحد المهربين، بحسب ما أفاد مراسلنا في المنطقة.';

let dir = '';
let server: Server;
let base = '';
const webhook: string[] = [];

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous: the local servers of this process must keep answering while the CLI runs.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-watch-cli-'));
  server = createServer((req, res) => {
    if (req.url === '/feed.xml')
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"1"' })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>انشقاق في السوسة</title><link>${base}/a/1</link><pubDate>Mon, 11 Sep 2017 08:00:00 +0300</pubDate></item></channel></rss>`,
        );
    else if (req.url === '/a/1')
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<html><head><title>انشقاق</title></head><body><article><p>${ARTICLE}</p></article></body></html>`,
        );
    else if (req.url === '/hook') {
      let body = '';
      req
        .on('data', (d) => (body += d))
        .on('end', () => {
          webhook.push(body);
          res.writeHead(200).end('ok');
        });
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('marsad watch --once', () => {
  it('stores the new article once and delivers the matching alert', async () => {
    const db = join(dir, 'w.db');
    const sources = join(dir, 'sources.json');
    expect(
      (await cli(['source', 'add', `${base}/feed.xml`, '--outlet', 'منفذ الاختبار', '--sources', sources]))
        .code,
    ).toBe(0);
    const rule = await cli([
      'alert',
      'add',
      '--db',
      db,
      '--name',
      'انشقاقات البوكمال',
      '--type',
      'defection',
      '--place',
      'البوكمال',
      '--webhook',
      `${base}/hook`,
      '--json',
    ]);
    expect(rule.code).toBe(0);
    const { id } = JSON.parse(rule.stdout) as { id: number };

    const first = await cli(['watch', '--once', '--db', db, '--sources', sources, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as {
      ingest: { stored: number; alerts: number };
      alertsDelivered: number;
    };
    expect(report.ingest).toMatchObject({ stored: 1, alerts: 1 });
    expect(webhook).toHaveLength(1);
    expect(JSON.parse(webhook[0]!)).toMatchObject({ rule: { id }, incident: { type: 'defection' } });

    const second = await cli(['watch', '--once', '--db', db, '--sources', sources, '--json']);
    expect(JSON.parse(second.stdout).ingest).toMatchObject({ stored: 0, alerts: 0 });
    expect(webhook).toHaveLength(1);

    const feed = await cli(['alert', 'feed', String(id), '--db', db]);
    expect(feed.stdout).toContain('<entry>');
    expect((await cli(['events', '--db', db, '--json'])).stdout).toContain('السوسة');
  });

  it('exits 1 and names the source when one fails', async () => {
    const sources = join(dir, 'bad.json');
    await cli(['source', 'add', `${base}/missing.xml`, '--outlet', 'x', '--sources', sources]);
    const r = await cli(['watch', '--once', '--db', join(dir, 'bad.db'), '--sources', sources]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/marsad: watch: 127-0-0-1|missing\.xml/);
    expect(r.stderr).toMatch(/1 failed/);
  });
});
