import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_ID } from './support/fake-server.ts';
import { fakeWebSocketHub } from './support/fake-websocket.ts';
import { openTestCounter, type TestCounter } from './support/test-counter.ts';

describe('live channel', () => {
  let t: TestCounter;
  afterEach(async () => t.close());

  async function started() {
    const hub = fakeWebSocketHub();
    t = await openTestCounter({ WebSocket: hub.WebSocket });
    t.counter.startSync();
    await t.timers.advance(0);
    return hub;
  }

  it('connects with the device credential and the protocol header, and pulls on every poke', async () => {
    const hub = await started();
    const socket = hub.sockets[0];
    if (!socket) throw new Error('no socket opened');
    expect(socket.url).toBe('ws://sync.test/api/v1/sync/live');
    expect(socket.headers).toMatchObject({
      authorization: `Device ${DEVICE_ID}.device-secret-1`,
      'x-forecourt-protocol': '1',
    });
    socket.send({ type: 'hello', protocol: 1, version: 0 });
    await t.timers.advance(0);
    expect(t.counter.status().online).toBe(true);
    const pullsBefore = t.server.requestsTo('/sync/pull').length;
    t.server.version = 7;
    socket.send({ type: 'poke', version: 7 });
    await t.timers.advance(0);
    const pulls = t.server.requestsTo('/sync/pull');
    expect(pulls).toHaveLength(pullsBefore + 1);
    expect(t.server.pullBodies().at(-1)?.cursor).toBe(0);
    expect(t.counter.status().cursor).toBe(7);
    // A poke for a version already applied costs nothing.
    socket.send({ type: 'poke', version: 7 });
    await t.timers.advance(0);
    expect(t.server.requestsTo('/sync/pull')).toHaveLength(pullsBefore + 1);
  });

  it('reconnects with backoff after the connection drops, starting over once a hello arrives', async () => {
    const hub = await started();
    hub.sockets[0]?.fail();
    expect(t.timers.delays[0]).toBe(1000);
    await t.timers.advance(1000);
    expect(hub.sockets).toHaveLength(2);
    hub.sockets[1]?.fail('connect ECONNREFUSED');
    expect(t.timers.delays[0]).toBe(2000);
    await t.timers.advance(2000);
    hub.sockets[2]?.send({ type: 'hello', protocol: 1, version: 0 });
    hub.sockets[2]?.fail();
    expect(t.timers.delays[0]).toBe(1000);
  });

  it('stops syncing when the server greets with another protocol version', async () => {
    const hub = await started();
    hub.sockets[0]?.send({ type: 'hello', protocol: 2, version: 0 });
    await t.timers.advance(0);
    expect(t.counter.status()).toMatchObject({ phase: 'stopped', lastError: { code: 'protocol-mismatch' } });
    expect(hub.sockets[0]?.closed).toBe(true);
    expect(t.timers.delays).toEqual([]);
  });

  it('stops syncing when the upgrade is refused with 426', async () => {
    const hub = await started();
    hub.sockets[0]?.fail('Unexpected server response: 426');
    await t.timers.advance(0);
    expect(t.counter.status()).toMatchObject({ phase: 'stopped', lastError: { code: 'protocol-mismatch' } });
    await t.timers.advance(120_000);
    expect(hub.sockets).toHaveLength(1);
  });

  it('closes the socket on stopSync and ignores messages that are not the protocol', async () => {
    const hub = await started();
    hub.sockets[0]?.send({ type: 'gossip' });
    await t.timers.advance(0);
    expect(t.counter.status().lastError).toBeNull();
    await t.counter.stopSync();
    expect(hub.sockets[0]?.closed).toBe(true);
    expect(t.timers.delays).toEqual([]);
  });
});
