import { HlcClock, uuidv7, type PushedMutation } from '@forecourt/shared';
import { DEFAULT_SYNC_TUNING } from '../../desktop/src/core/sync-client.ts';
import { ServerApi } from '../../desktop/src/core/sync/server-api.ts';
import type { SeededSite } from './server.ts';

/** One enrolled, signed-in device as the push benchmark drives it: the counter's own HTTP client. */
export interface PushDevice {
  readonly api: ServerApi;
  readonly clientId: string;
  readonly device: string;
  readonly userToken: string;
  readonly mutations: PushedMutation[];
}

export async function enrolPushDevice(
  serverUrl: string,
  site: SeededSite,
  code: string,
  name: string,
): Promise<PushDevice> {
  // Twenty devices pushing at once queue behind one another (PGlite has one connection): a long
  // timeout, so that the benchmark measures throughput rather than the counter's retry timer.
  const api = new ServerApi({ serverUrl, fetch: globalThis.fetch, timeoutMs: 600_000 });
  const enrolled = await api.enrol({ code, name });
  const device = `Device ${enrolled.deviceId}.${enrolled.deviceSecret}`;
  const session = await api.login({ email: site.email, password: site.password }, { device });
  return { api, clientId: uuidv7(), device, userToken: session.accessToken, mutations: [] };
}

/**
 * A device's work: cycles of customer.create → job.create → job.setStatus → job.addNote, with the
 * env (time, ids, job numbers) the counter would have recorded. Six row writes per four mutations.
 */
export function makeMutations(deviceIndex: number, count: number, userId: string): PushedMutation[] {
  const node = `bench${deviceIndex}`;
  const clock = new HlcClock(node, Date.now);
  const mutations: PushedMutation[] = [];
  let customerId = '';
  let jobId = '';
  for (let i = 0; i < count; i++) {
    const now = new Date().toISOString();
    const base = { id: i + 1, hlc: clock.now(), actorId: userId, baseVersion: 0 };
    const step = i % 4;
    if (step === 0) {
      customerId = uuidv7();
      const args = { name: `Customer ${deviceIndex}-${i}`, phone: `+9198${String(i).padStart(8, '0')}` };
      mutations.push({ ...base, name: 'customer.create', args, env: { now, ids: [customerId], seqs: {} } });
    } else if (step === 1) {
      jobId = uuidv7();
      const args = { customerId, concern: 'Brakes squeal when cold' };
      const env = { now, ids: [jobId, uuidv7()], seqs: { job: [Math.floor(i / 4) + 1] } };
      mutations.push({ ...base, name: 'job.create', args, env });
    } else if (step === 2) {
      const args = { jobId, status: 'in_progress' };
      mutations.push({ ...base, name: 'job.setStatus', args, env: { now, ids: [uuidv7()], seqs: {} } });
    } else {
      const args = { jobId, body: 'Pads replaced; test drive done' };
      mutations.push({ ...base, name: 'job.addNote', args, env: { now, ids: [uuidv7()], seqs: {} } });
    }
  }
  return mutations;
}

export interface PushRun {
  readonly seconds: number;
  /** Latency of each push request: until every mutation in it is committed. */
  readonly latenciesMs: number[];
  readonly rejected: number;
}

/** Every device pushes its mutations in the counter's batch size, all devices at once. */
export async function pushAll(
  devices: readonly PushDevice[],
  batchSize = DEFAULT_SYNC_TUNING.batchSize,
): Promise<PushRun> {
  const latenciesMs: number[] = [];
  let rejected = 0;
  const start = performance.now();
  await Promise.all(
    devices.map(async (device) => {
      for (let from = 0; from < device.mutations.length; from += batchSize) {
        const batch = device.mutations.slice(from, from + batchSize);
        const sent = performance.now();
        const response = await device.api.push(
          { clientId: device.clientId, mutations: batch },
          { device: device.device, userToken: device.userToken },
        );
        latenciesMs.push(performance.now() - sent);
        rejected += response.outcomes.filter((outcome) => outcome.status !== 'applied').length;
        const last = batch[batch.length - 1]?.id ?? 0;
        if (response.lastMutationId !== last)
          throw new Error(`push stopped at ${response.lastMutationId}, sent up to ${last}`);
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latenciesMs, rejected };
}
