import {
  DomainError,
  TABLE_NAMES,
  quote,
  tableSpec,
  type MutationOutcome,
  type PullRequest,
  type RowBlock,
  type RowChange,
  type SnapshotCursor,
  type TableName,
} from '@forecourt/shared';
import type { Database, Queryable } from '../db/database.ts';
import { decodePgRow, rowBlock } from '../db/pg-store.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { runWithRetry } from './retry.ts';
import type { DeviceSession } from './types.ts';

export const DEFAULT_PULL_LIMIT = 5000;

export interface PullPage {
  /** Snapshot rows as row blocks, when the request asked for them (protocol.ts RowBlock). */
  readonly blocks?: RowBlock[];
  readonly changes: RowChange[];
  readonly checkpoint: number;
  readonly snapshot?: SnapshotCursor | null;
  readonly hasMore: boolean;
  readonly lastMutationId: number | null;
  readonly outcomes: MutationOutcome[];
}

/** The sites whose rows a device receives: all of the tenant's for an owner's device (null). */
function scopeSites(device: DeviceSession): string[] | null {
  if (device.scope === 'tenant') return null;
  if (!device.siteId) throw new DomainError('forbidden', 'the device has no site');
  return [device.siteId];
}

/**
 * One page of changes for a device (DESIGN §4.3), read in one REPEATABLE READ snapshot so that
 * the counter version, the change log and the client's last_mutation_id agree: when a page
 * catches up, every mutation up to lastMutationId has its changes in what was sent.
 */
export async function pullPage(db: Database, device: DeviceSession, request: PullRequest): Promise<PullPage> {
  const limit = request.limit ?? DEFAULT_PULL_LIMIT;
  return runWithRetry(() =>
    withTenant(
      db,
      device.tenantId,
      async (tx) => {
        // The first read takes the snapshot: the client's last_mutation_id is read with it, once.
        const lastMutationId = await checkClient(tx, device, request.clientId);
        const head = await currentVersion(tx);
        const sites = scopeSites(device);
        const page =
          request.cursor === 0 || request.snapshot
            ? await snapshotPage(
                tx,
                device.tenantId,
                sites,
                request.snapshot ?? null,
                head,
                limit,
                request.rowBlocks === true,
              )
            : await changeLogPage(tx, device.tenantId, sites, request.cursor, head, limit);
        // Snapshot pages are not in version order: nothing is settled until the snapshot is complete.
        if (page.hasMore && page.snapshot) return { ...page, lastMutationId: null, outcomes: [] };
        const pendingFrom = request.pendingFrom ?? 1;
        const settled = page.hasMore
          ? await settledBy(tx, request.clientId, pendingFrom, page.checkpoint, lastMutationId)
          : lastMutationId;
        const outcomes = await rejectedOutcomes(tx, request.clientId, pendingFrom, settled);
        return { ...page, lastMutationId: settled, outcomes };
      },
      { isolation: 'repeatable read', readOnly: true },
    ),
  );
}

export async function currentVersion(tx: Queryable): Promise<number> {
  const result = await tx.query<{ version: number }>('SELECT version FROM sync_counter WHERE id = 1');
  return Number(result.rows[0]?.version ?? 0);
}

/** Refuses another device's client id; returns the client's last_mutation_id (0 for a new client). */
async function checkClient(tx: Queryable, device: DeviceSession, clientId: string): Promise<number> {
  const result = await tx.query<{ device_id: string; last_mutation_id: number }>(
    'SELECT device_id, last_mutation_id FROM sync_clients WHERE client_id = $1',
    [clientId],
  );
  const client = result.rows[0];
  if (client !== undefined && client.device_id !== device.deviceId) {
    throw new DomainError('forbidden', 'this client belongs to another device');
  }
  return Number(client?.last_mutation_id ?? 0);
}

type PageWithoutStatus = Omit<PullPage, 'lastMutationId' | 'outcomes'>;

async function changeLogPage(
  tx: Queryable,
  tenantId: string,
  sites: string[] | null,
  cursor: number,
  head: number,
  limit: number,
): Promise<PageWithoutStatus> {
  if (cursor > head)
    throw new DomainError('invalid', 'the cursor is ahead of the server: this replica needs a new snapshot');
  const siteFilter = sites ? 'AND (site_id IS NULL OR site_id = ANY($4::text[]))' : '';
  const params: unknown[] = [tenantId, cursor, head, ...(sites ? [sites] : [])];
  // Fetch one row more than the limit: if it exists, the page ends at a version boundary below it.
  const result = await tx.query<ChangeLogRow>(
    `SELECT version, table_name, row_id, op, row FROM change_log
     WHERE tenant_id = $1 AND version > $2 AND version <= $3 ${siteFilter}
     ORDER BY version, seq LIMIT ${limit + 1}`,
    params,
  );
  let rows = result.rows;
  let checkpoint = head;
  const overflow = rows[limit];
  if (overflow) {
    // A checkpoint is applied whole: never split one version across pages.
    const boundary = Number(overflow.version);
    const below = rows.slice(0, limit).filter((row) => Number(row.version) < boundary);
    if (below.length > 0) {
      rows = below;
      checkpoint = boundary - 1;
    } else {
      rows = await wholeVersion(tx, tenantId, sites, boundary);
      checkpoint = boundary;
    }
  }
  const changes = rows.map((row) => toRowChange(row.table_name, row.row_id, row.op, row.row));
  return { changes, checkpoint, hasMore: checkpoint < head };
}

type ChangeLogRow = { version: number; table_name: string; row_id: string; op: string; row: unknown };

/** Every entry of one version (a transaction larger than a page still travels whole). */
async function wholeVersion(
  tx: Queryable,
  tenantId: string,
  sites: string[] | null,
  version: number,
): Promise<ChangeLogRow[]> {
  const siteFilter = sites ? 'AND (site_id IS NULL OR site_id = ANY($3::text[]))' : '';
  const result = await tx.query<ChangeLogRow>(
    `SELECT version, table_name, row_id, op, row FROM change_log
     WHERE tenant_id = $1 AND version = $2 ${siteFilter} ORDER BY seq`,
    [tenantId, version, ...(sites ? [sites] : [])],
  );
  return result.rows;
}

function toRowChange(table: string, id: string, op: string, raw: unknown): RowChange {
  if (op === 'remove' || raw === null) return { table, op: 'remove', id };
  const parsed =
    typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : (raw as Record<string, unknown>);
  return { table, op: 'put', id, row: parsed };
}

/**
 * A new replica gets the current rows table by table, page by page (not one snapshot: rows that
 * change meanwhile are sent again by the change log after `version`, which converges). As row
 * blocks when the counter asks for them, else as changes.
 */
async function snapshotPage(
  tx: Queryable,
  tenantId: string,
  sites: string[] | null,
  from: SnapshotCursor | null,
  head: number,
  limit: number,
  asBlocks: boolean,
): Promise<PageWithoutStatus> {
  const start: SnapshotCursor = from ?? { version: head, table: TABLE_NAMES[0] ?? 'tenants', afterId: '' };
  const changes: RowChange[] = [];
  const blocks: RowBlock[] = [];
  let count = 0;
  let tableIndex = TABLE_NAMES.indexOf(start.table as TableName);
  if (tableIndex < 0) throw new DomainError('invalid', 'unknown snapshot table');
  let afterId = start.afterId;
  while (tableIndex < TABLE_NAMES.length && count < limit) {
    const table = TABLE_NAMES[tableIndex] as TableName;
    const rows = await snapshotRows(tx, table, tenantId, sites, afterId, limit - count);
    if (asBlocks) {
      if (rows.length > 0) blocks.push(rowBlock(table, rows));
    } else {
      for (const raw of rows) {
        const row = decodePgRow(table, raw);
        changes.push({ table, op: 'put', id: row.id, row });
      }
    }
    count += rows.length;
    if (rows.length === 0 || count < limit) {
      tableIndex += 1;
      afterId = '';
    } else {
      afterId = String(rows[rows.length - 1]?.id ?? afterId);
    }
  }
  const done = tableIndex >= TABLE_NAMES.length;
  const next = done ? null : { version: start.version, table: TABLE_NAMES[tableIndex] as string, afterId };
  return {
    ...(asBlocks ? { blocks } : {}),
    changes,
    checkpoint: start.version,
    snapshot: next,
    hasMore: !done || start.version < head,
  };
}

/** Live rows of a table after `afterId` in id order, as PostgreSQL returns them. */
async function snapshotRows(
  tx: Queryable,
  table: TableName,
  tenantId: string,
  sites: string[] | null,
  afterId: string,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const siteScoped = tableSpec(table).scope === 'site' && sites !== null;
  const result = await tx.query<Record<string, unknown>>(
    `SELECT * FROM ${quote(table)} WHERE tenant_id = $1 AND id > $2 AND deleted_at IS NULL
     ${siteScoped ? 'AND site_id = ANY($3::text[])' : ''} ORDER BY id LIMIT ${limit}`,
    [tenantId, afterId, ...(siteScoped ? [sites] : [])],
  );
  return result.rows;
}

/**
 * On a page before the one that catches up: the client's mutations whose changes are in this page
 * or an earlier one, i.e. those before the first committed after the checkpoint. The counter
 * settles them here, so that a long outbox is settled page by page instead of all at the end.
 */
async function settledBy(
  tx: Queryable,
  clientId: string,
  pendingFrom: number,
  checkpoint: number,
  lastMutationId: number,
): Promise<number> {
  const later = await tx.query<{ mutation_id: number }>(
    `SELECT mutation_id FROM mutation_results WHERE client_id = $1 AND mutation_id >= $2 AND version > $3
     ORDER BY mutation_id LIMIT 1`,
    [clientId, pendingFrom, checkpoint],
  );
  const first = later.rows[0];
  return first ? Math.min(lastMutationId, Number(first.mutation_id) - 1) : lastMutationId;
}

/** Only rejections are listed: every other mutation up to lastMutationId was applied. */
async function rejectedOutcomes(
  tx: Queryable,
  clientId: string,
  pendingFrom: number,
  lastMutationId: number,
): Promise<MutationOutcome[]> {
  if (pendingFrom > lastMutationId) return [];
  const rejected = await tx.query<{ mutation_id: number; error_code: string | null; error_message: string | null }>(
    `SELECT mutation_id, error_code, error_message FROM mutation_results
     WHERE client_id = $1 AND mutation_id >= $2 AND mutation_id <= $3 AND status = 'rejected' ORDER BY mutation_id`,
    [clientId, pendingFrom, lastMutationId],
  );
  return rejected.rows.map((row) => ({
    id: Number(row.mutation_id),
    status: 'rejected' as const,
    error: { code: row.error_code ?? 'invalid', message: row.error_message ?? '' },
  }));
}
