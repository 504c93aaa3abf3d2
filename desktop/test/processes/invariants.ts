import { TABLE_NAMES, tableSpec, type Row, type TableName } from '@forecourt/shared';
import { pgRowStore } from '../../../sync-server/src/db/pg-store.ts';
import type { SyncStatus } from '../../src/core/counter-api.ts';
import type { Cluster } from './cluster.ts';
import type { Device } from './device.ts';

export async function serverVersion(cluster: Cluster): Promise<number> {
  const result = await cluster.db.query<{ version: number }>('SELECT version FROM sync_counter WHERE id = 1');
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * Heals the network and syncs every device until nothing is pending anywhere and a whole round
 * changed nothing on the server; then one more pull everywhere. Bounded by `rounds`.
 */
export async function settle(cluster: Cluster, devices: readonly Device[], rounds = 10): Promise<void> {
  for (const device of devices) cluster.proxy.heal(device.name);
  for (let round = 0; round < rounds; round++) {
    const before = await serverVersion(cluster);
    const statuses = await Promise.all(devices.map((device) => device.sync()));
    const after = await serverVersion(cluster);
    const pending = statuses.reduce((sum, answer) => sum + answer.value.pendingCount, 0);
    if (pending === 0 && before === after && statuses.every((answer) => !answer.error)) {
      await Promise.all(devices.map((device) => device.sync()));
      return;
    }
  }
  const states = await Promise.all(
    devices.map(async (device) => `${device.name}: ${JSON.stringify(await device.status())}`),
  );
  throw new Error(`the devices did not settle:\n${states.join('\n')}`);
}

/** JSON with object keys sorted: jsonb and SQLite hand keys back in their own orders. */
function canonical(rows: readonly Row[]): string {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify(sorted, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

async function serverRows(cluster: Cluster, device: Device, table: TableName): Promise<Row[]> {
  const rows = await pgRowStore(cluster.db, cluster.tenantId).find(table, {}, { orderBy: 'id' });
  if (tableSpec(table).scope !== 'site' || device.siteId === null) return rows;
  return rows.filter((row) => row.site_id === device.siteId);
}

/** Table by table, where a device's replica differs from the server's rows in the device's scope. */
export async function divergence(cluster: Cluster, device: Device): Promise<string[]> {
  const problems: string[] = [];
  for (const table of TABLE_NAMES) {
    const expected = await serverRows(cluster, device, table);
    const actual = await device.ok<Row[]>('query', table);
    if (canonical(actual) !== canonical(expected)) {
      const ids = (rows: Row[]) => new Set(rows.map((row) => row.id));
      const missing = [...ids(expected)].filter((id) => !ids(actual).has(id)).length;
      const extra = [...ids(actual)].filter((id) => !ids(expected).has(id)).length;
      problems.push(
        `${device.name} ${table}: ${expected.length} on the server, ${actual.length} here (${missing} missing, ${extra} extra)`,
      );
    }
  }
  return problems;
}

export interface DeviceReport {
  readonly device: Device;
  readonly status: SyncStatus;
  readonly clientId: string | null;
  readonly lastMutationId: number;
}

/**
 * The invariants of issue #3 after a settled run, across processes: every device equals the
 * server in its scope, its outbox is empty, it never took a second snapshot; every mutation id a
 * device handed out has exactly one result on the server (applied once or rejected), no client
 * id is unknown to the devices, and every rejection on the server is visible on its device.
 * Stops the device shells (the replica files are read directly at the end).
 */
export async function checkInvariants(
  cluster: Cluster,
  devices: readonly Device[],
): Promise<{ problems: string[]; reports: DeviceReport[] }> {
  const problems: string[] = [];
  const statuses = new Map<Device, SyncStatus>();
  for (const device of devices) {
    problems.push(...(await divergence(cluster, device)));
    const status = await device.status();
    statuses.set(device, status);
    if (status.pendingCount !== 0) problems.push(`${device.name}: ${status.pendingCount} mutations still pending`);
    if (status.snapshots !== 1) problems.push(`${device.name}: ${status.snapshots} snapshots; a full re-sync happened`);
  }
  await Promise.all(devices.map((device) => device.stop()));
  const reports = devices.map((device) => ({
    device,
    status: statuses.get(device) as SyncStatus,
    ...device.readMeta(),
  })); // set above for each
  const clients = await cluster.db.query<{ client_id: string; last: number; n: number; max_id: number | null }>(
    `SELECT c.client_id, c.last_mutation_id AS last, count(r.mutation_id)::int AS n, max(r.mutation_id) AS max_id
     FROM sync_clients c LEFT JOIN mutation_results r USING (client_id) WHERE c.tenant_id = $1
     GROUP BY c.client_id, c.last_mutation_id`,
    [cluster.tenantId],
  );
  const rejected = await cluster.db.query<{ client_id: string; mutation_id: number }>(
    "SELECT client_id, mutation_id FROM mutation_results WHERE tenant_id = $1 AND status = 'rejected' ORDER BY mutation_id",
    [cluster.tenantId],
  );
  for (const client of clients.rows) {
    const report = reports.find((candidate) => candidate.clientId === client.client_id);
    if (!report) {
      problems.push(`client ${client.client_id} on the server belongs to no device: a replica was reset`);
      continue;
    }
    const name = report.device.name;
    // Ids 1..last each have exactly one result (primary key): each mutation applied once or rejected.
    if (Number(client.n) !== Number(client.last) || Number(client.max_id ?? 0) !== Number(client.last)) {
      problems.push(`${name}: ${client.n} results for ${client.last} mutations`);
    }
    // Every id the device handed out reached the server: nothing was lost.
    if (Number(client.last) !== report.lastMutationId) {
      problems.push(`${name}: handed out ${report.lastMutationId} mutation ids, the server has ${client.last}`);
    }
    const onServer = rejected.rows
      .filter((row) => row.client_id === client.client_id)
      .map((row) => Number(row.mutation_id));
    const visible = report.status.rejections.map((rejection) => rejection.mutationId);
    if (JSON.stringify(onServer) !== JSON.stringify(visible)) {
      problems.push(`${name}: rejected on the server ${JSON.stringify(onServer)}, visible ${JSON.stringify(visible)}`);
    }
  }
  for (const report of reports) {
    if (report.lastMutationId > 0 && !clients.rows.some((client) => client.client_id === report.clientId)) {
      problems.push(`${report.device.name}: its client is unknown to the server`);
    }
  }
  return { problems, reports };
}
