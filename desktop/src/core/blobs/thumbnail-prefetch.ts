import type { Logger } from '../logger.ts';
import type { BlobStore } from './blob-store.ts';
import { downloadBlob, type BlobServer } from './blob-transfer.ts';

/** Photos of the last 30 days: a rental's pictures are looked at while it runs and soon after. */
export const PREFETCH_WINDOW_MS = 30 * 86_400_000;
/** At most this many thumbnails per sync cycle (a few tens of KB each). */
export const PREFETCH_PER_CYCLE = 50;
/** A thumbnail the server does not have yet (its counter has not uploaded it) is asked for again after this. */
export const PREFETCH_RETRY_MS = 60_000;

/**
 * Thumbnails travel ahead of the photos they stand for (DESIGN §4.6): after every sync cycle a
 * counter fetches the thumbnails of recent photos it does not hold, so the photo strips show on
 * every counter, and offline, while a full photo is fetched only when someone opens it. A
 * thumbnail the server lacks is skipped until `PREFETCH_RETRY_MS` later (`misses`, in memory); a
 * failure never stops the others. Returns how many arrived and how many are still missing.
 */
export async function prefetchThumbnails(
  store: BlobStore,
  server: BlobServer,
  misses: Map<string, number>,
  nowMs: number,
  logger: Logger,
): Promise<{ fetched: number; missing: number }> {
  let fetched = 0;
  let missing = 0;
  const since = new Date(nowMs - PREFETCH_WINDOW_MS).toISOString();
  const wanted = store
    .missingThumbnails(since, PREFETCH_PER_CYCLE * 2)
    .filter((thumb) => (misses.get(thumb.sha256) ?? 0) <= nowMs)
    .slice(0, PREFETCH_PER_CYCLE);
  for (const thumb of wanted) {
    try {
      const bytes = await downloadBlob(store, server, thumb.sha256, thumb.contentType, new Date(nowMs).toISOString());
      if (bytes) {
        misses.delete(thumb.sha256);
        fetched += 1;
        continue;
      }
      misses.set(thumb.sha256, nowMs + PREFETCH_RETRY_MS);
      missing += 1;
    } catch (error) {
      misses.set(thumb.sha256, nowMs + PREFETCH_RETRY_MS);
      missing += 1;
      logger.warn(
        { sha256: thumb.sha256, err: error instanceof Error ? error.message : String(error) },
        'thumbnail fetch failed',
      );
    }
  }
  return { fetched, missing };
}
