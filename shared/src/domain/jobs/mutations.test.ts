import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import {
  SITE_1,
  SITE_2,
  STAFF,
  TEST_NOW,
  planDecision,
  testContext,
  testId,
  testRow,
} from '../../mutations/test-context.ts';
import type { Row } from '../../schema/tables.ts';
import { formatJobNumber, jobAddNote, jobCreate, jobSetStatus, jobUpdate } from './mutations.ts';
import { JOB_STATUSES, allowedNextStatuses, type JobStatus } from './status.ts';

const customer = testRow('customers', { id: testId(1), name: 'Asha' });
const vehicle = testRow('vehicles', {
  id: testId(2),
  registration: 'KA 01 AB 1234',
  customer_id: customer.id,
});
const tenant = testRow('tenants', { id: testId(900_001), name: 'Garage', country: 'CH', currency: 'CHF' });

function jobRow(status: JobStatus, extra: Record<string, unknown> = {}): Row {
  return testRow('jobs', {
    id: testId(50),
    number: 'BLR1A-00007',
    customer_id: customer.id,
    status,
    currency: 'INR',
    ...extra,
  });
}

function domainError(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('formatJobNumber', () => {
  it('pads the per-device sequence to five digits', () => {
    expect(formatJobNumber('BLR1A', 42)).toBe('BLR1A-00042');
    expect(formatJobNumber('ZRH2', 123456)).toBe('ZRH2-123456');
  });
});

describe('job.create', () => {
  it('loads the customer, the vehicle and the tenant', () => {
    const ctx = testContext();
    expect(jobCreate.load({ customerId: customer.id, vehicleId: vehicle.id }, ctx)).toEqual({
      customer: { kind: 'get', table: 'customers', id: customer.id },
      vehicle: { kind: 'get', table: 'vehicles', id: vehicle.id },
      tenant: { kind: 'get', table: 'tenants', id: ctx.tenantId },
    });
  });

  it("numbers the job from the device's job sequence and opens it pending", () => {
    const ctx = testContext({ firstId: 30, firstSeq: { job: 42 } });
    const decision = jobCreate.decide(
      { customerId: customer.id, vehicleId: vehicle.id, concern: 'brakes squeal', estimateMinor: 250_000 },
      { customer, vehicle, tenant },
      ctx,
    );
    expect(ctx.seqCalls).toEqual(['job']);
    expect(decision.result).toEqual({ jobId: testId(30), number: 'BLR1A-00042' });
    expect(decision.changes[0]).toEqual({
      op: 'insert',
      table: 'jobs',
      row: {
        id: testId(30),
        site_id: SITE_1,
        number: 'BLR1A-00042',
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        status: 'pending',
        currency: 'CHF',
        concern: 'brakes squeal',
        estimate_minor: 250_000,
        created_by: STAFF,
      },
    });
  });

  it("writes a 'created' timeline entry by the actor for the new job", () => {
    const ctx = testContext({ firstId: 30 });
    const decision = jobCreate.decide({ customerId: customer.id }, { customer, vehicle: null, tenant }, ctx);
    expect(decision.changes).toHaveLength(2);
    expect(decision.changes[1]).toEqual({
      op: 'insert',
      table: 'job_updates',
      row: {
        id: testId(31),
        site_id: SITE_1,
        job_id: testId(30),
        author_id: STAFF,
        kind: 'created',
        to_status: 'pending',
      },
    });
    const planned = planDecision(decision, [], ctx);
    expect(planned.map((change) => change.after.created_at)).toEqual([TEST_NOW, TEST_NOW]);
  });

  it('takes the next number on the next job', () => {
    const ctx = testContext({ firstSeq: { job: 9 } });
    const first = jobCreate.decide({ customerId: customer.id }, { customer, vehicle: null, tenant }, ctx);
    const second = jobCreate.decide({ customerId: customer.id }, { customer, vehicle: null, tenant }, ctx);
    expect([first.result?.number, second.result?.number]).toEqual(['BLR1A-00009', 'BLR1A-00010']);
  });

  it('falls back to INR when the tenant row has not reached the replica yet', () => {
    const decision = jobCreate.decide(
      { customerId: customer.id },
      { customer, vehicle: null, tenant: null },
      testContext(),
    );
    expect(decision.changes[0]).toMatchObject({ row: { currency: 'INR' } });
  });

  it('refuses a missing customer or vehicle, and ones of another site', () => {
    const ctx = testContext();
    const state = { customer, vehicle, tenant };
    expect(
      domainError(() => jobCreate.decide({ customerId: customer.id }, { ...state, customer: null }, ctx)).code,
    ).toBe('not-found');
    expect(
      domainError(() =>
        jobCreate.decide({ customerId: customer.id, vehicleId: vehicle.id }, { ...state, vehicle: null }, ctx),
      ),
    ).toMatchObject({ code: 'not-found', message: 'vehicle not found' });
    const farCustomer = { ...customer, site_id: SITE_2 };
    expect(
      domainError(() => jobCreate.decide({ customerId: customer.id }, { ...state, customer: farCustomer }, ctx)),
    ).toMatchObject({
      code: 'invalid',
      message: 'the customer belongs to another site',
    });
    const farVehicle = { ...vehicle, site_id: SITE_2 };
    expect(
      domainError(() =>
        jobCreate.decide({ customerId: customer.id, vehicleId: vehicle.id }, { ...state, vehicle: farVehicle }, ctx),
      ),
    ).toMatchObject({ code: 'invalid', message: 'the vehicle belongs to another site' });
  });

  it('takes no number when it refuses, so a refused job leaves no gap', () => {
    const ctx = testContext();
    domainError(() => jobCreate.decide({ customerId: customer.id }, { customer: null, vehicle: null, tenant }, ctx));
    expect(ctx.seqCalls).toEqual([]);
  });
});

describe('job.setStatus', () => {
  const transitions = JOB_STATUSES.flatMap((from) => allowedNextStatuses(from).map((to) => [from, to] as const));

  it('has a transition out of every open status', () => {
    for (const status of ['pending', 'in_progress', 'waiting_for_parts', 'on_hold', 'ready'] as const) {
      expect(allowedNextStatuses(status).length).toBeGreaterThan(0);
    }
  });

  it.each(transitions)('moves a %s job to %s and records it on the timeline', (from, to) => {
    const ctx = testContext({ firstId: 60 });
    const job = jobRow(from);
    const reason = to === 'cancelled' ? 'customer withdrew' : undefined;
    const decision = jobSetStatus.decide({ jobId: job.id, status: to, ...(reason ? { reason } : {}) }, { job }, ctx);
    const set =
      to === 'cancelled'
        ? { status: to, cancel_reason: reason }
        : to === 'delivered'
          ? { status: to, delivered_at: TEST_NOW }
          : { status: to };
    expect(decision.changes).toEqual([
      { op: 'update', table: 'jobs', id: job.id, set },
      {
        op: 'insert',
        table: 'job_updates',
        row: {
          id: testId(60),
          site_id: SITE_1,
          job_id: job.id,
          author_id: STAFF,
          kind: 'status',
          from_status: from,
          to_status: to,
          body: reason ?? null,
        },
      },
    ]);
    const planned = planDecision(decision, [job], ctx);
    expect(planned[0]?.after.status).toBe(to);
  });

  it.each([
    ['pending', 'ready'],
    ['pending', 'delivered'],
    ['in_progress', 'pending'],
    ['in_progress', 'delivered'],
    ['waiting_for_parts', 'ready'],
    ['on_hold', 'delivered'],
    ['ready', 'waiting_for_parts'],
    ['delivered', 'in_progress'],
    ['delivered', 'cancelled'],
    ['cancelled', 'pending'],
  ] as const)('refuses to move a %s job to %s', (from, to) => {
    const job = jobRow(from);
    const error = domainError(() =>
      jobSetStatus.decide({ jobId: job.id, status: to, reason: 'r' }, { job }, testContext()),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(new RegExp(`^a ${from} job cannot become ${to}`));
  });

  it('lists the allowed next statuses when it refuses', () => {
    const job = jobRow('pending');
    expect(
      domainError(() => jobSetStatus.decide({ jobId: job.id, status: 'ready' }, { job }, testContext())).message,
    ).toBe('a pending job cannot become ready (allowed: in_progress, cancelled)');
  });

  it('needs a reason to cancel', () => {
    const job = jobRow('in_progress');
    expect(
      domainError(() => jobSetStatus.decide({ jobId: job.id, status: 'cancelled' }, { job }, testContext())),
    ).toMatchObject({
      code: 'invalid',
      message: 'say why the job is cancelled',
    });
  });

  it('refuses a job whose stored status it does not know, and a missing job', () => {
    const odd = jobRow('pending', { status: 'archived' });
    expect(
      domainError(() => jobSetStatus.decide({ jobId: odd.id, status: 'in_progress' }, { job: odd }, testContext()))
        .code,
    ).toBe('conflict');
    expect(
      domainError(() => jobSetStatus.decide({ jobId: odd.id, status: 'in_progress' }, { job: null }, testContext()))
        .code,
    ).toBe('not-found');
  });
});

describe('job.update', () => {
  it('changes the fields given and notes which ones on the timeline', () => {
    const ctx = testContext({ firstId: 70 });
    const job = jobRow('in_progress');
    const decision = jobUpdate.decide(
      {
        jobId: job.id,
        findings: 'pads worn',
        estimateMinor: 480_000,
        promisedAt: '2026-11-23T12:00:00.000Z',
      },
      { job },
      ctx,
    );
    expect(decision.changes).toEqual([
      {
        op: 'update',
        table: 'jobs',
        id: job.id,
        set: { findings: 'pads worn', estimate_minor: 480_000, promised_at: '2026-11-23T12:00:00.000Z' },
      },
      {
        op: 'insert',
        table: 'job_updates',
        row: {
          id: testId(70),
          site_id: SITE_1,
          job_id: job.id,
          author_id: STAFF,
          kind: 'edit',
          body: 'findings, estimate_minor, promised_at',
        },
      },
    ]);
    expect(planDecision(decision, [job], ctx)[0]?.after).toMatchObject({
      findings: 'pads worn',
      status: 'in_progress',
    });
  });

  it.each(['delivered', 'cancelled'] as const)('refuses to change a %s job', (status) => {
    const job = jobRow(status);
    expect(domainError(() => jobUpdate.decide({ jobId: job.id, concern: 'x' }, { job }, testContext()))).toMatchObject({
      code: 'conflict',
      message: `job BLR1A-00007 is ${status} and can no longer change`,
    });
  });

  it('refuses an update that changes nothing', () => {
    const job = jobRow('pending');
    expect(domainError(() => jobUpdate.decide({ jobId: job.id }, { job }, testContext())).code).toBe('invalid');
  });
});

describe('job.addNote', () => {
  it('adds a trimmed note by the actor to the job timeline', () => {
    const ctx = testContext({ firstId: 80 });
    const job = jobRow('ready');
    const decision = jobAddNote.decide({ jobId: job.id, body: '  customer called \n' }, { job }, ctx);
    expect(decision.result).toEqual({ updateId: testId(80) });
    expect(decision.changes).toEqual([
      {
        op: 'insert',
        table: 'job_updates',
        row: {
          id: testId(80),
          site_id: SITE_1,
          job_id: job.id,
          author_id: STAFF,
          kind: 'note',
          body: 'customer called',
        },
      },
    ]);
    expect(planDecision(decision, [job], ctx)[0]?.after).toMatchObject({
      from_status: null,
      to_status: null,
    });
  });

  it('refuses a note on a job it cannot see', () => {
    expect(
      domainError(() => jobAddNote.decide({ jobId: testId(50), body: 'hi' }, { job: null }, testContext())).code,
    ).toBe('not-found');
  });
});
