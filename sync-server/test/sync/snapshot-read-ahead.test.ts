import { describe, expect, it } from 'vitest';
import type { PullRequest } from '@forecourt/shared';
import type { PullPage } from '../../src/sync/pull.ts';
import { SnapshotReadAhead } from '../../src/sync/snapshot-read-ahead.ts';
import type { DeviceSession } from '../../src/sync/types.ts';

const device: DeviceSession = { tenantId: 't1', deviceId: 'd1', deviceCode: 'C1', siteId: 's1', scope: 'site' };
const first: PullRequest = { clientId: 'c1', cursor: 0, limit: 2 };

function snapshotPage(afterId: string, more = true): PullPage {
  return {
    changes: [{ table: 'customers', op: 'put', id: afterId, row: { id: afterId } }],
    checkpoint: 7,
    snapshot: more ? { version: 7, table: 'customers', afterId } : null,
    hasMore: more,
    lastMutationId: null,
    outcomes: [],
  };
}

/** A reader that records what it was asked for and answers with the page after the cursor. */
function recordingReader(answer: (request: PullRequest) => PullPage = (r) => snapshotPage(`${r.snapshot?.afterId}+`)) {
  const asked: PullRequest[] = [];
  return {
    asked,
    read: async (request: PullRequest) => {
      asked.push(request);
      return answer(request);
    },
  };
}

describe('snapshot read-ahead', () => {
  it('reads the successor of a snapshot page at once and hands it to the matching request', async () => {
    const ahead = new SnapshotReadAhead();
    const reader = recordingReader();
    ahead.readAfter(device, first, snapshotPage('a'), reader.read);
    expect(reader.asked).toEqual([{ ...first, snapshot: { version: 7, table: 'customers', afterId: 'a' } }]);
    const page = await ahead.take(device, { ...first, snapshot: { version: 7, table: 'customers', afterId: 'a' } });
    expect(page?.changes[0]?.id).toBe('a+');
    // Taken once: a repeated request reads again.
    expect(
      await ahead.take(device, { ...first, snapshot: { version: 7, table: 'customers', afterId: 'a' } }),
    ).toBeNull();
  });

  it('gives nothing for another request, another device, or the same device in another scope', async () => {
    const next = { ...first, snapshot: { version: 7, table: 'customers', afterId: 'a' } };
    const cases: Array<[DeviceSession, PullRequest]> = [
      [device, { ...next, snapshot: { version: 7, table: 'customers', afterId: 'b' } }],
      [device, { ...next, limit: 3 }],
      [device, { ...next, pendingFrom: 4 }],
      [{ ...device, deviceId: 'd2' }, next],
      [{ ...device, siteId: 's2' }, next],
      [{ ...device, tenantId: 't2' }, next],
    ];
    for (const [who, request] of cases) {
      const ahead = new SnapshotReadAhead();
      ahead.readAfter(device, first, snapshotPage('a'), recordingReader().read);
      expect(await ahead.take(who, request)).toBeNull();
    }
  });

  it('reads nothing after a page that ends the snapshot or the pull', () => {
    const ahead = new SnapshotReadAhead();
    const reader = recordingReader();
    ahead.readAfter(device, first, snapshotPage('a', false), reader.read);
    ahead.readAfter(device, first, { ...snapshotPage('a'), snapshot: null }, reader.read);
    expect(reader.asked).toEqual([]);
    expect(ahead.size).toBe(0);
  });

  it('drops a read-ahead that ends the snapshot (it may settle mutations), failed, or waited too long', async () => {
    const next = { ...first, snapshot: { version: 7, table: 'customers', afterId: 'a' } };
    const last = new SnapshotReadAhead();
    last.readAfter(device, first, snapshotPage('a'), recordingReader(() => snapshotPage('z', false)).read);
    expect(await last.take(device, next)).toBeNull();

    const failing = new SnapshotReadAhead();
    failing.readAfter(device, first, snapshotPage('a'), async () => {
      throw new Error('connection lost');
    });
    expect(await failing.take(device, next)).toBeNull();

    let now = 1_000;
    const slow = new SnapshotReadAhead({ ttlMs: 500, now: () => now });
    slow.readAfter(device, first, snapshotPage('a'), recordingReader().read);
    now += 501;
    expect(await slow.take(device, next)).toBeNull();
  });

  it('holds one page per device and at most maxDevices, dropping expired ones first', async () => {
    let now = 0;
    const ahead = new SnapshotReadAhead({ maxDevices: 2, ttlMs: 100, now: () => now });
    const reader = recordingReader();
    const devices = ['d1', 'd2', 'd3'].map((deviceId) => ({ ...device, deviceId }));
    ahead.readAfter(devices[0]!, first, snapshotPage('a'), reader.read);
    ahead.readAfter(devices[0]!, first, snapshotPage('b'), reader.read);
    ahead.readAfter(devices[1]!, first, snapshotPage('a'), reader.read);
    ahead.readAfter(devices[2]!, first, snapshotPage('a'), reader.read);
    expect(ahead.size).toBe(2);
    expect(reader.asked).toHaveLength(3); // the third device found no room
    const d1next = { ...first, snapshot: { version: 7, table: 'customers', afterId: 'b' } };
    now += 101;
    ahead.readAfter(devices[2]!, first, snapshotPage('a'), reader.read);
    expect(ahead.size).toBe(1);
    expect(await ahead.take(devices[0]!, d1next)).toBeNull();
  });
});
