import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  update,
  WRITE_ROLES,
  type Change,
  type MutationContext,
} from '../../mutations/types.ts';
import { Id, IsoTime, OptionalText, requireFound } from '../common.ts';
import { fiscalYear, formatDocumentNumber, localDate, seriesKey } from '../garage/numbering.ts';
import { isTaxCountry, type TaxCountry } from '../garage/tax-rates.ts';
import { busyPeriods, clashes } from './availability.ts';
import { returnCharges, totals } from './pricing.ts';
import { classRates, extrasFrom } from './rates.ts';
import { doNotRentMatches, requireDrivers } from './renter-rules.ts';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of a blob' });
const Damage = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 40 }),
    /** Position on the vehicle diagram, 0–1 from the top-left. */
    x: Type.Number({ minimum: 0, maximum: 1 }),
    y: Type.Number({ minimum: 0, maximum: 1 }),
    type: Type.Enum(['scratch', 'dent', 'crack', 'chip', 'missing', 'other']),
    severity: Type.Enum(['minor', 'moderate', 'severe']),
    note: OptionalText(200),
    photo: Type.Optional(Type.Union([Sha256, Type.Null()])),
  },
  { additionalProperties: false },
);
const Level = Type.Integer({ minimum: 0, maximum: 100, description: 'fuel in eighths (0–8) or EV charge in %' });

/** Contract numbers from the device's own series (DESIGN §4.5): ZRH1A-26-00042, unique offline. */
export function contractNumber(ctx: MutationContext): { number: string; series: string; seq: number } {
  const year = ctx.now.slice(0, 4);
  const series = `contract:${ctx.deviceCode}:${year}`;
  const seq = ctx.nextSeq(series);
  return { number: `${ctx.deviceCode}-${year.slice(2)}-${String(seq).padStart(5, '0')}`, series, seq };
}

function checkLevel(vehicle: Record<string, unknown>, level: number, what: string): void {
  if (vehicle.fuel_type !== 'ev' && level > 8)
    throw new DomainError('invalid', `${what}: fuel is counted in eighths (0–8)`);
}

export const rentalContractOpen = defineMutation({
  name: 'rental.contractOpen',
  description: 'Open a rental contract at pickup: renter, drivers, vehicle, readings, damages, signatures',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      reservationId: Type.Optional(Type.Union([Id, Type.Null()])),
      customerId: Id,
      driverIds: Type.Optional(Type.Array(Id, { maxItems: 4 })),
      vehicleId: Id,
      dueAt: IsoTime,
      kmOut: Type.Integer({ minimum: 0, maximum: 2_000_000 }),
      fuelOut: Level,
      damagesOut: Type.Array(Damage, { maxItems: 50 }),
      photosOut: Type.Optional(Type.Array(Sha256, { maxItems: 40 })),
      extras: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
      insurance: OptionalText(80),
      deductibleMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
      depositMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
      termsVersion: Type.String({ minLength: 1, maxLength: 20 }),
      renterSignature: Type.Optional(Type.Union([Sha256, Type.Null()])),
      staffSignature: Type.Optional(Type.Union([Sha256, Type.Null()])),
      returnSiteId: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({
    reservation: get('rental_reservations', input.reservationId ?? null),
    renter: get('rental_customers', input.customerId),
    drivers: find('rental_customers', {}),
    vehicle: get('rental_vehicles', input.vehicleId),
    reservations: find('rental_reservations', { vehicle_id: input.vehicleId }),
    contracts: find('rental_contracts', { vehicle_id: input.vehicleId }),
    maintenance: find('rental_maintenance', { vehicle_id: input.vehicleId }),
    classes: find('rental_classes', {}),
    accessories: find('rental_accessories', {}),
    doNotRent: find('rental_do_not_rent', {}),
  }),
  decide(input, state, ctx) {
    const renter = requireFound(state.renter, 'renter');
    const vehicle = requireFound(state.vehicle, 'vehicle');
    const rentalClass = requireFound(
      state.classes.find((row) => row.id === vehicle.class_id),
      'vehicle class',
    );
    const reservation = input.reservationId ? requireFound(state.reservation, 'reservation') : null;
    if (reservation && !['tentative', 'confirmed'].includes(String(reservation.status))) {
      throw new DomainError('conflict', `the reservation is ${String(reservation.status)}`);
    }
    if (reservation && reservation.customer_id !== renter.id)
      throw new DomainError('invalid', 'the reservation is for another renter');
    if (vehicle.status === 'rented' || vehicle.status === 'out_of_service' || vehicle.status === 'maintenance') {
      throw new DomainError('conflict', `${String(vehicle.plate)} is ${String(vehicle.status).replaceAll('_', ' ')}`);
    }
    if (input.dueAt <= ctx.now) throw new DomainError('invalid', 'the return must be after the pickup');
    checkLevel(vehicle, input.fuelOut, 'fuel out');
    if (input.kmOut < Number(vehicle.odometer_km)) {
      throw new DomainError(
        'invalid',
        `km out (${input.kmOut}) is below the vehicle's odometer (${String(vehicle.odometer_km)})`,
      );
    }
    const drivers = (input.driverIds ?? []).map((id) =>
      requireFound(
        state.drivers.find((row) => row.id === id),
        'additional driver',
      ),
    );
    requireDrivers([renter, ...drivers], rentalClass, {
      pickupDate: ctx.now.slice(0, 10),
      returnDate: input.dueAt.slice(0, 10),
    });
    const except = new Set(reservation ? [reservation.id] : []);
    const taken = clashes(busyPeriods(state), vehicle.id, { start: ctx.now, end: input.dueAt }, except);
    if (taken.length > 0) {
      throw new DomainError(
        'conflict',
        `${String(vehicle.plate)} is booked before the return (${taken.map((entry) => entry.kind).join(', ')})`,
      );
    }
    const extras = extrasFrom(state.accessories, input.extras ?? (reservation?.extras as string[] | undefined) ?? []);
    const id = ctx.newId();
    const numbering = contractNumber(ctx);
    const siteId = String(reservation?.site_id ?? ctx.deviceSiteId ?? vehicle.site_id);
    const changes: Change[] = [
      insert('rental_contracts', {
        id,
        site_id: siteId,
        return_site_id: input.returnSiteId ?? String(reservation?.return_site_id ?? siteId),
        ...numbering,
        reservation_id: reservation?.id ?? null,
        customer_id: renter.id,
        additional_driver_ids: drivers.map((driver) => driver.id),
        vehicle_id: vehicle.id,
        class_id: rentalClass.id,
        status: 'open',
        opened_at: ctx.now,
        due_at: input.dueAt,
        km_out: input.kmOut,
        fuel_out: input.fuelOut,
        damages_out: input.damagesOut,
        accessories: extras,
        rates: classRates(rentalClass, vehicle),
        insurance: input.insurance?.trim() || null,
        deductible_minor: input.deductibleMinor,
        deposit_minor:
          input.depositMinor ??
          Number(reservation?.deposit_minor ?? vehicle.deposit_minor ?? rentalClass.deposit_minor),
        terms_version: input.termsVersion,
        renter_signature_blob: input.renterSignature ?? null,
        staff_signature_blob: input.staffSignature ?? null,
        photos_out: input.photosOut ?? [],
        currency: rentalClass.currency,
        opened_by: ctx.actor.userId,
      }),
      update('rental_vehicles', vehicle.id, { status: 'rented', odometer_km: input.kmOut, fuel_level: input.fuelOut }),
    ];
    if (reservation) {
      changes.push(
        update('rental_reservations', reservation.id, { status: 'converted', contract_id: id, double_booked: false }),
      );
    }
    const warnings = [renter, ...drivers].flatMap((person) =>
      doNotRentMatches(person, state.doNotRent).map(
        (entry) => `${String(person.name)} is on the do-not-rent list (${String(entry.reason)})`,
      ),
    );
    return { changes, result: { contractId: id, number: numbering.number, warnings } };
  },
});

export const rentalContractReturn = defineMutation({
  name: 'rental.contractReturn',
  description: 'Record the return: km and fuel in, new damages and photos; computes the charges',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      contractId: Id,
      kmIn: Type.Integer({ minimum: 0, maximum: 2_000_000 }),
      fuelIn: Level,
      damagesIn: Type.Array(Damage, { maxItems: 50 }),
      photosIn: Type.Optional(Type.Array(Sha256, { maxItems: 40 })),
      damageChargesMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
      returnSiteId: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ contract: get('rental_contracts', input.contractId) }),
  decide(input, state, ctx) {
    const contract = requireFound(state.contract, 'contract');
    if (contract.status !== 'open') throw new DomainError('conflict', `the contract is ${String(contract.status)}`);
    const rates = contract.rates as unknown as Parameters<typeof returnCharges>[0];
    const charges = returnCharges(rates, {
      openedAt: String(contract.opened_at),
      dueAt: String(contract.due_at),
      returnedAt: ctx.now,
      kmOut: Number(contract.km_out),
      kmIn: input.kmIn,
      fuelOut: Number(contract.fuel_out),
      fuelIn: input.fuelIn,
      ev: Number(contract.fuel_out) > 8 || Number(input.fuelIn) > 8,
      extras: contract.accessories as unknown as Parameters<typeof returnCharges>[1]['extras'],
      damageChargesMinor: input.damageChargesMinor ?? 0,
    });
    const returnSite = input.returnSiteId ?? String(contract.return_site_id);
    return {
      changes: [
        update('rental_contracts', contract.id, {
          status: 'returned',
          returned_at: ctx.now,
          km_in: input.kmIn,
          fuel_in: input.fuelIn,
          damages_in: input.damagesIn,
          photos_in: input.photosIn ?? [],
          charges,
          return_site_id: returnSite,
          returned_by: ctx.actor.userId,
        }),
        update('rental_vehicles', String(contract.vehicle_id), {
          status: 'available',
          odometer_km: input.kmIn,
          fuel_level: input.fuelIn,
          location_site_id: returnSite,
        }),
      ],
      result: { charges },
    };
  },
});

/**
 * The rental invoice's legal number (DESIGN §4.5): from the closing device's invoice series for
 * the fiscal year of the site's local date, the series its garage invoices take from too
 * (`inv:ZRH1A:2026` → ZRH1A/2026/00042), so one device's invoices stay strictly consecutive
 * whichever counter screen made them. ctx.nextSeq records the number on the counter; the server
 * replays it and never renumbers.
 */
export function rentalInvoiceNumber(
  ctx: MutationContext,
  country: TaxCountry,
  site: Record<string, unknown> | null,
): { invoice_number: string; invoice_series: string; invoice_seq: number; invoice_fiscal_year: string } {
  const zone = typeof site?.timezone === 'string' ? site.timezone : 'UTC';
  const fy = fiscalYear(country, localDate(ctx.now, zone));
  const series = seriesKey('invoice', ctx.deviceCode, fy);
  const seq = ctx.nextSeq(series);
  return {
    invoice_number: formatDocumentNumber('invoice', ctx.deviceCode, fy, seq),
    invoice_series: series,
    invoice_seq: seq,
    invoice_fiscal_year: fy.label,
  };
}

/**
 * Close with the final invoice figures: total, the VAT it contains, what is left to pay, and the
 * invoice's number. Closing is the invoice's finalisation: a closed contract is never changed
 * again (no mutation writes its figures or number), so the invoice is immutable once numbered.
 * The number is taken last, after every check, so a refused close consumes no number locally.
 */
export const rentalContractClose = defineMutation({
  name: 'rental.contractClose',
  description: 'Close a returned contract: final total with VAT, the deposit set off, cash rounded to 0.05 CHF',
  roles: WRITE_ROLES,
  input: Type.Object({ contractId: Id, cash: Type.Boolean() }, { additionalProperties: false }),
  load: (input, ctx) => ({
    contract: get('rental_contracts', input.contractId),
    tenant: get('tenants', ctx.tenantId),
    payments: find('payments', { contract_id: input.contractId }),
    sites: find('sites', {}),
  }),
  decide(input, state, ctx) {
    const contract = requireFound(state.contract, 'contract');
    if (contract.status !== 'returned')
      throw new DomainError('conflict', `a ${String(contract.status)} contract cannot be closed`);
    const country = String(state.tenant?.country ?? 'CH');
    const paid = state.payments
      .filter((payment) => !payment.deleted_at && ['confirmed', 'unconfirmed'].includes(String(payment.status)))
      .reduce((sum, payment) => sum + (payment.kind === 'refund' ? -1 : 1) * Number(payment.amount_minor), 0);
    const figures = totals(
      (contract.charges as unknown as Parameters<typeof totals>[0]) ?? [],
      isTaxCountry(country) ? country : 'CH',
      ctx.now.slice(0, 10),
      { cash: input.cash, paidMinor: paid },
    );
    const site = state.sites.find((row) => row.id === contract.site_id) ?? null;
    const invoice = rentalInvoiceNumber(ctx, isTaxCountry(country) ? country : 'CH', site);
    return {
      changes: [
        update('rental_contracts', contract.id, {
          status: 'closed',
          closed_at: ctx.now,
          total_minor: figures.totalMinor,
          vat_minor: figures.vatMinor,
          payable_minor: figures.payableMinor,
          ...invoice,
        }),
      ],
      result: { ...figures, invoiceNumber: invoice.invoice_number },
    };
  },
});

export const rentalContractCancel = defineMutation({
  name: 'rental.contractCancel',
  description: 'Cancel an open contract (vehicle not taken), with the reason',
  roles: WRITE_ROLES,
  input: Type.Object(
    { contractId: Id, reason: Type.String({ minLength: 1, maxLength: 300 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ contract: get('rental_contracts', input.contractId) }),
  decide(input, state) {
    const contract = requireFound(state.contract, 'contract');
    if (contract.status !== 'open')
      throw new DomainError('conflict', `a ${String(contract.status)} contract cannot be cancelled`);
    return {
      changes: [
        update('rental_contracts', contract.id, { status: 'cancelled', cancel_reason: input.reason.trim() }),
        update('rental_vehicles', String(contract.vehicle_id), { status: 'available' }),
      ],
    };
  },
});

/** Money for a rental: the deposit taken at pickup, payments and refunds (unconfirmed until an owner confirms). */
export const rentalPaymentRecord = defineMutation({
  name: 'rental.paymentRecord',
  description: 'Record a deposit, payment or refund of a rental contract (cash, card terminal reference)',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      contractId: Id,
      kind: Type.Enum(['deposit', 'final', 'refund']),
      method: Type.Enum(['cash', 'card', 'bank_transfer']),
      amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
      reference: OptionalText(100),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ contract: get('rental_contracts', input.contractId) }),
  decide(input, state, ctx) {
    const contract = requireFound(state.contract, 'contract');
    if (contract.status === 'cancelled') throw new DomainError('conflict', 'the contract was cancelled');
    if (input.method === 'card' && !input.reference?.trim()) {
      throw new DomainError('invalid', 'a card payment needs the terminal reference');
    }
    const id = ctx.newId();
    const byOwner = ctx.actor.role === 'owner';
    return {
      changes: [
        insert('payments', {
          id,
          site_id: contract.site_id,
          contract_id: contract.id,
          kind: input.kind === 'refund' ? 'refund' : input.kind === 'deposit' ? 'advance' : 'final',
          method: input.method,
          amount_minor: input.amountMinor,
          currency: contract.currency,
          reference: input.reference?.trim() || null,
          status: byOwner ? 'confirmed' : 'unconfirmed',
          recorded_by: ctx.actor.userId,
          confirmed_by: byOwner ? ctx.actor.userId : null,
          confirmed_at: byOwner ? ctx.now : null,
        }),
      ],
      result: { paymentId: id },
    };
  },
});

export const CONTRACT_MUTATIONS = [
  rentalContractOpen,
  rentalContractReturn,
  rentalContractClose,
  rentalContractCancel,
  rentalPaymentRecord,
];
