import type { Row } from '@forecourt/shared';
import type { Device } from './device.ts';

/** A deterministic pseudo-random source (LCG), so that a failing run can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T | undefined =>
  items.length === 0 ? undefined : items[Math.floor(random() * items.length)];

const NEXT_STATUS: Readonly<Record<string, string>> = { pending: 'in_progress', in_progress: 'ready' };

/**
 * Counter work that the server never has a reason to reject, so that every rejection in a run
 * comes from a conflict the test made on purpose: customers and jobs created, fields edited
 * (concurrent edits merge), notes added, and only a device's own jobs moved along
 * (pending → in progress → ready). Jobs in `avoid` are left alone. Returns how many mutations
 * the counter accepted.
 */
export async function work(
  device: Device,
  random: () => number,
  count: number,
  avoid: ReadonlySet<string>,
): Promise<number> {
  let accepted = 0;
  for (let step = 0; step < count; step++) {
    const attempt = await nextMutation(device, random, avoid);
    const answer = await device.command(['mutate', attempt[0], JSON.stringify(attempt[1])]);
    if (!answer.error) accepted += 1;
    else if (answer.error.code === 'internal') throw new Error(`${device.name} ${attempt[0]}: ${answer.error.message}`);
  }
  return accepted;
}

async function nextMutation(
  device: Device,
  random: () => number,
  avoid: ReadonlySet<string>,
): Promise<[string, unknown]> {
  const customers = await device.ok<Row[]>('query', 'customers');
  const jobs = (await device.ok<Row[]>('query', 'jobs')).filter((job) => !avoid.has(job.id));
  const customer = pick(customers, random);
  const job = pick(jobs, random);
  const n = Math.floor(random() * 1_000_000);
  const siteOf = (row: Row | undefined) => (device.siteId === null && row ? { siteId: String(row.site_id) } : {});
  const own = jobs.filter(
    (row) => String(row.number).startsWith(`${device.deviceCode}-`) && NEXT_STATUS[String(row.status)],
  );
  const ownJob = pick(own, random);
  const choice = Math.floor(random() * 6);
  if (choice === 1 && customer)
    return ['job.create', { customerId: customer.id, concern: `concern ${n}`, ...siteOf(customer) }];
  if (choice === 2 && job) return ['job.update', { jobId: job.id, concern: `edited ${n}`, keyTag: `K${n % 100}` }];
  if (choice === 3 && job) return ['job.addNote', { jobId: job.id, body: `${device.name} note ${n}` }];
  if (choice === 4 && ownJob)
    return ['job.setStatus', { jobId: ownJob.id, status: NEXT_STATUS[String(ownJob.status)] }];
  if (choice === 5 && customer) return ['customer.update', { customerId: customer.id, notes: `${device.name} ${n}` }];
  // The owner's all-sites counter names a site: one it already has customers at.
  const siteId = device.siteId === null ? { siteId: String(customer?.site_id ?? '') } : {};
  return ['customer.create', { name: `${device.name} customer ${n}`, ...siteId }];
}
