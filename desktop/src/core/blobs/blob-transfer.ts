import { DomainError } from '@forecourt/shared';
import type { Logger } from '../logger.ts';
import type { FetchLike } from '../sync/server-api.ts';
import { sha256Of, type BlobStore } from './blob-store.ts';

export interface BlobServer {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** `Device <id>.<secret>`, or null before enrolment. */
  readonly device: () => string | null;
}

const TIMEOUT_MS = 60_000;

function headers(server: BlobServer, extra: Record<string, string> = {}): Record<string, string> {
  const device = server.device();
  if (!device) throw new DomainError('unauthenticated', 'this device holds no credential; enrol it again');
  return { authorization: device, ...extra };
}

/**
 * Sends the files the server does not have yet: ask first (HEAD: already there from another
 * counter, or from an upload whose answer was lost), else PUT the bytes. A failure is recorded on
 * the file and retried on the next sync; the rest still go. Returns how many went and failed.
 */
export async function uploadPendingBlobs(
  store: BlobStore,
  server: BlobServer,
  contentTypeOf: (sha256: string) => string | null,
  now: () => string,
  logger: Logger,
): Promise<{ uploaded: number; failed: number }> {
  let uploaded = 0;
  let failed = 0;
  for (const sha256 of store.pendingUploads()) {
    const url = `${server.baseUrl}/blobs/${sha256}`;
    try {
      const head = await server.fetch(url, {
        method: 'HEAD',
        headers: headers(server),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (head.ok) {
        store.markUploaded(sha256, now());
        uploaded += 1;
        continue;
      }
      const bytes = store.read(sha256);
      const contentType = contentTypeOf(sha256);
      if (!bytes || !contentType)
        throw new Error(bytes ? 'its metadata is not registered here' : 'the file is missing here');
      const put = await server.fetch(url, {
        method: 'PUT',
        headers: headers(server, { 'content-type': contentType }),
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!put.ok) throw new Error(`the server answered ${put.status}`);
      store.markUploaded(sha256, now());
      uploaded += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.markFailed(sha256, message);
      logger.warn({ sha256, err: message }, 'blob upload failed; retried on the next sync');
      failed += 1;
    }
  }
  return { uploaded, failed };
}

/** Fetches a file this counter does not hold, checks its hash and keeps it (viewable offline after). */
export async function downloadBlob(
  store: BlobStore,
  server: BlobServer,
  sha256: string,
  contentType: string,
  now: string,
): Promise<Uint8Array | null> {
  const response = await server.fetch(`${server.baseUrl}/blobs/${sha256}`, {
    headers: headers(server),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new DomainError('unavailable', `the server answered ${response.status} for the file`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (sha256Of(bytes) !== sha256) throw new DomainError('unavailable', 'the file arrived damaged; try again');
  store.put(bytes, contentType, now, { uploaded: true });
  return bytes;
}
