/**
 * CORS closed by default and opened only to listed origins; security headers (a content security
 * policy without inline scripts, nosniff, no framing, no referrer) on every kind of response: API
 * JSON, API errors, the OpenAPI document, the web app's HTML shell and its assets. Through
 * `app.request()` over a real SQLite store and a web root on disk.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve-command.js';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { createApp } from '../../src/server/app.js';
import type { AppOptions } from '../../src/server/context.js';
import { parseCorsOrigins } from '../../src/server/cors.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { builtinResources } from '../helpers/resources.js';
import { runCommand } from '../helpers/run-command.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };
const ALLOWED = 'https://dashboard.example';
const OTHER = 'https://evil.example';

describe('CORS and security headers', () => {
  let dir: string;
  let store: Store;
  let token: string;
  const options = (extra: Partial<AppOptions> = {}): AppOptions => ({
    store,
    resources,
    provenance,
    groupNames: loadGroupNames(),
    version: 'test',
    openReads: true,
    webRoot: join(dir, 'web'),
    ...extra,
  });
  const preflight = (app: ReturnType<typeof createApp>, origin: string, path = '/api/documents') =>
    app.request(path, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-cors-'));
    mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
    writeFileSync(
      join(dir, 'web', 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
    );
    writeFileSync(join(dir, 'web', 'assets', 'app.js'), 'console.log(1);');
    store = await openStore(join(dir, 'c.db'));
    token = (await store.addUser('analyst')).token;
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is closed by default: no Access-Control-Allow-Origin, preflights refused', async () => {
    const app = createApp(options());
    const read = await app.request('/api/stats', { headers: { origin: OTHER } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    for (const origin of [OTHER, ALLOWED, 'null']) {
      const res = await preflight(app, origin);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_FORBIDDEN_ORIGIN');
    }
    // Even on an exposed server, the refusal comes before authentication.
    const exposed = createApp(options({ openReads: false }));
    expect((await preflight(exposed, OTHER, '/api/events')).status).toBe(403);
    // A same-origin request of the web app (no preflight) is served as before.
    const write = await app.request('/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: '   ' }),
    });
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('E_BAD_TEXT');
  });

  it('answers the allowed origins only when an allowlist is given', async () => {
    const app = createApp(options({ corsOrigins: parseCorsOrigins(`${ALLOWED}, https://b.example:8443`) }));
    const ok = await preflight(app, ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    const read = await app.request('/api/stats', { headers: { origin: ALLOWED } });
    expect(read.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    // Errors carry it too, so the calling script can read the error code.
    const missing = await app.request('/api/events/999999', { headers: { origin: ALLOWED } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect((await preflight(app, 'https://b.example:8443')).status).toBe(204);
    // Any other origin: as closed.
    expect((await preflight(app, OTHER)).status).toBe(403);
    expect((await preflight(app, 'https://dashboard.example.evil.example')).status).toBe(403);
    expect((await preflight(app, 'http://dashboard.example')).status).toBe(403);
    const other = await app.request('/api/stats', { headers: { origin: OTHER } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A write from the allowed origin with a token goes through.
    const write = await app.request('/api/documents', {
      method: 'POST',
      headers: { origin: ALLOWED, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: '   ' }),
    });
    expect(write.status).toBe(422);
    expect(write.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('refuses malformed --cors-origin values', async () => {
    expect(parseCorsOrigins('')).toEqual([]);
    expect(parseCorsOrigins('https://a.example/')).toEqual(['https://a.example']);
    for (const bad of ['a.example', 'https://a.example/path', 'javascript:alert(1)', '*'])
      expect(() => parseCorsOrigins(bad), bad).toThrow(RangeError);
    const r = await runCommand(runServe, ['--db', join(dir, 'c.db'), '--cors-origin', '*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cors-origin');
  });

  it('sends a content security policy and the other security headers on every response', async () => {
    const app = createApp(options());
    const cases: Array<[string, RequestInit, number]> = [
      ['/api/health', {}, 200],
      ['/api/openapi.json', {}, 200],
      ['/api/stats', {}, 200],
      ['/api/events?from=nonsense', {}, 400],
      ['/api/nowhere', {}, 404],
      [
        '/api/documents',
        { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
        401,
      ],
      ['/', {}, 200],
      ['/index.html', {}, 200],
      ['/assets/app.js', {}, 200],
      ['/some/app/route', {}, 200],
      ['/%E0%A4%A', {}, 200],
      ['/../../etc/passwd', {}, 200],
    ];
    for (const [path, init, status] of cases) {
      const res = await app.request(path, init);
      expect([path, res.status]).toEqual([path, status]);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values] as const;
        }),
      );
      expect(directives.get('default-src'), path).toEqual(["'self'"]);
      expect(directives.get('script-src'), path).toEqual(["'self'"]);
      expect(directives.get('object-src'), path).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(directives.get('base-uri'), path).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
    }
    // The shell is the web app's HTML; a path outside the root is never read.
    const html = await (await app.request('/../../etc/passwd')).text();
    expect(html).toContain('<script type="module" src="/assets/app.js">');
  });
});
