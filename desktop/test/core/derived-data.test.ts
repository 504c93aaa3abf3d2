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

  /** A snapshot in two pages: `first` (the cursor at its last row), then `last`, which completes it. */
  function streamInTwoPages(first: RowChange[], last: RowChange[]): void {
    const end = first.at(-1);
    if (!end) throw new Error('the first page needs a row');
    apply(page(first, snapshotAt(end.table, end.id), true));
    apply(page(last, null, false));
  }

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

  it('rebuilds the search index with exactly the texts and the newest-first order the triggers keep', () => {
    const customers = Array.from({ length: 12 }, (_, index) =>
      row('customers', { name: `Customer ${index} "Ö"`, phone: index % 3 === 0 ? null : `+91984500${index}` }),
    );
    const vehicles = customers.map((customer, index) =>
      completeRow(tableSpec('vehicles'), {
        id: uuidv7(),
        tenant_id: f.identity.tenantId,
        site_id: f.siteId,
        customer_id: customer.id,
        registration: `KA 0${index % 9} MB ${1000 + index}`,
        make: 'Maruti',
        model: 'Swift',
        created_at: '2026-11-20T10:00:00.000Z',
        updated_at: '2026-11-20T10:00:00.000Z',
      }),
    );
    // Created in an order unlike the order they arrive in; one deleted, one whose customer is not here.
    const jobs = Array.from({ length: 30 }, (_, index) =>
      row('jobs', {
        number: `BLR1A-${String(index).padStart(3, '0')}`,
        customer_id: index === 7 ? uuidv7() : customers[index % customers.length]!.id,
        vehicle_id: index % 4 === 0 ? null : vehicles[index % vehicles.length]!.id,
        status: 'open',
        concern: 'noise',
        currency: 'INR',
        created_at: `2026-11-${String(10 + ((index * 7) % 19)).padStart(2, '0')}T10:00:00.000Z`,
        deleted_at: index === 11 ? '2026-11-21T10:00:00.000Z' : null,
      }),
    );
    streamInTwoPages(
      [...customers.map((value) => put('customers', value)), ...vehicles.map((value) => put('vehicles', value))],
      jobs.map((value) => put('jobs', value)),
    );
    const index = () =>
      f.replica.db
        .prepare<[], { job_id: string; search_rowid: number; body: string | null }>(
          `SELECT i.job_id, i.search_rowid, s.body FROM job_search_ids i LEFT JOIN job_search s ON s.rowid = i.search_rowid
           ORDER BY i.search_rowid`,
        )
        .all();
    const rebuilt = index();
    expect(rebuilt).toHaveLength(30);
    expect(rebuilt.filter((entry) => entry.body === null).map((entry) => entry.job_id)).toEqual([jobs[11]!.id]);
    const byAge = [...jobs].sort(
      (a, b) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id)),
    );
    expect(rebuilt.map((entry) => entry.job_id)).toEqual(byAge.map((job) => job.id));

    // The triggers write each job's text again (they fire when its number changes): nothing changes.
    f.replica.db.exec("UPDATE jobs SET number = number || '#'");
    f.replica.db.exec('UPDATE jobs SET number = substr(number, 1, length(number) - 1)');
    expect(index()).toEqual(rebuilt);
    // Newest first: by the time each job was created, not by when it reached this counter.
    const matching = new Set(jobs.filter((_, at) => at % 12 === 5 && at % 4 !== 0).map((job) => job.number));
    expect(searchJobs(f.replica.db, f.identity.tenantId, 'MB 1005').map((hit) => hit.number)).toEqual(
      byAge
        .map((job) => job.number)
        .filter((number) => matching.has(number))
        .reverse(),
    );
  });

  it('leaves the rebuilt search index in one segment, so that later writes do not merge a large one', () => {
    // Enough distinct text that FTS5 writes the index in several segments as it builds it.
    const customers = Array.from({ length: 10_000 }, (_, index) =>
      row('customers', { name: `Customer ${index * 7919}`, phone: `+9198${String(index * 104_729).padStart(8, '0')}` }),
    );
    const jobs = customers.map((customer, index) =>
      row('jobs', { number: `BLR1A-${index}`, customer_id: customer.id, status: 'open', currency: 'INR' }),
    );
    streamInTwoPages(
      customers.map((value) => put('customers', value)),
      jobs.map((value) => put('jobs', value)),
    );
    const segments = f.replica.db.prepare('SELECT count(DISTINCT segid) AS n FROM job_search_idx').get();
    expect(segments).toEqual({ n: 1 });
    expect(searchJobs(f.replica.db, f.identity.tenantId, 'BLR1A-9999').map((hit) => hit.number)).toEqual([
      'BLR1A-9999',
    ]);
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
