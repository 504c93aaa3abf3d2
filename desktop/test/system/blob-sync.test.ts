import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../sync-server/test/support/databases.ts';
import { SystemServer } from './system-server.ts';
import { createWorld, settle, type World } from './world.ts';

/**
 * DESIGN §4.6 with real counters and the real server: a photo taken offline is viewable on the PC
 * that took it, reaches a counter of another site after sync byte for byte, and stays viewable
 * there offline; the server refuses damaged bytes and never serves one tenant's file to another.
 */
const random = () => 0.5;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

for (const kind of databaseKinds()) {
  describe(`files between counters (${kind.name})`, () => {
    let server: SystemServer;
    let world: World;
    let other: World;
    beforeAll(async () => {
      server = await SystemServer.start(kind);
      world = await createWorld(server, 1, random);
      other = await createWorld(server, 1, random);
      await settle(world);
      await settle(other);
    });
    afterAll(async () => {
      await world?.close();
      await other?.close();
      await server?.close();
    });

    const device = (of: World, index: number) => of.devices[index]!;
    const request = (path: string, init: RequestInit, auth: string) =>
      fetch(`${server.url}/api/v1${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: auth } });
    const authOf = (of: World, index: number) => {
      const seen = device(of, index).network.lastAuthorization;
      if (!seen) throw new Error('the device has not talked to the server yet');
      return seen;
    };

    it('takes a photo offline, shows it there, and delivers it to another site after sync', async () => {
      const [siteA, siteB] = [device(world, 0), device(world, 1)];
      const photo = new Uint8Array(randomBytes(200_000));
      siteA.network.partitioned = true;
      const { sha256: id } = siteA.counter.putBlob({ bytes: photo, contentType: 'image/jpeg', role: 'damage_photo' });
      expect(id).toBe(sha256(photo));
      expect((await siteA.counter.readBlob(id))?.bytes).toEqual(photo);
      await siteA.counter.syncNow(); // offline: nothing leaves
      siteA.network.partitioned = false;
      await settle(world);

      const arrived = await siteB.counter.readBlob(id);
      expect(arrived?.contentType).toBe('image/jpeg');
      expect(sha256(arrived!.bytes)).toBe(id);
      // Kept on site B: viewable with the network down.
      siteB.network.partitioned = true;
      expect((await siteB.counter.readBlob(id))?.bytes).toEqual(photo);
      siteB.network.partitioned = false;
    });

    it('refuses bytes that do not match their name, and hides a file from another tenant', async () => {
      const bytes = new Uint8Array(randomBytes(1_000));
      const id = device(world, 0).counter.putBlob({ bytes, contentType: 'image/png' }).sha256;
      await settle(world);
      const auth = authOf(world, 0);
      const damaged = await request(
        `/blobs/${id}`,
        { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(randomBytes(1_000)) },
        auth,
      );
      expect(damaged.status).toBe(400);
      expect((await request(`/blobs/${id}`, { method: 'GET' }, auth)).status).toBe(200);
      expect((await request(`/blobs/${id}`, { method: 'GET' }, authOf(other, 0))).status).toBe(404);
      expect(await device(other, 0).counter.readBlob(id)).toBeNull();
    });

    it('does not send a file again when the server already has it (an upload whose answer was lost)', async () => {
      const bytes = new Uint8Array(randomBytes(5_000));
      const [siteA, siteB] = [device(world, 0), device(world, 1)];
      // The same bytes taken on two counters: the second finds them on the server and skips the PUT.
      siteA.counter.putBlob({ bytes, contentType: 'application/pdf' });
      await settle(world);
      const puts: string[] = [];
      siteB.network.observe = (method, url) => {
        if (method === 'PUT' && url.includes('/blobs/')) puts.push(url);
      };
      siteB.counter.putBlob({ bytes, contentType: 'application/pdf' });
      await settle(world);
      siteB.network.observe = null;
      expect(puts).toEqual([]);
    });
  });
}
