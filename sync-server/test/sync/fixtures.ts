import { encodeHlc, uuidv7, type PushedMutation, type Row } from '@forecourt/shared';
import type { Database } from '../../src/db/database.ts';
import { createSyncEngine } from '../../src/sync/engine.ts';
import type { DeviceSession, SyncEngine } from '../../src/sync/types.ts';
import { silentLogger } from '../support/databases.ts';

export const T0 = Date.parse('2026-11-22T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

export interface SeededTenant {
  tenantId: string;
  siteA: string;
  siteB: string;
  users: { owner: string; managerA: string; staffA: string; staffB: string; viewerA: string };
  devices: { counterA: DeviceSession; counterA2: DeviceSession; counterB: DeviceSession; ownerHq: DeviceSession };
}

function base(tenantId: string, id: string, nowMs: number) {
  return { id, tenant_id: tenantId, created_at: iso(nowMs), updated_at: iso(nowMs), deleted_at: null };
}

export function userRow(tenantId: string, id: string, role: string, siteIds: string[], email: string): Row {
  return {
    ...base(tenantId, id, T0),
    email,
    name: `${role} ${email.split('@')[0]}`,
    role,
    site_ids: siteIds,
    active: true,
  };
}

/** A tenant with two sites, a user of every role and four enrolled devices, written as the server. */
export async function seedTenant(db: Database, engine: SyncEngine, country: 'IN' | 'CH' = 'IN'): Promise<SeededTenant> {
  const tenantId = uuidv7();
  const siteA = uuidv7();
  const siteB = uuidv7();
  const suffix = tenantId.slice(-6);
  const users = { owner: uuidv7(), managerA: uuidv7(), staffA: uuidv7(), staffB: uuidv7(), viewerA: uuidv7() };
  const device = (code: string, siteId: string | null): DeviceSession => ({
    tenantId,
    deviceId: uuidv7(),
    deviceCode: `${code}${suffix}`.slice(0, 12),
    siteId,
    scope: siteId ? 'site' : 'tenant',
  });
  const devices = {
    counterA: device('BLRA', siteA),
    counterA2: device('BLRB', siteA),
    counterB: device('MYSA', siteB),
    ownerHq: device('HQA', null),
  };
  const site = (id: string, name: string, code: string): Row => ({
    ...base(tenantId, id, T0),
    name,
    code,
    address: null,
    phone: null,
    tax_id: null,
    timezone: 'Asia/Kolkata',
  });
  await engine.writeRows(tenantId, [
    {
      table: 'tenants',
      row: { ...base(tenantId, tenantId, T0), name: 'Rao Motors', country, currency: country === 'IN' ? 'INR' : 'CHF' },
    },
    { table: 'sites', row: site(siteA, 'Bengaluru', 'BLR') },
    { table: 'sites', row: site(siteB, 'Mysuru', 'MYS') },
    { table: 'users', row: userRow(tenantId, users.owner, 'owner', [], `owner-${suffix}@example.in`) },
    { table: 'users', row: userRow(tenantId, users.managerA, 'manager', [siteA], `manager-${suffix}@example.in`) },
    { table: 'users', row: userRow(tenantId, users.staffA, 'staff', [siteA], `staffa-${suffix}@example.in`) },
    { table: 'users', row: userRow(tenantId, users.staffB, 'staff', [siteB], `staffb-${suffix}@example.in`) },
    { table: 'users', row: userRow(tenantId, users.viewerA, 'viewer', [siteA], `viewer-${suffix}@example.in`) },
    ...Object.values(devices).map((d) => ({
      table: 'devices' as const,
      row: {
        ...base(tenantId, d.deviceId, T0),
        site_id: d.siteId,
        name: d.deviceCode,
        code: d.deviceCode,
        scope: d.scope,
        revoked_at: null,
      },
    })),
  ]);
  for (const d of Object.values(devices)) {
    for (const userId of Object.values(users)) {
      await db.query(
        'INSERT INTO device_users (device_id, user_id, tenant_id, first_login_at) VALUES ($1, $2, $3, $4)',
        [d.deviceId, userId, tenantId, iso(T0)],
      );
    }
  }
  return { tenantId, siteA, siteB, users, devices };
}

/**
 * Builds pushed mutations the way a counter does: ids and sequence numbers recorded up front, an
 * HLC per mutation, mutation ids increasing by one.
 */
export class ScriptedClient {
  readonly clientId = uuidv7();
  #nextId = 1;
  #seq = 0;
  #counter = 0;

  constructor(
    readonly device: DeviceSession,
    public actorId: string,
    public wallMs: number = T0,
  ) {}

  mutation(
    name: string,
    args: unknown,
    options: { ids?: string[]; baseVersion?: number; seq?: boolean } = {},
  ): PushedMutation {
    this.#counter += 1;
    const ids = options.ids ?? [uuidv7(), uuidv7(), uuidv7()];
    const seqs: Record<string, number[]> = options.seq ? { job: [++this.#seq] } : {};
    return {
      id: this.#nextId++,
      name,
      args,
      hlc: encodeHlc({ wallMs: this.wallMs, counter: this.#counter, node: this.clientId.slice(0, 8) }),
      env: { now: iso(this.wallMs), ids, seqs },
      actorId: this.actorId,
      baseVersion: options.baseVersion ?? 0,
    };
  }
}

export function newEngine(db: Database, clock: () => number = () => T0 + 60_000): SyncEngine {
  return createSyncEngine({ db, logger: silentLogger, clock });
}
