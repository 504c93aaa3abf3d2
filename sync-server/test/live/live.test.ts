import { uuidv7, type LiveMessage, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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

interface LiveClient {
  socket: WebSocket;
  messages: LiveMessage[];
  closed: Promise<number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

async function openLive(server: TestServer, url: string, headers: Record<string, string>): Promise<LiveClient> {
  const messages: LiveMessage[] = [];
  let resolveClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const socket = await server.app.injectWS(
    url,
    { headers },
    {
      onInit: (ws) => {
        ws.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveMessage)); // the server sends LiveMessage JSON
        ws.on('close', (code) => resolveClosed(code));
        // injectWS builds its client without ws's automatic pong; answer like a real peer does.
        ws.on('ping', () => ws.pong());
      },
    },
  );
  await waitFor(() => messages.length > 0);
  return { socket, messages, closed };
}

function customerRow(tenant: SeededTenant, name: string): Row {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    tenant_id: tenant.tenantId,
    site_id: tenant.siteId,
    name,
    phone: null,
    email: null,
    address: null,
    tax_id: null,
    notes: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}

for (const kind of databaseKinds()) {
  describe(`live channel (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let device: EnrolledTestDevice;

    beforeAll(async () => {
      server = await startTestServer(kind, { config: { liveKeepaliveMs: 100 } });
      tenant = await seedTenant(server);
      device = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());

    const write = (target: SeededTenant, name: string) =>
      server.engine.writeRows(target.tenantId, [{ table: 'customers', row: customerRow(target, name) }]);

    it('says hello, then pokes on commits of its own tenant only', async () => {
      const client = await openLive(server, '/api/v1/sync/live', { ...PROTOCOL, authorization: device.authorization });
      expect(client.messages[0]).toEqual({ type: 'hello', protocol: 1, version: await server.engine.currentVersion() });

      const other = await seedTenant(server);
      await sleep(60);
      client.messages.length = 0;
      await write(other, 'Someone else’s customer');
      const version = await write(tenant, 'Asha Rao');
      await waitFor(() => client.messages.length > 0);
      await sleep(60);
      expect(client.messages).toEqual([{ type: 'poke', version }]);
      client.socket.terminate();
    });

    it('collapses a burst of commits into at most one poke per 50 ms', async () => {
      const client = await openLive(server, '/api/v1/sync/live', { ...PROTOCOL, authorization: device.authorization });
      client.messages.length = 0;
      const versions: number[] = [];
      for (let i = 0; i < 8; i++) versions.push(await write(tenant, `Burst ${i}`));
      await sleep(120);
      const pokes = client.messages.filter((message) => message.type === 'poke');
      expect(pokes.length).toBeGreaterThanOrEqual(1);
      expect(pokes.length).toBeLessThan(versions.length);
      expect(pokes.at(-1)).toEqual({ type: 'poke', version: versions.at(-1) });
      client.socket.terminate();
    });

    it('accepts the credential and protocol in the query string for browsers', async () => {
      const url = `/api/v1/sync/live?device=${device.deviceId}.${device.deviceSecret}&protocol=1`;
      const client = await openLive(server, url, {});
      expect(client.messages[0]?.type).toBe('hello');
      client.socket.terminate();
    });

    it('refuses unauthenticated devices and other protocols before the upgrade', async () => {
      await expect(server.app.injectWS('/api/v1/sync/live', { headers: PROTOCOL })).rejects.toThrow(/401/);
      const forged = `Device ${device.deviceId}.${'A'.repeat(43)}`;
      await expect(
        server.app.injectWS('/api/v1/sync/live', { headers: { ...PROTOCOL, authorization: forged } }),
      ).rejects.toThrow(/401/);
      await expect(
        server.app.injectWS('/api/v1/sync/live', { headers: { authorization: device.authorization } }),
      ).rejects.toThrow(/426/);
    });

    it('pings over a real connection, and drops a peer that stops answering', async () => {
      const base = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
      const connect = (autoPong: boolean) =>
        new WebSocket(`${base}/api/v1/sync/live`, {
          headers: { ...PROTOCOL, authorization: device.authorization },
          autoPong,
        });
      const alive = connect(true);
      // Simulates a peer that vanished without a close frame (a laptop put to sleep).
      const silent = connect(false);
      let pings = 0;
      alive.on('ping', () => (pings += 1));
      const hello = await new Promise<string>((resolve) => alive.once('message', (data) => resolve(String(data))));
      expect(JSON.parse(hello)).toMatchObject({ type: 'hello', protocol: 1 });
      const silentClosed = new Promise<number>((resolve) => silent.once('close', resolve));
      expect(await silentClosed).toBe(1006);
      await waitFor(() => pings >= 3);
      expect(alive.readyState).toBe(WebSocket.OPEN);
      alive.terminate();
    });

    it('closes the sockets of a device when it is revoked', async () => {
      const doomed = await enrolTestDevice(server, { siteId: tenant.siteId });
      const client = await openLive(server, '/api/v1/sync/live', { ...PROTOCOL, authorization: doomed.authorization });
      const owner = await signInOn(server, device, tenant.ownerEmail);
      const revoked = await server.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${doomed.deviceId}/revoke`,
        headers: { ...PROTOCOL, authorization: `Bearer ${owner.accessToken}` },
      });
      expect(revoked.statusCode).toBe(200);
      expect(await client.closed).toBe(4401);
      await expect(
        server.app.injectWS('/api/v1/sync/live', { headers: { ...PROTOCOL, authorization: doomed.authorization } }),
      ).rejects.toThrow(/401/);
    });
  });
}
