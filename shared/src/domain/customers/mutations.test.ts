import { describe, expect, it } from 'vitest';
import { SITE_1, SITE_2, testContext, testId, testRow, planDecision } from '../../mutations/test-context.ts';
import { customerCreate, customerDelete, customerUpdate } from './mutations.ts';

describe('customer.create', () => {
  it("creates the customer at the device's site with the fields given, mapped to columns", () => {
    const ctx = testContext({ firstId: 10 });
    const decision = customerCreate.decide(
      { name: 'Asha Rao', phone: '+919812345678', taxId: '29ABCDE1234F1Z5' },
      {},
      ctx,
    );
    expect(decision.result).toEqual({ customerId: testId(10) });
    expect(decision.changes).toEqual([
      {
        op: 'insert',
        table: 'customers',
        row: {
          id: testId(10),
          site_id: SITE_1,
          name: 'Asha Rao',
          phone: '+919812345678',
          tax_id: '29ABCDE1234F1Z5',
        },
      },
    ]);
    const [planned] = planDecision(decision, [], ctx);
    expect(planned?.after).toMatchObject({ email: null, notes: null, tenant_id: ctx.tenantId });
  });

  it('uses the site named in the input on an all-sites device', () => {
    const owner = testContext({ role: 'owner', deviceSiteId: null, allowedSiteIds: null });
    const decision = customerCreate.decide({ siteId: SITE_2, name: 'Ravi' }, {}, owner);
    expect(decision.changes[0]).toMatchObject({ row: { site_id: SITE_2 } });
  });

  it('asks for a site on an all-sites device when none is given', () => {
    const owner = testContext({ role: 'owner', deviceSiteId: null, allowedSiteIds: null });
    expect(() => customerCreate.decide({ name: 'Ravi' }, {}, owner)).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'choose a site: this device works for all sites' }),
    );
  });

  it("cannot place a customer at a site outside the actor's sites", () => {
    const ctx = testContext();
    const decision = customerCreate.decide({ siteId: SITE_2, name: 'Ravi' }, {}, ctx);
    expect(() => planDecision(decision, [], ctx)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});

describe('customer.update', () => {
  const customer = testRow('customers', {
    id: testId(1),
    name: 'Asha',
    phone: '+919812345678',
    notes: 'old',
  });

  it('changes only the fields present, and clears a field sent as null', () => {
    const ctx = testContext();
    const decision = customerUpdate.decide(
      { customerId: customer.id, name: 'Asha Rao', phone: null },
      { customer },
      ctx,
    );
    expect(decision.changes).toEqual([
      { op: 'update', table: 'customers', id: customer.id, set: { name: 'Asha Rao', phone: null } },
    ]);
    const [planned] = planDecision(decision, [customer], ctx);
    expect(planned?.after).toMatchObject({ name: 'Asha Rao', phone: null, notes: 'old' });
  });

  it('refuses an update that changes nothing', () => {
    expect(() => customerUpdate.decide({ customerId: customer.id }, { customer }, testContext())).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'customer.update: nothing to change' }),
    );
  });

  it('reports a customer it cannot see as not found', () => {
    expect(() =>
      customerUpdate.decide({ customerId: customer.id, name: 'x' }, { customer: null }, testContext()),
    ).toThrow(expect.objectContaining({ code: 'not-found', message: 'customer not found' }));
  });
});

describe('customer.delete', () => {
  const customer = testRow('customers', { id: testId(1), name: 'Asha' });
  const job = (status: string) =>
    testRow('jobs', {
      id: testId(100),
      number: 'BLR1A-00001',
      customer_id: customer.id,
      status,
      currency: 'INR',
    });

  it('loads the customer and all of their jobs', () => {
    expect(customerDelete.load({ customerId: customer.id }, testContext())).toEqual({
      customer: { kind: 'get', table: 'customers', id: customer.id },
      jobs: { kind: 'find', table: 'jobs', where: { customer_id: customer.id } },
    });
  });

  it('tombstones a customer whose jobs are all delivered or cancelled', () => {
    const ctx = testContext({ role: 'manager' });
    const decision = customerDelete.decide(
      { customerId: customer.id },
      { customer, jobs: [job('delivered'), job('cancelled')] },
      ctx,
    );
    expect(decision.changes).toEqual([{ op: 'delete', table: 'customers', id: customer.id }]);
    expect(planDecision(decision, [customer], ctx)[0]?.after.deleted_at).toBe(ctx.now);
  });

  it.each(['pending', 'in_progress', 'waiting_for_parts', 'on_hold', 'ready'])(
    'refuses while a job is %s, and says how many are open',
    (status) => {
      const state = { customer, jobs: [job(status), job('delivered'), job(status)] };
      expect(() => customerDelete.decide({ customerId: customer.id }, state, testContext({ role: 'manager' }))).toThrow(
        expect.objectContaining({ code: 'conflict', message: 'the customer has 2 open job(s)' }),
      );
    },
  );

  it('reports a missing customer as not found', () => {
    expect(() =>
      customerDelete.decide({ customerId: customer.id }, { customer: null, jobs: [] }, testContext()),
    ).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
