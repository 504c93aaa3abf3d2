import { uuidv7, type PushedMutation, type PushResponse } from '@forecourt/shared';
import type { Database } from '../../src/db/database.ts';
import type { DeviceSession, SyncEngine } from '../../src/sync/types.ts';
import { ScriptedClient, seedTenant, T0, type SeededTenant } from '../sync/fixtures.ts';

/**
 * A garage on the real sync engine: the seeded tenant (two sites, every role, four devices) with
 * device codes as enrolment hands them out (site code + letter), a workshop profile with a GSTIN,
 * and helpers that push mutations the way a counter records them (ids and sequence numbers in
 * the env, replayed by the server).
 */
export const WORKSHOP_GSTIN = '29ABCDE1234F1ZW';

export interface Counter {
  readonly device: DeviceSession;
  readonly client: ScriptedClient;
  readonly actorId: string;
  /** The device's own sequence counters, as local_sequences keeps them. */
  readonly seqs: Map<string, number>;
}

export interface GarageSeed extends SeededTenant {
  counter(device: DeviceSession, actorId: string, wallMs?: number): Counter;
}

export async function seedGarage(db: Database, engine: SyncEngine): Promise<GarageSeed> {
  const seed = await seedTenant(db, engine, 'IN');
  const devices = {
    counterA: { ...seed.devices.counterA, deviceCode: 'BLR1A' },
    counterA2: { ...seed.devices.counterA2, deviceCode: 'BLR1B' },
    counterB: { ...seed.devices.counterB, deviceCode: 'MYS1A' },
    ownerHq: { ...seed.devices.ownerHq, deviceCode: 'HQA' },
  };
  const garage: GarageSeed = {
    ...seed,
    devices,
    counter: (device, actorId, wallMs = T0) => ({
      device,
      client: new ScriptedClient(device, actorId, wallMs),
      actorId,
      seqs: new Map(),
    }),
  };
  const owner = garage.counter(devices.ownerHq, seed.users.owner);
  await pushAll(engine, owner, [
    record(owner, 'workshop.updateProfile', {
      siteId: seed.siteA,
      taxId: WORKSHOP_GSTIN,
      upiVpa: 'raomotors@okaxis',
      upiPayeeName: 'Rao Motors',
    }),
  ]);
  return garage;
}

/**
 * One mutation as the counter records it: `ids` fresh ids in order, and the next number of each
 * named series from the counter's own sequences.
 */
export function record(
  counter: Counter,
  name: string,
  args: unknown,
  options: { ids?: string[]; series?: string[]; baseVersion?: number } = {},
): PushedMutation {
  const seqs: Record<string, number[]> = {};
  for (const series of options.series ?? []) {
    const next = (counter.seqs.get(series) ?? 0) + 1;
    counter.seqs.set(series, next);
    (seqs[series] ??= []).push(next);
  }
  const ids = options.ids ?? [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
  const mutation = counter.client.mutation(name, args, {
    ids,
    ...(options.baseVersion === undefined ? {} : { baseVersion: options.baseVersion }),
  });
  return { ...mutation, env: { ...mutation.env, seqs } };
}

export function pushAll(engine: SyncEngine, counter: Counter, mutations: PushedMutation[]): Promise<PushResponse> {
  return engine.push(counter.device, counter.actorId, { clientId: counter.client.clientId, mutations });
}

/** Opens a job (new customer and vehicle) with one part and one labour line, and moves it to ready. */
export async function readyJob(
  engine: SyncEngine,
  counter: Counter,
  label: string,
): Promise<{ jobId: string; customerId: string; vehicleId: string }> {
  const [customerId, vehicleId, jobId] = [uuidv7(), uuidv7(), uuidv7()];
  const result = await pushAll(engine, counter, [
    record(
      counter,
      'job.intake',
      {
        customer: { name: `Customer ${label}`, phone: '+919812345678', address: 'Indiranagar, Bengaluru' },
        vehicle: { registration: `KA 01 ${label} 1234`, make: 'Maruti', model: 'Swift' },
        concern: 'Service due',
      },
      { ids: [customerId, vehicleId, jobId, uuidv7()], series: ['job'] },
    ),
    record(counter, 'jobLine.add', {
      jobId,
      kind: 'part',
      description: 'Oil filter',
      hsnSac: '8421',
      quantityMilli: 1000,
      unitPriceMinor: 45_000,
    }),
    record(counter, 'jobLine.add', {
      jobId,
      kind: 'labour',
      description: 'Periodic service',
      quantityMilli: 1500,
      unitPriceMinor: 60_000,
    }),
    record(counter, 'job.setStatus', { jobId, status: 'in_progress' }),
    record(counter, 'job.setStatus', { jobId, status: 'ready' }),
  ]);
  const refused = result.outcomes.filter((outcome) => outcome.status !== 'applied');
  if (refused.length > 0) throw new Error(`setting up job ${label} failed: ${JSON.stringify(refused)}`);
  return { jobId, customerId, vehicleId };
}
