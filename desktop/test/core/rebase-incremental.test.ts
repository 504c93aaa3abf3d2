import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_STATUSES, TABLE_NAMES, quote, type PullResponse, type Row, type RowChange } from '@forecourt/shared';
import { silentLogger } from '../../src/core/logger.ts';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { applyPullResponse } from '../../src/core/rebase.ts';
import { Replica } from '../../src/core/replica/replica.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * The rebase re-runs only the pending mutations a page can change (rebase-scope.ts). Property:
 * from the same replica, applying a page that way leaves exactly what a rebase that re-runs every
 * pending mutation leaves (the definition in DESIGN §4.4): the same rows, outbox, undo images,
 * reads and rejections. Pages are arbitrary: server edits of any row, rows sent back unchanged,
 * removals and rows coming back, and prefixes of the outbox settled, some of them rejected.
 */
type Step =
  | { kind: 'mutate'; op: number; pick: number; text: number }
  | { kind: 'page'; picks: number[]; edit: number; settle: number; rejectMask: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('mutate' as const), op: fc.nat(8), pick: fc.nat(5), text: fc.nat(3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('page' as const),
      picks: fc.array(fc.nat(15), { maxLength: 6 }),
      edit: fc.nat(),
      settle: fc.nat(),
      rejectMask: fc.nat(),
    }),
  },
);

const TABLES = ['customers', 'vehicles', 'jobs', 'job_updates'] as const;

describe('incremental rebase', () => {
  let f: ReplicaFixture;
  let copies = 0;
  let removed: Array<{ table: string; row: Row }> = [];
  beforeEach(() => {
    f = createReplicaFixture();
  });
  afterEach(() => f.close());

  const rows = (replica: Replica, table: string): Row[] =>
    replica.db.prepare(`SELECT * FROM ${quote(table)} ORDER BY id`).all() as Row[]; // raw rows, compared as they are
  const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];

  function mutate({ op, pick: n, text }: Extract<Step, { kind: 'mutate' }>): void {
    const customer = pick(rows(f.replica, 'customers'), n);
    const job = pick(rows(f.replica, 'jobs'), n);
    const vehicle = pick(rows(f.replica, 'vehicles'), text);
    const attempts: Array<[string, unknown] | null> = [
      ['customer.create', { name: `Customer ${text}` }],
      customer ? ['customer.update', { customerId: customer.id, notes: `note ${text}` }] : null,
      customer ? ['job.create', { customerId: customer.id, concern: `concern ${text}` }] : null,
      job ? ['job.update', { jobId: job.id, concern: `edit ${text}` }] : null,
      job ? ['job.addNote', { jobId: job.id, body: `note ${text}` }] : null,
      job ? ['job.setStatus', { jobId: job.id, status: JOB_STATUSES[n % JOB_STATUSES.length], reason: 'r' }] : null,
      customer ? ['customer.delete', { customerId: customer.id }] : null,
      job ? ['job.update', { jobId: job.id, keyTag: `K${text}` }] : null,
      customer && vehicle ? ['job.create', { customerId: customer.id, vehicleId: vehicle.id }] : null,
    ];
    const attempt = attempts[op];
    if (!attempt) return;
    f.clock.advance(1000);
    try {
      runLocalMutation(f.replica, f.manager, attempt[0], attempt[1], {
        wallNow: f.clock.wallNow,
        freshId: f.clock.freshId,
      });
    } catch {
      // Refused locally (a rule): nothing was queued, which is a valid step too.
    }
  }

  function page(
    { picks, edit, settle, rejectMask }: Extract<Step, { kind: 'page' }>,
    checkpoint: number,
  ): PullResponse {
    const candidates = TABLES.flatMap((table) => rows(f.replica, table).map((row) => ({ table, row })));
    const changes: RowChange[] = picks.flatMap((n, index): RowChange[] => {
      const chosen = pick(candidates, n);
      const mode = (edit >> (index * 2)) & 3;
      const gone = removed.at(n % Math.max(removed.length, 1));
      // Back on the server: mutations that failed locally without it can succeed again.
      if (mode === 3 && gone) return [{ table: gone.table, op: 'put', id: gone.row.id, row: gone.row }];
      if (!chosen) return [];
      if (mode === 0) {
        removed.push({ table: chosen.table, row: f.replica.store().get(chosen.table, chosen.row.id) ?? chosen.row });
        return [{ table: chosen.table, op: 'remove', id: chosen.row.id }];
      }
      const row = f.replica.store().get(chosen.table, chosen.row.id) ?? chosen.row;
      const edited = mode === 1 ? { ...row, updated_at: `2027-01-01T00:00:0${index}.000Z` } : row;
      return [{ table: chosen.table, op: 'put', id: row.id, row: edited }];
    });
    const pending = f.replica.outbox.pending().map((entry) => entry.mutationId);
    const first = pending[0];
    const settled = first === undefined || settle % 3 === 0 ? null : first - 1 + (settle % (pending.length + 1));
    const outcomes = pending
      .filter((id, index) => settled !== null && id <= settled && (rejectMask >> index) & 1)
      .map((id) => ({ id, status: 'rejected' as const, error: { code: 'conflict', message: `refused ${id}` } }));
    return {
      changes,
      checkpoint,
      hasMore: true,
      lastMutationId: settled,
      outcomes,
      serverHlc: '001795000000000-00000-server',
    };
  }

  /** Everything a rebase leaves behind, in a comparable form. */
  function snapshot(replica: Replica): unknown {
    const all = (sql: string) => replica.db.prepare(sql).all();
    return {
      tables: Object.fromEntries(TABLE_NAMES.map((table) => [table, rows(replica, table)])),
      outbox: all('SELECT mutation_id, local_error FROM outbox ORDER BY mutation_id'),
      undo: all('SELECT mutation_id, seq, table_name, row_id, before FROM outbox_undo ORDER BY mutation_id, seq'),
      reads: all('SELECT mutation_id, table_name, row_id FROM outbox_reads ORDER BY mutation_id, table_name, row_id'),
      rejections: all('SELECT mutation_id, error_code FROM rejections ORDER BY mutation_id'),
    };
  }

  function applyBoth(response: PullResponse): void {
    // The reference: a copy of the same replica whose mutations all have an unknown footprint, so
    // that the rebase re-runs every one of them.
    const copy = join(f.dir, `reference-${++copies}.sqlite`);
    f.replica.db.prepare('VACUUM INTO ?').run(copy);
    const full = new Replica(new Database(copy));
    full.db.exec('UPDATE outbox SET reads_recorded = 0');
    const apply = (replica: Replica) => {
      let next = 0;
      const freshId = () => `00000000-0000-7000-8000-${String(++next).padStart(12, '0')}`;
      const actorProfile = (userId: string) => (userId === f.manager.userId ? f.manager : null);
      return applyPullResponse(
        { replica, wallNow: f.clock.wallNow, freshId, logger: silentLogger, actorProfile },
        response,
      );
    };
    const expected = apply(full);
    const actual = apply(f.replica);
    expect({ ...actual, tables: [] }).toEqual({ ...expected, tables: [] });
    expect(snapshot(f.replica)).toEqual(snapshot(full));
    full.close();
  }

  /** A job.create that fails while its vehicle is gone from the server, and succeeds once it is back. */
  function jobWaitingForItsVehicle(customerId: string) {
    const vehicle = f.seed('vehicles', { site_id: f.siteId, customer_id: customerId, registration: 'KA01AB1234' });
    run('job.create', { customerId, vehicleId: vehicle.id });
    applyBoth({ ...base, checkpoint: 1, changes: [{ table: 'vehicles', op: 'remove', id: vehicle.id }] });
    expect(f.replica.outbox.pending()[0]?.localError).toBe('vehicle not found');
    return () =>
      applyBoth({ ...base, checkpoint: 2, changes: [{ table: 'vehicles', op: 'put', id: vehicle.id, row: vehicle }] });
  }
  const base = { hasMore: true, lastMutationId: null, outcomes: [], serverHlc: '001795000000000-00000-server' };
  const run = (name: string, args: unknown) =>
    runLocalMutation(f.replica, f.manager, name, args, { wallNow: f.clock.wallNow, freshId: f.clock.freshId }).result;

  it('runs again, around a re-run, a later mutation that wrote what the re-run reads', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha' });
    const vehicleBack = jobWaitingForItsVehicle(customer.id);
    // With no job left, deleting the customer is allowed locally.
    run('customer.delete', { customerId: customer.id });
    // The job.create must see the customer as it was before the delete, and the delete, run again
    // after it, now fails: the customer has an open job.
    vehicleBack();
    expect(f.replica.outbox.pending().map((entry) => entry.localError)).toEqual([
      null,
      'the customer has 1 open job(s)',
    ]);
    expect(f.replica.store().get('customers', customer.id)?.deleted_at).toBeNull();
  });

  it('widens the rebase when a re-run writes rows that a later mutation searched', () => {
    const customer = f.seed('customers', { site_id: f.siteId, name: 'Asha' });
    const other = f.seed('customers', { site_id: f.siteId, name: 'Ravi' });
    const vehicleBack = jobWaitingForItsVehicle(customer.id);
    run('customer.delete', { customerId: other.id });
    // Only the job row the re-run newly writes links it to the delete, through the delete's search
    // of jobs: found after the re-run, the rebase is tried again with the delete in it.
    vehicleBack();
    expect(f.replica.outbox.pending().map((entry) => entry.localError)).toEqual([null, null]);
  });

  it('leaves the same replica as re-running every pending mutation', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 40 }), (steps) => {
        f.close();
        f = createReplicaFixture();
        removed = [];
        for (let i = 0; i < 3; i++) {
          const customer = f.seed('customers', { site_id: f.siteId, name: `Seeded ${i}` });
          f.seed('vehicles', { site_id: f.siteId, customer_id: customer.id, registration: `KA0${i}` });
          f.seed('jobs', {
            site_id: f.siteId,
            number: `S-${i}`,
            customer_id: customer.id,
            status: 'pending',
            currency: 'INR',
          });
        }
        let checkpoint = 1;
        for (const current of steps) {
          if (current.kind === 'mutate') mutate(current);
          else applyBoth(page(current, checkpoint++));
        }
      }),
      { numRuns: Number(process.env.REBASE_RUNS ?? 40) },
    );
  });
});
