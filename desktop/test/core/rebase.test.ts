import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeHlc, type PullResponse, type Row, type RowChange } from '@forecourt/shared';
import { silentLogger } from '../../src/core/logger.ts';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { applyPullResponse } from '../../src/core/rebase.ts';
import { META } from '../../src/core/replica/meta.ts';
import { createReplicaFixture, outboxRows, undoRows, type ReplicaFixture } from './support/replica-fixture.ts';

const SERVER_HLC = '001795000000000-00000-server';

function page(overrides: Partial<PullResponse> = {}): PullResponse {
  return {
    changes: [],
    checkpoint: 1,
    hasMore: false,
    lastMutationId: null,
    outcomes: [],
    serverHlc: SERVER_HLC,
    ...overrides,
  };
}

const put = (table: string, row: Row): RowChange => ({ table, op: 'put', id: row.id, row });

function present(row: Row | null): Row {
  if (!row) throw new Error('expected the row to be there');
  return row;
}

describe('rebase onto a pull page', () => {
  let f: ReplicaFixture;
  const mutate = (name: string, args: unknown) =>
    runLocalMutation(f.replica, f.manager, name, args, { wallNow: f.clock.wallNow, freshId: f.clock.freshId }).result;
  const actorProfile = (userId: string) => [f.staff, f.manager].find((actor) => actor.userId === userId) ?? null;
  const apply = (response: PullResponse) =>
    applyPullResponse(
      { replica: f.replica, wallNow: f.clock.wallNow, freshId: f.clock.freshId, logger: silentLogger, actorProfile },
      response,
    );
  const store = () => f.replica.store();

  beforeEach(() => {
    f = createReplicaFixture();
  });
  afterEach(() => f.close());

  it('undoes pending edits, applies the server row, and re-applies the edits on top of it', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha', phone: null });
    mutate('customer.update', { customerId: customer.id, notes: 'prefers mornings' });
    const fromServer = {
      ...customer,
      name: 'Asha Rao',
      phone: '+919812345678',
      updated_at: '2026-11-22T09:30:00.000Z',
    };
    const result = apply(page({ changes: [put('customers', fromServer)], checkpoint: 5 }));
    expect(store().get('customers', customer.id)).toMatchObject({
      name: 'Asha Rao',
      phone: '+919812345678',
      notes: 'prefers mornings',
    });
    expect(result.tables).toEqual(['customers']);
    expect(outboxRows(f.replica)).toHaveLength(1);
    // The undo image now holds the new server row, so the next rebase restores that one.
    expect(JSON.parse(String(undoRows(f.replica)[0]?.before))).toEqual(fromServer);
    expect(f.replica.cursor()).toBe(5);
  });

  it('drops confirmed mutations by lastMutationId and keeps the server row', () => {
    const { customerId } = mutate('customer.create', { name: 'Confirmed' });
    const optimistic = store().get('customers', String(customerId));
    if (!optimistic) throw new Error('no optimistic row');
    const confirmed = { ...optimistic, updated_at: '2026-11-22T09:00:01.000Z' };
    const result = apply(page({ changes: [put('customers', confirmed)], lastMutationId: 1 }));
    expect(result.confirmed).toEqual([1]);
    expect(outboxRows(f.replica)).toEqual([]);
    expect(undoRows(f.replica)).toEqual([]);
    expect(store().get('customers', String(customerId))).toEqual(confirmed);
  });

  it('keeps an optimistic row through pages that do not confirm it, until its server version arrives', () => {
    const { customerId } = mutate('customer.create', { name: 'Always Here' });
    const id = String(customerId);
    const other = f.seed('customers', { site_id: f.siteId, name: 'Unrelated' });
    apply(page({ changes: [put('customers', { ...other, name: 'Unrelated 2' })], hasMore: true, checkpoint: 3 }));
    expect(store().get('customers', id)).toMatchObject({ name: 'Always Here' });
    // The server has applied it, but this page is not the one that catches up: still pending.
    apply(page({ changes: [], hasMore: true, checkpoint: 4 }));
    expect(store().get('customers', id)).toMatchObject({ name: 'Always Here' });
    expect(outboxRows(f.replica)).toHaveLength(1);
    const serverRow = { ...present(store().get('customers', id)), updated_at: '2026-11-22T09:00:02.000Z' };
    apply(page({ changes: [put('customers', serverRow)], checkpoint: 5, lastMutationId: 1 }));
    expect(store().get('customers', id)).toEqual(serverRow);
    expect(outboxRows(f.replica)).toEqual([]);
  });

  it('ends on the last version of a row when a page carries its own settled edit and then a later one', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha', notes: null });
    mutate('customer.update', { customerId: customer.id, notes: 'mine' });
    const mine = present(store().get('customers', customer.id));
    // The server applied this counter's edit, then another counter's concurrent edit that won.
    const theirs = { ...mine, notes: 'theirs', updated_at: '2026-11-22T10:00:00.000Z' };
    apply(page({ changes: [put('customers', mine), put('customers', theirs)], checkpoint: 7, lastMutationId: 1 }));
    expect(store().get('customers', customer.id)).toEqual(theirs);
    expect(outboxRows(f.replica)).toEqual([]);
  });

  it('takes a rejected mutation out of the data, shows the reason, and still applies the ones behind it', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'To be deleted' });
    mutate('customer.delete', { customerId: customer.id });
    const { customerId: laterId } = mutate('customer.create', { name: 'Created after' });
    expect(store().get('customers', customer.id)?.deleted_at).not.toBeNull();
    const later = present(store().get('customers', String(laterId)));
    const result = apply(
      page({
        changes: [put('customers', later)],
        lastMutationId: 2,
        outcomes: [
          {
            id: 1,
            status: 'rejected',
            error: { code: 'forbidden', message: 'customer.delete needs the role owner or manager' },
          },
        ],
      }),
    );
    expect(result).toMatchObject({ confirmed: [2], rejected: [1] });
    expect(store().get('customers', customer.id)).toEqual(customer);
    expect(store().get('customers', String(laterId))).toMatchObject({ name: 'Created after' });
    expect(f.replica.outbox.rejections()).toEqual([
      expect.objectContaining({
        mutationId: 1,
        name: 'customer.delete',
        code: 'forbidden',
        message: 'customer.delete needs the role owner or manager',
        args: { customerId: customer.id },
        actorId: f.manager.userId,
      }),
    ]);
  });

  it('takes out what depended on a rejected mutation and keeps that one pending with its local reason', () => {
    const { customerId } = mutate('customer.create', { name: 'Rejected Ravi' });
    const { jobId } = mutate('job.create', { customerId });
    apply(
      page({
        lastMutationId: 1,
        outcomes: [{ id: 1, status: 'rejected', error: { code: 'conflict', message: 'duplicate customer' } }],
      }),
    );
    expect(store().get('customers', String(customerId))).toBeNull();
    expect(store().get('jobs', String(jobId))).toBeNull();
    expect(f.replica.outbox.pending()).toEqual([
      expect.objectContaining({ mutationId: 2, localError: 'customer not found' }),
    ]);
    expect(f.replica.outbox.rejections().map((rejection) => rejection.code)).toEqual(['conflict']);
  });

  it('keeps a re-run that now breaks a rule in the outbox with its reason and no local effect', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha' });
    const job = f.seed('jobs', {
      site_id: f.siteId,
      number: 'BLR1B-00007',
      customer_id: customer.id,
      status: 'in_progress',
      currency: 'INR',
    });
    mutate('job.update', { jobId: job.id, concern: 'brakes squeal' });
    const delivered = { ...job, status: 'delivered', updated_at: '2026-11-22T10:00:00.000Z' };
    apply(page({ changes: [put('jobs', delivered)] }));
    expect(store().get('jobs', job.id)).toEqual(delivered);
    expect(store().count('job_updates')).toBe(0);
    expect(f.replica.outbox.pending()).toEqual([
      expect.objectContaining({ mutationId: 1, localError: expect.stringContaining('can no longer change') }),
    ]);
    expect(undoRows(f.replica)).toEqual([]);
    // Reopened on the server: the next rebase applies the edit again and clears the reason.
    apply(page({ changes: [put('jobs', { ...delivered, status: 'in_progress' })] }));
    expect(store().get('jobs', job.id)).toMatchObject({ status: 'in_progress', concern: 'brakes squeal' });
    expect(f.replica.outbox.pending()).toEqual([expect.objectContaining({ mutationId: 1, localError: null })]);
  });

  it('removes rows, skips unknown tables and columns, and refuses rows of another tenant', () => {
    const gone = f.seed('customers', { site_id: f.siteId, name: 'Gone' });
    const fresh = f.seed('customers', { site_id: f.siteId, name: 'Fresh' });
    store().remove('customers', fresh.id);
    const foreign = {
      ...fresh,
      id: '01a20000-0000-7000-8000-0000000000aa',
      tenant_id: '01a20000-0000-7000-8000-0000000000bb',
    };
    const result = apply(
      page({
        changes: [
          { table: 'customers', op: 'remove', id: gone.id },
          { table: 'spaceships', op: 'put', id: 'x', row: { id: 'x' } },
          put('customers', { ...fresh, loyalty_tier: 'gold' }),
          put('customers', foreign),
        ],
      }),
    );
    expect(store().get('customers', gone.id)).toBeNull();
    expect(store().get('customers', fresh.id)).toEqual(fresh);
    expect(store().get('customers', foreign.id)).toBeNull();
    expect(result.tables).toEqual(['customers']);
  });

  it('keeps the cursor while a snapshot streams and moves it to the snapshot version at the end', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Snap' });
    const snapshot = { version: 12, table: 'customers', afterId: customer.id };
    apply(page({ changes: [put('customers', customer)], checkpoint: 12, snapshot, hasMore: true }));
    expect(f.replica.cursor()).toBe(0);
    expect(f.replica.snapshot()).toEqual(snapshot);
    apply(page({ changes: [], checkpoint: 12, snapshot: null, hasMore: true }));
    expect(f.replica.snapshot()).toBeNull();
    expect(f.replica.cursor()).toBe(12);
    apply(page({ checkpoint: 15 }));
    expect(f.replica.cursor()).toBe(15);
  });

  it('rolls the whole page back when a row is unusable: a checkpoint is applied whole or not at all', () => {
    const { customerId } = mutate('customer.create', { name: 'Mine' });
    const first = f.seed('customers', { site_id: f.siteId, name: 'First' });
    expect(() =>
      apply(
        page({
          changes: [put('customers', { ...first, name: 'First v2' }), { table: 'customers', op: 'put', id: 'broken' }],
          checkpoint: 9,
        }),
      ),
    ).toThrow();
    expect(store().get('customers', first.id)).toMatchObject({ name: 'First' });
    expect(store().get('customers', String(customerId))).toMatchObject({ name: 'Mine' });
    expect(undoRows(f.replica)).toHaveLength(1);
    expect(f.replica.cursor()).toBe(0);
  });

  it('merges the server HLC into the local clock', () => {
    const ahead = `${String(f.clock.now + 60_000).padStart(15, '0')}-00003-server`;
    apply(page({ serverHlc: ahead }));
    const local = decodeHlc(String(f.replica.meta.get(META.hlc)));
    expect(local.wallMs).toBe(f.clock.now + 60_000);
    expect(local.counter).toBe(4);
  });
});
