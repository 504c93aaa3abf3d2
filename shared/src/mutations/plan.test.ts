import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { tableSpec } from '../schema/tables.ts';
import { planChange, siteAllowed } from './plan.ts';
import { SITE_1, SITE_2, TENANT_B, TEST_NOW, testContext, testId, testRow } from './test-context.ts';
import { insert, remove, update, type Change } from './types.ts';

const ctx = testContext();

function refusal(change: Change, existing: ReturnType<typeof testRow> | null, context = ctx): DomainError {
  try {
    planChange(change, existing, context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('planChange accepted the change');
}

const customerInsert = (values: Record<string, unknown> = {}) =>
  insert('customers', { id: testId(1), site_id: SITE_1, name: 'Asha Rao', ...values });

describe('planChange: inserts', () => {
  it('stamps the tenant, the times and null for absent columns', () => {
    const planned = planChange(customerInsert({ phone: '+919812345678' }), null, ctx);
    expect(planned.before).toBeNull();
    const stamped = {
      id: testId(1),
      tenant_id: ctx.tenantId,
      site_id: SITE_1,
      name: 'Asha Rao',
      phone: '+919812345678',
      created_at: TEST_NOW,
      updated_at: TEST_NOW,
    };
    // Every registry column is present; the ones the change did not name are null.
    const columns = Object.keys(tableSpec('customers').columns);
    const absent = Object.fromEntries(columns.filter((column) => !(column in stamped)).map((column) => [column, null]));
    expect(absent).toHaveProperty('email', null);
    expect(absent).toHaveProperty('deleted_at', null);
    expect(planned.after).toEqual({ ...absent, ...stamped });
    expect(planned.fields).toEqual(columns);
  });

  it("writes into the actor's tenant even when the change names another", () => {
    const planned = planChange(
      customerInsert({ tenant_id: TENANT_B, created_at: '1999-01-01T00:00:00.000Z' }),
      null,
      ctx,
    );
    expect(planned.after.tenant_id).toBe(ctx.tenantId);
    expect(planned.after.created_at).toBe(TEST_NOW);
  });

  it("refuses a site outside the actor's sites, and allows any site for an all-sites actor", () => {
    expect(refusal(customerInsert({ site_id: SITE_2 }), null).code).toBe('forbidden');
    const owner = testContext({ role: 'owner', deviceSiteId: null, allowedSiteIds: null });
    expect(planChange(customerInsert({ site_id: SITE_2 }), null, owner).after.site_id).toBe(SITE_2);
  });

  it('refuses an id that already exists, a missing required column and an unknown column', () => {
    const existing = testRow('customers', { id: testId(1), name: 'Already here' });
    expect(refusal(customerInsert(), existing).code).toBe('conflict');
    const noName = refusal(insert('customers', { id: testId(2), site_id: SITE_1 }), null);
    expect(noName).toMatchObject({ code: 'invalid', message: 'customers.name is required' });
    const unknown = refusal(customerInsert({ colour: 'red' }), null);
    expect(unknown).toMatchObject({ code: 'invalid', message: 'customers has no column colour' });
  });

  it('refuses a value of the wrong kind', () => {
    const bad = insert('vehicles', { id: testId(3), site_id: SITE_1, registration: 'KA01', year: '2019' });
    expect(refusal(bad, null)).toMatchObject({
      code: 'invalid',
      message: 'vehicles.year must be of kind int',
    });
  });
});

describe('planChange: updates', () => {
  const existing = testRow('customers', { id: testId(1), name: 'Asha', phone: '+919812345678' });

  it('merges the set columns, bumps updated_at and reports only the set fields', () => {
    const planned = planChange(update('customers', existing.id, { name: 'Asha Rao', notes: 'VIP' }), existing, ctx);
    expect(planned.before).toBe(existing);
    expect(planned.after).toEqual({ ...existing, name: 'Asha Rao', notes: 'VIP', updated_at: TEST_NOW });
    expect(planned.fields).toEqual(['name', 'notes']);
  });

  it.each(['id', 'tenant_id', 'site_id', 'created_at'])('refuses to change the frozen column %s', (column) => {
    const error = refusal(update('customers', existing.id, { [column]: 'x' }), existing);
    expect(error).toMatchObject({ code: 'invalid', message: `customers.${column} cannot be changed` });
  });

  it("hides another tenant's row as not found", () => {
    const foreign = testRow('customers', { id: testId(9), name: 'Other', tenant_id: TENANT_B });
    expect(refusal(update('customers', foreign.id, { name: 'Mine now' }), foreign).code).toBe('not-found');
    expect(refusal(remove('customers', foreign.id), foreign).code).toBe('not-found');
  });

  it("refuses a row of a site outside the actor's sites", () => {
    const elsewhere = testRow('customers', { id: testId(8), name: 'Other site', site_id: SITE_2 });
    expect(refusal(update('customers', elsewhere.id, { name: 'x' }), elsewhere).code).toBe('forbidden');
  });

  it('does not apply the site rule to tenant-wide tables', () => {
    const site = testRow('sites', { id: SITE_2, name: 'Whitefield', code: 'WF', timezone: 'Asia/Kolkata' });
    expect(planChange(update('sites', SITE_2, { name: 'Whitefield 2' }), site, ctx).after.name).toBe('Whitefield 2');
  });

  it('treats an absent row and a tombstone as not found', () => {
    expect(refusal(update('customers', testId(5), { name: 'x' }), null).code).toBe('not-found');
    const tombstone = { ...existing, deleted_at: '2026-11-20T00:00:00.000Z' };
    expect(refusal(update('customers', existing.id, { name: 'x' }), tombstone).code).toBe('not-found');
  });

  it('refuses to set a required column to null', () => {
    expect(refusal(update('customers', existing.id, { name: null }), existing).code).toBe('invalid');
  });
});

describe('planChange: deletes', () => {
  const existing = testRow('customers', { id: testId(1), name: 'Asha' });

  it('writes a tombstone rather than removing the row', () => {
    const planned = planChange(remove('customers', existing.id), existing, ctx);
    expect(planned.after).toEqual({ ...existing, deleted_at: TEST_NOW, updated_at: TEST_NOW });
    expect(planned.fields).toEqual(['deleted_at']);
  });

  it('refuses to delete a tombstone again or a row that is not there', () => {
    const tombstone = { ...existing, deleted_at: '2026-11-20T00:00:00.000Z' };
    expect(refusal(remove('customers', existing.id), tombstone).code).toBe('not-found');
    expect(refusal(remove('customers', existing.id), null).code).toBe('not-found');
  });
});

describe('siteAllowed', () => {
  it('allows every site for null, listed sites otherwise, and never a missing site id', () => {
    expect(siteAllowed({ allowedSiteIds: null }, SITE_2)).toBe(true);
    expect(siteAllowed({ allowedSiteIds: [SITE_1] }, SITE_1)).toBe(true);
    expect(siteAllowed({ allowedSiteIds: [SITE_1] }, SITE_2)).toBe(false);
    expect(siteAllowed({ allowedSiteIds: [SITE_1] }, null)).toBe(false);
  });
});
