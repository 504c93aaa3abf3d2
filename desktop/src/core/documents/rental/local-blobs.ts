import type { SyncRowStore } from '@forecourt/shared';
import type { BlobStore } from '../../blobs/blob-store.ts';
import type { BlobReader } from './rental-records.ts';

/**
 * Pictures from this counter's own blob files only (the CLI and tests: offline, no download).
 * The type comes from the `blobs` row, or from the file's first bytes when the row has not
 * arrived yet (a PNG or JPEG signature).
 */
function sniff(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  return 'application/octet-stream';
}

export function localBlobReader(store: SyncRowStore, blobs: Pick<BlobStore, 'read'>): BlobReader {
  return (sha256) => {
    const bytes = blobs.read(sha256);
    if (!bytes) return Promise.resolve(null);
    const type = store.get('blobs', sha256)?.content_type;
    return Promise.resolve({ bytes, contentType: typeof type === 'string' ? type : sniff(bytes) });
  };
}
