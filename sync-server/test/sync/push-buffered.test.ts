import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type PushedMutation } from '@forecourt/shared';
import type { Database, Queryable } from '../../src/db/database.ts';
import { pushBatch } from '../../src/sync/push.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant, T0, type SeededTenant } from './fixtures.ts';

/**
 * A push chunk runs with its row writes buffered and written set-based at its end
 * (docs/performance.md); the careful path (a savepoint per mutation, each statement at once) is
 * its fallback. The same pushes through both must leave the same rows, change log and outcomes.
 */

/** Counts the statements sent, transactions included. */
function counting(db: Database): { db: Database; statements: () => number } {
  let count = 0;
  const wrap = (target: Queryable): Queryable => ({
    query: (text, params) => {
      count += 1;
      return target.query(text, params);
    },
    exec: (sql) => {
      count += 1;
      return target.exec(sql);
    },
  });
  const wrapped: Database = {
    ...db,
    kind: db.kind,
    query: wrap(db).query,
    exec: wrap(db).exec,
    transaction: (fn, options) => db.transaction((tx) => fn(wrap(tx)), options),
    listen: (channel, onPayload) => db.listen(channel, onPayload),
    close: () => db.close(),
  };
  return { db: wrapped, statements: () => count };
}

interface Scenario {
  /** Every id the pushes create, in order: replaced by a name when two runs are compared. */
  readonly ids: string[];
  readonly clients: string[];
  readonly pushes: Array<{
    device: keyof SeededTenant['devices'];
    clientId: string;
    user: string;
    mutations: PushedMutation[];
  }>;
}

/** Work a counter does, with rejections of every kind among it. */
function scenario(seed: SeededTenant): Scenario {
  const ids = Array.from({ length: 40 }, () => uuidv7());
  let next = 0;
  const take = (n: number) => ids.slice(next, (next += n));
  const a = new ScriptedClient(seed.devices.counterA, seed.users.managerA, T0 + 1000);
  const [c1, c2] = [take(1), take(1)];
  const [j1, j2] = [take(2), take(2)];
  const customerId = c1[0] ?? '';
  const jobId = j1[0] ?? '';
  const first: PushedMutation[] = [
    a.mutation('customer.create', { name: 'Asha Rao', phone: '+919876543210' }, { ids: c1 }),
    a.mutation('job.create', { customerId, concern: 'brakes squeal' }, { ids: j1, seq: true }),
    a.mutation('job.setStatus', { jobId, status: 'in_progress' }, { ids: take(1) }),
    a.mutation('job.addNote', { jobId, body: 'pads worn' }, { ids: take(1) }),
    // Rejected by decide: a cancellation needs a reason.
    a.mutation('job.setStatus', { jobId, status: 'cancelled' }, { ids: take(1) }),
    a.mutation('job.update', { jobId, concern: 'brakes squeal when cold' }, { ids: take(1) }),
    a.mutation('customer.update', { customerId, notes: 'prefers calls' }, { ids: take(1) }),
    // Rejected after a read of rows written earlier in the chunk (the open job).
    a.mutation('customer.delete', { customerId }, { ids: take(1) }),
    // Rejected: no such job.
    a.mutation('job.addNote', { jobId: uuidv7(), body: 'lost' }, { ids: take(1) }),
    a.mutation('customer.create', { name: 'Ravi' }, { ids: c2 }),
    a.mutation('job.create', { customerId: c2[0], concern: 'noise' }, { ids: j2, seq: true }),
  ];
  // Another counter edits the same job without having seen A's edit: a conflict on `concern`.
  const b = new ScriptedClient(seed.devices.counterA2, seed.users.staffA, T0 + 5000);
  const second: PushedMutation[] = [
    b.mutation('job.update', { jobId, concern: 'grinding noise', findings: 'disc scored' }, { ids: take(1) }),
    b.mutation('job.setStatus', { jobId: j2[0], status: 'in_progress' }, { ids: take(1) }),
  ];
  // A job number taken twice: the unique index refuses it at the end of the chunk.
  const again = a.mutation('job.create', { customerId, concern: 'again' }, { ids: take(2) });
  const third: PushedMutation[] = [
    a.mutation('customer.create', { name: 'Meera' }, { ids: take(1) }),
    { ...again, env: { ...again.env, seqs: { job: [1] } } },
  ];
  return {
    ids,
    clients: [a.clientId, b.clientId],
    pushes: [
      { device: 'counterA', clientId: a.clientId, user: seed.users.managerA, mutations: first },
      { device: 'counterA2', clientId: b.clientId, user: seed.users.staffA, mutations: second },
      { device: 'counterA', clientId: a.clientId, user: seed.users.managerA, mutations: third },
    ],
  };
}

/** What a run left, with the tenant's own ids replaced by names so two tenants compare. */
async function outcome(db: Database, seed: SeededTenant, plan: Scenario, results: unknown[]) {
  const names = new Map<string, string>([
    [seed.tenantId, 'tenant'],
    [seed.siteA, 'siteA'],
    [seed.siteB, 'siteB'],
    ...Object.entries(seed.users).map(([name, id]) => [id, name] as [string, string]),
    ...Object.entries(seed.devices).flatMap(([name, device]) => [
      [device.deviceId, name] as [string, string],
      [device.deviceCode, `${name}-code`] as [string, string],
    ]),
    ...plan.ids.map((id, index) => [id, `id${index}`] as [string, string]),
    ...plan.clients.map((id, index) => [id, `client${index}`] as [string, string]),
  ]);
  const rename = (value: unknown) => {
    let text = JSON.stringify(value);
    for (const [id, name] of names) text = text.split(id).join(name);
    return JSON.parse(text) as unknown;
  };
  const log = await db.query<{ version: number; table_name: string; row_id: string; op: string; row: unknown }>(
    `SELECT version, table_name, row_id, op, row FROM change_log WHERE tenant_id = $1 AND table_name IN ('customers', 'jobs', 'job_updates')
     ORDER BY version, seq`,
    [seed.tenantId],
  );
  const firstVersion = Number(log.rows[0]?.version ?? 0);
  const conflicts = await db.query(
    `SELECT table_name, row_id, field, losing_value, winning_value, losing_actor_id, winning_actor_id
     FROM conflicts WHERE tenant_id = $1 ORDER BY field`,
    [seed.tenantId],
  );
  const tables: Record<string, unknown> = {};
  for (const table of ['customers', 'jobs', 'job_updates']) {
    tables[table] = (await db.query(`SELECT * FROM ${table} WHERE tenant_id = $1 ORDER BY id`, [seed.tenantId])).rows;
  }
  const clocks = await db.query(
    'SELECT table_name, row_id, field, client_id, actor_id FROM field_clock WHERE tenant_id = $1 ORDER BY row_id, field',
    [seed.tenantId],
  );
  const sorted = (rows: unknown) =>
    (rows as unknown[])
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row) as unknown);
  const renamedTables = rename(tables) as Record<string, unknown>;
  for (const table of Object.keys(renamedTables)) renamedTables[table] = sorted(renamedTables[table]);
  return rename({
    results,
    log: log.rows.map((entry) => ({ ...entry, version: Number(entry.version) - firstVersion })),
    conflicts: conflicts.rows,
    tables: renamedTables,
    clocks: sorted(rename(clocks.rows)),
  });
}

for (const kind of databaseKinds()) {
  describe(`buffered push chunks (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test?.drop());

    async function run(careful: boolean) {
      const seed = await seedTenant(test.db, engine);
      const plan = scenario(seed);
      const counted = counting(test.db);
      const results: unknown[] = [];
      const statements: number[] = [];
      for (const push of plan.pushes) {
        const before = counted.statements();
        const result = await pushBatch(
          { db: counted.db, clock: () => T0 + 60_000, careful },
          seed.devices[push.device],
          push.user,
          { clientId: push.clientId, mutations: push.mutations },
          () => undefined,
        );
        statements.push(counted.statements() - before);
        results.push(result.outcomes);
      }
      return { statements, state: await outcome(test.db, seed, plan, results) };
    }

    it('leaves the same rows, change log, conflicts and outcomes as the careful path', async () => {
      const careful = await run(true);
      const buffered = await run(false);
      expect(buffered.state).toEqual(careful.state);
      const results = (careful.state as { results: Array<Array<{ status: string; error?: { message: string } }>> })
        .results;
      expect(results[0]?.map((outcome) => outcome.status)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
        'rejected',
        'applied',
        'applied',
        'rejected',
        'rejected',
        'applied',
        'applied',
      ]);
      expect(results[0]?.[7]?.error?.message).toMatch(/open job/);
      expect(results[1]?.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      expect(results[2]?.map((outcome) => outcome.status)).toEqual(['rejected', 'applied']);
      expect(results[2]?.[0]?.error?.message).toMatch(/unique/);
      expect((careful.state as { conflicts: unknown[] }).conflicts).toHaveLength(1);
      // The first two pushes ran buffered (far fewer statements); the third fell back to careful.
      expect(buffered.statements[0]).toBeLessThan((careful.statements[0] ?? 0) / 2);
      expect(buffered.statements[1]).toBeLessThan(careful.statements[1] ?? 0);
      expect(buffered.statements[2]).toBeGreaterThan(careful.statements[2] ?? 0);
    });

    it("gives an id that another tenant's row holds the careful outcome", async () => {
      const other = await seedTenant(test.db, engine);
      const takenBy = new ScriptedClient(other.devices.counterA, other.users.staffA);
      const taken = uuidv7();
      await engine.push(other.devices.counterA, other.users.staffA, {
        clientId: takenBy.clientId,
        mutations: [takenBy.mutation('customer.create', { name: 'Elsewhere' }, { ids: [taken] })],
      });
      const outcomes: unknown[] = [];
      for (const careful of [true, false]) {
        const seed = await seedTenant(test.db, engine);
        const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
        const mutations = [
          client.mutation('customer.create', { name: 'Mine' }),
          client.mutation('customer.create', { name: 'Same id' }, { ids: [taken] }),
          client.mutation('customer.create', { name: 'After' }),
        ];
        const push = pushBatch(
          { db: test.db, clock: () => T0 + 60_000, careful },
          seed.devices.counterA,
          seed.users.staffA,
          { clientId: client.clientId, mutations },
          () => undefined,
        );
        outcomes.push(
          await push.then(
            (result) => result.outcomes.map((outcome) => [outcome.status, outcome.error?.code]),
            (error: unknown) => ['failed', (error as { code?: unknown }).code],
          ),
        );
        const names = await test.db.query('SELECT name FROM customers WHERE tenant_id = $1 ORDER BY name', [
          seed.tenantId,
        ]);
        outcomes.push(names.rows);
      }
      expect(outcomes[2]).toEqual(outcomes[0]);
      expect(outcomes[3]).toEqual(outcomes[1]);
      // Rejected on its own (not a push that fails forever and leaves the outbox stuck).
      expect(outcomes[0]).toEqual([
        ['applied', undefined],
        ['rejected', 'forbidden'],
        ['applied', undefined],
      ]);
      expect(outcomes[1]).toEqual([{ name: 'After' }, { name: 'Mine' }]);
      const elsewhere = await test.db.query('SELECT name, tenant_id FROM customers WHERE id = $1', [taken]);
      expect(elsewhere.rows).toEqual([{ name: 'Elsewhere', tenant_id: other.tenantId }]);
    });

    it('writes a chunk of new rows with a few statements, not one per row', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const mutations: PushedMutation[] = [];
      for (let i = 0; i < 25; i++) {
        const customer = client.mutation('customer.create', { name: `Customer ${i}` });
        const customerId = customer.env.ids[0] ?? '';
        const job = client.mutation('job.create', { customerId }, { seq: true });
        const jobId = job.env.ids[0] ?? '';
        mutations.push(customer, job, client.mutation('job.addNote', { jobId, body: 'checked' }));
      }
      const counted = counting(test.db);
      const result = await pushBatch(
        { db: counted.db, clock: () => T0 + 60_000 },
        seed.devices.counterA,
        seed.users.staffA,
        { clientId: client.clientId, mutations },
        () => undefined,
      );
      expect(result.outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
      expect(counted.statements()).toBeLessThan(25);
      const rows = await test.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1)::int + (SELECT count(*) FROM jobs WHERE tenant_id = $1)::int
           + (SELECT count(*) FROM job_updates WHERE tenant_id = $1)::int AS n`,
        [seed.tenantId],
      );
      // 25 customers, 25 jobs, 25 "created" entries and 25 notes.
      expect(rows.rows[0]?.n).toBe(100);
    });
  });
}
