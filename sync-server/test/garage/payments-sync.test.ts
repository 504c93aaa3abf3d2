import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@forecourt/shared';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, T0 } from '../sync/fixtures.ts';
import { pushAll, readyJob, record, seedGarage } from './garage-fixtures.ts';

/** The offline payment cases, pushed to the real engine on PGlite and PostgreSQL. */
for (const kind of databaseKinds()) {
  describe(`garage payments through sync (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test.drop());

    const paymentsOf = async (jobId: string) =>
      (
        await test.db.query<{
          id: string;
          amount_minor: number;
          status: string;
          recorded_by: string;
          confirmed_by: string | null;
          settlement_id: string | null;
        }>(
          'SELECT id, amount_minor::int AS amount_minor, status, recorded_by, confirmed_by, settlement_id FROM payments WHERE job_id = $1 ORDER BY amount_minor',
          [jobId],
        )
      ).rows;

    it('keeps both payments two counters recorded offline for the same job', async () => {
      const garage = await seedGarage(test.db, engine);
      const setup = garage.counter(garage.devices.counterA, garage.users.managerA);
      const { jobId } = await readyJob(engine, setup, 'AA');
      const base = await engine.currentVersion();
      const staff = garage.counter(garage.devices.counterA, garage.users.staffA, T0 + 10_000);
      const manager = garage.counter(garage.devices.counterA2, garage.users.managerA, T0 + 5_000);
      const [p1, p2] = [uuidv7(), uuidv7()];
      // Both made while offline at the same base version, pushed later in either order.
      const fromB = await pushAll(engine, manager, [
        record(
          manager,
          'payment.record',
          { jobId, kind: 'partial', method: 'cash', amountMinor: 50_000 },
          { ids: [p2, uuidv7()], baseVersion: base },
        ),
      ]);
      const fromA = await pushAll(engine, staff, [
        record(
          staff,
          'payment.record',
          { jobId, kind: 'advance', method: 'upi', amountMinor: 20_000, reference: 'UPI 1234' },
          { ids: [p1, uuidv7()], baseVersion: base },
        ),
      ]);
      expect([fromA.outcomes, fromB.outcomes]).toEqual([
        [{ id: 1, status: 'applied' }],
        [{ id: 1, status: 'applied' }],
      ]);
      expect(await paymentsOf(jobId)).toEqual([
        {
          id: p1,
          amount_minor: 20_000,
          status: 'unconfirmed',
          recorded_by: garage.users.staffA,
          confirmed_by: null,
          settlement_id: null,
        },
        {
          id: p2,
          amount_minor: 50_000,
          status: 'unconfirmed',
          recorded_by: garage.users.managerA,
          confirmed_by: null,
          settlement_id: null,
        },
      ]);
      const timeline = await test.db.query(
        'SELECT count(*)::int AS n FROM job_updates WHERE job_id = $1 AND kind = $2',
        [jobId, 'payment'],
      );
      expect(timeline.rows[0]).toEqual({ n: 2 });
    });

    it('rejects a non-owner’s offline confirmation with its reason, and the queue moves on', async () => {
      const garage = await seedGarage(test.db, engine);
      const manager = garage.counter(garage.devices.counterA, garage.users.managerA);
      const { jobId } = await readyJob(engine, manager, 'AB');
      const paymentId = uuidv7();
      await pushAll(engine, manager, [
        record(
          manager,
          'payment.record',
          { jobId, kind: 'final', method: 'cash', amountMinor: 99_900 },
          { ids: [paymentId, uuidv7()] },
        ),
      ]);
      // The manager's counter believed the user could confirm (a stale role, or a demoted owner).
      const result = await pushAll(engine, manager, [
        record(manager, 'payment.confirm', { paymentId }),
        record(manager, 'job.addNote', { jobId, body: 'customer paid cash' }),
      ]);
      expect(result.outcomes).toEqual([
        {
          id: expect.any(Number),
          status: 'rejected',
          error: { code: 'forbidden', message: 'payment.confirm needs the role owner' },
        },
        { id: expect.any(Number), status: 'applied' },
      ]);
      expect((await paymentsOf(jobId))[0]).toMatchObject({ status: 'unconfirmed', confirmed_by: null });
      const owner = garage.counter(garage.devices.ownerHq, garage.users.owner);
      const confirmed = await pushAll(engine, owner, [record(owner, 'payment.confirm', { paymentId })]);
      expect(confirmed.outcomes[0]?.status).toBe('applied');
      expect((await paymentsOf(jobId))[0]).toMatchObject({ status: 'confirmed', confirmed_by: garage.users.owner });
    });

    it('settles a payment once: of two offline settlements, the second is rejected with the reason', async () => {
      const garage = await seedGarage(test.db, engine);
      const manager = garage.counter(garage.devices.counterA, garage.users.managerA);
      const { jobId } = await readyJob(engine, manager, 'AC');
      const [cash1, cash2] = [uuidv7(), uuidv7()];
      await pushAll(engine, manager, [
        record(
          manager,
          'payment.record',
          { jobId, kind: 'advance', method: 'cash', amountMinor: 10_000 },
          { ids: [cash1, uuidv7()] },
        ),
        record(
          manager,
          'payment.record',
          { jobId, kind: 'final', method: 'cash', amountMinor: 30_000 },
          { ids: [cash2, uuidv7()] },
        ),
      ]);
      const base = await engine.currentVersion();
      const staff = garage.counter(garage.devices.counterA2, garage.users.staffA);
      const first = await pushAll(engine, manager, [
        record(
          manager,
          'settlement.create',
          { paymentIds: [cash1, cash2], amountMinor: 40_000 },
          { baseVersion: base },
        ),
      ]);
      const second = await pushAll(engine, staff, [
        record(staff, 'settlement.create', { paymentIds: [cash2] }, { baseVersion: base }),
      ]);
      expect(first.outcomes[0]?.status).toBe('applied');
      expect(second.outcomes[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'conflict', message: expect.stringMatching(/already in settlement/) },
      });
      const settlements = await test.db.query<{ id: string; amount_minor: number; status: string }>(
        'SELECT id, amount_minor::int AS amount_minor, status FROM settlements WHERE tenant_id = $1',
        [garage.tenantId],
      );
      expect(settlements.rows).toEqual([{ id: expect.any(String), amount_minor: 40_000, status: 'submitted' }]);
      const owner = garage.counter(garage.devices.ownerHq, garage.users.owner);
      const confirm = await pushAll(engine, owner, [
        record(owner, 'settlement.confirm', { settlementId: settlements.rows[0]?.id }),
      ]);
      expect(confirm.outcomes[0]?.status).toBe('applied');
      expect((await paymentsOf(jobId)).map((payment) => [payment.status, payment.settlement_id])).toEqual([
        ['confirmed', settlements.rows[0]?.id],
        ['confirmed', settlements.rows[0]?.id],
      ]);
    });
  });
}
