import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER } from '@forecourt/shared';
import { ACCESS_TOKEN_LIFETIME_MS } from '../../src/auth/access-tokens.ts';
import { REFRESH_TOKEN_LIFETIME_MS } from '../../src/auth/refresh-tokens.ts';
import {
  enrolTestDevice,
  PASSWORD,
  PROTOCOL,
  seedTenant,
  seedUser,
  signInOn,
  startTestServer,
  type EnrolledTestDevice,
  type SeededTenant,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

for (const kind of databaseKinds()) {
  describe(`auth routes (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let device: EnrolledTestDevice;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      device = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());

    const login = (email: string, password: string, authorization = device.authorization) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { ...PROTOCOL, authorization },
        payload: { email, password },
      });
    const refresh = (refreshToken: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: PROTOCOL, payload: { refreshToken } });

    it('signs the owner in and records the device user', async () => {
      const response = await login(tenant.ownerEmail.toUpperCase(), PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.headers[PROTOCOL_HEADER]).toBe('1');
      const body = response.json();
      expect(body.error).toBeNull();
      expect(body.data.user).toEqual({
        id: tenant.ownerId,
        email: tenant.ownerEmail,
        name: expect.any(String),
        role: 'owner',
        siteIds: [],
      });
      expect(Date.parse(body.data.expiresAt)).toBe(server.clock() + ACCESS_TOKEN_LIFETIME_MS);
      const known = await server.db.query('SELECT 1 FROM device_users WHERE device_id = $1 AND user_id = $2', [
        device.deviceId,
        tenant.ownerId,
      ]);
      expect(known.rows).toHaveLength(1);
      expect((await login(tenant.ownerEmail, PASSWORD)).statusCode).toBe(200);
    });

    it('answers a wrong password and an unknown email alike', async () => {
      const wrongPassword = await login(tenant.ownerEmail, 'not the password');
      const unknownEmail = await login('nobody@example.test', 'not the password');
      expect(wrongPassword.statusCode).toBe(401);
      expect(unknownEmail.statusCode).toBe(401);
      expect(wrongPassword.json()).toEqual(unknownEmail.json());
      expect(wrongPassword.json()).toEqual({
        data: null,
        error: { code: 'unauthenticated', message: 'email or password is wrong' },
      });
    });

    it('refuses a deactivated user', async () => {
      const staff = await seedUser(server, tenant, 'staff');
      await server.db.query('UPDATE users SET active = false WHERE id = $1', [staff.userId]);
      const response = await login(staff.email, PASSWORD);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    });

    it('refuses a user without access to the device’s site, and users of other tenants', async () => {
      const elsewhere = await seedUser(server, tenant, 'manager', tenant.otherSiteId);
      const response = await login(elsewhere.email, PASSWORD);
      expect(response.statusCode).toBe(403);
      const otherTenant = await seedTenant(server);
      const foreign = await login(otherTenant.ownerEmail, PASSWORD);
      expect(foreign.statusCode).toBe(401);
      expect(foreign.json().error.message).toBe('email or password is wrong');
    });

    it('lets only owners sign in on an all-sites device', async () => {
      const hq = await enrolTestDevice(server, { tenantId: tenant.tenantId, scope: 'tenant' });
      expect(hq.deviceCode).toMatch(/^HQ[A-Z]$/);
      const manager = await seedUser(server, tenant, 'manager');
      expect((await login(manager.email, PASSWORD, hq.authorization)).statusCode).toBe(403);
      expect((await login(tenant.ownerEmail, PASSWORD, hq.authorization)).statusCode).toBe(200);
    });

    it('requires an enrolled device', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: PROTOCOL,
        payload: { email: tenant.ownerEmail, password: PASSWORD },
      });
      expect(response.statusCode).toBe(401);
      const forged = await login(tenant.ownerEmail, PASSWORD, `Device ${device.deviceId}.${'x'.repeat(43)}`);
      expect(forged.statusCode).toBe(401);
    });

    it('rate-limits failed sign-ins per email and address', async () => {
      const user = await seedUser(server, tenant, 'staff');
      for (let i = 0; i < 10; i++) expect((await login(user.email, 'wrong password')).statusCode).toBe(401);
      const limited = await login(user.email, PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate-limited');
      expect((await login(tenant.ownerEmail, PASSWORD)).statusCode).toBe(200);
      server.clock.advance(15 * 60_000);
      expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
    });

    it('rotates refresh tokens and revokes the family when a rotated token comes back', async () => {
      const first = await signInOn(server, device, tenant.ownerEmail);
      const second = await refresh(first.refreshToken);
      expect(second.statusCode).toBe(200);
      const rotated = second.json().data;
      expect(rotated.refreshToken).not.toBe(first.refreshToken);
      const third = await refresh(rotated.refreshToken);
      expect(third.statusCode).toBe(200);
      const latest = third.json().data.refreshToken;

      const replay = await refresh(first.refreshToken);
      expect(replay.statusCode).toBe(401);
      // Reuse ended the family: the newest token, held by the rightful owner, stops working too.
      expect((await refresh(latest)).statusCode).toBe(401);
    });

    it('expires refresh tokens after 30 days and ends sessions of deactivated users', async () => {
      const staff = await seedUser(server, tenant, 'staff');
      const session = await signInOn(server, device, staff.email);
      server.clock.advance(REFRESH_TOKEN_LIFETIME_MS);
      expect((await refresh(session.refreshToken)).statusCode).toBe(401);

      const again = await signInOn(server, device, staff.email);
      await server.db.query('UPDATE users SET active = false WHERE id = $1', [staff.userId]);
      expect((await refresh(again.refreshToken)).statusCode).toBe(401);
    });

    it('signs out by revoking the family', async () => {
      const session = await signInOn(server, device, tenant.ownerEmail);
      const logout = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: PROTOCOL,
        payload: { refreshToken: session.refreshToken },
      });
      expect(logout.json()).toEqual({ data: { signedOut: true }, error: null });
      expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    });
  });
}
