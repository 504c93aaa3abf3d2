import { afterEach, describe, expect, it } from 'vitest';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * The sync status and every pull read the outbox's size, first queued mutation and smallest id
 * (replica/outbox.ts `stats`, `smallestId`); they are found without an index on created_at, which
 * migration 0097 dropped so that a local write writes one page fewer.
 */
describe('outbox status', () => {
  let f: ReplicaFixture;
  afterEach(() => f.close());

  it('counts what is pending and names the first queued mutation, also after the first is settled', () => {
    f = createReplicaFixture();
    expect(f.replica.outbox.stats()).toEqual({ count: 0, oldestCreatedAt: null, smallestId: null });
    expect(f.replica.outbox.smallestId()).toBeNull();
    const queuedAt: string[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      queuedAt.push(new Date(f.clock.wallNow()).toISOString());
      runLocalMutation(f.replica, f.manager, 'customer.create', { name }, f.clock);
      f.clock.advance(60_000);
    }
    const [first, second] = f.replica.outbox.pending().map((entry) => entry.mutationId) as [number, number];
    expect(f.replica.outbox.stats()).toEqual({ count: 3, oldestCreatedAt: queuedAt[0], smallestId: first });
    expect(f.replica.outbox.smallestId()).toBe(first);

    f.replica.db.transaction(() => f.replica.outbox.drop(first))();
    expect(f.replica.outbox.stats()).toEqual({ count: 2, oldestCreatedAt: queuedAt[1], smallestId: second });
    expect(f.replica.outbox.smallestId()).toBe(second);
    const indexes = f.replica.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'")
      .all()
      .map((index) => index.name);
    expect(indexes).not.toContain('outbox_created');
  });
});
