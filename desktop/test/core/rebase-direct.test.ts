import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7, type PullResponse, type Row, type RowBlock, type RowChange } from '@forecourt/shared';
import { silentLogger } from '../../src/core/logger.ts';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { applyPullResponse } from '../../src/core/rebase.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * With nothing pending (a first sync), a pull page is written straight from the page, one pass
 * per row (rebase.ts `writePageDirectly`). It must write exactly what the rebase path writes when
 * mutations are pending, and refuse exactly what that path refuses.
 */
const put = (table: string, row: Record<string, unknown>): RowChange => ({ table, op: 'put', id: String(row.id), row });

function page(changes: RowChange[], checkpoint = 7, blocks?: RowBlock[]): PullResponse {
  return {
    ...(blocks ? { blocks } : {}),
    changes,
    checkpoint,
    hasMore: false,
    lastMutationId: null,
    outcomes: [],
    serverHlc: '001795000000000-00000-server',
  };
}

/**
 * The same page with its puts as row blocks, as a server sends a snapshot page (protocol.ts
 * RowBlock): one block per run of puts of a table, columns = every key its rows have, a value a
 * row lacks sent as null. Removes stay changes.
 */
function asBlocks(changes: readonly RowChange[]): { blocks: RowBlock[]; changes: RowChange[] } {
  const blocks: RowBlock[] = [];
  const rest: RowChange[] = [];
  for (const change of changes) {
    if (change.op !== 'put' || !change.row) {
      rest.push(change);
      continue;
    }
    let block = blocks.at(-1);
    if (block?.table !== change.table) {
      block = { table: change.table, columns: [], rows: [] };
      blocks.push(block);
    }
    const current = block;
    for (const column of Object.keys(change.row)) {
      if (current.columns.includes(column)) continue;
      current.columns.push(column);
      for (const row of current.rows) row.push(null);
    }
    current.rows.push(current.columns.map((column) => change.row?.[column] ?? null));
  }
  return { blocks, changes: rest };
}

describe('a pull page with nothing pending', () => {
  const fixtures: ReplicaFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.close();
  });

  function open() {
    const f = createReplicaFixture();
    fixtures.push(f);
    const actorProfile = (userId: string) => [f.staff, f.manager].find((actor) => actor.userId === userId) ?? null;
    const apply = (response: PullResponse) =>
      applyPullResponse(
        { replica: f.replica, wallNow: f.clock.wallNow, freshId: f.clock.freshId, logger: silentLogger, actorProfile },
        response,
      );
    return { f, apply };
  }

  /** A page of every kind of row: plain, with unknown columns, with absent columns, JSON and booleans. */
  function changesFor(f: ReplicaFixture, removedId: string): RowChange[] {
    const base = {
      tenant_id: f.replica.requireIdentity().tenantId,
      created_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T10:00:00.000Z',
    };
    const customerId = '01a30000-0000-7000-8000-000000000001';
    return [
      put('customers', {
        ...base,
        id: customerId,
        site_id: f.siteId,
        name: 'Asha',
        phone: '+919800000001',
        deleted_at: null,
      }),
      // A newer server's column is dropped; a column the server left out is null.
      put('customers', {
        ...base,
        id: '01a30000-0000-7000-8000-000000000002',
        site_id: f.siteId,
        name: 'Ravi',
        loyalty: 3,
      }),
      put('users', {
        ...base,
        id: '01a30000-0000-7000-8000-000000000003',
        email: 'meera@example.in',
        name: 'Meera',
        role: 'staff',
        site_ids: [f.siteId],
        active: false,
        deleted_at: null,
      }),
      put('jobs', {
        ...base,
        id: '01a30000-0000-7000-8000-000000000004',
        site_id: f.siteId,
        number: 'BLR1-00001',
        customer_id: customerId,
        status: 'pending',
        currency: 'INR',
        estimate_minor: 125000,
      }),
      { table: 'customers', op: 'remove', id: removedId },
      { table: 'spaceships', op: 'put', id: 'x', row: { id: 'x' } },
      put('customers', {
        ...base,
        tenant_id: uuidv7(),
        id: '01a30000-0000-7000-8000-000000000005',
        site_id: f.siteId,
        name: 'Foreign',
      }),
    ];
  }

  function dump(f: ReplicaFixture): Record<string, Row[]> {
    const out: Record<string, Row[]> = {};
    for (const table of ['customers', 'users', 'jobs'] as const) {
      out[table] = f.replica
        .store()
        .find(table, {}, { includeDeleted: true })
        .filter((row) => row.id.startsWith('01a3'));
    }
    return out;
  }

  it('writes the same rows as the rebase path with pending mutations', () => {
    const direct = open();
    const gone = direct.f.seed('customers', {
      id: '01a30000-0000-7000-8000-0000000000ff',
      site_id: direct.f.siteId,
      name: 'Gone',
    });
    const directResult = direct.apply(page(changesFor(direct.f, gone.id)));

    const rebased = open();
    const goneToo = rebased.f.seed('customers', {
      id: '01a30000-0000-7000-8000-0000000000ff',
      site_id: rebased.f.siteId,
      name: 'Gone',
    });
    // A pending mutation on an unrelated row sends the page through undo/apply/redo.
    runLocalMutation(
      rebased.f.replica,
      rebased.f.manager,
      'customer.create',
      { name: 'Pending' },
      {
        wallNow: rebased.f.clock.wallNow,
        freshId: rebased.f.clock.freshId,
      },
    );
    expect(rebased.f.replica.outbox.isEmpty()).toBe(false);
    const rebasedResult = rebased.apply(page(changesFor(rebased.f, goneToo.id)));

    const rename = (rows: Record<string, Row[]>, f: ReplicaFixture) =>
      JSON.parse(
        JSON.stringify(rows).split(f.replica.requireIdentity().tenantId).join('T').split(f.siteId).join('S'),
      ) as unknown;
    expect(rename(dump(direct.f), direct.f)).toEqual(rename(dump(rebased.f), rebased.f));
    expect(directResult.tables.sort()).toEqual(rebasedResult.tables.sort());
    expect(direct.f.replica.store().get('customers', gone.id)).toBeNull();
    expect(direct.f.replica.store().get('customers', '01a30000-0000-7000-8000-000000000005')).toBeNull();
    expect(direct.f.replica.store().get('customers', '01a30000-0000-7000-8000-000000000002')).toMatchObject({
      name: 'Ravi',
      phone: null,
    });
    expect(direct.f.replica.store().get('users', '01a30000-0000-7000-8000-000000000003')).toMatchObject({
      site_ids: [direct.f.siteId],
      active: false,
    });
    expect(direct.f.replica.cursor()).toBe(7);
  });

  it('writes the same rows from row blocks as from changes, straight or through the rebase path', () => {
    const replicas = ['changes', 'blocks', 'blocks, pending'].map((mode) => {
      const opened = open();
      const gone = opened.f.seed('customers', {
        id: '01a30000-0000-7000-8000-0000000000ff',
        site_id: opened.f.siteId,
        name: 'Gone',
      });
      if (mode === 'blocks, pending') {
        runLocalMutation(opened.f.replica, opened.f.manager, 'customer.create', { name: 'Pending' }, opened.f.clock);
      }
      const changes = changesFor(opened.f, gone.id);
      const split = asBlocks(changes);
      const result =
        mode === 'changes' ? opened.apply(page(changes)) : opened.apply(page(split.changes, 7, split.blocks));
      return { f: opened.f, result, blocks: split.blocks };
    });
    const rename = (f: ReplicaFixture) =>
      JSON.parse(
        JSON.stringify(dump(f)).split(f.replica.requireIdentity().tenantId).join('T').split(f.siteId).join('S'),
      ) as unknown;
    const [changes, blocks, pending] = replicas as [(typeof replicas)[0], (typeof replicas)[0], (typeof replicas)[0]];
    expect(blocks.blocks.map((block) => block.table)).toEqual([
      'customers',
      'users',
      'jobs',
      'spaceships',
      'customers',
    ]);
    expect(rename(blocks.f)).toEqual(rename(changes.f));
    expect(rename(pending.f)).toEqual(rename(changes.f));
    expect(blocks.result.tables.sort()).toEqual(changes.result.tables.sort());
    expect(blocks.f.replica.store().get('customers', '01a30000-0000-7000-8000-000000000005')).toBeNull();
    expect(blocks.f.replica.cursor()).toBe(7);
  });

  it('rolls a page of row blocks back whole when a value does not fit or a row has no id', () => {
    const { f, apply } = open();
    const before = f.seed('customers', {
      id: '01a30000-0000-7000-8000-000000000010',
      site_id: f.siteId,
      name: 'First',
    });
    const block = (rows: unknown[][]): RowBlock => ({ table: 'customers', columns: Object.keys(before), rows });
    expect(() =>
      apply(
        page([], 7, [
          block([
            Object.values({ ...before, name: 'First v2' }),
            Object.values({ ...before, id: '01a30000-0000-7000-8000-000000000011', name: 42 }),
          ]),
        ]),
      ),
    ).toThrow(/customers.name must be of kind text/);
    expect(() => apply(page([], 7, [block([Object.values({ ...before, id: null })])]))).toThrow(/has no id/);
    expect(f.replica.store().get('customers', before.id)).toMatchObject({ name: 'First' });
    expect(f.replica.store().get('customers', '01a30000-0000-7000-8000-000000000011')).toBeNull();
    expect(f.replica.cursor()).toBe(0);
  });

  it('rolls the whole page back when a value does not fit its column', () => {
    const { f, apply } = open();
    const before = f.seed('customers', {
      id: '01a30000-0000-7000-8000-000000000010',
      site_id: f.siteId,
      name: 'First',
    });
    expect(() =>
      apply(
        page([
          put('customers', { ...before, name: 'First v2' }),
          put('customers', { ...before, id: '01a30000-0000-7000-8000-000000000011', name: 42 }),
        ]),
      ),
    ).toThrow(/customers.name must be of kind text/);
    expect(() => apply(page([{ table: 'customers', op: 'put', id: 'broken' }]))).toThrow(/without a row/);
    expect(f.replica.store().get('customers', before.id)).toMatchObject({ name: 'First' });
    expect(f.replica.store().get('customers', '01a30000-0000-7000-8000-000000000011')).toBeNull();
    expect(f.replica.cursor()).toBe(0);
  });
});
