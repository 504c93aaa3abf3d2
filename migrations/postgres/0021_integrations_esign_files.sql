-- 0021: signed PDFs fetched from DocuSign, content-addressed (sha256); esign_documents.signed_sha256
-- (replicated) names the file, which counters download from the server. Append-only.
CREATE TABLE esign_signed_files (
  sha256 text PRIMARY KEY,
  tenant_id text NOT NULL,
  document_id text NOT NULL,
  bytes bytea NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX esign_signed_files_document ON esign_signed_files (tenant_id, document_id);
