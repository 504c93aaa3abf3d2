import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../sync-server/test/support/databases.ts';
import { SystemServer } from './system-server.ts';
import { createWorld, divergence, settle, type World } from './world.ts';

const random = () => 0.5;

for (const kind of databaseKinds()) {
  describe(`counters and server converge (${kind.name})`, () => {
    let server: SystemServer;
    let world: World;
    const worlds: World[] = [];
    const newWorld = async (perSite: number) => {
      world = await createWorld(server, perSite, random);
      worlds.push(world);
      return world;
    };
    beforeAll(async () => {
      server = await SystemServer.start(kind);
    });
    afterAll(async () => {
      for (const each of worlds) await each.close();
      await server.close();
    });

    it('edits on both sides while one counter is offline converge after it reconnects', async () => {
      await newWorld(2);
      await settle(world);
      const [a1, a2] = world.devices;
      if (!a1 || !a2) throw new Error('world has too few devices');
      a2.network.partitioned = true;
      const { customerId } = a1.counter.mutate('customer.create', { name: 'Online Olga' }) as { customerId: string };
      const offline = a2.counter.mutate('customer.create', { name: 'Offline Omar' }) as { customerId: string };
      a2.counter.mutate('job.create', { customerId: offline.customerId, concern: 'AC not cooling' });
      await a1.counter.syncNow();
      const status = await a2.counter.syncNow();
      expect(status.online).toBe(false);
      expect(status.pendingCount).toBe(2);
      expect(a2.counter.get('customers', offline.customerId)).toMatchObject({ name: 'Offline Omar' });
      a2.network.partitioned = false;
      await settle(world);
      expect(a2.counter.get('customers', customerId)).toMatchObject({ name: 'Online Olga' });
      expect(a1.counter.query('jobs', { where: { customer_id: offline.customerId } })).toHaveLength(1);
      for (const device of world.devices) expect(await divergence(world, device)).toEqual([]);
    });

    it('keeps the later edit of one field made offline on two counters, and a conflict record everyone sees', async () => {
      await newWorld(2);
      const [a1, a2] = world.devices;
      if (!a1 || !a2) throw new Error('world has too few devices');
      const { customerId } = a1.counter.mutate('customer.create', { name: 'Shared Shanti' }) as { customerId: string };
      const { jobId } = a1.counter.mutate('job.create', { customerId }) as { jobId: string };
      await settle(world);
      a1.network.partitioned = true;
      a2.network.partitioned = true;
      a1.counter.mutate('job.update', { jobId, concern: 'first, from PC 1' });
      a2.skewMs = 2000; // PC 2's edit is later by the clock
      a2.counter.mutate('job.update', { jobId, concern: 'later, from PC 2' });
      // The later edit reaches the server first: the earlier one must still lose.
      a2.network.partitioned = false;
      await a2.counter.syncNow();
      a1.network.partitioned = false;
      await settle(world);
      const seeing = world.devices.filter((device) => device.siteId === a1.siteId || device.siteId === null);
      expect(seeing).toHaveLength(3);
      for (const device of seeing) expect(device.counter.get('jobs', jobId)?.concern).toBe('later, from PC 2');
      const elsewhere = world.devices.filter((device) => !seeing.includes(device));
      for (const device of elsewhere) expect(device.counter.get('jobs', jobId)).toBeNull();
      const conflicts = a1.counter.query('conflicts', { where: { row_id: jobId } });
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ field: 'concern', losing_value: { value: 'first, from PC 1' } });
    });

    it('undoes a mutation the server rejects, shows its reason, and applies the ones behind it', async () => {
      await newWorld(1);
      const device = world.devices[0];
      const manager = world.users.find((user) => user.role === 'manager' && user.siteId === device?.siteId);
      if (!device || !manager) throw new Error('world has no manager device');
      await device.counter.logout();
      await device.counter.login({ email: manager.email, password: 'simulated password 1' });
      const { customerId } = device.counter.mutate('customer.create', { name: 'To be deleted' }) as {
        customerId: string;
      };
      await settle(world);
      device.network.partitioned = true;
      // Demoted on the server while the counter is offline: it still believes the user is a manager.
      const userRow = await server.db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [
        manager.userId,
      ]);
      const demoted = { ...userRow.rows[0], role: 'staff', updated_at: new Date().toISOString() };
      await server.engine.writeRows(world.tenantId, [{ table: 'users', row: demoted as never }]);
      device.counter.mutate('customer.delete', { customerId });
      expect(device.counter.get('customers', customerId)?.deleted_at).not.toBeNull();
      const { customerId: kept } = device.counter.mutate('customer.create', { name: 'Created after' }) as {
        customerId: string;
      };
      device.network.partitioned = false;
      await settle(world);
      expect(device.counter.get('customers', customerId)?.deleted_at).toBeNull();
      expect(device.counter.get('customers', kept)).toMatchObject({ name: 'Created after' });
      const [rejection] = device.counter.status().rejections;
      expect(rejection).toMatchObject({ name: 'customer.delete', code: 'forbidden' });
      expect(rejection?.message).toMatch(/owner or manager/);
    });

    it('applies nothing twice when pushes are duplicated, replayed late, or their replies are lost', async () => {
      await newWorld(1);
      const device = world.devices[0];
      if (!device) throw new Error('world has no device');
      const { customerId } = device.counter.mutate('customer.create', { name: 'Once Only' }) as { customerId: string };
      const { jobId } = device.counter.mutate('job.create', { customerId }) as { jobId: string };
      device.network.duplicateNext = true;
      await device.counter.syncNow();
      device.counter.mutate('job.addNote', { jobId, body: 'note one' });
      device.network.loseNextReply = true;
      await device.counter.syncNow();
      await device.network.replayOldPush();
      device.counter.mutate('job.addNote', { jobId, body: 'note two' });
      await settle(world);
      const notes = await server.db.query(
        'SELECT body FROM job_updates WHERE job_id = $1 AND kind = $2 ORDER BY body',
        [jobId, 'note'],
      );
      expect(notes.rows).toEqual([{ body: 'note one' }, { body: 'note two' }]);
      expect(device.counter.query('job_updates', { where: { job_id: jobId, kind: 'note' } })).toHaveLength(2);
      expect(await divergence(world, device)).toEqual([]);
    });

    it('never lets an optimistic row disappear before its server version arrives', async () => {
      await newWorld(1);
      const device = world.devices[0];
      if (!device) throw new Error('world has no device');
      const { customerId } = device.counter.mutate('customer.create', { name: 'Always Here' }) as {
        customerId: string;
      };
      const gaps: string[] = [];
      const unsubscribe = device.counter.subscribe((event) => {
        if (event.type === 'data' && !device.counter.get('customers', customerId))
          gaps.push('customer vanished after a data event');
      });
      device.network.loseNextReply = true;
      await device.counter.syncNow();
      device.counter.mutate('customer.update', { customerId, notes: 'edited while unconfirmed' });
      await settle(world);
      unsubscribe();
      expect(gaps).toEqual([]);
      expect(device.counter.get('customers', customerId)).toMatchObject({
        name: 'Always Here',
        notes: 'edited while unconfirmed',
      });
      expect(device.counter.status().pendingCount).toBe(0);
    });
  });
}
