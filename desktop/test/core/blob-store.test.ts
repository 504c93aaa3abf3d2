import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore, sha256Of } from '../../src/core/blobs/blob-store.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

describe('the counter blob store', () => {
  let f: ReplicaFixture;
  let store: BlobStore;
  beforeEach(() => {
    f = createReplicaFixture();
    store = new BlobStore(f.dir, f.replica.db);
  });
  afterEach(() => f.close());
  const now = '2026-11-22T10:00:00.000Z';

  it('stores by sha256, once, with no temporary file left behind, and tracks the upload', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 signed contract');
    const sha = store.put(bytes, 'application/pdf', now);
    expect(sha).toBe(sha256Of(bytes));
    expect(store.put(bytes, 'application/pdf', now)).toBe(sha);
    expect(readdirSync(join(f.dir, 'blobs', sha.slice(0, 2)))).toEqual([sha]);
    expect(store.pendingUploads()).toEqual([sha]);
    store.markUploaded(sha, now);
    expect(store.pendingCount()).toBe(0);
  });

  it('notices a damaged file: reported missing (to be fetched again), never shown', () => {
    const sha = store.put(new Uint8Array([1, 2, 3, 4]), 'image/png', now);
    writeFileSync(join(f.dir, 'blobs', sha.slice(0, 2), sha), new Uint8Array([9, 9, 9]));
    expect(store.read(sha)).toBeNull();
    expect(store.pendingUploads()).toEqual([]);
  });

  it('refuses an empty file, an unknown type and a file over 15 MB with clear errors', () => {
    expect(() => store.put(new Uint8Array(), 'image/png', now)).toThrow('the file is empty');
    expect(() => store.put(new Uint8Array([1]), 'text/html', now)).toThrow('a file must be one of');
    expect(() => store.put(new Uint8Array(15 * 1024 * 1024 + 1), 'image/png', now)).toThrow('larger than 15 MB');
  });
});
