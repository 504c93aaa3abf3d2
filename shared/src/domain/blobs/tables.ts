import { opt, req, table, type TableSpec } from '../../schema/table-spec.ts';

/**
 * Content-addressed files (DESIGN §4.6): photos of damages, signatures, signed PDFs. The metadata
 * row syncs like any row (tenant-wide: a rental returned at another site shows its pickup photos
 * there); the bytes travel separately (`/api/v1/blobs/:sha256`) and are kept on each counter
 * that took or viewed them. The row's id is the sha256 of the bytes, so registering the same
 * bytes twice is one row.
 */
export const BLOB_TABLES = {
  blobs: table('blobs', 'tenant', {
    content_type: req('text'),
    byte_size: req('int'),
    /** What the file belongs to: a table, a row and a role ('damage_photo', 'signature', …). */
    owner_table: opt('text'),
    owner_id: opt('id'),
    role: opt('text'),
    created_by: opt('id'),
    /**
     * A photo's thumbnail (migration 0094): the sha256 of its own blob (JPEG, at most 320 px on
     * the long edge, role 'thumbnail'), which the screens show and the contract PDF prints, and
     * which counters fetch ahead of the full photo. Null for other files and for older photos.
     */
    thumbnail_sha256: opt('text'),
  }),
} as const satisfies Record<string, TableSpec>;
