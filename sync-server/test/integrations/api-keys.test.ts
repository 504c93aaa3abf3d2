import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RATE_LIMITS } from '../../src/integrations/api-keys.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { ownerHeaders, startIntegrationServer } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`API keys for third parties (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let owner: Record<string, string>;
    const createKey = async (scope: 'read' | 'read-write') => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/api-keys',
        headers: owner,
        payload: { name: `ERP ${scope}`, scope },
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ data: { id: string; key: string; prefix: string } }>().data;
    };
    const api = (key: string | null, method: 'GET' | 'POST' = 'GET', url = '/vehicles', payload?: object) =>
      server.app.inject({
        method,
        url: `/api/v1/integrations/api${url}`,
        headers: key ? { authorization: `Bearer ${key}` } : {},
        ...(payload ? { payload } : {}),
      });

    beforeAll(async () => {
      server = await startIntegrationServer(kind);
      tenant = await seedTenant(server);
      owner = await ownerHeaders(server, tenant);
    });
    afterAll(async () => server?.close());

    it('shows a new key once and stores only its hash', async () => {
      const created = await createKey('read');
      expect(created.key).toMatch(new RegExp(`^fck_${created.prefix}_`));
      const stored = await server.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [
        created.id,
      ]);
      expect(stored.rows[0]?.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
      const listed = await server.app.inject({ method: 'GET', url: '/api/v1/integrations/api-keys', headers: owner });
      expect(listed.body).not.toContain(created.key);
      expect(listed.json()).toMatchObject({
        data: {
          items: [expect.objectContaining({ id: created.id, prefix: created.prefix, scope: 'read', revokedAt: null })],
        },
      });
    });

    it('reads with a read key, refuses writes with it, and writes with a read-write key', async () => {
      const read = await createKey('read');
      const write = await createKey('read-write');
      expect((await api(read.key)).statusCode).toBe(200);
      const refused = await api(read.key, 'POST', '/sms', {
        siteId: tenant.siteId,
        to: '+919812345678',
        body: 'hello',
      });
      expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect(
        (await api(write.key, 'POST', '/sms', { siteId: tenant.siteId, to: '+919812345678', body: 'hello' }))
          .statusCode,
      ).toBe(201);
    });

    it('refuses a missing, unknown or revoked key with 401', async () => {
      const key = await createKey('read');
      expect((await api(null)).statusCode).toBe(401);
      // Another last character (a key that already ends in "x" would otherwise stay the same).
      const tampered = `${key.key.slice(0, -1)}${key.key.endsWith('x') ? 'y' : 'x'}`;
      expect((await api(tampered)).statusCode).toBe(401);
      const revoke = await server.app.inject({
        method: 'DELETE',
        url: `/api/v1/integrations/api-keys/${key.id}`,
        headers: owner,
      });
      expect(revoke.statusCode).toBe(200);
      expect((await api(key.key)).statusCode).toBe(401);
    });

    it('limits requests per key by tier with a clear 429 and Retry-After', async () => {
      const key = await createKey('read');
      const limit = API_RATE_LIMITS.starter;
      for (let index = 0; index < limit; index++) expect((await api(key.key)).statusCode).toBe(200);
      const limited = await api(key.key);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json()).toMatchObject({
        data: null,
        error: { code: 'rate-limited', message: expect.stringContaining(`rate limit of ${limit} requests per minute`) },
      });
      const other = await createKey('read');
      expect((await api(other.key)).statusCode).toBe(200);
    });
  });
}
