import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../sync-server/test/support/databases.ts';
import { pngPhotoThumbnail } from '../../src/core/documents/rental/photo-thumbnails.ts';
import { photoPng } from '../../src/core/documents/rental/test-images.test-support.ts';
import { SystemServer } from './system-server.ts';
import { createWorld, serverRows, settle, type World } from './world.ts';

/**
 * Photo thumbnails between real counters and the real server (DESIGN §4.6, issue #7): a photo
 * taken with its thumbnail uploads the thumbnail first; after sync the other counter already
 * holds the thumbnail (fetched ahead, viewable offline) and fetches the full photo when it is
 * opened; an older photo without one keeps working and takes a thumbnail offered later.
 */
const random = () => 0.5;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

for (const kind of databaseKinds()) {
  describe(`photo thumbnails between counters (${kind.name})`, () => {
    let server: SystemServer;
    let world: World;
    beforeAll(async () => {
      server = await SystemServer.start(kind);
      world = await createWorld(server, 1, random);
      await settle(world);
    });
    afterAll(async () => {
      await world?.close();
      await server?.close();
    });
    const [siteA, siteB] = [() => world.devices[0]!, () => world.devices[1]!];

    it('sends the thumbnail first, and the other counter has it after sync, offline, before the photo', async () => {
      const photo = photoPng(1024, 768, 7);
      const thumb = pngPhotoThumbnail(photo)!;
      const a = siteA();
      const b = siteB();
      a.network.partitioned = true; // taken offline
      const stored = a.counter.putBlob({
        bytes: photo,
        contentType: 'image/png',
        ownerTable: 'rental_contracts',
        role: 'rental_picture',
        thumbnail: { bytes: thumb, contentType: 'image/png' },
      });
      expect(stored).toEqual({ sha256: sha256(photo), thumbnailSha256: sha256(thumb) });
      // Viewable on the PC that took it, with the network down.
      expect((await a.counter.readThumbnail(stored.sha256))?.bytes).toEqual(new Uint8Array(thumb));
      expect((await a.counter.readBlob(stored.sha256))?.bytes).toEqual(new Uint8Array(photo));

      const puts: string[] = [];
      a.network.observe = (method, url) => {
        if (method === 'PUT' && url.includes('/blobs/')) puts.push(url.slice(url.lastIndexOf('/') + 1));
      };
      a.network.partitioned = false;
      await settle(world);
      a.network.observe = null;
      expect(puts).toEqual([stored.thumbnailSha256, stored.sha256]);

      const onServer = (await serverRows(world, a, 'blobs')).find((row) => row.id === stored.sha256);
      expect(onServer?.thumbnail_sha256).toBe(stored.thumbnailSha256);
      expect(b.counter.get('blobs', stored.sha256)?.thumbnail_sha256).toBe(stored.thumbnailSha256);
      expect(b.counter.get('blobs', stored.thumbnailSha256!)?.role).toBe('thumbnail');

      // Site B fetched the thumbnail during sync: it shows with the network down, the photo does not yet.
      b.network.partitioned = true;
      const arrived = await b.counter.readThumbnail(stored.sha256);
      expect(arrived?.sha256).toBe(stored.thumbnailSha256);
      expect(sha256(arrived!.bytes)).toBe(stored.thumbnailSha256);
      await expect(b.counter.readBlob(stored.sha256)).rejects.toThrow();
      b.network.partitioned = false;
      // Opened online once, the photo arrives byte for byte and stays viewable offline.
      expect(sha256((await b.counter.readBlob(stored.sha256))!.bytes)).toBe(stored.sha256);
      b.network.partitioned = true;
      expect(sha256((await b.counter.readBlob(stored.sha256))!.bytes)).toBe(stored.sha256);
      b.network.partitioned = false;
    });

    it('keeps an older photo without a thumbnail working, and gives it the thumbnail another counter offers', async () => {
      const photo = photoPng(640, 480, 8);
      const a = siteA();
      const b = siteB();
      const { sha256: id, thumbnailSha256 } = a.counter.putBlob({ bytes: photo, contentType: 'image/png' });
      expect(thumbnailSha256).toBeNull();
      await settle(world);
      expect(await b.counter.readThumbnail(id)).toBeNull();
      expect(sha256((await b.counter.readBlob(id))!.bytes)).toBe(id);

      // The same photo chosen again on site B, which makes a thumbnail: the row everywhere names it.
      const thumb = pngPhotoThumbnail(photo)!;
      const again = b.counter.putBlob({
        bytes: photo,
        contentType: 'image/png',
        thumbnail: { bytes: thumb, contentType: 'image/png' },
      });
      expect(again).toEqual({ sha256: id, thumbnailSha256: sha256(thumb) });
      await settle(world);
      expect(a.counter.get('blobs', id)?.thumbnail_sha256).toBe(sha256(thumb));
      a.network.partitioned = true;
      expect((await a.counter.readThumbnail(id))?.bytes).toEqual(new Uint8Array(thumb));
      a.network.partitioned = false;
    });

    it('refuses a thumbnail too large to be one, storing nothing', () => {
      const a = siteA();
      const before = a.counter.status().pendingCount;
      expect(() =>
        a.counter.putBlob({
          bytes: photoPng(64, 48, 9),
          contentType: 'image/png',
          thumbnail: { bytes: new Uint8Array(600 * 1024), contentType: 'image/jpeg' },
        }),
      ).toThrow(/thumbnail is larger than 512 KB/);
      expect(a.counter.status().pendingCount).toBe(before);
    });
  });
}
