-- 0094: photo thumbnails. A photo's `blobs` row names its thumbnail, itself a blob (a small JPEG
-- made by the counter that took the photo, role 'thumbnail'); the bytes are in `blob_data` like
-- any file. Append-only.
ALTER TABLE blobs ADD COLUMN thumbnail_sha256 text;
