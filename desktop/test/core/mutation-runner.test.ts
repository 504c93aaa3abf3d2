import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareHlc, DomainError, type PullResponse } from '@forecourt/shared';
import { silentLogger } from '../../src/core/logger.ts';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { applyPullResponse } from '../../src/core/rebase.ts';
import { META } from '../../src/core/replica/meta.ts';
import { openReplica } from '../../src/core/replica/open-replica.ts';
import { Replica } from '../../src/core/replica/replica.ts';
import { createReplicaFixture, outboxRows, undoRows, type ReplicaFixture } from './support/replica-fixture.ts';

describe('mutation runner', () => {
  let f: ReplicaFixture;
  const run = (name: string, args: unknown, actor = f.staff) =>
    runLocalMutation(f.replica, actor, name, args, { wallNow: f.clock.wallNow, freshId: f.clock.freshId });

  beforeEach(() => {
    f = createReplicaFixture();
  });
  afterEach(() => f.close());

  it('writes the rows and appends one outbox row whose id grows by exactly one', () => {
    const { result: first } = run('customer.create', { name: 'Asha Rao' });
    const { result: second } = run('customer.create', { name: 'Ravi Kumar' });
    expect(f.replica.store().get('customers', String(first.customerId))).toMatchObject({
      name: 'Asha Rao',
      site_id: f.siteId,
    });
    const rows = outboxRows(f.replica);
    expect(rows.map((row) => row.mutation_id)).toEqual([1, 2]);
    expect(rows[1]).toMatchObject({ name: 'customer.create', actor_id: f.staff.userId, base_version: 0 });
    expect(JSON.parse(String(rows[1]?.env))).toMatchObject({ ids: [second.customerId] });
  });

  it('never reuses a mutation id after the outbox drains', () => {
    run('customer.create', { name: 'One' });
    run('customer.create', { name: 'Two' });
    // A local write keeps its id in its outbox row only; meta keeps it once the row is dropped.
    expect(f.replica.meta.get(META.lastMutationId)).toBeNull();
    f.replica.outbox.drop(2);
    f.replica.outbox.drop(1);
    expect(f.replica.meta.get(META.lastMutationId)).toBe('2');
    expect(run('customer.create', { name: 'Three' }).mutationId).toBe(3);
    f.replica.outbox.drop(3);
    expect(run('customer.create', { name: 'Four' }).mutationId).toBe(4);
  });

  it('keeps the clock moving forward across a restart and after the outbox drains, though the wall clock goes back', () => {
    const hlcOf = (replica: Replica, mutationId: number) =>
      String(outboxRows(replica).find((row) => row.mutation_id === mutationId)?.hlc);
    run('customer.create', { name: 'One' });
    const first = hlcOf(f.replica, 1);
    expect(f.replica.meta.get(META.hlc)).toBeNull();
    f.replica.close();
    const reopened = new Replica(openReplica(f.dir, { logger: silentLogger }));
    try {
      f.clock.advance(-3_600_000);
      const runThere = (name: string) =>
        runLocalMutation(reopened, f.staff, 'customer.create', { name }, f.clock).mutationId;
      expect(runThere('Two')).toBe(2);
      const second = hlcOf(reopened, 2);
      expect(compareHlc(second, first)).toBeGreaterThan(0);
      reopened.outbox.drop(1);
      reopened.outbox.drop(2);
      expect(reopened.meta.get(META.hlc)).toBe(second);
      f.clock.advance(-3_600_000);
      expect(runThere('Three')).toBe(3);
      expect(compareHlc(hlcOf(reopened, 3), second)).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
  });

  it('records the base version and an HLC that keeps increasing on this device', () => {
    f.replica.meta.set(META.cursor, '41');
    run('customer.create', { name: 'One' });
    run('customer.create', { name: 'Two' });
    const [a, b] = outboxRows(f.replica);
    expect(a?.base_version).toBe(41);
    expect(String(a?.hlc) < String(b?.hlc)).toBe(true);
    expect(String(b?.hlc)).toContain(f.identity.deviceId.replaceAll('-', ''));
  });

  it('captures before-images: the old row for an update, NULL for an insert', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Before' });
    run('customer.update', { customerId: customer.id, notes: 'after' });
    const undo = undoRows(f.replica);
    expect(undo).toHaveLength(1);
    expect(JSON.parse(String(undo[0]?.before))).toEqual(customer);
    run('job.create', { customerId: customer.id });
    const jobUndo = undoRows(f.replica).filter((row) => row.mutation_id === 2);
    expect(jobUndo.map((row) => [row.table_name, row.before])).toEqual([
      ['jobs', null],
      ['job_updates', null],
    ]);
  });

  it('rolls the whole transaction back when a later change fails: rows, numbers, clock and outbox', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha' });
    // The job's timeline entry will get the second fresh id: make that id already taken.
    let calls = 0;
    const takenId = '01a20000-0000-7000-8000-000000000002';
    const freshId = () => (++calls === 2 ? takenId : f.clock.freshId());
    f.seed('job_updates', {
      id: takenId,
      site_id: f.siteId,
      job_id: customer.id,
      kind: 'note',
      author_id: f.staff.userId,
    });
    const hlcBefore = f.replica.meta.get(META.hlc);
    expect(() =>
      runLocalMutation(
        f.replica,
        f.staff,
        'job.create',
        { customerId: customer.id },
        { wallNow: f.clock.wallNow, freshId },
      ),
    ).toThrow(DomainError);
    expect(f.replica.store().count('jobs')).toBe(0);
    expect(outboxRows(f.replica)).toEqual([]);
    expect(undoRows(f.replica)).toEqual([]);
    expect(f.replica.meta.get(META.hlc)).toBe(hlcBefore);
    expect(f.replica.meta.get(META.lastMutationId)).toBeNull();
    // The job number was not consumed either: the next job still gets 00001.
    expect(run('job.create', { customerId: customer.id }).result.number).toBe('BLR1A-00001');
  });

  it('hands the DomainError of decide to the caller unchanged', () => {
    const error = (() => {
      try {
        run('job.create', { customerId: '01a20000-0000-7000-8000-0000000000ff' });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'not-found', message: 'customer not found' });
  });

  it('refuses without a signed-in user, for viewers, invalid input and unknown mutations', () => {
    const viewer = { ...f.staff, role: 'viewer' as const };
    expect(() => runLocalMutation(f.replica, null, 'customer.create', { name: 'X' }, f.clock)).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    expect(() => run('customer.create', { name: 'X' }, viewer)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => run('customer.create', { name: '' })).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => run('customer.launch', {})).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(outboxRows(f.replica)).toEqual([]);
  });

  it('refuses a user who is not assigned to the site of a site device', () => {
    const elsewhere = { ...f.staff, siteIds: ['01a20000-0000-7000-8000-00000000000a'] };
    expect(() => run('customer.create', { name: 'X' }, elsewhere)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    const owner = { userId: f.staff.userId, role: 'owner' as const, siteIds: [] };
    expect(run('customer.create', { name: 'By the owner' }, owner).result.customerId).toBeTypeOf('string');
  });

  it('takes job numbers from the device series and replays the recorded env to the same ids and numbers', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha' });
    const first = run('job.create', { customerId: customer.id }).result;
    const second = run('job.create', { customerId: customer.id }).result;
    expect([first.number, second.number]).toEqual(['BLR1A-00001', 'BLR1A-00002']);
    const tenant = f.replica.store().get('tenants', f.identity.tenantId);
    const page: PullResponse = {
      changes: [{ table: 'tenants', op: 'put', id: f.identity.tenantId, row: { ...tenant, name: 'Renamed Garage' } }],
      checkpoint: 0,
      hasMore: true,
      lastMutationId: null,
      outcomes: [],
      serverHlc: '000000000000000-00000-server',
    };
    // A rebase undoes both jobs and re-runs them from their recorded env.
    const rebased = applyPullResponse(
      {
        replica: f.replica,
        wallNow: f.clock.wallNow,
        freshId: f.clock.freshId,
        logger: silentLogger,
        actorProfile: () => f.staff,
      },
      page,
    );
    expect(rebased.tables).toEqual(expect.arrayContaining(['jobs', 'job_updates', 'tenants']));
    const jobs = f.replica.store().find('jobs', {}, { orderBy: 'number' });
    expect(jobs.map((job) => [job.id, job.number])).toEqual([
      [first.jobId, 'BLR1A-00001'],
      [second.jobId, 'BLR1A-00002'],
    ]);
    expect(f.replica.store().count('job_updates')).toBe(2);
    expect(run('job.create', { customerId: customer.id }).result.number).toBe('BLR1A-00003');
  });
});
