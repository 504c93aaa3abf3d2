import { DomainError, type Row, type SyncRowStore } from '@forecourt/shared';
import type { PartyLike } from '../layout.ts';
import { pngThumbnail } from './photo-thumbnails.ts';

/**
 * What the rental documents print, read from the replica (offline): the contract or reservation
 * row and the rows it points at, the company as the pickup site presents itself (site, profile,
 * tenant), and the pictures (photos, signatures) from the blob store by their sha256.
 */
export type BlobReader = (sha256: string) => Promise<{ bytes: Uint8Array; contentType: string } | null>;

export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const live = (rows: readonly Row[]): Row[] => rows.filter((row) => !row.deleted_at);

export interface Company {
  readonly party: PartyLike;
  readonly site: Row | null;
  readonly profile: Row | null;
  readonly country: string;
  readonly timeZone: string;
  readonly logoDataUrl: string | null;
  readonly footer: string | null;
  readonly bankDetails: string | null;
  /** The site's IBAN field (0093); null on sites set up before it, whose bank details text is read instead. */
  readonly iban: string | null;
}

export function loadCompany(store: SyncRowStore, siteId: string): Company {
  const site = store.get('sites', siteId);
  const profile = live(store.find('site_profiles', { site_id: siteId }))[0] ?? null;
  const tenant = store.get('tenants', store.tenantId);
  const country = str(tenant?.country) ?? str(profile?.country) ?? 'CH';
  return {
    party: {
      name: str(site?.name) ?? str(tenant?.name) ?? '',
      legalName: str(profile?.legal_name),
      address: str(site?.address),
      phone: str(site?.phone),
      email: str(profile?.email),
      taxId: str(site?.tax_id),
      country,
    },
    site,
    profile,
    country,
    timeZone: str(site?.timezone) ?? 'UTC',
    logoDataUrl: str(profile?.logo_data_url),
    footer: str(profile?.document_footer),
    bankDetails: str(profile?.bank_details),
    iban: str(site?.iban),
  };
}

export function renterParty(renter: Row | null, country: string): PartyLike {
  return {
    name: renter?.erased_at ? '(erased)' : (str(renter?.name) ?? ''),
    address: str(renter?.address),
    phone: str(renter?.phone),
    email: str(renter?.email),
    taxId: null,
    country,
  };
}

export interface ContractRecord {
  readonly contract: Row;
  readonly renter: Row | null;
  readonly drivers: readonly Row[];
  readonly vehicle: Row | null;
  readonly rentalClass: Row | null;
  readonly returnSite: Row | null;
  readonly payments: readonly Row[];
  readonly openedBy: string | null;
  readonly returnedBy: string | null;
  readonly company: Company;
  /** Photo sha256 → its thumbnail's sha256, for the photos that have one (`blobs.thumbnail_sha256`). */
  readonly thumbnails: ReadonlyMap<string, string>;
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];

export function loadContractRecord(store: SyncRowStore, contractId: string): ContractRecord {
  const contract = store.get('rental_contracts', contractId);
  if (!contract || contract.deleted_at) throw new DomainError('not-found', 'rental contract not found');
  const userName = (id: unknown) => (typeof id === 'string' ? str(store.get('users', id)?.name) : null);
  return {
    contract,
    renter: store.get('rental_customers', String(contract.customer_id)),
    drivers: idsOf(contract.additional_driver_ids)
      .map((id) => store.get('rental_customers', id))
      .filter((row): row is Row => row !== null),
    vehicle: store.get('rental_vehicles', String(contract.vehicle_id)),
    rentalClass: store.get('rental_classes', String(contract.class_id)),
    returnSite: store.get('sites', String(contract.return_site_id)),
    payments: live(store.find('payments', { contract_id: contractId })).sort((a, b) =>
      String(a.created_at).localeCompare(String(b.created_at)),
    ),
    openedBy: userName(contract.opened_by),
    returnedBy: userName(contract.returned_by),
    company: loadCompany(store, String(contract.site_id)),
    thumbnails: thumbnailsOf(store, contract),
  };
}

function thumbnailsOf(store: SyncRowStore, contract: Row): Map<string, string> {
  const damagePhotos = [contract.damages_out, contract.damages_in].flatMap((marks) =>
    Array.isArray(marks) ? marks.map((mark: unknown) => (mark as { photo?: unknown } | null)?.photo) : [],
  );
  const thumbnails = new Map<string, string>();
  for (const sha of [...idsOf(contract.photos_out), ...idsOf(contract.photos_in), ...idsOf(damagePhotos)]) {
    const thumb = str(store.get('blobs', sha)?.thumbnail_sha256);
    if (thumb) thumbnails.set(sha, thumb);
  }
  return thumbnails;
}

export interface ReservationRecord {
  readonly reservation: Row;
  readonly renter: Row | null;
  readonly vehicle: Row | null;
  readonly rentalClass: Row | null;
  readonly accessories: readonly Row[];
  readonly returnSite: Row | null;
  readonly company: Company;
}

export function loadReservationRecord(store: SyncRowStore, reservationId: string): ReservationRecord {
  const reservation = store.get('rental_reservations', reservationId);
  if (!reservation || reservation.deleted_at) throw new DomainError('not-found', 'reservation not found');
  return {
    reservation,
    renter: store.get('rental_customers', String(reservation.customer_id)),
    vehicle: typeof reservation.vehicle_id === 'string' ? store.get('rental_vehicles', reservation.vehicle_id) : null,
    rentalClass: store.get('rental_classes', String(reservation.class_id)),
    accessories: live(store.find('rental_accessories', {})),
    returnSite: store.get('sites', String(reservation.return_site_id)),
    company: loadCompany(store, String(reservation.site_id)),
  };
}

/** A picture as the PDF embeds it; JPEG and PNG only (PDF has no WebP), anything else is named instead. */
export interface Picture {
  readonly sha256: string;
  readonly dataUrl: string | null;
  readonly problem: string | null;
}

/**
 * A picture that cannot be had (not synced yet, the server out of reach) is named, not fatal.
 * Photos (`asThumbnail`) print from their stored thumbnail when they have one (`thumbnail`: a
 * JPEG goes in as it is, no decoding), else from the photo scaled down here (older photos);
 * signatures are printed as drawn.
 */
export async function loadPicture(
  sha256: string,
  readBlob: BlobReader,
  asThumbnail = false,
  thumbnail: string | null = null,
): Promise<Picture> {
  if (asThumbnail && thumbnail) {
    const small = await readBlob(thumbnail).catch((error: unknown) => {
      if (error instanceof Error) return null; // the photo itself may still be had
      throw error;
    });
    if (small && (small.contentType === 'image/jpeg' || small.contentType === 'image/png')) {
      const bytes = (small.contentType === 'image/png' ? pngThumbnail(small.bytes) : null) ?? small.bytes;
      return {
        sha256,
        dataUrl: `data:${small.contentType};base64,${Buffer.from(bytes).toString('base64')}`,
        problem: null,
      };
    }
  }
  const blob = await readBlob(sha256).catch((error: unknown) => {
    if (error instanceof Error) return error;
    throw error;
  });
  if (blob instanceof Error) return { sha256, dataUrl: null, problem: `could not be fetched (${blob.message})` };
  if (!blob) return { sha256, dataUrl: null, problem: 'not on this counter yet' };
  if (blob.contentType !== 'image/jpeg' && blob.contentType !== 'image/png')
    return { sha256, dataUrl: null, problem: `${blob.contentType} cannot be printed` };
  const bytes = (asThumbnail && blob.contentType === 'image/png' ? pngThumbnail(blob.bytes) : null) ?? blob.bytes;
  return { sha256, dataUrl: `data:${blob.contentType};base64,${Buffer.from(bytes).toString('base64')}`, problem: null };
}

export const loadPictures = (
  shas: unknown,
  readBlob: BlobReader,
  thumbnails: ReadonlyMap<string, string> = new Map(),
): Promise<Picture[]> =>
  Promise.all(
    idsOf(shas)
      .filter((sha) => /^[0-9a-f]{64}$/.test(sha))
      .map((sha) => loadPicture(sha, readBlob, true, thumbnails.get(sha) ?? null)),
  );
