-- 0050: content-addressed files (DESIGN §4.6): the replicated metadata (`blobs`) and the bytes
-- (`blob_data`, per tenant, so one tenant can never read another's file even with its hash), with
-- row-level security and grants as in 0002. In the database rather than a folder so that several
-- server instances on one PostgreSQL (and PGlite) see the same files. Append-only.

CREATE TABLE blobs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  content_type text NOT NULL,
  byte_size bigint NOT NULL,
  owner_table text,
  owner_id text,
  role text,
  created_by text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);
CREATE INDEX blobs_owner ON blobs (tenant_id, owner_table, owner_id);

CREATE TABLE blob_data (
  tenant_id text NOT NULL,
  sha256 text NOT NULL,
  content_type text NOT NULL,
  bytes bytea NOT NULL,
  stored_at text NOT NULL,
  PRIMARY KEY (tenant_id, sha256)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON blobs, blob_data TO forecourt_app;
ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob_data ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blobs USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON blob_data USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
