-- The server's encrypted settings (issue #6): provider secrets an operator keeps in the database
-- instead of the environment. Server-level, not per tenant: no tenant_id, no row level security,
-- and no grant to forecourt_app, so tenant-confined transactions cannot read them. Each value is
-- sealed with AES-256-GCM under the master key (FORECOURT_SETTINGS_KEY or the data folder's
-- settings.key); key_id names that key (a hash prefix, never the key), so a wrong key is reported
-- as such instead of as a corrupt row. Never replicated: not in the change log.
CREATE TABLE server_secret_settings (
  key text PRIMARY KEY CHECK (key ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  ciphertext bytea NOT NULL,
  iv bytea NOT NULL CHECK (octet_length(iv) = 12),
  auth_tag bytea NOT NULL CHECK (octet_length(auth_tag) = 16),
  key_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
