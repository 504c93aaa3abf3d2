import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode, createSite, createTenant, createUser, type AdminDeps } from '../../src/admin/index.ts';
import { hashEnrolmentCode } from '../../src/devices/enrolment-codes.ts';
import { PASSWORD, startTestServer, uniqueEmail, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

for (const kind of databaseKinds()) {
  describe(`admin functions (${kind.name})`, () => {
    let server: TestServer;
    let deps: AdminDeps;

    beforeAll(async () => {
      server = await startTestServer(kind);
      deps = { db: server.db, engine: server.engine, clock: server.clock };
    });
    afterAll(async () => server?.close());

    const newTenant = (country: 'IN' | 'CH' = 'IN') =>
      createTenant(deps, { name: 'Rao Motors', country, ownerEmail: uniqueEmail('owner'), ownerPassword: PASSWORD });

    it('creates a tenant with its currency and an owner who has credentials, through the change log', async () => {
      const { tenantId, ownerId } = await newTenant('CH');
      const tenant = await server.db.query('SELECT tenant_id, currency, country FROM tenants WHERE id = $1', [
        tenantId,
      ]);
      expect(tenant.rows).toEqual([{ tenant_id: tenantId, currency: 'CHF', country: 'CH' }]);
      const owner = await server.db.query('SELECT role, site_ids, active FROM users WHERE id = $1', [ownerId]);
      expect(owner.rows).toEqual([{ role: 'owner', site_ids: [], active: true }]);
      const credential = await server.db.query<{ password_hash: string }>(
        'SELECT password_hash FROM user_credentials WHERE user_id = $1',
        [ownerId],
      );
      expect(credential.rows[0]?.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      const logged = await server.db.query('SELECT table_name FROM change_log WHERE tenant_id = $1 ORDER BY seq', [
        tenantId,
      ]);
      expect(logged.rows).toEqual([{ table_name: 'tenants' }, { table_name: 'users' }]);
      const indian = await newTenant('IN');
      const inr = await server.db.query('SELECT currency FROM tenants WHERE id = $1', [indian.tenantId]);
      expect(inr.rows).toEqual([{ currency: 'INR' }]);
    });

    it('refuses an unknown country, a bad email, a short password and a taken email', async () => {
      const email = uniqueEmail('owner');
      const input = { name: 'X', country: 'IN', ownerEmail: email, ownerPassword: PASSWORD };
      await expect(createTenant(deps, { ...input, country: 'DE' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(createTenant(deps, { ...input, ownerEmail: 'not-an-email' })).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(createTenant(deps, { ...input, ownerPassword: 'short' })).rejects.toMatchObject({ code: 'invalid' });
      await createTenant(deps, input);
      await expect(createTenant(deps, { ...input, ownerEmail: email.toUpperCase() })).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('creates sites with the country’s timezone and an upper-case code unique per tenant', async () => {
      const india = await newTenant('IN');
      const swiss = await newTenant('CH');
      const { siteId } = await createSite(deps, { tenantId: india.tenantId, name: 'Bengaluru', code: 'blr1' });
      const site = await server.db.query('SELECT code, timezone FROM sites WHERE id = $1', [siteId]);
      expect(site.rows).toEqual([{ code: 'BLR1', timezone: 'Asia/Kolkata' }]);
      const zurich = await createSite(deps, { tenantId: swiss.tenantId, name: 'Zürich', code: 'BLR1' });
      const zurichRow = await server.db.query('SELECT timezone FROM sites WHERE id = $1', [zurich.siteId]);
      expect(zurichRow.rows).toEqual([{ timezone: 'Europe/Zurich' }]);

      await expect(createSite(deps, { tenantId: india.tenantId, name: 'Again', code: 'BLR1' })).rejects.toMatchObject({
        code: 'conflict',
      });
      for (const code of ['B', 'TOOLONGCODE', 'BL-1', '']) {
        await expect(createSite(deps, { tenantId: india.tenantId, name: 'Bad', code })).rejects.toMatchObject({
          code: 'invalid',
        });
      }
      await expect(createSite(deps, { tenantId: 'no-such-tenant', name: 'X', code: 'XX' })).rejects.toMatchObject({
        code: 'not-found',
      });
    });

    it('creates users: a site for everyone but owners, emails unique across tenants', async () => {
      const first = await newTenant();
      const second = await newTenant();
      const { siteId } = await createSite(deps, { tenantId: first.tenantId, name: 'Main', code: 'MAIN' });
      const otherSite = await createSite(deps, { tenantId: second.tenantId, name: 'Main', code: 'MAIN' });
      const email = uniqueEmail('manager');

      const { userId } = await createUser(deps, {
        tenantId: first.tenantId,
        email,
        password: PASSWORD,
        role: 'manager',
        siteId,
      });
      const row = await server.db.query('SELECT role, site_ids FROM users WHERE id = $1', [userId]);
      expect(row.rows).toEqual([{ role: 'manager', site_ids: [siteId] }]);

      const base = { tenantId: first.tenantId, password: PASSWORD, siteId };
      await expect(createUser(deps, { ...base, email: email.toUpperCase(), role: 'staff' })).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(
        createUser(deps, { ...base, tenantId: second.tenantId, email, role: 'staff', siteId: otherSite.siteId }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await expect(
        createUser(deps, { ...base, email: uniqueEmail('x'), role: 'staff', siteId: undefined }),
      ).rejects.toMatchObject({ code: 'invalid' });
      await expect(createUser(deps, { ...base, email: uniqueEmail('x'), role: 'admin' })).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(
        createUser(deps, { ...base, email: uniqueEmail('x'), role: 'staff', siteId: otherSite.siteId }),
      ).rejects.toMatchObject({ code: 'not-found' });

      const shortPassword = uniqueEmail('x');
      await expect(
        createUser(deps, { ...base, email: shortPassword, role: 'staff', password: 'short' }),
      ).rejects.toMatchObject({ code: 'invalid' });
      const leftovers = await server.db.query('SELECT 1 FROM users WHERE email = $1', [shortPassword]);
      expect(leftovers.rows).toHaveLength(0);
      const owner = await createUser(deps, {
        tenantId: first.tenantId,
        email: uniqueEmail('owner2'),
        password: PASSWORD,
        role: 'owner',
      });
      expect(owner.userId).toEqual(expect.any(String));
    });

    it('issues enrolment codes that are stored only as a hash and expire in 24 hours', async () => {
      const { tenantId } = await newTenant();
      const { siteId } = await createSite(deps, { tenantId, name: 'Main', code: 'MAIN' });
      const created = await createEnrolmentCode(deps, { siteId });
      expect(created.code).toMatch(/^[A-Z2-9]{8}$/);
      expect(Date.parse(created.expiresAt)).toBe(server.clock() + 24 * 60 * 60_000);
      const stored = await server.db.query(
        'SELECT code_hash, tenant_id, scope FROM enrolment_codes WHERE tenant_id = $1',
        [tenantId],
      );
      expect(stored.rows).toEqual([{ code_hash: hashEnrolmentCode(created.code), tenant_id: tenantId, scope: 'site' }]);
      const tenantWide = await createEnrolmentCode(deps, { tenantId, scope: 'tenant' });
      expect(tenantWide.siteId).toBeNull();
      await expect(createEnrolmentCode(deps, { siteId: 'no-such-site' })).rejects.toMatchObject({ code: 'not-found' });
    });
  });
}
