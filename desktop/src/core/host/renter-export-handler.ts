import { DomainError } from '@forecourt/shared/errors';
import type { ChannelHandlers } from '../../common/api.ts';
import type { CounterApi } from '../counter-api.ts';
import { loadCompany } from '../documents/rental/rental-records.ts';
import { renderRenterExportPdf } from '../rental/renter-export-pdf.ts';
import { renterExport, type RenterExport } from '../rental/renter-export.ts';
import { readOnlyStore } from './documents.ts';

/**
 * `rental:exportRenter`: a renter's data as JSON or PDF, from the replica (offline). Owners and
 * managers only: the role is checked here, in the core, whatever the UI shows.
 */
type Reader = Pick<CounterApi, 'currentUser' | 'identity' | 'query' | 'get'>;

const EXPORT_ROLES = new Set(['owner', 'manager']);

function fileStem(data: RenterExport): string {
  const who = data.erasure
    ? `erased-${data.renter.id.slice(-8)}`
    : String(data.renter.name)
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || data.renter.id.slice(-8);
  return `renter-data-${who}-${data.exportedAt.slice(0, 10)}`;
}

/** The letterhead: the counter's own site, else the site of the renter's latest booking. */
function companySite(counter: Reader, data: RenterExport): string {
  const latest = [...data.contracts, ...data.reservations]
    .map((row) => row.site_id)
    .filter(Boolean)
    .pop();
  return counter.identity()?.siteId ?? String(latest ?? '');
}

export function createRenterExportHandlers(
  counter: Reader,
  clock: () => number,
): ChannelHandlers<'rental:exportRenter'> {
  return {
    'rental:exportRenter': async (input) => {
      const user = counter.currentUser();
      if (!user) throw new DomainError('unauthenticated', 'sign in first');
      if (!EXPORT_ROLES.has(user.role))
        throw new DomainError('forbidden', "exporting a renter's data is for owners and managers");
      const store = readOnlyStore(counter);
      const data = renterExport(store, input.renterId, new Date(clock()).toISOString());
      if (input.format === 'json') {
        const json = JSON.stringify(data, null, 2);
        return { fileName: `${fileStem(data)}.json`, base64: Buffer.from(json, 'utf8').toString('base64') };
      }
      const pdf = await renderRenterExportPdf(data, loadCompany(store, companySite(counter, data)));
      return { fileName: `${fileStem(data)}.pdf`, base64: pdf.toString('base64') };
    },
  };
}
