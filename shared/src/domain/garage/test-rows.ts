/**
 * Rows and a runner for the garage decide tests: a workshop in Bengaluru (Karnataka, state 29),
 * its customer, vehicle and job. Pure: no database, no clock. Not exported from the package.
 */
import type { TSchema } from 'typebox';
import { DomainError } from '../../errors.ts';
import { authorize, validateInput } from '../../mutations/execute.ts';
import {
  OWNER,
  SITE_1,
  TENANT_A,
  planDecision,
  testContext,
  testId,
  testRow,
  type TestContextOptions,
} from '../../mutations/test-context.ts';
import type { Decision, MutationContext, MutationDef, ReadSpec } from '../../mutations/types.ts';
import type { PlannedChange } from '../../mutations/plan.ts';
import type { Row } from '../../schema/tables.ts';

export const SUPPLIER_GSTIN = '29ABCDE1234F1ZW';
export const MANAGER = testId(900_023);

export const tenantIN = testRow('tenants', { id: TENANT_A, name: 'Rao Motors', country: 'IN', currency: 'INR' });
export const tenantCH = testRow('tenants', { id: TENANT_A, name: 'Garage Müller', country: 'CH', currency: 'CHF' });

export const siteRow = testRow('sites', {
  id: SITE_1,
  name: 'Rao Motors Indiranagar',
  code: 'BLR1',
  address: '12 CMH Road, Indiranagar, Bengaluru 560038',
  phone: '+918041234567',
  tax_id: SUPPLIER_GSTIN,
  timezone: 'Asia/Kolkata',
});
export const profileRow = testRow('site_profiles', {
  id: testId(3),
  site_id: SITE_1,
  country: 'IN',
  state_code: '29',
  upi_vpa: 'raomotors@okaxis',
});
export const customerRow = testRow('customers', {
  id: testId(1),
  name: 'Asha Rao',
  phone: '+919812345678',
  address: 'Jayanagar, Bengaluru',
});
export const vehicleRow = testRow('vehicles', {
  id: testId(2),
  registration: 'KA 01 AB 1234',
  customer_id: testId(1),
  make: 'Maruti',
  model: 'Swift',
});

export function jobRow(extra: Record<string, unknown> = {}): Row {
  return testRow('jobs', {
    id: testId(50),
    number: 'BLR1A-00007',
    customer_id: customerRow.id,
    vehicle_id: vehicleRow.id,
    status: 'ready',
    currency: 'INR',
    created_by: MANAGER,
    ...extra,
  });
}

export function lineRow(n: number, extra: Record<string, unknown> = {}): Row {
  return testRow('job_lines', {
    id: testId(100 + n),
    job_id: testId(50),
    kind: 'part',
    position: n,
    pricing: 'unit',
    description: `Part ${n}`,
    hsn_sac: '8421',
    quantity_milli: 1000,
    unit_price_minor: 100_000,
    discount_minor: 0,
    tax_rate_bp: 1800,
    ...extra,
  });
}

export function paymentRow(n: number, extra: Record<string, unknown> = {}): Row {
  return testRow('payments', {
    id: testId(200 + n),
    job_id: testId(50),
    kind: 'partial',
    method: 'cash',
    amount_minor: 50_000,
    currency: 'INR',
    status: 'unconfirmed',
    recorded_by: MANAGER,
    ...extra,
  });
}

export const ownerCtx = (options: TestContextOptions = {}) =>
  testContext({ role: 'owner', userId: OWNER, firstId: 500, ...options });
export const managerCtx = (options: TestContextOptions = {}) =>
  testContext({ role: 'manager', userId: MANAGER, firstId: 500, ...options });

export interface Ran {
  readonly decision: Decision;
  readonly planned: PlannedChange[];
}

/** validateInput → authorize → decide → plan every change against `existing`, as both stores do. */
export function run<S extends TSchema, R extends ReadSpec>(
  def: MutationDef<S, R>,
  input: unknown,
  state: Record<string, unknown>,
  ctx: MutationContext,
  existing: readonly Row[] = [],
): Ran {
  // Same erasure the registry does: the def is checked against its own schema by validateInput.
  const any = def as unknown as MutationDef<TSchema, ReadSpec>;
  const valid = validateInput(any, input);
  authorize(any, ctx);
  const decision = any.decide(valid as never, state as never, ctx);
  return { decision, planned: planDecision(decision, existing, ctx) };
}

export function domainError(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

export function inserted(ran: Ran, table: string): Row[] {
  return ran.planned.filter((change) => change.table === table && change.before === null).map((change) => change.after);
}

export function updated(ran: Ran, table: string): PlannedChange[] {
  return ran.planned.filter((change) => change.table === table && change.before !== null);
}
