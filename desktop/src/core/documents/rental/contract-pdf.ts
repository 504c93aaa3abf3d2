import type { Row } from '@forecourt/shared';
import { facts, GRID_LAYOUT, header, partyLines, printedDate, th } from '../layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from '../pdf-renderer.ts';
import { accessoriesTable, damageSection, damagesOf, photoGrid, ratePairs } from './contract-sections.ts';
import {
  loadPicture,
  loadPictures,
  num,
  renterParty,
  str,
  type BlobReader,
  type ContractRecord,
  type Picture,
} from './rental-records.ts';

/**
 * The rental contract: the pickup protocol, and once the car is back the return protocol beside
 * it (renter and drivers, vehicle, km and fuel out and in, damages on the diagram, accessories,
 * rates, insurance and deductible, deposit, terms version, photos, signatures). Printed at
 * pickup for the renter to sign, and again at the return.
 */
export interface ContractPictures {
  readonly photosOut: readonly Picture[];
  readonly photosIn: readonly Picture[];
  readonly damagePhotos: ReadonlyMap<string, Picture>;
  readonly renterSignature: Picture | null;
  readonly staffSignature: Picture | null;
}

export async function loadContractPictures(record: ContractRecord, readBlob: BlobReader): Promise<ContractPictures> {
  const { contract } = record;
  const damageShas = [...damagesOf(contract.damages_out), ...damagesOf(contract.damages_in)]
    .map((mark) => mark.photo)
    .filter((sha): sha is string => sha !== null);
  const signature = (sha: unknown) =>
    typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? loadPicture(sha, readBlob) : null;
  const [photosOut, photosIn, damagePhotos, renterSignature, staffSignature] = await Promise.all([
    loadPictures(contract.photos_out, readBlob, record.thumbnails),
    loadPictures(contract.photos_in, readBlob, record.thumbnails),
    loadPictures(damageShas, readBlob, record.thumbnails),
    signature(contract.renter_signature_blob),
    signature(contract.staff_signature_blob),
  ]);
  return {
    photosOut,
    photosIn,
    damagePhotos: new Map(damagePhotos.map((picture) => [picture.sha256, picture])),
    renterSignature,
    staffSignature,
  };
}

const electric = (record: ContractRecord) => record.vehicle?.fuel_type === 'ev';

function levelText(value: unknown, ev: boolean): string {
  if (typeof value !== 'number') return '—';
  if (ev) return `${value} % charge`;
  return value === 8 ? 'Full (8/8)' : value === 0 ? 'Empty (0/8)' : `${value}/8`;
}

const ID_DOCUMENTS: Readonly<Record<string, string>> = {
  passport: 'Passport',
  id_card: 'ID card',
  residence_permit: 'Residence permit',
};

function personLines(person: Row): string[] {
  const licence = [str(person.licence_number), str(person.licence_country), str(person.licence_categories)]
    .filter(Boolean)
    .join(' · ');
  return [
    ...(str(person.birth_date) ? [`Born ${String(person.birth_date)}`] : []),
    ...(licence
      ? [`Licence ${licence}${str(person.licence_expires) ? `, valid to ${String(person.licence_expires)}` : ''}`]
      : []),
    ...(str(person.id_doc_number)
      ? [`${ID_DOCUMENTS[String(person.id_doc_type)] ?? 'ID'} ${String(person.id_doc_number)}`]
      : []),
  ];
}

function partiesBlock(record: ContractRecord): PdfContent {
  const { contract, company } = record;
  const zone = company.timeZone;
  const when = (value: unknown) => (typeof value === 'string' ? printedDate(value, zone, true) : null);
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: 'Renter', color: '#555555', margin: [0, 0, 0, 2] },
          ...partyLines(renterParty(record.renter, company.country)),
          ...(record.renter && !record.renter.erased_at ? personLines(record.renter) : []),
        ],
      },
      {
        width: 250,
        stack: [
          facts([
            ['Contract no.', str(contract.number)],
            ['Status', String(contract.status)],
            ['Pickup', `${when(contract.opened_at) ?? ''} · ${str(company.site?.name) ?? ''}`],
            ['Due back', `${when(contract.due_at) ?? ''} · ${str(record.returnSite?.name) ?? ''}`],
            ['Returned', when(contract.returned_at)],
            ['Terms', `version ${String(contract.terms_version)}`],
          ]),
        ],
      },
    ],
    columnGap: 12,
  };
}

function driversBlock(record: ContractRecord): PdfContent[] {
  if (record.drivers.length === 0) return [];
  return [
    { text: 'Additional drivers', bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: [140, '*'],
        body: [
          [th('Name'), th('Licence and ID')],
          ...record.drivers.map((d) => [str(d.name) ?? '', personLines(d).join('\n')]),
        ],
      },
      layout: GRID_LAYOUT,
    },
  ];
}

function protocolBlock(record: ContractRecord): PdfContent {
  const { contract, company } = record;
  const ev = electric(record);
  const returned = typeof contract.km_in === 'number';
  const when = (value: unknown) => (typeof value === 'string' ? printedDate(value, company.timeZone, true) : '—');
  const vehicle = record.vehicle;
  const driven = returned ? `${num(contract.km_in) - num(contract.km_out)} km driven` : '';
  return {
    stack: [
      { text: 'Vehicle', bold: true, margin: [0, 10, 0, 4] },
      facts([
        [
          'Vehicle',
          vehicle
            ? [vehicle.plate, vehicle.make, vehicle.model, vehicle.year]
                .filter((v) => v !== null && v !== undefined && v !== '')
                .join(' ')
            : null,
        ],
        ['VIN', str(vehicle?.vin)],
        [
          'Class',
          record.rentalClass ? `${String(record.rentalClass.name)} (${String(record.rentalClass.code)})` : null,
        ],
      ]),
      {
        table: {
          headerRows: 1,
          widths: [90, '*', '*'],
          body: [
            [th(''), th('Pickup (out)'), th('Return (in)')],
            ['Date and time', when(contract.opened_at), when(contract.returned_at)],
            ['Odometer', `${num(contract.km_out)} km`, returned ? `${num(contract.km_in)} km (${driven})` : '—'],
            [ev ? 'Charge' : 'Fuel', levelText(contract.fuel_out, ev), levelText(contract.fuel_in, ev)],
            ['Staff', record.openedBy ?? '', record.returnedBy ?? ''],
          ],
        },
        layout: GRID_LAYOUT,
        margin: [0, 6, 0, 0],
      },
    ],
  };
}

function signatureCell(title: string, picture: Picture | null, name: string): PdfContent {
  const mark: PdfContent = picture?.dataUrl
    ? { image: picture.dataUrl, fit: [180, 50] }
    : { text: picture ? `(${picture.problem ?? ''})` : '\n\n', fontSize: 7, italics: true };
  return { stack: [mark, { text: '______________________________' }, { text: `${title}: ${name}`, fontSize: 8 }] };
}

/** Accessories beside the rates, insurance, deductible and deposit. */
function coverBlock(record: ContractRecord): PdfContent {
  const { contract } = record;
  const currency = String(contract.currency);
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: 'Accessories', bold: true, margin: [0, 10, 0, 4] },
          accessoriesTable(contract.accessories, currency),
        ],
      },
      {
        width: 230,
        stack: [{ text: 'Rates and cover', bold: true, margin: [0, 10, 0, 4] }, facts(ratePairs(contract, currency))],
      },
    ],
    columnGap: 14,
  };
}

/** The acceptance of the terms and both signatures, kept together. */
function signatureBlock(record: ContractRecord, pictures: ContractPictures): PdfContent[] {
  const { contract, company } = record;
  return [
    {
      text: `The renter has received the vehicle as described above and accepts the rental terms, version ${String(contract.terms_version)}.`,
      margin: [0, 14, 0, 8],
    },
    {
      columns: [
        signatureCell('Renter', pictures.renterSignature, renterParty(record.renter, company.country).name),
        signatureCell(`For ${company.party.name}`, pictures.staffSignature, record.openedBy ?? ''),
      ],
      columnGap: 24,
      unbreakable: true,
    },
  ];
}

export function contractDefinition(
  record: ContractRecord,
  pictures: ContractPictures,
  printedAt: string,
): PdfDefinition {
  const { contract, company } = record;
  const number = str(contract.number) ?? '';
  const returnedDamages =
    contract.status === 'open' || contract.status === 'cancelled' ? null : damagesOf(contract.damages_in);
  return {
    info: { title: `Rental contract ${number}`, author: company.party.name },
    content: [
      header(company.party, company.logoDataUrl, 'RENTAL CONTRACT', number),
      partiesBlock(record),
      ...driversBlock(record),
      protocolBlock(record),
      { text: 'Damages', bold: true, margin: [0, 10, 0, 4] },
      damageSection(damagesOf(contract.damages_out), returnedDamages, new Map(pictures.damagePhotos)),
      coverBlock(record),
      ...photoGrid('Pickup', pictures.photosOut),
      ...photoGrid('Return', pictures.photosIn),
      ...signatureBlock(record, pictures),
      ...(company.footer ? [{ text: company.footer, fontSize: 8, color: '#555555', margin: [0, 14, 0, 0] }] : []),
    ],
    footer: (page: number, pages: number) => ({
      text: `Rental contract ${number} · printed ${printedDate(printedAt, company.timeZone, true)} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7,
      color: '#777777',
    }),
  };
}

export function renderContractPdf(
  record: ContractRecord,
  pictures: ContractPictures,
  printedAt: string,
): Promise<Buffer> {
  return renderPdf(contractDefinition(record, pictures, printedAt));
}
