import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerDashboard } from './dashboard.ts';
import { localDayStart } from './filters.ts';
import { createGarageReplica, type GarageReplica } from './garage-fixture.test-support.ts';
import { searchJobs } from './job-search.ts';
import { figureDaysDrift, localFiguresDrift } from './local-figures.ts';
import { managerDashboard } from './manager-dashboard.ts';

const TODAY = '2026-11-20';
const ZONE = 'Asia/Kolkata';

describe('dashboards from the local replica', () => {
  let garage: GarageReplica;
  let jobs: Array<{ jobId: string; number: string }>;
  beforeAll(() => {
    garage = createGarageReplica();
    const delivered = garage.job({ status: 'delivered', invoice: true, actor: garage.manager });
    const open = garage.job({
      status: 'in_progress',
      actor: garage.staff,
      customer: 'Ravi Kumar',
      phone: '+91 99001 12233',
    });
    const cancelled = garage.job({
      status: 'cancelled',
      actor: garage.manager,
      customer: 'Priya Sharma',
      phone: '+91 90000 00001',
    });
    jobs = [delivered, open, cancelled];
    const store = garage.replica.store();
    const advance = store.find('payments', { job_id: delivered.jobId })[0];
    garage.mutate(garage.owner, 'payment.confirm', { paymentId: advance?.id });
    garage.mutate(garage.owner, 'payment.record', {
      jobId: delivered.jobId,
      kind: 'final',
      method: 'upi',
      amountMinor: 295_418,
      reference: 'UPI 77',
    });
  });
  afterAll(() => garage.close());

  it('computes the owner’s totals, status counts, managers and daily revenue', () => {
    const dashboard = ownerDashboard(garage.replica.db, garage.tenantId, { timeZone: ZONE }, { today: TODAY });
    expect(dashboard.currency).toBe('INR');
    expect(dashboard.totals).toEqual({
      jobs: 3,
      revenueMinor: 395_418 + 450_000,
      collectedMinor: 395_418,
      unconfirmedMinor: 200_000,
      outstandingMinor: 350_000,
      balanceDueMinor: 450_000,
      averageJobValueMinor: 422_709,
    });
    expect(dashboard.byStatus).toMatchObject({ delivered: 1, in_progress: 1, cancelled: 1, pending: 0 });
    const byName = Object.fromEntries(
      dashboard.managers.map((m) => [m.name, [m.jobs, m.revenueMinor, m.collectedMinor]]),
    );
    // Collections go to whoever recorded the payment: the owner took the final payment.
    expect(byName).toEqual({
      'Manager Meera': [2, 395_418, 100_000],
      'Staff Ravi': [1, 450_000, 0],
      'Owner Rao': [0, 0, 295_418],
    });
    expect(dashboard.sites).toHaveLength(1);
    expect(dashboard.dailyRevenue).toHaveLength(30);
    expect(dashboard.dailyRevenue.at(-1)).toEqual({ date: TODAY, jobs: 3, revenueMinor: 845_418 });
    expect(dashboard.dailyRevenue.slice(0, 29).every((day) => day.jobs === 0)).toBe(true);
  });

  it('filters by site, days, status and manager', () => {
    const db = garage.replica.db;
    expect(
      ownerDashboard(db, garage.tenantId, { status: 'in_progress', timeZone: ZONE }, { today: TODAY }).totals.jobs,
    ).toBe(1);
    expect(
      ownerDashboard(db, garage.tenantId, { managerId: garage.staff.userId, timeZone: ZONE }, { today: TODAY }).totals
        .revenueMinor,
    ).toBe(450_000);
    expect(
      ownerDashboard(db, garage.tenantId, { from: '2026-11-21', timeZone: ZONE }, { today: TODAY }).totals.jobs,
    ).toBe(0);
    expect(
      ownerDashboard(db, garage.tenantId, { from: TODAY, to: TODAY, timeZone: ZONE }, { today: TODAY }).totals.jobs,
    ).toBe(3);
    expect(
      ownerDashboard(db, garage.tenantId, { siteId: 'elsewhere', timeZone: ZONE }, { today: TODAY }).totals.jobs,
    ).toBe(0);
    expect(() => ownerDashboard(db, garage.tenantId, { from: '20-11-2026' }, { today: TODAY })).toThrow(/YYYY-MM-DD/);
  });

  it('gives a manager their jobs, payments awaiting confirmation and cash not yet settled', () => {
    const view = managerDashboard(
      garage.replica.db,
      garage.tenantId,
      garage.manager.userId,
      { timeZone: ZONE },
      { today: TODAY },
    );
    expect(view.jobs.jobs).toBe(2);
    expect(view.awaitingConfirmation.totalMinor).toBe(100_000);
    expect(view.awaitingConfirmation.payments.map((p) => p.jobNumber)).toEqual([jobs[2]?.number]);
    expect(view.cashNotSettled.totalMinor).toBe(200_000);
    expect(view.cashNotSettled.count).toBe(2);
    const short = managerDashboard(
      garage.replica.db,
      garage.tenantId,
      garage.manager.userId,
      {},
      { today: TODAY, listLimit: 1 },
    );
    // The list is cut to the newest line; the total and count still cover every payment.
    expect(short.cashNotSettled).toMatchObject({ totalMinor: 200_000, count: 2 });
    expect(short.cashNotSettled.payments).toHaveLength(1);
    const ids = view.cashNotSettled.payments.map((p) => p.paymentId);
    garage.mutate(garage.manager, 'settlement.create', { paymentIds: ids, amountMinor: 200_000 });
    const after = managerDashboard(
      garage.replica.db,
      garage.tenantId,
      garage.manager.userId,
      { timeZone: ZONE },
      { today: TODAY },
    );
    expect(after.cashNotSettled.totalMinor).toBe(0);
    expect(after.settlementsAwaitingOwner).toEqual([expect.objectContaining({ amountMinor: 200_000, payments: 2 })]);
  });

  it('keeps the local figures exactly in step with jobs, invoices and payments, also when rows are taken back', () => {
    expect(localFiguresDrift(garage.replica.db)).toBe(0);
    expect(figureDaysDrift(garage.replica.db)).toBe(0);
    const store = garage.replica.store();
    const payment = store.find('payments', { job_id: jobs[1]?.jobId ?? '' })[0];
    if (!payment) throw new Error('no payment');
    store.remove('payments', payment.id);
    expect(localFiguresDrift(garage.replica.db)).toBe(0);
    expect(figureDaysDrift(garage.replica.db)).toBe(0);
    store.put('payments', payment);
    expect(localFiguresDrift(garage.replica.db)).toBe(0);
    expect(figureDaysDrift(garage.replica.db)).toBe(0);
  });

  it('finds jobs as you type: name, phone digits, registration with or without spaces, number', () => {
    const db = garage.replica.db;
    const numbers = (text: string) => searchJobs(db, garage.tenantId, text).map((hit) => hit.number);
    expect(numbers('ravi')).toEqual([jobs[1]?.number]);
    expect(numbers('kumar r')).toEqual([jobs[1]?.number]);
    expect(numbers('99001')).toEqual([jobs[1]?.number]);
    expect(numbers('KA01AB')).toHaveLength(3);
    expect(numbers('ka 01 ab')).toHaveLength(3);
    expect(numbers(jobs[0]?.number ?? '')).toEqual([jobs[0]?.number]);
    expect(numbers('nobody')).toEqual([]);
    expect(searchJobs(db, garage.tenantId, 'KA01', { status: 'cancelled' }).map((hit) => hit.number)).toEqual([
      jobs[2]?.number,
    ]);
    expect(searchJobs(db, garage.tenantId, 'KA01', { limit: 2 })).toHaveLength(2);
    // Newest first: the cancelled job was opened last.
    expect(numbers('KA01AB')[0]).toBe(jobs[2]?.number);
  });

  it('turns local days into UTC instants in the workshop’s zone', () => {
    expect(localDayStart('2026-11-20', 'Asia/Kolkata')).toBe('2026-11-19T18:30:00.000Z');
    expect(localDayStart('2026-03-29', 'Europe/Zurich')).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayStart('2026-03-30', 'Europe/Zurich')).toBe('2026-03-29T22:00:00.000Z');
  });
});
