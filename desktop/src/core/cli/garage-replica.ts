import { DomainError, type Row } from '@forecourt/shared';
import type { Logger } from '../logger.ts';
import { openReplica } from '../replica/open-replica.ts';
import { Replica } from '../replica/replica.ts';
import type { ParsedArgs } from './args.ts';

/**
 * The replica as the read-only garage commands (doc, export) use it: their own connection next
 * to the counter's (WAL lets both read), the enrolled identity, and a job named by id or number.
 */
export interface ReplicaReader {
  readonly replica: Replica;
  readonly tenantId: string;
  readonly siteId: string | null;
  close(): void;
}

export function openReplicaReader(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): ReplicaReader {
  const dataDir = args.dataDir ?? env.FORECOURT_DATA;
  if (!dataDir) throw new DomainError('invalid', '--data DIR is required (or set FORECOURT_DATA)');
  const replica = new Replica(openReplica(dataDir, { logger }));
  try {
    const identity = replica.requireIdentity();
    return { replica, tenantId: identity.tenantId, siteId: identity.siteId, close: () => replica.close() };
  } catch (error) {
    replica.close();
    throw error;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job by its id, or by its number as printed (BLR1A-00042). */
export function findJob(reader: ReplicaReader, idOrNumber: string): Row {
  const store = reader.replica.store();
  const job = UUID.test(idOrNumber)
    ? store.get('jobs', idOrNumber)
    : (store.find('jobs', { number: idOrNumber })[0] ?? null);
  if (!job || job.deleted_at) throw new DomainError('not-found', `no job ${idOrNumber} on this counter`);
  return job;
}

/** The zone of the device's site (documents and exports speak in the workshop's local days). */
export function siteTimeZone(reader: ReplicaReader, siteId: string | null): string | undefined {
  const id = siteId ?? reader.siteId;
  const site = id ? reader.replica.store().get('sites', id) : null;
  return typeof site?.timezone === 'string' ? site.timezone : undefined;
}
