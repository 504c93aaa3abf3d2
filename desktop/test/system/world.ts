import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLE_NAMES, tableSpec, type Row, type TableName } from '@forecourt/shared';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../../sync-server/src/admin/index.ts';
import { pgRowStore } from '../../../sync-server/src/db/pg-store.ts';
import { silentLogger } from '../../../sync-server/test/support/databases.ts';
import { openCounter } from '../../src/core/counter.ts';
import type { CounterApi } from '../../src/core/counter-api.ts';
import { FaultyNetwork } from './faulty-network.ts';
import type { SystemServer } from './system-server.ts';

export const PASSWORD = 'simulated password 1';
export const PIN = '4321';

export interface WorldUser {
  readonly userId: string;
  readonly email: string;
  readonly role: 'owner' | 'manager' | 'staff';
  readonly siteId: string | null;
}

/** One counter PC: its data folder survives restarts; its network and clock are the simulation's. */
export class SimDevice {
  counter!: CounterApi;
  skewMs = 0;
  readonly network: FaultyNetwork;

  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly siteId: string | null,
    public user: WorldUser,
    random: () => number,
  ) {
    this.network = new FaultyNetwork(random);
  }

  async open(): Promise<void> {
    this.counter = await openCounter({
      dataDir: this.dataDir,
      fetch: this.network.fetch,
      clock: () => Date.now() + this.skewMs,
      logger: silentLogger,
      // The simulation drives sync itself (syncNow); live pokes would only add timing noise.
      WebSocket: null,
    });
  }

  /** A restart loses the in-memory session: sign in again offline with the PIN, as staff would. */
  async restart(): Promise<void> {
    await this.counter.close();
    await this.open();
    if (!this.counter.currentUser()) this.counter.loginWithPin({ email: this.user.email, pin: PIN });
  }
}

export interface World {
  readonly server: SystemServer;
  readonly tenantId: string;
  readonly sites: readonly [string, string];
  readonly users: readonly WorldUser[];
  readonly devices: SimDevice[];
  close(): Promise<void>;
}

/**
 * A tenant with two sites and their users, and `perSite` counters on each site plus an owner's
 * all-sites counter, all enrolled and signed in over real HTTP.
 */
export async function createWorld(server: SystemServer, perSite: number, random: () => number): Promise<World> {
  const deps = { db: server.db, engine: server.engine, clock: server.clock };
  const tag = randomUUID().slice(0, 8); // emails are unique server-wide
  const ownerEmail = `owner.${tag}@sim.test`;
  const { tenantId, ownerId } = await createTenant(deps, {
    name: `Sim ${tag}`,
    country: 'IN',
    ownerEmail,
    ownerPassword: PASSWORD,
  });
  const a = await createSite(deps, { tenantId, name: 'Site A', code: 'SA' });
  const b = await createSite(deps, { tenantId, name: 'Site B', code: 'SB' });
  const users: WorldUser[] = [{ userId: ownerId, email: ownerEmail, role: 'owner', siteId: null }];
  for (const [siteId, code] of [
    [a.siteId, 'a'],
    [b.siteId, 'b'],
  ] as const) {
    for (const role of ['manager', 'staff', 'staff'] as const) {
      const email = `${role}.${code}${users.length}.${tag}@sim.test`;
      const { userId } = await createUser(deps, { tenantId, email, password: PASSWORD, role, siteId });
      users.push({ userId, email, role, siteId });
    }
  }
  const devices: SimDevice[] = [];
  const folders: string[] = [];
  const enrol = async (siteId: string | null, user: WorldUser, name: string) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'forecourt-sim-'));
    folders.push(dataDir);
    const device = new SimDevice(name, dataDir, siteId, user, random);
    await device.open();
    const target = siteId ? { siteId } : { tenantId, scope: 'tenant' as const };
    const { code } = await createEnrolmentCode({ db: server.db, clock: server.clock }, target);
    await device.counter.enrol({ serverUrl: server.url, code, name });
    // Every user of the site signs in once online, so any of them may work offline there later.
    for (const other of users.filter((u) => u.siteId === siteId || u.role === 'owner')) {
      await device.counter.login({ email: other.email, password: PASSWORD });
      device.counter.setPin(PIN);
    }
    await device.counter.login({ email: user.email, password: PASSWORD });
    devices.push(device);
  };
  for (const [index, siteId] of [a.siteId, b.siteId].entries()) {
    const siteUsers = users.filter((u) => u.siteId === siteId);
    for (let i = 0; i < perSite; i++) await enrol(siteId, siteUsers[i % siteUsers.length]!, `site${index}-pc${i}`);
  }
  await enrol(null, users[0]!, 'owner-hq');
  return {
    server,
    tenantId,
    sites: [a.siteId, b.siteId],
    users,
    devices,
    async close() {
      for (const device of devices) await device.counter.close().catch(() => undefined);
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The server's live rows of a table within a device's scope, sorted by id. */
export async function serverRows(world: World, device: SimDevice, table: TableName): Promise<Row[]> {
  const rows = await pgRowStore(world.server.db, world.tenantId).find(table, {}, { orderBy: 'id' });
  if (tableSpec(table).scope !== 'site' || device.siteId === null) return rows;
  return rows.filter((row) => row.site_id === device.siteId);
}

export function deviceRows(device: SimDevice, table: TableName): Row[] {
  return device.counter.query(table, { orderBy: 'id' });
}

/** Table by table, the differences between a device's replica and the server's rows in its scope. */
export async function divergence(world: World, device: SimDevice): Promise<string[]> {
  const problems: string[] = [];
  for (const table of TABLE_NAMES) {
    const expected = await serverRows(world, device, table);
    const actual = deviceRows(device, table);
    if (canonical(actual) !== canonical(expected)) {
      const ids = (rows: Row[]) => new Set(rows.map((row) => row.id));
      const missing = [...ids(expected)].filter((id) => !ids(actual).has(id));
      const extra = [...ids(actual)].filter((id) => !ids(expected).has(id));
      const byId = new Map(actual.map((row) => [row.id, row]));
      const differing = expected.find((row) => byId.has(row.id) && canonical([byId.get(row.id)!]) !== canonical([row]));
      problems.push(
        `${device.name} ${table}: ${expected.length} on server, ${actual.length} here; missing ${missing.length}, extra ${extra.length}` +
          (differing
            ? `; first differing row: server ${canonical([differing])} here ${canonical([byId.get(differing.id)!])}`
            : ''),
      );
    }
  }
  return problems;
}

/** Heals every fault and syncs every device until nothing is pending and a full round changes nothing. */
export async function settle(world: World, rounds = 8): Promise<void> {
  for (const device of world.devices) device.network.heal();
  for (let round = 0; round < rounds; round++) {
    const before = await world.server.engine.currentVersion();
    for (const device of world.devices) await device.counter.syncNow();
    const after = await world.server.engine.currentVersion();
    const pending = world.devices.reduce((sum, device) => sum + device.counter.status().pendingCount, 0);
    if (pending === 0 && before === after) {
      // One more pull everywhere so that every device has seen the final version.
      for (const device of world.devices) await device.counter.syncNow();
      return;
    }
  }
  throw new Error('the system did not settle');
}

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
