import { DomainError } from '@forecourt/shared/errors';
import type { SyncRowStore } from '@forecourt/shared/store/port';
import type { TableName } from '@forecourt/shared/schema/tables';
import type { ChannelInput, ChannelOutput } from '../../common/contract.ts';
import type { CounterApi } from '../counter-api.ts';
import { jobDocumentPdf } from '../documents/index.ts';

/**
 * The counter core's PDF documents (job card, invoice) for the UI. The document module reads
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

export function createDocumentRenderer(
  counter: Pick<CounterApi, 'query' | 'get' | 'identity'>,
  clock: () => number,
): DocumentRenderer {
  return async (input) => {
    const job = counter.get('jobs', input.jobId);
    if (!job) throw new DomainError('not-found', 'job not found');
    const pdf = await jobDocumentPdf(readOnlyStore(counter), input.kind, input.jobId, new Date(clock()).toISOString());
    const number = typeof job.number === 'string' ? job.number.replace(/[^A-Za-z0-9-]+/g, '-') : 'job';
    return {
      fileName: `${input.kind === 'invoice' ? 'invoice' : 'job-card'}-${number}.pdf`,
      pdfBase64: pdf.toString('base64'),
    };
  };
}
