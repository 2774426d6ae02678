/**
 * Tokens at rest and request bodies: the database file holds a token's sha256, never the token; every
 * write route refuses a request without a valid token; a body over the limit is 413
 * E_PAYLOAD_TOO_LARGE, whether it declares its length or streams it. Real SQLite, `app.request()`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { createApp } from '../../src/server/app.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

describe('tokens and bodies', () => {
  let dir: string;
  let store: Store;
  let token: string;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marsad-auth-'));
    store = await openStore(join(dir, 'a.db'));
    token = (await store.addUser('analyst')).token;
    app = createApp({
      store,
      resources,
      provenance,
      groupNames: loadGroupNames(),
      version: 'test',
      openReads: true,
      maxBody: 1024,
    });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only the sha256 of a token in the database', async () => {
    const rows = await sql<{ token_hash: string }>`SELECT token_hash FROM users`.execute(store.db);
    expect(rows.rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    await store.close();
    // Neither the database nor its journal holds the token itself.
    for (const file of readdirSync(dir).filter((f) => f.startsWith('a.db')))
      expect(readFileSync(join(dir, file)).includes(Buffer.from(token)), file).toBe(false);
    store = await openStore(join(dir, 'a.db'));
    app = createApp({
      store,
      resources,
      provenance,
      groupNames: loadGroupNames(),
      version: 'test',
      openReads: true,
      maxBody: 1024,
    });
    expect(await store.userByToken(token)).toMatchObject({ name: 'analyst' });
  });

  it('refuses every write route without a valid token', async () => {
    const doc = openApiDocument('test').paths as Record<string, Record<string, unknown>>;
    const writes = Object.entries(doc).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => m !== 'get')
        .map((m) => [m.toUpperCase(), path.replace('{id}', '1')] as const),
    );
    // Besides the documented ones, the alert routes.
    writes.push(['POST', '/api/alerts'], ['DELETE', '/api/alerts/1']);
    expect(writes.length).toBeGreaterThanOrEqual(4);
    for (const [method, path] of writes)
      for (const auth of [undefined, 'Bearer msd_wrong', 'Basic YTpi', `Bearer ${token}x`]) {
        const res = await app.request(path, {
          method,
          headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
          body: method === 'DELETE' ? null : '{}',
        });
        expect([method, path, auth, res.status]).toEqual([method, path, auth, 401]);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_UNAUTHORIZED');
      }
  });

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ text: 'ا'.repeat(2000) });
    const declared = await app.request('/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('E_PAYLOAD_TOO_LARGE');
    // Streamed without a length: counted as it arrives.
    const bytes = new TextEncoder().encode(big);
    const streamed = await app.request('/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(bytes);
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await store.stats()).documents).toBe(0);
  });
});
