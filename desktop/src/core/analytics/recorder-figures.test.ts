import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerDashboard } from './dashboard.ts';
import { addDays, zoneDays } from './filters.ts';
import { createGarageReplica, type GarageReplica } from './garage-fixture.test-support.ts';
import { localFiguresDrift, recorderDaysDrift } from './local-figures.ts';
import { recorderGroups } from './recorder-figures.ts';

const ZONE = 'Asia/Kolkata';
const TODAY = '2026-11-25';

/**
 * The owner's dashboard credits collections to the person who recorded the payment, not to the
 * job's creator (sqlite 0095 keeps them per day, recorder and the job's filters).
 */
describe('collections per recorder', () => {
  let garage: GarageReplica;
  let jobIds: string[];
  beforeAll(() => {
    garage = createGarageReplica();
    jobIds = [];
    for (let index = 0; index < 6; index += 1) {
      const { jobId } = garage.job({ status: index === 4 ? 'in_progress' : 'ready', actor: garage.manager });
      jobIds.push(jobId);
      // Staff takes a part payment on the manager's job; the owner confirms it.
      const { paymentId } = garage.mutate(garage.staff, 'payment.record', {
        jobId,
        kind: 'partial',
        method: 'upi',
        amountMinor: 10_000 * (index + 1),
        reference: `UPI ${index}`,
      });
      if (index % 2 === 0) garage.mutate(garage.owner, 'payment.confirm', { paymentId });
      garage.now += 19 * 3_600_000;
    }
  });
  afterAll(() => garage.close());

  const managers = (filters: Parameters<typeof ownerDashboard>[2] = { timeZone: ZONE }) =>
    Object.fromEntries(
      ownerDashboard(garage.replica.db, garage.tenantId, filters, { today: TODAY }).managers.map((m) => [
        m.name,
        { jobs: m.jobs, collected: m.collectedMinor, unconfirmed: m.unconfirmedMinor },
      ]),
    );

  it('credits the payment to whoever recorded it, the job and its revenue to its creator', () => {
    expect(managers()).toEqual({
      // Six jobs with their advances (100,000 each, recorded by the manager, unconfirmed).
      'Manager Meera': { jobs: 6, collected: 0, unconfirmed: 600_000 },
      // Confirmed: 10,000 + 30,000 + 50,000; awaiting the owner: 20,000 + 40,000 + 60,000.
      'Staff Ravi': { jobs: 0, collected: 90_000, unconfirmed: 120_000 },
    });
    const totals = ownerDashboard(garage.replica.db, garage.tenantId, { timeZone: ZONE }, { today: TODAY }).totals;
    expect(totals.collectedMinor).toBe(90_000);
    expect(totals.unconfirmedMinor).toBe(720_000);
    expect(managers({ managerId: garage.staff.userId, timeZone: ZONE })).toEqual({});
  });

  it('follows confirmations, failures, refunds, status changes and deleted jobs', () => {
    const store = garage.replica.store();
    const advance = store.find('payments', { job_id: jobIds[1] ?? '' }).find((p) => p.kind === 'advance');
    garage.mutate(garage.owner, 'payment.confirm', { paymentId: advance?.id });
    const staffPayment = store.find('payments', { job_id: jobIds[3] ?? '' }).find((p) => p.kind === 'partial');
    garage.mutate(garage.owner, 'payment.markFailed', { paymentId: staffPayment?.id, reason: 'bounced' });
    // A provider refund of 5,000 recorded by the owner, not linked to a payment: counts negative.
    garage.seed('payments', {
      job_id: jobIds[0],
      site_id: garage.siteId,
      kind: 'refund',
      method: 'upi',
      amount_minor: 5_000,
      currency: 'INR',
      status: 'confirmed',
      recorded_by: garage.owner.userId,
    });
    garage.mutate(garage.manager, 'job.setStatus', { jobId: jobIds[4], status: 'ready' });
    const gone = store.get('jobs', jobIds[5] ?? '');
    if (!gone) throw new Error('no job');
    store.put('jobs', { ...gone, deleted_at: new Date(garage.now).toISOString() });
    expect(localFiguresDrift(garage.replica.db)).toBe(0);
    expect(recorderDaysDrift(garage.replica.db)).toBe(0);
    expect(managers()).toEqual({
      'Manager Meera': { jobs: 5, collected: 100_000, unconfirmed: 400_000 },
      'Staff Ravi': { jobs: 0, collected: 90_000, unconfirmed: 20_000 },
      'Owner Rao': { jobs: 0, collected: -5_000, unconfirmed: 0 },
    });
    store.put('jobs', { ...gone, deleted_at: null });
    expect(recorderDaysDrift(garage.replica.db)).toBe(0);
  });

  it('sums any range of local days like a plain query over the payments', () => {
    const days = zoneDays(ZONE);
    const plain = (from: string | null, to: string | null) =>
      garage.replica.db
        .prepare<[], { recorded_by: string; confirmed: number; unconfirmed: number }>(
          `SELECT p.recorded_by,
             sum(CASE WHEN p.status = 'unconfirmed' THEN 0 WHEN p.kind = 'refund' THEN -p.amount_minor ELSE p.amount_minor END) AS confirmed,
             sum(CASE WHEN p.status = 'unconfirmed' THEN p.amount_minor ELSE 0 END) AS unconfirmed
           FROM payments p JOIN jobs j ON j.id = p.job_id
           WHERE j.deleted_at IS NULL AND p.status IN ('confirmed', 'unconfirmed')
             ${from ? `AND j.created_at >= '${days.dayStart(from)}'` : ''} ${to ? `AND j.created_at < '${days.dayStart(addDays(to, 1))}'` : ''}
           GROUP BY p.recorded_by ORDER BY p.recorded_by`,
        )
        .all();
    const summed = (from: string | null, to: string | null) => {
      const byRecorder = new Map<string, { recorded_by: string; confirmed: number; unconfirmed: number }>();
      for (const row of recorderGroups(garage.replica.db, garage.tenantId, { from, to, timeZone: ZONE })) {
        const key = row.recorded_by ?? '';
        const sum = byRecorder.get(key) ?? { recorded_by: key, confirmed: 0, unconfirmed: 0 };
        sum.confirmed += row.confirmed;
        sum.unconfirmed += row.unconfirmed;
        byRecorder.set(key, sum);
      }
      return [...byRecorder.values()]
        .filter((row) => row.confirmed !== 0 || row.unconfirmed !== 0)
        .sort((a, b) => a.recorded_by.localeCompare(b.recorded_by));
    };
    const range = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'];
    const ranges: Array<[string | null, string | null]> = [[null, null]];
    for (const from of range) for (const to of range) if (from <= to) ranges.push([from, to]);
    for (const day of range) ranges.push([day, null], [null, day]);
    for (const [from, to] of ranges) {
      const expected = plain(from, to).filter((row) => row.confirmed !== 0 || row.unconfirmed !== 0);
      expect(summed(from, to), `${from}..${to}`).toEqual(expected);
    }
  });
});
