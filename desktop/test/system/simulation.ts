import fc from 'fast-check';
import { isDomainError, JOB_STATUSES, type Row } from '@forecourt/shared';
import type { SystemServer } from './system-server.ts';
import { createWorld, divergence, settle, type SimDevice, type World } from './world.ts';

const DAY_MS = 86_400_000;
const DEVICES_PER_SITE = 5; // 2 sites × 5 + the owner's all-sites counter = 11 counters

export type Step =
  | { kind: 'mutate'; device: number; op: number; pick: number }
  | { kind: 'sync'; device: number }
  | { kind: 'partition'; device: number; on: boolean }
  | { kind: 'loseReply'; device: number }
  | { kind: 'duplicate'; device: number }
  | { kind: 'replayOld'; device: number }
  | { kind: 'restartDevice'; device: number; midPush: boolean }
  | { kind: 'restartServer' }
  | { kind: 'clockJump'; device: number; days: number };

const device = fc.nat({ max: 2 * DEVICES_PER_SITE });
export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('mutate' as const), device, op: fc.nat({ max: 6 }), pick: fc.nat() }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('partition' as const), device, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loseReply' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replayOld' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restartDevice' as const), device, midPush: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restartServer' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('clockJump' as const), device, days: fc.integer({ min: -3, max: 3 }) }),
  },
);

/** Clocks skewed by up to three days either way, one per counter. */
export const skewsArbitrary = fc.array(fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }), {
  minLength: 2 * DEVICES_PER_SITE + 1,
  maxLength: 2 * DEVICES_PER_SITE + 1,
});

function pickRow(rows: Row[], pick: number): Row | undefined {
  return rows.length === 0 ? undefined : rows[pick % rows.length];
}

/** A random piece of counter work; returns false when the counter's own rules refused it at once. */
function mutate(target: SimDevice, op: number, pick: number, sites: readonly string[]): boolean {
  const customers = target.counter.query('customers');
  const jobs = target.counter.query('jobs');
  const customer = pickRow(customers, pick);
  const job = pickRow(jobs, pick);
  // The owner's all-sites counter names the site; a site counter works for its own.
  const siteArg = target.siteId === null ? { siteId: String(customer?.site_id ?? sites[pick % sites.length]) } : {};
  const attempts: Array<[string, unknown] | null> = [
    [
      'customer.create',
      { name: `Customer ${pick % 997}`, ...(target.siteId === null ? { siteId: sites[pick % sites.length] } : {}) },
    ],
    customer ? ['customer.update', { customerId: customer.id, notes: `note ${pick}` }] : null,
    customer ? ['job.create', { customerId: customer.id, concern: `concern ${pick % 13}`, ...siteArg }] : null,
    job ? ['job.update', { jobId: job.id, concern: `concern ${pick % 7}`, keyTag: `K${pick % 5}` }] : null,
    job
      ? ['job.setStatus', { jobId: job.id, status: JOB_STATUSES[pick % JOB_STATUSES.length], reason: 'customer asked' }]
      : null,
    job ? ['job.addNote', { jobId: job.id, body: `note ${pick}` }] : null,
    customer ? ['customer.delete', { customerId: customer.id }] : null,
  ];
  const attempt = attempts[op % attempts.length];
  if (!attempt) return false;
  try {
    target.counter.mutate(attempt[0], attempt[1]);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

async function runStep(world: World, step: Step): Promise<void> {
  if (step.kind === 'restartServer') return world.server.restart();
  const target = world.devices[step.device % world.devices.length];
  if (!target) return;
  switch (step.kind) {
    case 'mutate':
      mutate(target, step.op, step.pick, world.sites);
      return;
    case 'sync':
      await target.counter.syncNow();
      return;
    case 'partition':
      target.network.partitioned = step.on;
      return;
    case 'loseReply':
      target.network.loseNextReply = true;
      return;
    case 'duplicate':
      target.network.duplicateNext = true;
      return;
    case 'replayOld':
      await target.network.replayOldPush();
      return;
    case 'restartDevice':
      if (step.midPush) {
        // The push reaches the server, the counter dies before it hears the answer.
        target.network.loseNextReply = true;
        await target.counter.syncNow();
      }
      await target.restart();
      return;
    case 'clockJump':
      target.skewMs += step.days * DAY_MS;
      return;
  }
}

/** After healing: every counter equals the server in its scope, and every mutation is accounted for. */
export async function checkInvariants(world: World): Promise<string[]> {
  const problems: string[] = [];
  for (const target of world.devices) {
    problems.push(...(await divergence(world, target)));
    const status = target.counter.status();
    if (status.pendingCount !== 0) problems.push(`${target.name}: ${status.pendingCount} mutations still pending`);
  }
  const results = await world.server.db.query<{ client_id: string; n: number; last: number; max_id: number }>(
    `SELECT r.client_id, count(*)::int AS n, c.last_mutation_id AS last, max(r.mutation_id) AS max_id
     FROM mutation_results r JOIN sync_clients c USING (client_id) WHERE r.tenant_id = $1
     GROUP BY r.client_id, c.last_mutation_id`,
    [world.tenantId],
  );
  for (const row of results.rows) {
    // Ids 1..last each have exactly one recorded result (primary key): applied once or rejected.
    if (Number(row.n) !== Number(row.last) || Number(row.max_id) !== Number(row.last)) {
      problems.push(`client ${row.client_id}: ${row.n} results for ${row.last} mutations`);
    }
  }
  const rejected = await world.server.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM mutation_results WHERE tenant_id = $1 AND status = 'rejected'",
    [world.tenantId],
  );
  const visible = world.devices.reduce((sum, target) => sum + target.counter.status().rejections.length, 0);
  if (visible !== Number(rejected.rows[0]?.n ?? 0)) {
    problems.push(`${rejected.rows[0]?.n} rejections on the server, ${visible} visible on the counters`);
  }
  return problems;
}

export async function runSimulation(server: SystemServer, skews: number[], steps: Step[], seed: number): Promise<void> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const world = await createWorld(server, DEVICES_PER_SITE, random);
  try {
    await seedWork(world);
    world.devices.forEach((target, index) => (target.skewMs = skews[index] ?? 0));
    for (const step of steps) await runStep(world, step);
    await settle(world);
    const problems = await checkInvariants(world);
    if (problems.length > 0) throw new Error(`invariants broken:\n${problems.join('\n')}`);
    if (process.env.SIM_VERBOSE === '1') console.log(JSON.stringify(await outcomeCounts(world)));
  } finally {
    await world.close();
  }
}

/** A few customers and jobs on each site, synced everywhere, so that random steps have targets. */
async function seedWork(world: World): Promise<void> {
  for (const siteId of world.sites) {
    const first = world.devices.find((target) => target.siteId === siteId);
    if (!first) continue;
    for (let i = 0; i < 3; i++) {
      const { customerId } = first.counter.mutate('customer.create', { name: `Seeded ${i}` }) as { customerId: string };
      first.counter.mutate('job.create', { customerId, concern: `seeded job ${i}` });
    }
  }
  await settle(world);
}

async function outcomeCounts(world: World): Promise<Record<string, number>> {
  const result = await world.server.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM mutation_results WHERE tenant_id = $1 GROUP BY status',
    [world.tenantId],
  );
  return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.n)]));
}
