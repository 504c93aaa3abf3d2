import { writeFile } from 'node:fs/promises';
import { DomainError, type Row } from '@forecourt/shared';
import { BlobStore } from '../blobs/blob-store.ts';
import { creditNotePdf, jobDocumentPdf, type JobDocumentKind } from '../documents/index.ts';
import { isRentalDocumentKind, rentalDocumentPdf, type RentalDocumentKind } from '../documents/rental/index.ts';
import { localBlobReader } from '../documents/rental/local-blobs.ts';
import { requiredOption, requiredPositional, type ParsedArgs } from './args.ts';
import type { CliIo } from './commands.ts';
import { findJob, openReplicaReader, type ReplicaReader } from './garage-replica.ts';

/**
 * `forecourt-device doc job-card|invoice JOB --out FILE.pdf`: a job's job card, or the invoice in
 * force for it. `doc contract|rental-invoice CONTRACT` and `doc reservation RESERVATION`: the
 * rental documents, photos and signatures from this counter's blob files. `doc credit-note ID`:
 * a garage credit note. All as PDF, from the replica (offline, headless); JOB, CONTRACT,
 * RESERVATION and the credit note are an id or the printed number (a rental invoice: the contract
 * number or the invoice number).
 */
const JOB_KINDS: readonly JobDocumentKind[] = ['job-card', 'invoice'];
const ALL_KINDS = 'job-card, invoice, credit-note, contract, rental-invoice or reservation';

const isJobKind = (value: string): value is JobDocumentKind => (JOB_KINDS as readonly string[]).includes(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function findRental(reader: ReplicaReader, kind: RentalDocumentKind, ref: string): Row {
  const table = kind === 'reservation' ? 'rental_reservations' : 'rental_contracts';
  const store = reader.replica.store();
  const byNumber = () =>
    store.find(table, { number: ref })[0] ??
    (kind === 'rental-invoice' ? store.find(table, { invoice_number: ref })[0] : null) ??
    null;
  const row = UUID.test(ref) ? store.get(table, ref) : byNumber();
  if (!row || row.deleted_at)
    throw new DomainError(
      'not-found',
      `no ${kind === 'reservation' ? 'reservation' : 'contract'} ${ref} on this counter`,
    );
  return row;
}

function findCreditNote(reader: ReplicaReader, ref: string): Row {
  const store = reader.replica.store();
  const row = UUID.test(ref)
    ? store.get('invoices', ref)
    : (store.find('invoices', { number: ref }).find((candidate) => candidate.kind === 'credit_note') ?? null);
  if (!row || row.deleted_at || row.kind !== 'credit_note')
    throw new DomainError('not-found', `no credit note ${ref} on this counter`);
  return row;
}

export async function docCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<{ out: string; bytes: number; job?: string; number: string }> {
  const kind = requiredPositional(args, 0, `a document kind (${ALL_KINDS})`);
  if (!isJobKind(kind) && !isRentalDocumentKind(kind) && kind !== 'credit-note')
    throw new DomainError('invalid', `unknown document ${kind}; use ${ALL_KINDS}`);
  const ref = requiredPositional(args, 1, kind === 'reservation' ? 'a reservation id or number' : 'an id or number');
  const out = requiredOption(args, 'out');
  const reader = openReplicaReader(args, io.env, io.logger);
  try {
    const now = new Date((io.counterOptions?.clock ?? Date.now)()).toISOString();
    const store = reader.replica.store();
    if (kind === 'credit-note') {
      const { pdf, number } = await creditNotePdf(store, findCreditNote(reader, ref).id);
      await writeFile(out, pdf);
      return { out, bytes: pdf.length, number };
    }
    if (isJobKind(kind)) {
      const job = findJob(reader, ref);
      const pdf = await jobDocumentPdf(store, kind, job.id, now);
      await writeFile(out, pdf);
      return { out, bytes: pdf.length, job: String(job.number), number: String(job.number) };
    }
    const row = findRental(reader, kind, ref);
    // openReplicaReader has checked that the data folder is given.
    const blobs = new BlobStore(args.dataDir ?? io.env.FORECOURT_DATA ?? '', reader.replica.db);
    const { pdf, number } = await rentalDocumentPdf(store, kind, row.id, {
      now,
      readBlob: localBlobReader(store, blobs),
    });
    await writeFile(out, pdf);
    return { out, bytes: pdf.length, number };
  } finally {
    reader.close();
  }
}
