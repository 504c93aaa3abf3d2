import { encodeHlc, uuidv7, type PushedMutation } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

function customerCreate(id: number, actorId: string, nowMs: number, name: string): PushedMutation {
  return {
    id,
    name: 'customer.create',
    args: { name },
    hlc: encodeHlc({ wallMs: nowMs, counter: id, node: 'test' }),
    env: { now: new Date(nowMs).toISOString(), ids: [uuidv7(nowMs)], seqs: {} },
    actorId,
    baseVersion: 0,
  };
}

/**
 * The routes authenticate and hand over; what a mutation may do is the engine's decision (tested
 * with the engine). These tests cover what the HTTP layer adds.
 */
for (const kind of databaseKinds()) {
  describe(`sync routes (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let device: EnrolledTestDevice;
    let staff: { userId: string; email: string };

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      device = await enrolTestDevice(server, { siteId: tenant.siteId });
      staff = await seedUser(server, tenant, 'staff');
    });
    afterAll(async () => server?.close());

    const post = (url: string, payload: object, headers: Record<string, string>) =>
      server.app.inject({ method: 'POST', url, headers: { ...PROTOCOL, ...headers }, payload });

    it('pushes with the signed-in user and pulls the result', async () => {
      const session = await signInOn(server, device, staff.email);
      const clientId = uuidv7();
      const mutation = customerCreate(1, staff.userId, server.clock(), 'Asha Rao');
      const push = await post(
        '/api/v1/sync/push',
        { clientId, mutations: [mutation] },
        {
          authorization: device.authorization,
          'x-user-token': session.accessToken,
        },
      );
      expect(push.statusCode).toBe(200);
      expect(push.json()).toEqual({
        data: { lastMutationId: 1, outcomes: [{ id: 1, status: 'applied' }], serverHlc: expect.any(String) },
        error: null,
      });

      const pull = await post('/api/v1/sync/pull', { clientId, cursor: 0 }, { authorization: device.authorization });
      expect(pull.statusCode).toBe(200);
      const page = pull.json().data;
      const created = page.changes.find((change: { id: string }) => change.id === mutation.env.ids[0]);
      // The response schema must pass rows through whole, not strip their columns.
      expect(created).toEqual({
        table: 'customers',
        op: 'put',
        id: mutation.env.ids[0],
        row: expect.objectContaining({
          name: 'Asha Rao',
          site_id: tenant.siteId,
          tenant_id: tenant.tenantId,
          phone: null,
        }),
      });
      expect(page).toMatchObject({
        checkpoint: expect.any(Number),
        hasMore: expect.any(Boolean),
        serverHlc: expect.any(String),
      });
    });

    it('requires a device credential for push and pull', async () => {
      const push = await post('/api/v1/sync/push', { clientId: uuidv7(), mutations: [] }, {});
      expect(push.statusCode).toBe(401);
      expect(push.json().error.code).toBe('unauthenticated');
      const pull = await post(
        '/api/v1/sync/pull',
        { clientId: uuidv7(), cursor: 0 },
        { authorization: 'Device nonsense' },
      );
      expect(pull.statusCode).toBe(401);
    });

    it('refuses an invalid user token, or one issued for another device', async () => {
      const other = await enrolTestDevice(server, { siteId: tenant.siteId });
      const elsewhere = await signInOn(server, other, staff.email);
      const body = { clientId: uuidv7(), mutations: [customerCreate(1, staff.userId, server.clock(), 'X')] };
      const foreignToken = await post('/api/v1/sync/push', body, {
        authorization: device.authorization,
        'x-user-token': elsewhere.accessToken,
      });
      expect(foreignToken.statusCode).toBe(401);
      const garbage = await post('/api/v1/sync/push', body, {
        authorization: device.authorization,
        'x-user-token': 'garbage',
      });
      expect(garbage.statusCode).toBe(401);
    });

    it('leaves the actor check to the engine: an unknown actor is a rejected mutation, not an HTTP error', async () => {
      const stranger = await seedUser(server, tenant, 'staff');
      const push = await post(
        '/api/v1/sync/push',
        { clientId: uuidv7(), mutations: [customerCreate(1, stranger.userId, server.clock(), 'Never signed in here')] },
        { authorization: device.authorization },
      );
      expect(push.statusCode).toBe(200);
      expect(push.json().data.outcomes).toEqual([
        { id: 1, status: 'rejected', error: { code: 'forbidden', message: expect.any(String) } },
      ]);
    });

    it('validates the request body', async () => {
      const push = await post(
        '/api/v1/sync/push',
        { clientId: uuidv7(), mutations: [{ id: 0 }] },
        { authorization: device.authorization },
      );
      expect(push.statusCode).toBe(400);
      expect(push.json().error.code).toBe('invalid');
    });

    it('answers 401 to a revoked device', async () => {
      const doomed = await enrolTestDevice(server, { siteId: tenant.siteId });
      const owner = await signInOn(server, device, tenant.ownerEmail);
      const revoke = await post(
        `/api/v1/devices/${doomed.deviceId}/revoke`,
        {},
        { authorization: `Bearer ${owner.accessToken}` },
      );
      expect(revoke.statusCode).toBe(200);
      const pull = await post(
        '/api/v1/sync/pull',
        { clientId: uuidv7(), cursor: 0 },
        { authorization: doomed.authorization },
      );
      expect(pull.statusCode).toBe(401);
      expect(pull.json().error.message).toMatch(/revoked/);
      const push = await post(
        '/api/v1/sync/push',
        { clientId: uuidv7(), mutations: [] },
        { authorization: doomed.authorization },
      );
      expect(push.statusCode).toBe(401);
    });
  });
}
