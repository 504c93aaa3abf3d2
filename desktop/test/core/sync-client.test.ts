import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/core/sync/backoff.ts';
import { DEVICE_ID, SERVER_HLC, SITE_ID, TENANT_ID } from './support/fake-server.ts';
import { openTestCounter, type TestCounter } from './support/test-counter.ts';

const UNAVAILABLE = { status: 503, error: { code: 'unavailable', message: 'database restarting' } };

describe('backoff', () => {
  it('doubles from 1 s up to a 60 s cap, with jitter between half and all of the step', () => {
    const ceilings = Array.from({ length: 10 }, (_, index) => backoffDelay(index + 1, () => 1));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
    expect(backoffDelay(5, () => 0)).toBe(8000);
    expect(backoffDelay(1, () => 0)).toBe(1000);
    for (const random of [0, 0.25, 0.5, 0.99]) {
      const delay = backoffDelay(40, () => random);
      expect(delay).toBeGreaterThanOrEqual(30000);
      expect(delay).toBeLessThanOrEqual(60000);
    }
  });
});

describe('sync client', () => {
  let t: TestCounter;
  afterEach(async () => t.close());

  it('keeps retrying the outbox on its timer with growing delays, with no further local write', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Queued' });
    t.server.failNext('/sync/push', UNAVAILABLE, 4);
    t.counter.startSync();
    await t.timers.advance(0);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) waits.push(await t.timers.runNext());
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    const pushes = t.server.pushBodies();
    expect(pushes).toHaveLength(5);
    expect(pushes.map((push) => push.mutations.map((mutation) => mutation.id))).toEqual([[1], [1], [1], [1], [1]]);
    const status = t.counter.status();
    expect(status).toMatchObject({ pendingCount: 0, lastError: null, online: true, phase: 'idle' });
    // Caught up: the next cycle is the periodic pull.
    expect(t.timers.delays).toEqual([30000]);
  });

  it('reports a 5xx in lastError while keeping the mutation queued and the status offline', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Queued' });
    t.server.failNext('/sync/push', UNAVAILABLE, 1);
    const status = await t.counter.syncNow();
    expect(status).toMatchObject({
      online: false,
      pendingCount: 1,
      lastError: { code: 'unavailable', message: 'database restarting' },
    });
    expect(status.oldestPendingAt).toBe(new Date(t.timers.now).toISOString());
  });

  it('resolves syncNow when the server is unreachable', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Offline' });
    t.server.unreachable = true;
    const status = await t.counter.syncNow();
    expect(status).toMatchObject({ online: false, pendingCount: 1, lastError: { code: 'unavailable' } });
    t.server.unreachable = false;
    expect(await t.counter.syncNow()).toMatchObject({ online: true, pendingCount: 0, lastError: null });
  });

  it('reports a refused push (4xx) in lastError and retries it later with backoff', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Refused' });
    t.server.failNext('/sync/push', { status: 400, error: { code: 'invalid', message: 'batch too large' } });
    t.counter.startSync();
    await t.timers.advance(0);
    expect(t.counter.status()).toMatchObject({
      online: true,
      pendingCount: 1,
      lastError: { code: 'invalid', message: 'batch too large' },
    });
    expect(t.timers.delays).toEqual([1000]);
    await t.timers.runNext();
    expect(t.counter.status()).toMatchObject({ pendingCount: 0, lastError: null });
  });

  it('stops syncing on a protocol mismatch and says so', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Stuck' });
    t.server.failNext('/sync/push', {
      status: 426,
      error: { code: 'protocol-mismatch', message: 'update the app' },
      protocol: '2',
    });
    t.counter.startSync();
    await t.timers.advance(0);
    expect(t.counter.status()).toMatchObject({
      phase: 'stopped',
      pendingCount: 1,
      lastError: { code: 'protocol-mismatch' },
    });
    expect(t.timers.delays).toEqual([]);
    const before = t.server.requests.length;
    await t.counter.syncNow();
    await t.timers.advance(120_000);
    expect(t.server.requests.length).toBe(before);
  });

  it('refreshes the access token before it expires, after a 401, and pushes with the device alone when it cannot', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'One' });
    t.timers.now += 14.5 * 60_000; // 30 s before the 15-minute token expires
    await t.counter.syncNow();
    expect(t.server.requests.map((request) => request.path).slice(-3)).toEqual([
      '/auth/refresh',
      '/sync/push',
      '/sync/pull',
    ]);
    expect(t.server.requestsTo('/sync/push')[0]?.headers['x-user-token']).toBe('access-2');

    t.counter.mutate('customer.create', { name: 'Two' });
    t.server.failNext('/sync/push', { status: 401, error: { code: 'unauthenticated', message: 'token expired' } });
    await t.counter.syncNow();
    const [, refused, retried] = t.server.requestsTo('/sync/push');
    expect(refused?.headers['x-user-token']).toBe('access-2');
    expect(retried?.headers['x-user-token']).toBe('access-3');

    t.counter.mutate('customer.create', { name: 'Three' });
    t.server.failNext('/sync/push', { status: 401, error: { code: 'unauthenticated', message: 'token expired' } });
    t.server.failNext('/auth/refresh', {
      status: 401,
      error: { code: 'unauthenticated', message: 'refresh token revoked' },
    });
    const status = await t.counter.syncNow();
    const last = t.server.requestsTo('/sync/push').at(-1);
    expect(last?.headers['x-user-token']).toBeUndefined();
    expect(last?.headers.authorization).toBe(`Device ${DEVICE_ID}.device-secret-1`);
    expect(status).toMatchObject({ pendingCount: 0, lastError: null });
    // Still signed in on this counter: the server accepts the user through the device credential.
    expect(t.counter.currentUser()).toMatchObject({ email: 'staff@demo.in' });
  });

  it('sends the protocol header and the device credential on every sync request', async () => {
    t = await openTestCounter();
    t.counter.mutate('customer.create', { name: 'Headers' });
    await t.counter.syncNow();
    for (const request of t.server.requests.filter((each) => each.path.startsWith('/sync/'))) {
      expect(request.headers['x-forecourt-protocol']).toBe('1');
      expect(request.headers.authorization).toBe(`Device ${DEVICE_ID}.device-secret-1`);
    }
  });

  it('pulls page by page until caught up, with pendingFrom, emitting one data event per page', async () => {
    t = await openTestCounter();
    for (const name of ['A', 'B', 'C']) t.counter.mutate('customer.create', { name });
    const siteRow = (name: string) => ({
      id: SITE_ID,
      tenant_id: TENANT_ID,
      name,
      code: 'BLR1',
      timezone: 'Asia/Kolkata',
      created_at: '2026-11-22T08:00:00.000Z',
      updated_at: '2026-11-22T08:00:00.000Z',
    });
    const pages = [
      {
        checkpoint: 1,
        hasMore: true,
        lastMutationId: null,
        changes: [{ table: 'sites', op: 'put', id: SITE_ID, row: siteRow('B1') }],
      },
      {
        checkpoint: 2,
        hasMore: true,
        lastMutationId: null,
        changes: [{ table: 'sites', op: 'put', id: SITE_ID, row: siteRow('B2') }],
      },
      { checkpoint: 3, hasMore: false, lastMutationId: 3, changes: [] },
    ];
    t.server.on('/sync/pull', () => {
      const next = pages.shift();
      return { data: { outcomes: [], serverHlc: SERVER_HLC, ...next } };
    });
    t.events.length = 0;
    const status = await t.counter.syncNow();
    const pulls = t.server.pullBodies();
    expect(pulls.map((pull) => [pull.cursor, pull.pendingFrom])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    // The site pages leave the pending customers alone (they never read the site row); the last
    // page settles them.
    expect(t.events.filter((event) => event.type === 'data')).toEqual([
      { type: 'data', tables: ['sites'] },
      { type: 'data', tables: ['sites'] },
      { type: 'data', tables: ['customers'] },
    ]);
    // A pull that brings nothing and settles nothing leaves the replica (and the UI) alone.
    t.events.length = 0;
    await t.counter.syncNow();
    expect(t.events.filter((event) => event.type === 'data')).toEqual([]);
    expect(status).toMatchObject({ cursor: 3, pendingCount: 0, phase: 'idle' });
  });

  it('pushes shortly after a local write and pulls every 30 s', async () => {
    t = await openTestCounter();
    t.counter.startSync();
    await t.timers.advance(0);
    expect(t.server.requestsTo('/sync/pull')).toHaveLength(1);
    t.counter.mutate('customer.create', { name: 'Soon' });
    expect(t.timers.delays[0]).toBe(50);
    await t.timers.advance(50);
    expect(t.server.requestsTo('/sync/push')).toHaveLength(1);
    await t.timers.advance(30_000);
    expect(t.server.requestsTo('/sync/pull')).toHaveLength(3);
    await t.counter.stopSync();
    expect(t.counter.status().phase).toBe('stopped');
    expect(t.timers.delays).toEqual([]);
  });

  it('sends pushes in batches of 200', async () => {
    t = await openTestCounter();
    for (let index = 0; index < 450; index += 1) t.counter.mutate('customer.create', { name: `C${index}` });
    await t.counter.syncNow();
    const sizes = t.server.pushBodies().map((push) => push.mutations.length);
    expect(sizes).toEqual([200, 200, 50]);
    expect(t.counter.status().pendingCount).toBe(0);
  });
});
