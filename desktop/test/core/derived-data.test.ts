import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeRow, tableSpec, uuidv7, type PullResponse, type Row, type RowChange } from '@forecourt/shared';
import { figureDaysDrift, localFiguresDrift, recorderDaysDrift } from '../../src/core/analytics/local-figures.ts';
import { searchJobs } from '../../src/core/analytics/job-search.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runLocalMutation } from '../../src/core/mutation-runner.ts';
import { applyPullResponse } from '../../src/core/rebase.ts';
import { derivedTriggersSuspended } from '../../src/core/replica/derived-data.ts';
import { openReplica } from '../../src/core/replica/open-replica.ts';
import { Replica } from '../../src/core/replica/replica.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * A first sync sets the derived-data triggers aside while its snapshot streams and rebuilds the
 * dashboard figures and the search index once at its end (replica/derived-data.ts). Afterwards
 * they must be exactly what the triggers would have kept, and the triggers must be back.
 */
describe('derived tables across a snapshot', () => {
  let f: ReplicaFixture;
  beforeEach(() => {
    f = createReplicaFixture();
  });
  afterEach(() => f.close());

  const SERVER_HLC = '001795000000000-00000-server';
  const snapshotAt = (table: string, afterId: string) => ({ version: 40, table, afterId });
  const page = (changes: RowChange[], snapshot: PullResponse['snapshot'], hasMore: boolean): PullResponse => ({
    changes,
    checkpoint: 40,
    snapshot,
    hasMore,
    lastMutationId: null,
    outcomes: [],
    serverHlc: SERVER_HLC,
  });
  const row = (table: 'customers' | 'jobs' | 'payments', values: Record<string, unknown>): Row =>
    completeRow(tableSpec(table), {
      id: uuidv7(),
      tenant_id: f.identity.tenantId,
      site_id: f.siteId,
      created_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T10:00:00.000Z',
      ...values,
    });
  const put = (table: string, value: Row): RowChange => ({ table, op: 'put', id: String(value.id), row: value });
  const apply = (response: PullResponse, replica = f.replica) =>
    applyPullResponse(
      {
        replica,
        wallNow: f.clock.wallNow,
        freshId: f.clock.freshId,
        logger: silentLogger,
        actorProfile: () => f.manager,
      },
      response,
    );

  function streamedSite(): { customers: Row[]; jobs: Row[] } {
    const customers = [
      row('customers', { name: 'Lakshmi Iyer', phone: '+919845000001' }),
      row('customers', { name: 'Arjun Rao' }),
    ];
    const jobs = customers.map((customer, index) =>
      row('jobs', {
        number: `BLR1A-00${index + 1}`,
        customer_id: customer.id,
        status: index === 0 ? 'in_progress' : 'cancelled',
        estimate_minor: 150_000 * (index + 1),
        concern: 'noise',
        currency: 'INR',
      }),
    );
    return { customers, jobs };
  }

  it('rebuilds figures and search at the end of the snapshot and puts the triggers back', () => {
    const { customers, jobs } = streamedSite();
    apply(
      page([put('customers', customers[0]!), put('jobs', jobs[0]!)], snapshotAt('jobs', String(jobs[0]!.id)), true),
    );
    expect(derivedTriggersSuspended(f.replica.db)).toBe(true);
    expect(f.replica.db.prepare('SELECT count(*) AS n FROM job_figures').get()).toEqual({ n: 0 });

    // A payment taken by someone other than the job's creator: collections go to the recorder.
    const payment = row('payments', {
      job_id: jobs[0]!.id,
      kind: 'advance',
      method: 'cash',
      amount_minor: 40_000,
      currency: 'INR',
      status: 'unconfirmed',
      recorded_by: f.manager.userId,
    });
    apply(page([put('customers', customers[1]!), put('jobs', jobs[1]!), put('payments', payment)], null, false));
    expect(derivedTriggersSuspended(f.replica.db)).toBe(false);
    expect(f.replica.db.prepare('SELECT count(*) AS n FROM job_figures').get()).toEqual({ n: 2 });
    expect(f.replica.db.prepare('SELECT recorded_by, unconfirmed_minor FROM payment_figure_days').all()).toEqual([
      { recorded_by: f.manager.userId, unconfirmed_minor: 40_000 },
    ]);
    expect(localFiguresDrift(f.replica.db)).toBe(0);
    expect(figureDaysDrift(f.replica.db)).toBe(0);
    expect(recorderDaysDrift(f.replica.db)).toBe(0);
    expect(searchJobs(f.replica.db, f.identity.tenantId, 'laksh').map((hit) => hit.number)).toEqual(['BLR1A-001']);
    const values = f.replica.db.prepare('SELECT value_minor AS v FROM job_figures ORDER BY v').all();
    expect(values).toEqual([{ v: 0 }, { v: 150_000 }]); // a cancelled job is worth nothing

    // The triggers are back: a local write updates the figures and the index at once.
    runLocalMutation(
      f.replica,
      f.manager,
      'customer.update',
      { customerId: customers[1]!.id, name: 'Arjun Menon' },
      {
        wallNow: f.clock.wallNow,
        freshId: f.clock.freshId,
      },
    );
    expect(searchJobs(f.replica.db, f.identity.tenantId, 'menon').map((hit) => hit.number)).toEqual(['BLR1A-002']);
    runLocalMutation(
      f.replica,
      f.manager,
      'job.update',
      { jobId: jobs[0]!.id, estimateMinor: 99_000 },
      {
        wallNow: f.clock.wallNow,
        freshId: f.clock.freshId,
      },
    );
    expect(localFiguresDrift(f.replica.db)).toBe(0);
    expect(figureDaysDrift(f.replica.db)).toBe(0);
    expect(recorderDaysDrift(f.replica.db)).toBe(0);
  });

  it('keeps the triggers aside across a restart halfway and still rebuilds at the end', () => {
    const { customers, jobs } = streamedSite();
    apply(
      page([put('customers', customers[0]!), put('jobs', jobs[0]!)], snapshotAt('jobs', String(jobs[0]!.id)), true),
    );
    f.replica.close();
    const reopened = new Replica(openReplica(f.dir, { logger: silentLogger }));
    try {
      expect(derivedTriggersSuspended(reopened.db)).toBe(true);
      apply(page([put('customers', customers[1]!), put('jobs', jobs[1]!)], null, false), reopened);
      expect(derivedTriggersSuspended(reopened.db)).toBe(false);
      expect(localFiguresDrift(reopened.db)).toBe(0);
      expect(figureDaysDrift(reopened.db)).toBe(0);
      expect(recorderDaysDrift(reopened.db)).toBe(0);
      expect(searchJobs(reopened.db, f.identity.tenantId, 'arjun').map((hit) => hit.number)).toEqual(['BLR1A-002']);
    } finally {
      reopened.close();
    }
  });
});
