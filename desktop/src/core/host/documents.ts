import { DomainError } from '@forecourt/shared/errors';
import type { SyncRowStore } from '@forecourt/shared/store/port';
import type { TableName } from '@forecourt/shared/schema/tables';
import type { ChannelInput, ChannelOutput } from '../../common/contract.ts';
import type { CounterApi } from '../counter-api.ts';
import { creditNotePdf, jobDocumentPdf } from '../documents/index.ts';
import { rentalDocumentPdf } from '../documents/rental/index.ts';

/**
 * The counter core's PDF documents (job card, invoice, credit note; rental contract, invoice, reservation) for the UI. The document module reads
 * through a row store; the CounterApi offers reads only, so this adapts query/get into a
 * read-only store (writes are refused: printing never changes data).
 */
export function readOnlyStore(counter: Pick<CounterApi, 'query' | 'get' | 'identity'>): SyncRowStore {
  const refuse = (): never => {
    throw new DomainError('forbidden', 'documents only read the replica');
  };
  return {
    tenantId: counter.identity()?.tenantId ?? '',
    get: (table: TableName, id: string) => counter.get(table, id),
    find: (table, where, options) =>
      counter.query(table, {
        where,
        ...(options?.orderBy ? { orderBy: options.orderBy } : {}),
        ...(options?.descending ? { descending: options.descending } : {}),
        ...(options?.limit ? { limit: options.limit } : {}),
        ...(options?.includeDeleted ? { includeDeleted: options.includeDeleted } : {}),
      }),
    count: (table, where) => counter.query(table, { where: where ?? {} }).length,
    insert: refuse,
    put: refuse,
    remove: refuse,
    transaction: (fn) => fn(),
  };
}

export type DocumentRenderer = (input: ChannelInput<'documents:render'>) => Promise<ChannelOutput<'documents:render'>>;

const fileSafe = (value: unknown, fallback: string) =>
  typeof value === 'string' ? value.replace(/[^A-Za-z0-9-]+/g, '-') : fallback;

export function createDocumentRenderer(
  counter: Pick<CounterApi, 'query' | 'get' | 'identity' | 'readBlob'>,
  clock: () => number,
): DocumentRenderer {
  return async (input) => {
    const now = new Date(clock()).toISOString();
    if (input.kind === 'credit-note') {
      const { pdf, number } = await creditNotePdf(readOnlyStore(counter), input.id);
      return { fileName: `credit-note-${fileSafe(number, 'credit-note')}.pdf`, pdfBase64: pdf.toString('base64') };
    }
    if ('id' in input) {
      // Photos and signatures come through the counter: from this PC, else fetched from the server.
      const { pdf, number } = await rentalDocumentPdf(readOnlyStore(counter), input.kind, input.id, {
        now,
        readBlob: (sha256) => counter.readBlob(sha256),
      });
      return { fileName: `${input.kind}-${fileSafe(number, 'rental')}.pdf`, pdfBase64: pdf.toString('base64') };
    }
    const job = counter.get('jobs', input.jobId);
    if (!job) throw new DomainError('not-found', 'job not found');
    const pdf = await jobDocumentPdf(readOnlyStore(counter), input.kind, input.jobId, now);
    return {
      fileName: `${input.kind === 'invoice' ? 'invoice' : 'job-card'}-${fileSafe(job.number, 'job')}.pdf`,
      pdfBase64: pdf.toString('base64'),
    };
  };
}
