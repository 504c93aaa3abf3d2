-- 0094: photo thumbnails. A photo's `blobs` row names its thumbnail, itself a blob (a small JPEG
-- made by the counter that took the photo). `blob_local.priority` orders this counter's uploads:
-- thumbnails (0) go before full files (1), so other counters can show a rental's pictures soon.
-- Append-only.
ALTER TABLE blobs ADD COLUMN thumbnail_sha256 TEXT;
ALTER TABLE blob_local ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
-- The recent photos whose thumbnails a sync fetches ahead (core/blobs/thumbnail-prefetch.ts).
CREATE INDEX blobs_with_thumbnail ON blobs (created_at) WHERE thumbnail_sha256 IS NOT NULL;
