import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../src/core/blobs/blob-store.ts';
import { PREFETCH_RETRY_MS, PREFETCH_WINDOW_MS, prefetchThumbnails } from '../../src/core/blobs/thumbnail-prefetch.ts';
import type { BlobServer } from '../../src/core/blobs/blob-transfer.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * Thumbnails ahead of photos on one counter: uploads go thumbnails first; after a sync the
 * counter fetches the thumbnails of recent photos it lacks. The server is faked at its HTTP
 * boundary (`GET /blobs/:sha256` answering bytes or 404).
 */
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('thumbnails ahead of photos', () => {
  let f: ReplicaFixture;
  let store: BlobStore;
  let served: Map<string, Uint8Array>;
  let gets: string[];
  let server: BlobServer;
  beforeEach(() => {
    f = createReplicaFixture();
    store = new BlobStore(f.dir, f.replica.db);
    served = new Map();
    gets = [];
    server = {
      baseUrl: 'http://sync.test/api/v1',
      device: () => 'Device d.secret',
      fetch: (url) => {
        const id = String(url).slice(String(url).lastIndexOf('/') + 1);
        gets.push(id);
        const bytes = served.get(id);
        return Promise.resolve(bytes ? new Response(new Uint8Array(bytes)) : new Response(null, { status: 404 }));
      },
    };
  });
  afterEach(() => f.close());
  const iso = (ms: number) => new Date(ms).toISOString();

  /** A photo row (as a pull brings it) naming a thumbnail the server holds. */
  function photoFromAnotherCounter(
    ageMs: number,
    onServer = true,
  ): { photo: string; thumb: string; thumbBytes: Uint8Array } {
    const thumbBytes = new Uint8Array(randomBytes(3_000));
    const thumb = sha(thumbBytes);
    const photo = sha(new Uint8Array(randomBytes(32)));
    const at = iso(f.clock.now - ageMs);
    f.seed('blobs', { id: thumb, content_type: 'image/jpeg', byte_size: 3_000, role: 'thumbnail', created_at: at });
    f.seed('blobs', {
      id: photo,
      content_type: 'image/jpeg',
      byte_size: 900_000,
      thumbnail_sha256: thumb,
      created_at: at,
    });
    if (onServer) served.set(thumb, thumbBytes);
    return { photo, thumb, thumbBytes };
  }

  it('uploads thumbnails before the photos stored with or before them', () => {
    const now = iso(f.clock.now);
    const older = store.put(new Uint8Array(randomBytes(100)), 'image/jpeg', iso(f.clock.now - 60_000));
    const photo = store.put(new Uint8Array(randomBytes(100)), 'image/jpeg', now);
    const thumb = store.put(new Uint8Array(randomBytes(50)), 'image/jpeg', now, { priority: 0 });
    expect(store.pendingUploads()).toEqual([thumb, older, photo]);
    // Stored again as an ordinary file, a thumbnail keeps its place.
    store.put(store.read(thumb)!, 'image/jpeg', now);
    expect(store.pendingUploads()[0]).toBe(thumb);
  });

  it('fetches the thumbnails of recent photos it lacks, not the photos, and keeps them', async () => {
    const recent = photoFromAnotherCounter(3_600_000);
    const old = photoFromAnotherCounter(PREFETCH_WINDOW_MS + 3_600_000);
    const result = await prefetchThumbnails(store, server, new Map(), f.clock.now, silentLogger);
    expect(result).toEqual({ fetched: 1, missing: 0 });
    expect(gets).toEqual([recent.thumb]);
    expect(store.read(recent.thumb)).toEqual(served.get(recent.thumb));
    expect(store.read(recent.photo)).toBeNull();
    expect(store.read(old.thumb)).toBeNull();
    // Held now: the next cycle asks for nothing.
    gets = [];
    expect(await prefetchThumbnails(store, server, new Map(), f.clock.now, silentLogger)).toEqual({
      fetched: 0,
      missing: 0,
    });
    expect(gets).toEqual([]);
  });

  it('asks again for a thumbnail the server lacked only after a pause, and a damaged one is not kept', async () => {
    const late = photoFromAnotherCounter(60_000, false);
    const misses = new Map<string, number>();
    expect(await prefetchThumbnails(store, server, misses, f.clock.now, silentLogger)).toEqual({
      fetched: 0,
      missing: 1,
    });
    gets = [];
    await prefetchThumbnails(store, server, misses, f.clock.now + 1_000, silentLogger);
    expect(gets).toEqual([]); // not hammered every cycle
    // Bytes that are not what the name says are refused and not stored.
    served.set(late.thumb, new Uint8Array([1, 2, 3]));
    expect(await prefetchThumbnails(store, server, misses, f.clock.now + PREFETCH_RETRY_MS + 1, silentLogger)).toEqual({
      fetched: 0,
      missing: 1,
    });
    expect(store.read(late.thumb)).toBeNull();
    // Uploaded at last: the next try after the pause brings it.
    served.set(late.thumb, late.thumbBytes);
    const result = await prefetchThumbnails(
      store,
      server,
      misses,
      f.clock.now + 2 * PREFETCH_RETRY_MS + 2,
      silentLogger,
    );
    expect(result).toEqual({ fetched: 1, missing: 0 });
    expect(store.read(late.thumb)).toEqual(late.thumbBytes);
    expect(misses.has(late.thumb)).toBe(false);
  });
});
