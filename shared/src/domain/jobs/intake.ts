import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, WRITE_ROLES, type Change, type MutationContext } from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, IsoTime, OptionalText, requireFound, targetSite } from '../common.ts';
import { describeGstinProblem, gstinProblem, gstinStateCode, isGstStateCode, normaliseGstin } from '../garage/gstin.ts';
import { normalisePhone } from '../garage/phone.ts';
import { tenantCountry, timeline } from '../garage/rows.ts';
import type { TaxCountry } from '../garage/tax-rates.ts';
import { normaliseVin, vinWarning } from '../garage/vin.ts';
import { normaliseRegistration } from '../vehicles/mutations.ts';
import { formatJobNumber } from './mutations.ts';

/**
 * The job card form in one step: an existing or new customer, an existing or new vehicle, the
 * job's intake details and an optional advance. Validation errors refuse it; a VIN that fails
 * its check digit only adds a warning to the result (many Indian VINs do not carry one).
 */
const NewCustomer = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    phone: Type.String({ minLength: 5, maxLength: 24 }),
    address: OptionalText(500),
    email: OptionalText(254),
    gstin: OptionalText(20),
    stateCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{2}$' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const NewVehicle = Type.Object(
  {
    registration: Type.String({ minLength: 1, maxLength: 20 }),
    make: OptionalText(60),
    model: OptionalText(60),
    year: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()])),
    vin: OptionalText(20),
  },
  { additionalProperties: false },
);

export const IntakeInput = Type.Object(
  {
    siteId: Type.Optional(Id),
    customer: Type.Union([Type.Object({ id: Id }, { additionalProperties: false }), NewCustomer]),
    vehicle: Type.Optional(
      Type.Union([Type.Object({ id: Id }, { additionalProperties: false }), NewVehicle, Type.Null()]),
    ),
    concern: OptionalText(4000),
    findings: OptionalText(4000),
    estimateMinor: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    odometerIn: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    fuelLevelIn: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 8 }), Type.Null()])),
    promisedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
    partsRequired: OptionalText(2000),
    assignedTo: Type.Optional(Type.Union([Id, Type.Null()])),
    workerName: OptionalText(120),
    internalNotes: OptionalText(4000),
    keyTag: OptionalText(20),
    advance: Type.Optional(
      Type.Object(
        {
          amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
          method: Type.Enum(['cash', 'upi', 'card', 'bank_transfer']),
          reference: OptionalText(100),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const idOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : undefined;

function customerRow(
  input: Record<string, unknown> & { name: string; phone: string },
  siteId: string,
  country: TaxCountry,
  ctx: MutationContext,
) {
  const gstin = typeof input.gstin === 'string' && input.gstin.trim() ? normaliseGstin(input.gstin) : null;
  if (gstin) {
    const problem = gstinProblem(gstin);
    if (problem) throw new DomainError('invalid', describeGstinProblem(gstin, problem));
  }
  const given = typeof input.stateCode === 'string' ? input.stateCode : null;
  if (given && !isGstStateCode(given)) throw new DomainError('invalid', `${given} is not a GST state code`);
  const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return {
    id: ctx.newId(),
    site_id: siteId,
    name: input.name.trim(),
    phone: normalisePhone(input.phone, country),
    address: str(input.address),
    email: str(input.email),
    tax_id: gstin,
    state_code: gstin ? gstinStateCode(gstin) : given,
  };
}

function vehicleRow(
  input: Record<string, unknown> & { registration: string },
  siteId: string,
  customerId: string,
  ctx: MutationContext,
) {
  const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const vin = typeof input.vin === 'string' && input.vin.trim() ? normaliseVin(input.vin) : null;
  if (vin && !/^[A-Z0-9]{5,17}$/.test(vin))
    throw new DomainError('invalid', `VIN ${vin} has characters a VIN never has`);
  const row = {
    id: ctx.newId(),
    site_id: siteId,
    customer_id: customerId,
    registration: normaliseRegistration(input.registration),
    make: str(input.make),
    model: str(input.model),
    year: typeof input.year === 'number' ? input.year : null,
    vin,
  };
  return { row, warning: vin ? vinWarning(vin) : null };
}

function sameSite(row: Row, siteId: string, what: string): Row {
  if (row.site_id !== siteId) throw new DomainError('invalid', `the ${what} belongs to another site`);
  return row;
}

export const jobIntake = defineMutation({
  name: 'job.intake',
  description: 'Open a job card with its customer and vehicle (existing or new) and an optional advance',
  roles: WRITE_ROLES,
  input: IntakeInput,
  load: (input, ctx) => ({
    customer: get('customers', idOf(input.customer)),
    vehicle: get('vehicles', idOf(input.vehicle)),
    tenant: get('tenants', ctx.tenantId),
  }),
  decide(input, state, ctx) {
    const siteId = targetSite(input, ctx);
    const country = tenantCountry(state.tenant);
    const changes: Change[] = [];
    const warnings: string[] = [];
    let customerId: string;
    if ('id' in input.customer) customerId = sameSite(requireFound(state.customer, 'customer'), siteId, 'customer').id;
    else {
      const row = customerRow(input.customer, siteId, country, ctx);
      changes.push(insert('customers', row));
      customerId = row.id;
    }
    let vehicleId: string | null = null;
    if (input.vehicle && 'id' in input.vehicle)
      vehicleId = sameSite(requireFound(state.vehicle, 'vehicle'), siteId, 'vehicle').id;
    else if (input.vehicle) {
      const { row, warning } = vehicleRow(input.vehicle, siteId, customerId, ctx);
      changes.push(insert('vehicles', row));
      if (warning) warnings.push(warning);
      vehicleId = row.id;
    }
    const job = jobRow(
      input,
      siteId,
      customerId,
      vehicleId,
      typeof state.tenant?.currency === 'string' ? state.tenant.currency : 'INR',
      ctx,
    );
    changes.push(insert('jobs', job), timeline(ctx, job, 'created', `Job ${job.number} opened`, { to: 'pending' }));
    let paymentId: string | null = null;
    if (input.advance) {
      paymentId = ctx.newId();
      changes.push(advancePayment(paymentId, job, input.advance, ctx));
    }
    return { changes, result: { jobId: job.id, number: job.number, customerId, vehicleId, paymentId, warnings } };
  },
});

function jobRow(
  input: Record<string, unknown>,
  siteId: string,
  customerId: string,
  vehicleId: string | null,
  currency: string,
  ctx: MutationContext,
) {
  const pick = (key: string) => (input[key] === undefined ? null : input[key]);
  return {
    id: ctx.newId(),
    site_id: siteId,
    number: formatJobNumber(ctx.deviceCode, ctx.nextSeq('job')),
    customer_id: customerId,
    vehicle_id: vehicleId,
    status: 'pending',
    currency,
    concern: pick('concern'),
    findings: pick('findings'),
    estimate_minor: pick('estimateMinor'),
    odometer_in: pick('odometerIn'),
    fuel_level_in: pick('fuelLevelIn'),
    promised_at: pick('promisedAt'),
    parts_required: pick('partsRequired'),
    assigned_to: pick('assignedTo'),
    worker_name: pick('workerName'),
    internal_notes: pick('internalNotes'),
    key_tag: pick('keyTag'),
    created_by: ctx.actor.userId,
  };
}

function advancePayment(
  id: string,
  job: { id: string; site_id: string; currency: string },
  advance: { amountMinor: number; method: string; reference?: string | null },
  ctx: MutationContext,
): Change {
  const byOwner = ctx.actor.role === 'owner';
  return insert('payments', {
    id,
    site_id: job.site_id,
    job_id: job.id,
    kind: 'advance',
    method: advance.method,
    amount_minor: advance.amountMinor,
    currency: job.currency,
    reference: advance.reference?.trim() || null,
    status: byOwner ? 'confirmed' : 'unconfirmed',
    recorded_by: ctx.actor.userId,
    confirmed_by: byOwner ? ctx.actor.userId : null,
    confirmed_at: byOwner ? ctx.now : null,
  });
}
