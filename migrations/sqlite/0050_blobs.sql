-- 0050: content-addressed files (DESIGN §4.6). `blobs` is replicated (generated from the table
-- registry); `blob_local` is this counter's own record of which files it holds and which it has
-- uploaded (never replicated). Append-only.

CREATE TABLE blobs (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  byte_size INTEGER NOT NULL,
  owner_table TEXT,
  owner_id TEXT,
  role TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX blobs_owner ON blobs (tenant_id, owner_table, owner_id);

CREATE TABLE blob_local (
  sha256 TEXT PRIMARY KEY NOT NULL,
  stored_at TEXT NOT NULL,
  -- Set once the server has the bytes (it answered 2xx to the upload or already had them).
  uploaded_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) WITHOUT ROWID;
