-- 0001: the replicated tables (from the table registry) and the counter's local sync tables.
-- Append-only: change the schema with a new numbered file, never by editing this one.

CREATE TABLE tenants (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE sites (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  address TEXT,
  phone TEXT,
  tax_id TEXT,
  timezone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  site_ids TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  scope TEXT NOT NULL,
  revoked_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  address TEXT,
  tax_id TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE vehicles (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  customer_id TEXT,
  registration TEXT NOT NULL,
  make TEXT,
  model TEXT,
  year INTEGER,
  vin TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  number TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  vehicle_id TEXT,
  status TEXT NOT NULL,
  concern TEXT,
  findings TEXT,
  estimate_minor INTEGER,
  currency TEXT NOT NULL,
  odometer_in INTEGER,
  assigned_to TEXT,
  promised_at TEXT,
  key_tag TEXT,
  cancel_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE job_updates (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT,
  from_status TEXT,
  to_status TEXT,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE conflicts (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  losing_value TEXT,
  losing_hlc TEXT NOT NULL,
  losing_actor_id TEXT,
  winning_value TEXT,
  winning_hlc TEXT NOT NULL,
  winning_actor_id TEXT,
  resolution TEXT,
  resolved_by TEXT,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE INDEX customers_site_name ON customers (site_id, name);
CREATE INDEX customers_phone ON customers (phone);
CREATE INDEX vehicles_registration ON vehicles (registration);
CREATE INDEX vehicles_customer ON vehicles (customer_id);
CREATE INDEX jobs_site_status ON jobs (site_id, status);
CREATE INDEX jobs_number ON jobs (number);
CREATE INDEX jobs_customer ON jobs (customer_id);
CREATE INDEX job_updates_job ON job_updates (job_id, created_at);
CREATE INDEX conflicts_open ON conflicts (resolved_at);

-- Local to this counter, never replicated.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Mutations made here and not yet confirmed by the server. mutation_id grows by exactly 1.
CREATE TABLE outbox (
  mutation_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  hlc TEXT NOT NULL,
  env TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  -- Set when a rebase re-ran the mutation and decide refused it locally; the server decides.
  local_error TEXT
);

-- Before-images of the rows each pending mutation touched, to undo its optimistic effects.
CREATE TABLE outbox_undo (
  mutation_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  before TEXT,
  PRIMARY KEY (mutation_id, seq)
);

CREATE TABLE local_sequences (
  series TEXT PRIMARY KEY,
  next INTEGER NOT NULL
);

-- Mutations the server rejected, with its reason, until someone dismisses them.
CREATE TABLE rejections (
  mutation_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  error_code TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rejected_at TEXT NOT NULL,
  dismissed_at TEXT
);

-- Users who signed in on this PC online; a PIN lets them sign in here again while offline.
CREATE TABLE local_users (
  user_id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  pin_hash TEXT,
  last_login_at TEXT NOT NULL
);
