import { DomainError, encodeHlc, uuidv7, type PushedMutation } from '@forecourt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decideUserRole } from '../../src/admin/user-role.ts';
import type { UserRecord } from '../../src/auth/users.ts';
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

/** An owner changes a person's role and site (POST /users/:id/role) through the real app. */
for (const kind of databaseKinds()) {
  describe(`changing roles and sites (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let counter: EnrolledTestDevice;
    let ownerToken: string;
    // One outbox: mutation ids follow each other per client.
    const clientId = uuidv7();
    let hlcCounter = 0;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      counter = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());
    beforeEach(async () => {
      ownerToken = (await signInOn(server, counter, tenant.ownerEmail)).accessToken;
    });

    const call = (url: string, token: string | null, payload?: object) =>
      server.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { ...PROTOCOL, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(payload ? { payload } : {}),
      });
    const changeRole = (userId: string, token: string | null, role: string, siteId = tenant.siteId) =>
      call(`/users/${userId}/role`, token, { role, siteId });
    const userRow = async (userId: string) =>
      (
        await server.db.query<{ role: string; site_ids: string[] }>('SELECT role, site_ids FROM users WHERE id = $1', [
          userId,
        ])
      ).rows[0];
    const mutation = (name: string, args: unknown, actorId: string, seqs: Record<string, number[]> = {}) => {
      hlcCounter += 1;
      const nowMs = server.clock();
      return {
        id: hlcCounter,
        name,
        args,
        hlc: encodeHlc({ wallMs: nowMs, counter: hlcCounter, node: 'test' }),
        env: { now: new Date(nowMs).toISOString(), ids: [], seqs },
        actorId,
        baseVersion: 0,
      } satisfies PushedMutation;
    };
    const push = async (mutations: PushedMutation[]) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { ...PROTOCOL, authorization: counter.authorization },
        payload: { clientId, mutations },
      });
      return response.json<{ data: { outcomes: Array<{ status: string; error?: { message: string } }> } }>().data
        .outcomes;
    };

    it('moves staff to manager at another site; the refreshed session carries the new role', async () => {
      const staff = await seedUser(server, tenant, 'staff');
      const session = await signInOn(server, counter, staff.email);
      const promoted = await changeRole(staff.userId, ownerToken, 'manager');
      expect(promoted.json()).toEqual({
        data: { userId: staff.userId, role: 'manager', siteIds: [tenant.siteId] },
        error: null,
      });
      const refreshed = await call('/auth/refresh', null, { refreshToken: session.refreshToken });
      expect(refreshed.json().data.user).toMatchObject({ role: 'manager', siteIds: [tenant.siteId] });
      const versionBefore = await server.engine.currentVersion();
      const moved = await changeRole(staff.userId, ownerToken, 'manager', tenant.otherSiteId);
      expect(moved.json().data).toEqual({ userId: staff.userId, role: 'manager', siteIds: [tenant.otherSiteId] });
      expect(await userRow(staff.userId)).toEqual({ role: 'manager', site_ids: [tenant.otherSiteId] });
      // Written through the change log, so counters pull it.
      expect(await server.engine.currentVersion()).toBeGreaterThan(versionBefore);
      // This counter belongs to the first site: the moved manager's session there ends at refresh.
      const away = await call('/auth/refresh', null, { refreshToken: refreshed.json().data.refreshToken });
      expect(away.statusCode).toBeGreaterThanOrEqual(400);
    });

    it('is the owner’s alone, never for their own role, and owners are not made here', async () => {
      const manager = await seedUser(server, tenant, 'manager');
      const staff = await seedUser(server, tenant, 'staff');
      const managerToken = (await signInOn(server, counter, manager.email)).accessToken;
      const staffToken = (await signInOn(server, counter, staff.email)).accessToken;
      const byManager = await changeRole(staff.userId, managerToken, 'manager');
      expect(byManager.statusCode).toBe(403);
      expect(byManager.json().error.message).toBe('only an owner can change roles');
      expect((await changeRole(manager.userId, staffToken, 'staff')).statusCode).toBe(403);
      expect((await changeRole(staff.userId, null, 'manager')).statusCode).toBe(401);
      const self = await changeRole(tenant.ownerId, ownerToken, 'manager');
      expect(self.statusCode).toBe(403);
      expect(self.json().error.message).toBe('you cannot change your own role');
      expect((await changeRole(staff.userId, ownerToken, 'owner')).statusCode).toBe(400);
      expect((await call(`/users/${staff.userId}/role`, ownerToken, { role: 'manager' })).statusCode).toBe(400);
      expect(await userRow(staff.userId)).toEqual({ role: 'staff', site_ids: [tenant.siteId] });
      expect(await userRow(manager.userId)).toEqual({ role: 'manager', site_ids: [tenant.siteId] });
    });

    it('keeps to the owner’s company: no one else’s people, no one else’s sites', async () => {
      const other = await seedTenant(server);
      const theirStaff = await seedUser(server, other, 'staff');
      const staff = await seedUser(server, tenant, 'staff');
      const foreignUser = await changeRole(theirStaff.userId, ownerToken, 'manager');
      expect(foreignUser.statusCode).toBe(404);
      expect(foreignUser.json().error.message).toBe('user not found');
      const foreignSite = await changeRole(staff.userId, ownerToken, 'manager', other.siteId);
      expect(foreignSite.statusCode).toBe(404);
      expect(foreignSite.json().error.message).toBe('site not found in this company');
      expect(await userRow(theirStaff.userId)).toEqual({ role: 'staff', site_ids: [other.siteId] });
      expect(await userRow(staff.userId)).toEqual({ role: 'staff', site_ids: [tenant.siteId] });
    });

    it('never leaves a company without an owner: of two owners demoting each other, one wins', async () => {
      const company = await seedTenant(server);
      const device = await enrolTestDevice(server, { siteId: company.siteId });
      const second = await seedUser(server, company, 'owner', undefined);
      const [tokenA, tokenB] = await Promise.all([
        signInOn(server, device, company.ownerEmail),
        signInOn(server, device, second.email),
      ]);
      const results = await Promise.all([
        changeRole(second.userId, tokenA.accessToken, 'manager', company.siteId),
        changeRole(company.ownerId, tokenB.accessToken, 'manager', company.siteId),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 403]);
      const owners = await server.db.query("SELECT id FROM users WHERE tenant_id = $1 AND role = 'owner'", [
        company.tenantId,
      ]);
      expect(owners.rows).toHaveLength(1);
    });

    it('a demoted owner’s payment confirmation is refused by the server from then on', async () => {
      const second = await seedUser(server, tenant, 'owner', undefined);
      const staff = await seedUser(server, tenant, 'staff');
      await signInOn(server, counter, second.email);
      await signInOn(server, counter, staff.email);
      // Two jobs with a cash advance taken by staff: unconfirmed until an owner confirms.
      const intake = (n: number) =>
        mutation(
          'job.intake',
          {
            customer: { name: `Customer ${n}`, phone: '+91 98123 45678' },
            vehicle: { registration: `KA 01 AB ${1000 + n}` },
            concern: 'service',
            advance: { amountMinor: 50_000, method: 'cash' },
          },
          staff.userId,
          { job: [900 + n] },
        );
      expect((await push([intake(1), intake(2)])).map((o) => o.status)).toEqual(['applied', 'applied']);
      const payments = await server.db.query<{ id: string }>(
        "SELECT id FROM payments WHERE tenant_id = $1 AND recorded_by = $2 AND status = 'unconfirmed' ORDER BY created_at, id",
        [tenant.tenantId, staff.userId],
      );
      const [first, later] = payments.rows.map((row) => row.id);
      const confirmed = await push([mutation('payment.confirm', { paymentId: first }, second.userId)]);
      expect(confirmed).toEqual([{ id: expect.any(Number), status: 'applied' }]);

      expect((await changeRole(second.userId, ownerToken, 'manager')).statusCode).toBe(200);
      const refused = await push([mutation('payment.confirm', { paymentId: later }, second.userId)]);
      expect(refused).toEqual([
        {
          id: expect.any(Number),
          status: 'rejected',
          error: { code: 'forbidden', message: 'payment.confirm needs the role owner' },
        },
      ]);
      const statuses = await server.db.query<{ status: string }>(
        'SELECT status FROM payments WHERE id = ANY($1) ORDER BY id',
        [[first, later]],
      );
      expect(statuses.rows.map((row) => row.status).sort()).toEqual(['confirmed', 'unconfirmed']);
    });
  });
}

describe('the last-owner rule', () => {
  const owner: UserRecord = {
    id: 'owner-a',
    tenantId: 't1',
    email: 'a@example.test',
    name: 'A',
    role: 'owner',
    siteIds: [],
    active: true,
  };
  const row = (id: string, role: string) => ({
    id,
    tenant_id: 't1',
    role,
    site_ids: [],
    active: true,
    deleted_at: null,
  });

  it('refuses to demote the only active owner left, even when the request passed the role check', () => {
    const facts = { actor: row('owner-a', 'owner'), target: row('owner-b', 'owner'), siteOfTenant: true };
    const demote = (activeOwnerIds: string[]) =>
      decideUserRole(owner, { userId: 'owner-b', role: 'manager', siteId: 's1' }, { ...facts, activeOwnerIds }, 'now');
    expect(() => demote(['owner-b'])).toThrow(
      new DomainError('conflict', 'the company’s last owner cannot be demoted'),
    );
    expect(demote(['owner-a', 'owner-b'])).toMatchObject({ role: 'manager', site_ids: ['s1'] });
  });

  it('refuses an owner who has just been demoted inside the same lock', () => {
    expect(() =>
      decideUserRole(
        owner,
        { userId: 'staff', role: 'manager', siteId: 's1' },
        { actor: row('owner-a', 'manager'), target: row('staff', 'staff'), siteOfTenant: true, activeOwnerIds: [] },
        'now',
      ),
    ).toThrow('only an owner can change roles');
  });
});
