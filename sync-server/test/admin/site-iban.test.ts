import { encodeHlc, uuidv7, type PushedMutation } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolTestDevice,
  PROTOCOL,
  seedTenant,
  signInOn,
  startTestServer,
  type EnrolledTestDevice,
  type SeededTenant,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

/**
 * The site's IBAN for Swiss QR-bills, checked by the server on both ways in: the owner's site
 * creation route and the site.update mutation a counter pushes (the server runs its decide again).
 */
for (const kind of databaseKinds()) {
  describe(`site IBAN on the server (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let device: EnrolledTestDevice;
    let token: string;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server, 'CH');
      device = await enrolTestDevice(server, { tenantId: tenant.tenantId, scope: 'tenant' });
      token = (await signInOn(server, device, tenant.ownerEmail)).accessToken;
    });
    afterAll(async () => server?.close());

    const createSite = (payload: object) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers: { ...PROTOCOL, authorization: `Bearer ${token}` },
        payload,
      });
    const ibanOf = async (siteId: string) =>
      (await server.db.query<{ iban: string | null }>('SELECT iban FROM sites WHERE id = $1', [siteId])).rows[0]?.iban;

    it('stores a checked CH/LI IBAN or QR-IBAN compact when a site is added, and refuses a wrong one with the reason', async () => {
      const qr = await createSite({ name: 'Zürich', code: 'ZRH1', iban: 'ch44 3199 9123 0008 8901 2' });
      expect(qr.statusCode).toBe(201);
      expect(await ibanOf(qr.json().data.siteId)).toBe('CH4431999123000889012');
      const li = await createSite({ name: 'Vaduz', code: 'VDZ1', iban: 'LI21 0881 0000 2324 013A A' });
      expect(await ibanOf(li.json().data.siteId)).toBe('LI21088100002324013AA');
      const none = await createSite({ name: 'Bern', code: 'BRN1', iban: '' });
      expect(await ibanOf(none.json().data.siteId)).toBeNull();
      for (const [iban, message] of [
        ['CH93 0076 2011 6238 5295 8', 'the IBAN CH9300762011623852958 has a wrong check digit: a typing error?'],
        [
          'DE89 3704 0044 0532 0130 00',
          'DE89370400440532013000 is not a Swiss or Liechtenstein IBAN: QR-bills need an account starting CH or LI',
        ],
      ] as const) {
        const refused = await createSite({ name: 'Basel', code: 'BSL1', iban });
        expect(refused.statusCode, iban).toBe(400);
        expect(refused.json().error).toEqual({ code: 'invalid', message });
      }
      const basel = await server.db.query('SELECT 1 FROM sites WHERE tenant_id = $1 AND code = $2', [
        tenant.tenantId,
        'BSL1',
      ]);
      expect(basel.rows).toHaveLength(0);
    });

    it('checks the IBAN of a pushed site.update again: a wrong one is rejected and changes nothing', async () => {
      const now = server.clock();
      const update = (id: number, iban: string): PushedMutation => ({
        id,
        name: 'site.update',
        args: { siteId: tenant.siteId, iban },
        hlc: encodeHlc({ wallMs: now, counter: id, node: 'test' }),
        env: { now: new Date(now).toISOString(), ids: [], seqs: {} },
        actorId: tenant.ownerId,
        baseVersion: 0,
      });
      const push = await server.app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { ...PROTOCOL, authorization: device.authorization },
        payload: {
          clientId: uuidv7(),
          mutations: [update(1, 'CH93 0076 2011 6238 5295 7'), update(2, 'CH93 0076 2011 6238 5295 0')],
        },
      });
      expect(push.json().data.outcomes).toEqual([
        { id: 1, status: 'applied' },
        {
          id: 2,
          status: 'rejected',
          error: {
            code: 'invalid',
            message: 'the IBAN CH9300762011623852950 has a wrong check digit: a typing error?',
          },
        },
      ]);
      expect(await ibanOf(tenant.siteId)).toBe('CH9300762011623852957');
    });
  });
}
