import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER } from '@forecourt/shared';
import {
  capturingLogger,
  enrolTestDevice,
  PROTOCOL,
  seedTenant,
  startTestServer,
  type EnrolledTestDevice,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

const INTERNAL_DETAIL = 'relation "secret_internal_table" does not exist';

for (const kind of databaseKinds()) {
  describe(`protocol header, envelope and error handling (${kind.name})`, () => {
    let server: TestServer;
    let device: EnrolledTestDevice;
    const captured = capturingLogger();

    beforeAll(async () => {
      server = await startTestServer(kind, {
        logger: captured.logger,
        // A pull that fails the way a bug would: the client must not learn what went wrong.
        wrapEngine: (engine) => ({ ...engine, pull: async () => Promise.reject(new Error(INTERNAL_DETAIL)) }),
      });
      const tenant = await seedTenant(server);
      device = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());

    it.each(['/api/v1/auth/login', '/api/v1/devices/enrol', '/api/v1/sync/pull'])(
      'answers 426 without the protocol header on %s',
      async (url) => {
        const missing = await server.app.inject({ method: 'POST', url, payload: {} });
        expect(missing.statusCode).toBe(426);
        expect(missing.json()).toEqual({
          data: null,
          error: { code: 'protocol-mismatch', message: expect.stringContaining('protocol 1') },
        });
        expect(missing.headers[PROTOCOL_HEADER]).toBe('1');
        const wrong = await server.app.inject({
          method: 'POST',
          url,
          headers: { [PROTOCOL_HEADER]: '2' },
          payload: {},
        });
        expect(wrong.statusCode).toBe(426);
      },
    );

    it('does not require the header for health, and names the protocol there', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(response.statusCode).toBe(200);
      expect(response.headers[PROTOCOL_HEADER]).toBe('1');
      expect(response.json()).toEqual({
        data: { status: 'ok', database: kind.name, version: expect.any(String), protocol: 1 },
        error: null,
      });
    });

    it('answers validation failures with 400 invalid in the envelope', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        headers: PROTOCOL,
        payload: { code: 'ABCDEFGH' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ data: null, error: { code: 'invalid', message: expect.any(String) } });
      const extra = await server.app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        headers: PROTOCOL,
        payload: { code: 'ABCDEFGH', name: 'PC', admin: true },
      });
      expect(extra.statusCode).toBe(400);
      const notJson = await server.app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        headers: { ...PROTOCOL, 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error.code).toBe('invalid');
    });

    it('answers unknown routes with 404 in the envelope', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here?secret=1' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        data: null,
        error: { code: 'not-found', message: 'no route GET /api/v1/nothing-here' },
      });
    });

    it('answers a bug with a generic 500 and logs it with its stack', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/sync/pull',
        headers: { ...PROTOCOL, authorization: device.authorization },
        payload: { clientId: 'client-1', cursor: 0 },
      });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ data: null, error: { code: 'internal', message: expect.any(String) } });
      expect(response.body).not.toContain('secret_internal_table');
      const logged = captured.lines.map((line) => JSON.parse(line) as { level: number; err?: { stack?: string } }); // pino lines are JSON
      const error = logged.find((entry) => entry.level === 50 && entry.err?.stack?.includes('secret_internal_table'));
      expect(error).toBeDefined();
    });
  });
}
