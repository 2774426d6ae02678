/**
 * Rate limits of the API through `app.request()` over a real SQLite store: per token and per client
 * address, separate read and write budgets, 429 E_RATE_LIMITED with Retry-After, refill over time,
 * limits off, buckets per app instance and bounded, and the `--rate-limit` option's parsing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { createApp } from '../../src/server/app.js';
import type { AppOptions } from '../../src/server/context.js';
import { createRateLimiter, DEFAULT_RATE_LIMITS, parseRateLimit } from '../../src/server/rate-limit.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { builtinResources } from '../helpers/resources.js';
import { runServe } from '../../src/cli/serve-command.js';
import { runCommand } from '../helpers/run-command.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

/** The env @hono/node-server gives a request: the socket with the peer's address. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe('rate limits', () => {
  let dir: string;
  let store: Store;
  let tokenA: string;
  let tokenB: string;
  const options = (extra: Partial<AppOptions>): AppOptions => ({
    store,
    resources,
    provenance,
    groupNames: loadGroupNames(),
    version: 'test',
    openReads: true,
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-rate-'));
    store = await openStore(join(dir, 'r.db'));
    tokenA = (await store.addUser('a')).token;
    tokenB = (await store.addUser('b')).token;
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('limits reads per address with 429, Retry-After and E_RATE_LIMITED', async () => {
    // 60 reads a minute, a burst of 15: the 16th read at once is refused.
    const app = createApp(options({ rateLimit: { readsPerMinute: 60, writesPerMinute: 4 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push((await app.request('/api/stats', {}, from('198.51.100.7'))).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    const refused = await app.request('/api/stats', {}, from('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    const body = (await refused.json()) as { error: { code: string; details: { retryAfter: number } } };
    expect(body.error.code).toBe('E_RATE_LIMITED');
    expect(body.error.details.retryAfter).toBe(1);
    // Security headers on the refusal too.
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Another address has its own budget; health checks are never limited.
    expect((await app.request('/api/stats', {}, from('198.51.100.8'))).status).toBe(200);
    expect((await app.request('/api/health', {}, from('198.51.100.7'))).status).toBe(200);
  });

  it('refills the bucket over time', async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ readsPerMinute: 60, writesPerMinute: 6 }, () => now);
    // The limiter alone, in front of a trivial route, with a clock the test moves.
    const { Hono } = await import('hono');
    const bare = new Hono();
    bare.use('*', async (c, next) => {
      (c as unknown as { set(k: string, v: unknown): void }).set('user', undefined);
      await next();
    });
    bare.use('*', limiter.middleware as never);
    bare.get('/x', (c) => c.text('ok'));
    bare.onError((err, c) => c.text((err as Error & { code?: string }).code ?? 'error', 429));
    const hit = async () => (await bare.request('/x', {}, from('203.0.113.1'))).status;
    for (let i = 0; i < 15; i++) expect(await hit()).toBe(200);
    expect(await hit()).toBe(429);
    now += 999; // not yet a whole token (one a second)
    expect(await hit()).toBe(429);
    now += 2;
    expect(await hit()).toBe(200);
    expect(await hit()).toBe(429);
    now += 60_000; // a full minute refills to the burst size, not beyond
    for (let i = 0; i < 15; i++) expect(await hit()).toBe(200);
    expect(await hit()).toBe(429);
  });

  it('gives each token its own budget, separate for reads and writes', async () => {
    // Bursts: 4 reads, 2 writes.
    const app = createApp(options({ rateLimit: { readsPerMinute: 16, writesPerMinute: 8 } }));
    const write = (token: string) =>
      app.request(
        '/api/events/999999/review',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'confirm' }),
        },
        from('192.0.2.1'),
      );
    const read = (token?: string) =>
      app.request(
        '/api/events?limit=1',
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
        from('192.0.2.1'),
      );
    // Writes of A: 2 pass the limiter (404: no such event), the 3rd is refused.
    expect([
      (await write(tokenA)).status,
      (await write(tokenA)).status,
      (await write(tokenA)).status,
    ]).toEqual([404, 404, 429]);
    // A's reads are a separate budget; B's writes too; the address's anonymous reads too.
    for (let i = 0; i < 4; i++) expect((await read(tokenA)).status).toBe(200);
    expect((await read(tokenA)).status).toBe(429);
    expect((await write(tokenB)).status).toBe(404);
    for (let i = 0; i < 4; i++) expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(429);
  });

  it('charges requests with a wrong token to the address', async () => {
    const app = createApp(options({ rateLimit: { readsPerMinute: 8, writesPerMinute: 8 } }));
    const bad = () =>
      app.request('/api/events', { headers: { authorization: 'Bearer msd_guess' } }, from('192.0.2.9'));
    expect([(await bad()).status, (await bad()).status, (await bad()).status]).toEqual([401, 401, 429]);
    // The same address without a token shares the spent budget.
    expect((await app.request('/api/events', {}, from('192.0.2.9'))).status).toBe(429);
  });

  it('keeps buckets per app instance, and none with limits off', async () => {
    const limits = { readsPerMinute: 4, writesPerMinute: 4 };
    const one = createApp(options({ rateLimit: limits }));
    const two = createApp(options({ rateLimit: limits }));
    const off = createApp(options({ rateLimit: false }));
    expect((await one.request('/api/stats', {}, from('192.0.2.50'))).status).toBe(200);
    expect((await one.request('/api/stats', {}, from('192.0.2.50'))).status).toBe(429);
    expect((await two.request('/api/stats', {}, from('192.0.2.50'))).status).toBe(200);
    for (let i = 0; i < 200; i++)
      expect((await off.request('/api/stats', {}, from('192.0.2.50'))).status).toBe(200);
  });

  it('forgets clients beyond the bound', async () => {
    const limiter = createRateLimiter({ readsPerMinute: 60, writesPerMinute: 6, maxClients: 100 });
    const { Hono } = await import('hono');
    const bare = new Hono();
    bare.use('*', limiter.middleware as never);
    bare.get('/x', (c) => c.text('ok'));
    for (let i = 0; i < 1000; i++) await bare.request('/x', {}, from(`10.0.${i >> 8}.${i & 255}`));
    expect(limiter.size()).toBeLessThanOrEqual(100);
  });

  it('parses --rate-limit and refuses nonsense at the command line', async () => {
    expect(parseRateLimit('600,60')).toEqual({ readsPerMinute: 600, writesPerMinute: 60 });
    expect(parseRateLimit(' off ')).toBeUndefined();
    for (const bad of ['600', '0,5', '5,0', 'a,b', '-1,5', '1.5,2'])
      expect(() => parseRateLimit(bad)).toThrow();
    expect(DEFAULT_RATE_LIMITS).toEqual({ readsPerMinute: 1200, writesPerMinute: 120 });
    const r = await runCommand(runServe, ['--db', join(dir, 'r.db'), '--rate-limit', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rate-limit');
  });
});
