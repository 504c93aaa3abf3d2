import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureGroups, type FigureRow } from './job-figures.ts';
import { createGarageReplica, type GarageReplica } from './garage-fixture.test-support.ts';
import { figureDaysDrift, localFiguresDrift } from './local-figures.ts';
import { addDays, zoneDays } from './filters.ts';

const ZONE = 'Asia/Kolkata';

/** The per-day sums (migration 0012) must give what a plain sum over job_figures gives, for any range. */
describe('dashboard figures by day', () => {
  let garage: GarageReplica;
  beforeAll(() => {
    garage = createGarageReplica();
    const statuses: Array<'delivered' | 'in_progress' | 'cancelled' | 'ready' | 'pending'> = [
      'delivered',
      'in_progress',
      'cancelled',
      'ready',
      'pending',
      'delivered',
      'in_progress',
    ];
    statuses.forEach((status, index) => {
      const actor = index % 2 === 0 ? garage.manager : garage.staff;
      const { jobId } = garage.job({
        status: status === 'delivered' ? 'ready' : status,
        actor,
        customer: `Customer ${index}`,
        estimateMinor: 100_000 * (index + 1),
      });
      if (status === 'delivered') {
        garage.mutate(actor, 'job.setStatus', { jobId, status: 'delivered' });
        const job = garage.replica.store().get('jobs', jobId);
        garage.mutate(actor, 'invoice.finalise', { jobId, customerId: job?.customer_id, vehicleId: job?.vehicle_id });
      }
      const advance = garage.replica.store().find('payments', { job_id: jobId })[0];
      if (index % 3 === 0) garage.mutate(garage.owner, 'payment.confirm', { paymentId: advance?.id });
      garage.now += 17 * 3_600_000;
    });
  });
  afterAll(() => garage.close());

  const plain = (from: string | null, to: string | null, extra = '') => {
    const days = zoneDays(ZONE);
    const rows = garage.replica.db
      .prepare<[], { jobs: number; revenue: number; confirmed: number; outstanding: number }>(
        `SELECT count(*) AS jobs, COALESCE(sum(value_minor), 0) AS revenue, COALESCE(sum(confirmed_minor), 0) AS confirmed,
           COALESCE(sum(outstanding_minor), 0) AS outstanding FROM job_figures
         WHERE deleted = 0 ${from ? `AND created_at >= '${days.dayStart(from)}'` : ''} ${to ? `AND created_at < '${days.dayStart(addDays(to, 1))}'` : ''} ${extra}`,
      )
      .get();
    return rows;
  };
  const summed = (rows: FigureRow[]) => ({
    jobs: rows.reduce((sum, row) => sum + row.jobs, 0),
    revenue: rows.reduce((sum, row) => sum + row.revenue, 0),
    confirmed: rows.reduce((sum, row) => sum + row.confirmed, 0),
    outstanding: rows.reduce((sum, row) => sum + row.outstanding, 0),
  });

  it('stays in step with job_figures through status changes, invoices and confirmations', () => {
    expect(localFiguresDrift(garage.replica.db)).toBe(0);
    expect(figureDaysDrift(garage.replica.db)).toBe(0);
  });

  it('sums any range of local days like a plain query does', () => {
    const days = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'];
    const ranges: Array<[string | null, string | null]> = [[null, null]];
    for (const from of days) for (const to of days) if (from <= to) ranges.push([from, to]);
    for (const day of days) ranges.push([day, null], [null, day]);
    for (const [from, to] of ranges) {
      const rows = figureGroups(garage.replica.db, garage.tenantId, { from, to, timeZone: ZONE });
      expect(summed(rows), `${from}..${to}`).toEqual(plain(from, to));
    }
    expect(plain(null, null)?.jobs).toBe(7);
  });

  it('applies site, status and manager to the per-day sums', () => {
    const byStaff = figureGroups(garage.replica.db, garage.tenantId, {
      managerId: garage.staff.userId,
      from: '2026-11-20',
      timeZone: ZONE,
    });
    expect(summed(byStaff)).toEqual(plain('2026-11-20', null, `AND created_by = '${garage.staff.userId}'`));
    const delivered = figureGroups(garage.replica.db, garage.tenantId, { status: 'delivered', timeZone: ZONE });
    expect(summed(delivered).jobs).toBe(2);
    expect(figureGroups(garage.replica.db, garage.tenantId, { siteId: 'nowhere' })).toEqual([]);
  });
});
