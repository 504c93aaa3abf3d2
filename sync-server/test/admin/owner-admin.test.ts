import { encodeHlc, uuidv7, type PushedMutation } from '@forecourt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVITE_LIFETIME_MS } from '../../src/admin/invites.ts';
import {
  enrolTestDevice,
  PASSWORD,
  PROTOCOL,
  seedTenant,
  seedUser,
  signInOn,
  startTestServer,
  uniqueEmail,
  type EnrolledTestDevice,
  type SeededTenant,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

function customerCreate(id: number, actorId: string, nowMs: number): PushedMutation {
  return {
    id,
    name: 'customer.create',
    args: { name: `Customer ${id}` },
    hlc: encodeHlc({ wallMs: nowMs, counter: id, node: 'test' }),
    env: { now: new Date(nowMs).toISOString(), ids: [uuidv7(nowMs)], seqs: {} },
    actorId,
    baseVersion: 0,
  };
}

/** Invites, deactivation and sites through the real app, as an owner's counter calls them. */
for (const kind of databaseKinds()) {
  describe(`owner administration routes (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let counter: EnrolledTestDevice;
    let ownerToken: string;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      counter = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());
    // Tests move the clock past access-token lifetimes: sign the owner in afresh for each.
    beforeEach(async () => {
      ownerToken = (await signInOn(server, counter, tenant.ownerEmail)).accessToken;
    });

    const call = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) =>
      server.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { ...PROTOCOL, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(payload ? { payload } : {}),
      });
    const invite = async (role = 'manager', siteId = tenant.siteId) => {
      const response = await call('POST', '/invites', ownerToken, { siteId, role });
      expect(response.statusCode).toBe(201);
      return response.json<{ data: { id: string; code: string; expiresAt: string } }>().data;
    };
    const accept = (code: string, email = uniqueEmail('joiner'), password = PASSWORD) =>
      call('POST', '/invites/accept', null, { code, name: 'Meera Iyer', email, password });

    it('an owner invites a manager who joins with the code and then signs in on the site’s counter', async () => {
      const created = await invite('manager');
      expect(created.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      expect(Date.parse(created.expiresAt) - server.clock()).toBe(INVITE_LIFETIME_MS);
      const stored = await server.db.query<{ code_hash: string }>('SELECT code_hash FROM user_invites WHERE id = $1', [
        created.id,
      ]);
      expect(stored.rows[0]?.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0]?.code_hash).not.toContain(created.code.replace('-', ''));
      const open = await call('GET', '/invites', ownerToken);
      expect(open.json().data.map((row: { id: string }) => row.id)).toContain(created.id);

      const email = uniqueEmail('meera');
      const joined = await accept(created.code.toLowerCase(), email.toUpperCase());
      expect(joined.statusCode).toBe(201);
      expect(joined.json().data).toMatchObject({ email, role: 'manager', siteId: tenant.siteId });
      const user = await server.db.query('SELECT name, role, site_ids, active FROM users WHERE email = $1', [email]);
      expect(user.rows).toEqual([{ name: 'Meera Iyer', role: 'manager', site_ids: [tenant.siteId], active: true }]);
      const session = await signInOn(server, counter, email);
      expect(session.accessToken).toBeTruthy();
      expect((await call('GET', '/invites', ownerToken)).json().data).not.toContainEqual(
        expect.objectContaining({ id: created.id }),
      );
    });

    it('says clearly when a code is used, expired, withdrawn or unknown, and keeps a code after a taken email', async () => {
      const used = await invite('staff');
      expect((await accept(used.code)).statusCode).toBe(201);
      const again = await accept(used.code);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toBe('this invite code has already been used');

      const expiring = await invite('staff');
      server.clock.advance(INVITE_LIFETIME_MS + 1);
      ownerToken = (await signInOn(server, counter, tenant.ownerEmail)).accessToken;
      const expired = await accept(expiring.code);
      expect(expired.statusCode).toBe(403);
      expect(expired.json().error.message).toMatch(/has expired; ask the owner for a new one/);

      const withdrawn = await invite('staff');
      expect((await call('POST', `/invites/${withdrawn.id}/withdraw`, ownerToken)).statusCode).toBe(200);
      expect((await accept(withdrawn.code)).json().error.message).toBe('this invite code was withdrawn by the owner');

      const unknown = await accept('AAAAA-BBBBB');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.code).toBe('unauthenticated');

      const kept = await invite('staff');
      const taken = await accept(kept.code, tenant.ownerEmail);
      expect(taken.statusCode).toBe(409);
      expect((await accept(kept.code, uniqueEmail('second-try'), 'short')).statusCode).toBe(400);
      expect((await accept(kept.code)).statusCode).toBe(201);
    });

    it('slows down guessing: unknown codes from one address are refused once the limit is used up', async () => {
      const guess = (code: string) =>
        server.app.inject({
          method: 'POST',
          url: '/api/v1/invites/accept',
          remoteAddress: '203.0.113.7',
          headers: PROTOCOL,
          payload: { code, name: 'Guesser', email: uniqueEmail('guess'), password: PASSWORD },
        });
      for (let attempt = 0; attempt < 10; attempt++) expect((await guess(`ZZZZZ-ZZZ${attempt}`)).statusCode).toBe(401);
      const real = await invite('staff');
      const blocked = await guess(real.code);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('rate-limited');
      expect((await accept(real.code)).statusCode).toBe(201);
    });

    it('only owners invite, for a site of their own tenant, and only managers or staff', async () => {
      const manager = await seedUser(server, tenant, 'manager');
      const managerToken = (await signInOn(server, counter, manager.email)).accessToken;
      const byManager = await call('POST', '/invites', managerToken, { siteId: tenant.siteId, role: 'staff' });
      expect(byManager.statusCode).toBe(403);
      expect((await call('GET', '/invites', managerToken)).statusCode).toBe(403);
      const other = await seedTenant(server);
      expect((await call('POST', '/invites', ownerToken, { siteId: other.siteId, role: 'staff' })).statusCode).toBe(
        404,
      );
      expect((await call('POST', '/invites', ownerToken, { siteId: tenant.siteId, role: 'owner' })).statusCode).toBe(
        400,
      );
      expect((await call('POST', '/invites', null, { siteId: tenant.siteId, role: 'staff' })).statusCode).toBe(401);
    });

    it('a deactivated user can no longer sign in, refresh or push, and can be reactivated', async () => {
      const staff = await seedUser(server, tenant, 'staff');
      const session = await signInOn(server, counter, staff.email);
      const deactivated = await call('POST', `/users/${staff.userId}/deactivate`, ownerToken);
      expect(deactivated.json()).toEqual({ data: { userId: staff.userId, active: false }, error: null });

      const signIn = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { ...PROTOCOL, authorization: counter.authorization },
        payload: { email: staff.email, password: PASSWORD },
      });
      expect(signIn.statusCode).toBe(403);
      expect(signIn.json().error.message).toBe('this account is deactivated');
      const refresh = await call('POST', '/auth/refresh', null, { refreshToken: session.refreshToken });
      expect(refresh.statusCode).toBe(401);
      const revoked = await server.db.query('SELECT 1 FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [
        staff.userId,
      ]);
      expect(revoked.rows).toHaveLength(0);
      const push = await server.app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { ...PROTOCOL, authorization: counter.authorization },
        payload: { clientId: uuidv7(), mutations: [customerCreate(1, staff.userId, server.clock())] },
      });
      expect(push.json().data.outcomes).toEqual([
        { id: 1, status: 'rejected', error: { code: 'forbidden', message: 'this user has been deactivated' } },
      ]);

      expect((await call('POST', `/users/${staff.userId}/reactivate`, ownerToken)).statusCode).toBe(200);
      expect((await signInOn(server, counter, staff.email)).accessToken).toBeTruthy();
    });

    it('only an owner deactivates, never themselves, and only users of their tenant', async () => {
      const manager = await seedUser(server, tenant, 'manager');
      const staff = await seedUser(server, tenant, 'staff');
      const managerToken = (await signInOn(server, counter, manager.email)).accessToken;
      const byManager = await call('POST', `/users/${staff.userId}/deactivate`, managerToken);
      expect(byManager.statusCode).toBe(403);
      const self = await call('POST', `/users/${tenant.ownerId}/deactivate`, ownerToken);
      expect(self.json().error.message).toBe('you cannot deactivate your own account');
      const other = await seedTenant(server);
      expect((await call('POST', `/users/${other.ownerId}/deactivate`, ownerToken)).statusCode).toBe(404);
      const users = await server.db.query('SELECT active FROM users WHERE id IN ($1, $2)', [
        staff.userId,
        other.ownerId,
      ]);
      expect(users.rows).toEqual([{ active: true }, { active: true }]);
    });

    it('an owner adds a site whose tax id and phone are checked for the country', async () => {
      const created = await call('POST', '/sites', ownerToken, {
        name: 'Whitefield',
        code: 'wfd1',
        address: '12 ITPL Main Road, Bengaluru',
        phone: '98450 12345',
        taxId: '29aagcr4375j1zu',
      });
      expect(created.statusCode).toBe(201);
      const site = await server.db.query('SELECT code, phone, tax_id FROM sites WHERE id = $1', [
        created.json().data.siteId,
      ]);
      expect(site.rows).toEqual([{ code: 'WFD1', phone: '+919845012345', tax_id: '29AAGCR4375J1ZU' }]);
      const badGstin = await call('POST', '/sites', ownerToken, { name: 'X', code: 'XX1', taxId: '29AAGCR4375J1ZV' });
      expect(badGstin.statusCode).toBe(400);
      expect(badGstin.json().error.message).toMatch(/wrong check character/);
      const manager = await seedUser(server, tenant, 'manager');
      const managerToken = (await signInOn(server, counter, manager.email)).accessToken;
      expect((await call('POST', '/sites', managerToken, { name: 'Y', code: 'YY1' })).statusCode).toBe(403);
    });

    it('checks a Swiss UID with its mod-11 digit', async () => {
      const swiss = await seedTenant(server, 'CH');
      const device = await enrolTestDevice(server, { tenantId: swiss.tenantId, scope: 'tenant' });
      const token = (await signInOn(server, device, swiss.ownerEmail)).accessToken;
      const good = await call('POST', '/sites', token, { name: 'Zürich', code: 'ZRH1', taxId: 'CHE-116.281.710 MWST' });
      expect(good.statusCode).toBe(201);
      const bad = await call('POST', '/sites', token, { name: 'Bern', code: 'BRN1', taxId: 'CHE-116.281.711' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/not a valid Swiss UID/);
    });
  });
}
