import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../src/admin/index.ts';
import { ENROLMENT_CODE_ALPHABET, ENROLMENT_CODE_LIFETIME_MS } from '../../src/devices/enrolment-codes.ts';
import {
  enrolTestDevice,
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
  describe(`device routes (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let counter: EnrolledTestDevice;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      counter = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());

    const enrol = (code: string, name = 'Front desk') =>
      server.app.inject({ method: 'POST', url: '/api/v1/devices/enrol', headers: PROTOCOL, payload: { code, name } });
    const createCode = (accessToken: string, body: object) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/enrolment-codes',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: body,
      });
    const operatorCode = async (siteId = tenant.siteId) =>
      (await createEnrolmentCode({ db: server.db, clock: server.clock }, { siteId })).code;

    it('enrols a site device with the next free code, written through the engine', async () => {
      const versionBefore = await server.engine.currentVersion();
      const response = await enrol(await operatorCode());
      expect(response.statusCode).toBe(201);
      const device = response.json().data;
      expect(device).toMatchObject({
        tenantId: tenant.tenantId,
        siteId: tenant.siteId,
        scope: 'site',
        serverVersion: expect.any(String),
      });
      expect(counter.deviceCode).toBe('BLR1A');
      expect(device.deviceCode).toBe('BLR1B');
      expect(await server.engine.currentVersion()).toBeGreaterThan(versionBefore);
      const logged = await server.db.query('SELECT 1 FROM change_log WHERE row_id = $1', [device.deviceId]);
      expect(logged.rows).toHaveLength(1);
      const stored = await server.db.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM device_credentials WHERE device_id = $1',
        [device.deviceId],
      );
      expect(stored.rows[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0]?.secret_hash).not.toContain(device.deviceSecret);
    });

    it('codes use an unambiguous alphabet, accept dashes and lower case, and work once', async () => {
      const code = await operatorCode();
      expect(code).toMatch(new RegExp(`^[${ENROLMENT_CODE_ALPHABET}]{8}$`));
      const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
      expect((await enrol(typed)).statusCode).toBe(201);
      const again = await enrol(code);
      expect(again.statusCode).toBe(401);
      expect(again.json().error.message).toMatch(/unknown, already used or expired/);
    });

    it('gives concurrent enrolments of one site distinct device codes', async () => {
      const fresh = await seedTenant(server);
      const codes = await Promise.all(
        Array.from(
          { length: 4 },
          async () =>
            (await createEnrolmentCode({ db: server.db, clock: server.clock }, { siteId: fresh.siteId })).code,
        ),
      );
      const responses = await Promise.all(codes.map((code) => enrol(code)));
      expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201]);
      const deviceCodes = responses.map((response) => response.json().data.deviceCode).sort();
      expect(deviceCodes).toEqual(['BLR1A', 'BLR1B', 'BLR1C', 'BLR1D']);
    });

    it('refuses an expired code', async () => {
      const code = await operatorCode();
      server.clock.advance(ENROLMENT_CODE_LIFETIME_MS);
      expect((await enrol(code)).statusCode).toBe(401);
    });

    it('lets owners and their managers create codes, nobody else', async () => {
      const owner = await signInOn(server, counter, tenant.ownerEmail);
      const ownerCode = await createCode(owner.accessToken, { siteId: tenant.otherSiteId });
      expect(ownerCode.statusCode).toBe(201);
      expect(ownerCode.json().data).toMatchObject({
        siteId: tenant.otherSiteId,
        scope: 'site',
        code: expect.any(String),
      });
      const hq = await createCode(owner.accessToken, { scope: 'tenant' });
      expect(hq.statusCode).toBe(201);
      expect((await enrol(hq.json().data.code)).json().data).toMatchObject({
        scope: 'tenant',
        siteId: null,
        deviceCode: 'HQA',
      });

      const manager = await seedUser(server, tenant, 'manager');
      const managerSession = await signInOn(server, counter, manager.email);
      expect((await createCode(managerSession.accessToken, { siteId: tenant.siteId })).statusCode).toBe(201);
      const otherSite = await createCode(managerSession.accessToken, { siteId: tenant.otherSiteId });
      expect(otherSite.statusCode).toBe(403);
      expect(otherSite.json().error.code).toBe('forbidden');
      expect((await createCode(managerSession.accessToken, { scope: 'tenant' })).statusCode).toBe(403);

      const staff = await seedUser(server, tenant, 'staff');
      const staffSession = await signInOn(server, counter, staff.email);
      expect((await createCode(staffSession.accessToken, { siteId: tenant.siteId })).statusCode).toBe(403);
    });

    it('does not let an owner create codes for another tenant’s site', async () => {
      const other = await seedTenant(server);
      const otherDevice = await enrolTestDevice(server, { siteId: other.siteId });
      const otherOwner = await signInOn(server, otherDevice, other.ownerEmail);
      const response = await createCode(otherOwner.accessToken, { siteId: tenant.siteId });
      expect(response.statusCode).toBe(404);
      expect(otherDevice.deviceCode).toBe('BLR1A');
    });

    it('requires a valid access token to create codes', async () => {
      expect((await createCode('not-a-token', { siteId: tenant.siteId })).statusCode).toBe(401);
      const noToken = await server.app.inject({
        method: 'POST',
        url: '/api/v1/enrolment-codes',
        payload: { siteId: tenant.siteId },
      });
      expect(noToken.statusCode).toBe(401);
    });

    it('revokes a device: its credential and sessions stop working', async () => {
      const doomed = await enrolTestDevice(server, { siteId: tenant.siteId });
      const staff = await seedUser(server, tenant, 'staff');
      const session = await signInOn(server, doomed, staff.email);
      const owner = await signInOn(server, counter, tenant.ownerEmail);
      const revoke = (token: string, id = doomed.deviceId) =>
        server.app.inject({
          method: 'POST',
          url: `/api/v1/devices/${id}/revoke`,
          headers: { ...PROTOCOL, authorization: `Bearer ${token}` },
        });

      const byStaff = await signInOn(server, counter, staff.email);
      expect((await revoke(byStaff.accessToken)).statusCode).toBe(403);
      const revoked = await revoke(owner.accessToken);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().data).toEqual({
        deviceId: doomed.deviceId,
        revokedAt: new Date(server.clock()).toISOString(),
      });
      expect((await revoke(owner.accessToken)).statusCode).toBe(200);

      const login = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { ...PROTOCOL, authorization: doomed.authorization },
        payload: { email: staff.email, password: 'correct horse battery' },
      });
      expect(login.statusCode).toBe(401);
      expect(login.json().error.message).toMatch(/revoked/);
      const refresh = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: PROTOCOL,
        payload: { refreshToken: session.refreshToken },
      });
      expect(refresh.statusCode).toBe(401);
      const row = await server.db.query<{ revoked_at: string | null }>('SELECT revoked_at FROM devices WHERE id = $1', [
        doomed.deviceId,
      ]);
      expect(row.rows[0]?.revoked_at).not.toBeNull();
    });

    it('lets a manager revoke only devices of their sites', async () => {
      const manager = await seedUser(server, tenant, 'manager');
      const session = await signInOn(server, counter, manager.email);
      const elsewhere = await enrolTestDevice(server, { siteId: tenant.otherSiteId });
      const mine = await enrolTestDevice(server, { siteId: tenant.siteId });
      const revoke = (id: string) =>
        server.app.inject({
          method: 'POST',
          url: `/api/v1/devices/${id}/revoke`,
          headers: { ...PROTOCOL, 'x-user-token': session.accessToken },
        });
      expect((await revoke(elsewhere.deviceId)).statusCode).toBe(403);
      expect((await revoke(mine.deviceId)).statusCode).toBe(200);
    });
  });
}
