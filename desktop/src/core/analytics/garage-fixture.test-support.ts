/**
 * A counter's replica for the garage tests of documents, analytics and exports: a real
 * better-sqlite3 file with every migration, enrolled as counter BLR1A of an Indian workshop, and
 * jobs made through the real mutations (runLocalMutation, as the counter runs them). Test support
 * only: imported by *.test.ts files, never by the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import type { DeviceIdentity } from '../counter-api.ts';
import { silentLogger } from '../logger.ts';
import type { ActorProfile } from '../mutation-context.ts';
import { runLocalMutation } from '../mutation-runner.ts';
import { openReplica } from '../replica/open-replica.ts';
import { Replica } from '../replica/replica.ts';

export const GARAGE_T0 = Date.parse('2026-11-20T04:30:00.000Z');
export const WORKSHOP_GSTIN = '29ABCDE1234F1ZW';
export const SWISS_VAT_NUMBER = 'CHE-116.281.710 MWST';
/** A 1×1 PNG as a data URL: the smallest logo there is. */
export const TINY_LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export interface GarageReplica {
  /** The data folder (what `forecourt-device --data` takes). */
  readonly dir: string;
  readonly replica: Replica;
  readonly tenantId: string;
  readonly siteId: string;
  readonly owner: ActorProfile;
  readonly manager: ActorProfile;
  readonly staff: ActorProfile;
  now: number;
  mutate(actor: ActorProfile, name: string, args: unknown): Record<string, unknown>;
  seed(table: TableName, values: Record<string, unknown>): Row;
  /** Opens a job with lines (via the real mutations) and takes it to `status`. */
  job(options?: JobPlan): { jobId: string; customerId: string; vehicleId: string; number: string };
  close(): void;
}

export interface JobPlan {
  readonly customer?: string;
  readonly gstin?: string;
  readonly phone?: string;
  readonly estimateMinor?: number;
  readonly status?: 'pending' | 'in_progress' | 'ready' | 'delivered' | 'cancelled';
  readonly invoice?: boolean;
  readonly actor?: ActorProfile;
}

export function createGarageReplica(country: 'IN' | 'CH' = 'IN'): GarageReplica {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-garage-'));
  const replica = new Replica(openReplica(dir, { logger: silentLogger }));
  const tenantId = uuidv7();
  const siteId = uuidv7();
  const identity: DeviceIdentity = {
    deviceId: uuidv7(),
    deviceCode: 'BLR1A',
    tenantId,
    siteId,
    scope: 'site',
    serverUrl: 'http://sync.test',
  };
  replica.saveIdentity(identity);
  const actor = (role: ActorProfile['role']): ActorProfile => ({ userId: uuidv7(), role, siteIds: [siteId] });
  const garage: GarageReplica = {
    dir,
    replica,
    tenantId,
    siteId,
    owner: actor('owner'),
    manager: actor('manager'),
    staff: actor('staff'),
    now: GARAGE_T0,
    mutate: (who, name, args) =>
      runLocalMutation(replica, who, name, args, { wallNow: () => garage.now, freshId: () => uuidv7(garage.now) })
        .result,
    seed(table, values) {
      const stamp = new Date(garage.now).toISOString();
      const row = completeRow(tableSpec(table), {
        id: uuidv7(),
        tenant_id: tenantId,
        created_at: stamp,
        updated_at: stamp,
        ...values,
      });
      replica.store().put(table, row);
      return row;
    },
    job: (plan = {}) => openJob(garage, plan),
    close() {
      replica.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const swiss = country === 'CH';
  garage.seed('tenants', {
    id: tenantId,
    name: swiss ? 'Garage Müller' : 'Rao Motors',
    country,
    currency: swiss ? 'CHF' : 'INR',
  });
  garage.seed('sites', {
    id: siteId,
    name: swiss ? 'Garage Müller Zürich' : 'Rao Motors Indiranagar',
    code: 'BLR1',
    address: swiss ? 'Hardstrasse 12, 8005 Zürich' : '12 CMH Road, Indiranagar, Bengaluru 560038',
    phone: swiss ? '+41441234567' : '+918041234567',
    timezone: swiss ? 'Europe/Zurich' : 'Asia/Kolkata',
  });
  for (const [who, name] of [
    [garage.owner, 'Owner Rao'],
    [garage.manager, 'Manager Meera'],
    [garage.staff, 'Staff Ravi'],
  ] as const) {
    garage.seed('users', {
      id: who.userId,
      email: `${who.role}@rao.test`,
      name,
      role: who.role,
      site_ids: [siteId],
      active: true,
    });
  }
  garage.mutate(garage.owner, 'workshop.updateProfile', {
    siteId,
    taxId: swiss ? SWISS_VAT_NUMBER : WORKSHOP_GSTIN,
    legalName: 'Rao Motors Private Limited',
    logoDataUrl: TINY_LOGO,
    documentFooter: 'Thank you for servicing with Rao Motors. Goods once sold are not returnable.',
    ...(swiss ? {} : { upiVpa: 'raomotors@okaxis', upiPayeeName: 'Rao Motors' }),
  });
  return garage;
}

function openJob(garage: GarageReplica, plan: JobPlan) {
  const who = plan.actor ?? garage.manager;
  const opened = garage.mutate(who, 'job.intake', {
    customer: {
      name: plan.customer ?? 'Asha Rao',
      phone: plan.phone ?? '+91 98123 45678',
      address: 'Jayanagar 4th Block, Bengaluru',
      gstin: plan.gstin ?? null,
    },
    vehicle: { registration: 'KA 01 AB 1234', make: 'Maruti', model: 'Swift', year: 2019, vin: '1M8GDM9AXKP042788' },
    concern: 'Brakes squeal when cold; AC weak',
    estimateMinor: plan.estimateMinor ?? 450_000,
    odometerIn: 48_210,
    fuelLevelIn: 3,
    keyTag: 'K-17',
    workerName: 'Ramu',
    internalNotes: 'Customer is a friend of the owner — do not print',
    advance: { amountMinor: 100_000, method: 'cash' },
  });
  const jobId = String(opened.jobId);
  garage.mutate(who, 'jobLine.add', {
    jobId,
    kind: 'part',
    description: 'Brake pads (front)',
    partNumber: 'BP-1102',
    hsnSac: '8708',
    quantityMilli: 2000,
    unitPriceMinor: 125_050,
  });
  garage.mutate(who, 'jobLine.add', {
    jobId,
    kind: 'labour',
    description: 'Brake service',
    quantityMilli: 1500,
    unitPriceMinor: 60_000,
    technicianName: 'Ramu',
    discountMinor: 5_000,
  });
  const path = {
    pending: [],
    in_progress: ['in_progress'],
    ready: ['in_progress', 'ready'],
    delivered: ['in_progress', 'ready', 'delivered'],
    cancelled: ['cancelled'],
  }[plan.status ?? 'ready'];
  for (const status of path)
    garage.mutate(who, 'job.setStatus', {
      jobId,
      status,
      ...(status === 'cancelled' ? { reason: 'customer withdrew' } : {}),
    });
  if (plan.invoice) {
    garage.mutate(who, 'invoice.finalise', {
      jobId,
      customerId: String(opened.customerId),
      vehicleId: String(opened.vehicleId),
    });
  }
  return {
    jobId,
    customerId: String(opened.customerId),
    vehicleId: String(opened.vehicleId),
    number: String(opened.number),
  };
}
