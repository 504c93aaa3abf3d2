-- 0020: replicated tables of the integrations hub (issue #6), written by the server from provider
-- webhooks and outbound jobs. Append-only.

CREATE TABLE messages (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  customer_id TEXT,
  job_id TEXT,
  purpose TEXT NOT NULL,
  to_phone TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  provider TEXT,
  provider_ref TEXT,
  error_code TEXT,
  status_at TEXT,
  sent_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX messages_job ON messages (job_id, created_at);
CREATE INDEX messages_customer ON messages (customer_id, created_at);

CREATE TABLE esign_documents (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_id TEXT,
  title TEXT NOT NULL,
  signer_name TEXT NOT NULL,
  signer_email TEXT,
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  envelope_id TEXT,
  decline_reason TEXT,
  signed_sha256 TEXT,
  status_at TEXT,
  requested_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX esign_documents_subject ON esign_documents (subject_id);

CREATE TABLE vehicle_ev_state (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  provider_vehicle_id TEXT NOT NULL,
  link_status TEXT NOT NULL,
  battery_percent INTEGER,
  range_km INTEGER,
  plugged_in INTEGER,
  charging INTEGER,
  charge_state_at TEXT,
  odometer_km INTEGER,
  odometer_at TEXT,
  location TEXT,
  location_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX vehicle_ev_state_vehicle ON vehicle_ev_state (vehicle_id);
