import { DomainError, type Row, type SyncRowStore } from '@forecourt/shared';
import { doNotRentMatches } from '@forecourt/shared/domain/rental/index';

/**
 * A renter's data as the counter holds it (the right of access): the person, their reservations,
 * their contracts with readings, damages, charges and payments, the do-not-rent entries they
 * match, the contracts they drove as an additional driver, and the photos and signatures those
 * contracts reference (by sha256; the files are not in the export). Read from the replica, so it
 * works offline; a site-scoped counter holds only its own sites' payments.
 *
 * An erased renter's export says so: the person is reduced to what erasure keeps (the row's id,
 * when it was erased and the retention date); the bookings and contracts kept for the accounting
 * records follow as they are.
 */
export const RENTER_EXPORT_FORMAT = 'forecourt.renter-data/1';

export type PictureRole =
  | 'pickup photo'
  | 'return photo'
  | 'pickup damage photo'
  | 'return damage photo'
  | 'renter signature'
  | 'staff signature';

export interface PictureReference {
  readonly sha256: string;
  readonly role: PictureRole;
  readonly contractId: string;
  readonly contractNumber: string;
}

export interface DoNotRentMatch {
  readonly id: string;
  readonly name: unknown;
  readonly reason: unknown;
  readonly matchedOn: readonly string[];
  readonly listedAt: unknown;
}

export interface VehicleSummary {
  readonly plate: unknown;
  readonly make: unknown;
  readonly model: unknown;
  readonly fuel_type: unknown;
}

/** A row as exported: its columns without the tenant id. */
export interface ExportedRow {
  readonly id: string;
  readonly [column: string]: unknown;
}

export type ExportedContract = ExportedRow & {
  readonly vehicle: VehicleSummary | null;
  readonly payments: readonly ExportedRow[];
};

export interface RenterExport {
  readonly format: typeof RENTER_EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly erasure: { readonly erasedAt: string; readonly retainUntil: string | null; readonly notice: string } | null;
  readonly renter: ExportedRow;
  readonly doNotRentMatches: readonly DoNotRentMatch[];
  readonly reservations: readonly ExportedRow[];
  readonly contracts: readonly ExportedContract[];
  /** Contracts of other renters on which this person is an additional driver: only what concerns them. */
  readonly asAdditionalDriver: readonly ExportedRow[];
  readonly pictures: readonly PictureReference[];
}

const MATCH_KEYS = ['licence_number', 'phone', 'email', 'id_doc_number'] as const;
const KEPT_AFTER_ERASURE = ['id', 'created_at', 'updated_at', 'erased_at', 'retain_until'] as const;

const live = (rows: readonly Row[]): Row[] => rows.filter((row) => !row.deleted_at);
const byTime = (column: string) => (a: Row, b: Row) => String(a[column]).localeCompare(String(b[column]));
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The row as exported: the tenant id is ours, not the renter's. */
function exported(row: Row): ExportedRow {
  const { tenant_id: _tenant, ...rest } = row;
  return rest;
}

function personOf(renter: Row): ExportedRow {
  if (!renter.erased_at) return exported(renter);
  return { ...Object.fromEntries(KEPT_AFTER_ERASURE.map((column) => [column, renter[column] ?? null])), id: renter.id };
}

function matchesOf(renter: Row, list: readonly Row[]): DoNotRentMatch[] {
  const same = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
  return doNotRentMatches(renter, list).map((entry) => ({
    id: entry.id,
    name: entry.name,
    reason: entry.reason,
    matchedOn: MATCH_KEYS.filter((key) => text(renter[key]) && same(renter[key], entry[key])),
    listedAt: entry.created_at,
  }));
}

const shasOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];

const damagePhotosOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((mark: unknown) =>
        typeof mark === 'object' && mark !== null ? shasOf([(mark as { photo?: unknown }).photo]) : [],
      )
    : [];

/** Every photo and signature a contract points at, with what it is. */
export function pictureReferences(contract: Row): PictureReference[] {
  const of = (role: PictureRole, shas: string[]) =>
    shas.map((sha256) => ({ sha256, role, contractId: contract.id, contractNumber: String(contract.number) }));
  return [
    ...of('pickup photo', shasOf(contract.photos_out)),
    ...of('pickup damage photo', damagePhotosOf(contract.damages_out)),
    ...of('return photo', shasOf(contract.photos_in)),
    ...of('return damage photo', damagePhotosOf(contract.damages_in)),
    ...of('renter signature', shasOf([contract.renter_signature_blob])),
    ...of('staff signature', shasOf([contract.staff_signature_blob])),
  ];
}

function vehicleOf(store: SyncRowStore, vehicleId: unknown): VehicleSummary | null {
  const vehicle = typeof vehicleId === 'string' ? store.get('rental_vehicles', vehicleId) : null;
  return vehicle
    ? { plate: vehicle.plate, make: vehicle.make, model: vehicle.model, fuel_type: vehicle.fuel_type }
    : null;
}

function driverEntry(store: SyncRowStore, contract: Row): ExportedRow {
  return {
    id: contract.id,
    number: contract.number,
    status: contract.status,
    opened_at: contract.opened_at,
    returned_at: contract.returned_at ?? null,
    vehicle: vehicleOf(store, contract.vehicle_id),
  };
}

function erasureOf(renter: Row): RenterExport['erasure'] {
  const erasedAt = text(renter.erased_at);
  if (!erasedAt) return null;
  const until = text(renter.retain_until);
  return {
    erasedAt,
    retainUntil: until,
    notice:
      `This renter's personal data was erased on ${erasedAt.slice(0, 10)}. Only the records the law requires are ` +
      `kept (bookings, contracts and payments)${until ? `, until ${until}` : ''}.`,
  };
}

export function renterExport(store: SyncRowStore, renterId: string, now: string): RenterExport {
  const renter = store.get('rental_customers', renterId);
  if (!renter || renter.deleted_at) throw new DomainError('not-found', 'renter not found');
  const contracts = live(store.find('rental_contracts', { customer_id: renterId })).sort(byTime('opened_at'));
  const driven = live(store.find('rental_contracts', {})).filter(
    (contract) => Array.isArray(contract.additional_driver_ids) && contract.additional_driver_ids.includes(renterId),
  );
  return {
    format: RENTER_EXPORT_FORMAT,
    exportedAt: now,
    erasure: erasureOf(renter),
    renter: personOf(renter),
    doNotRentMatches: matchesOf(renter, live(store.find('rental_do_not_rent', {}))),
    reservations: live(store.find('rental_reservations', { customer_id: renterId }))
      .sort(byTime('starts_at'))
      .map(exported),
    contracts: contracts.map((contract) => ({
      ...exported(contract),
      vehicle: vehicleOf(store, contract.vehicle_id),
      payments: live(store.find('payments', { contract_id: contract.id }))
        .sort(byTime('created_at'))
        .map(exported),
    })),
    asAdditionalDriver: driven.sort(byTime('opened_at')).map((contract) => driverEntry(store, contract)),
    pictures: contracts.flatMap(pictureReferences),
  };
}
