import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../src/admin/index.ts';
import { capturingLogger, PASSWORD, PROTOCOL, seedTenant, startTestServer, type TestServer } from './support/app.ts';
import { databaseKinds } from './support/databases.ts';

for (const kind of databaseKinds()) {
  describe(`logs carry no secrets (${kind.name})`, () => {
    let server: TestServer;
    const captured = capturingLogger();

    beforeAll(async () => {
      server = await startTestServer(kind, { logger: captured.logger });
    });
    afterAll(async () => server?.close());

    it('logs a sign-in, refresh, enrolment and live connection without passwords, tokens or codes', async () => {
      const tenant = await seedTenant(server);
      const secrets: string[] = [PASSWORD];
      const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
        server.app.inject({ method: 'POST', url, headers: { ...PROTOCOL, ...headers }, payload });

      const { code } = await createEnrolmentCode({ db: server.db, clock: server.clock }, { siteId: tenant.siteId });
      const enrolled = (await post('/api/v1/devices/enrol', { code, name: 'Front desk' })).json().data;
      const authorization = `Device ${enrolled.deviceId}.${enrolled.deviceSecret}`;
      secrets.push(code, enrolled.deviceSecret);

      expect(
        (
          await post(
            '/api/v1/auth/login',
            { email: tenant.ownerEmail, password: 'a wrong password' },
            { authorization },
          )
        ).statusCode,
      ).toBe(401);
      secrets.push('a wrong password');
      const session = (
        await post('/api/v1/auth/login', { email: tenant.ownerEmail, password: PASSWORD }, { authorization })
      ).json().data;
      const refreshed = (await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).json().data;
      secrets.push(session.accessToken, session.refreshToken, refreshed.accessToken, refreshed.refreshToken);

      const codeResponse = await post(
        '/api/v1/enrolment-codes',
        { siteId: tenant.siteId },
        { authorization: `Bearer ${refreshed.accessToken}` },
      );
      secrets.push(codeResponse.json().data.code);
      const badCode = await post('/api/v1/devices/enrol', { code: 'WRONGCOD', name: 'x' });
      expect(badCode.statusCode).toBe(401);
      secrets.push('WRONGCOD');

      const liveUrl = `/api/v1/sync/live?device=${enrolled.deviceId}.${enrolled.deviceSecret}`;
      const socket = await server.app.injectWS(`${liveUrl}&protocol=1`);
      socket.terminate();
      await expect(server.app.injectWS(`${liveUrl}&protocol=9`)).rejects.toThrow(/426/);
      // injectWS skips onResponse; a plain request shows that query strings stay out of the log.
      expect(
        (
          await server.app.inject({
            method: 'GET',
            url: `/api/v1/health?device=${enrolled.deviceId}.${enrolled.deviceSecret}`,
          })
        ).statusCode,
      ).toBe(200);
      await post('/api/v1/auth/logout', { refreshToken: refreshed.refreshToken });

      const log = captured.lines.join('\n');
      expect(log).toContain('signed in');
      expect(log).toContain('device enrolled');
      for (const secret of secrets) expect(log).not.toContain(secret);
    });
  });
}
