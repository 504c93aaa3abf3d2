-- 0001: the replicated tables (from the table registry) and the server's sync, auth and audit tables.
-- Append-only. Written to run on PostgreSQL 15+ and on PGlite (PostgreSQL 18).

CREATE TABLE tenants (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  name text NOT NULL,
  country text NOT NULL,
  currency text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE sites (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  name text NOT NULL,
  code text NOT NULL,
  address text,
  phone text,
  tax_id text,
  timezone text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE users (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  site_ids jsonb NOT NULL,
  active boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE devices (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text,
  name text NOT NULL,
  code text NOT NULL,
  scope text NOT NULL,
  revoked_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE customers (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  name text NOT NULL,
  phone text,
  email text,
  address text,
  tax_id text,
  notes text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE vehicles (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  customer_id text,
  registration text NOT NULL,
  make text,
  model text,
  year bigint,
  vin text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE jobs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  number text NOT NULL,
  customer_id text NOT NULL,
  vehicle_id text,
  status text NOT NULL,
  concern text,
  findings text,
  estimate_minor bigint,
  currency text NOT NULL,
  odometer_in bigint,
  assigned_to text,
  promised_at text,
  key_tag text,
  cancel_reason text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE job_updates (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  job_id text NOT NULL,
  kind text NOT NULL,
  body text,
  from_status text,
  to_status text,
  author_id text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE conflicts (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  field text NOT NULL,
  losing_value jsonb,
  losing_hlc text NOT NULL,
  losing_actor_id text,
  winning_value jsonb,
  winning_hlc text NOT NULL,
  winning_actor_id text,
  resolution text,
  resolved_by text,
  resolved_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE UNIQUE INDEX sites_code ON sites (tenant_id, code);
CREATE UNIQUE INDEX devices_code ON devices (tenant_id, code);
CREATE UNIQUE INDEX jobs_number ON jobs (tenant_id, number);
CREATE INDEX customers_scope ON customers (tenant_id, site_id);
CREATE INDEX vehicles_scope ON vehicles (tenant_id, site_id);
CREATE INDEX jobs_scope ON jobs (tenant_id, site_id);
CREATE INDEX job_updates_scope ON job_updates (tenant_id, site_id);
CREATE INDEX conflicts_scope ON conflicts (tenant_id, site_id);

-- One row. Each committing write transaction takes the next version here as its last statement
-- but one; the row lock is held until commit, so versions become visible in commit order
-- (DESIGN §4.3): a reader that has seen version V never later finds a new entry below V.
CREATE TABLE sync_counter (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO sync_counter (id, version) VALUES (1, 0);

CREATE TABLE change_log (
  version bigint NOT NULL,
  seq integer NOT NULL,
  tenant_id text NOT NULL,
  site_id text,
  table_name text NOT NULL,
  row_id text NOT NULL,
  op text NOT NULL,
  row jsonb,
  PRIMARY KEY (version, seq)
);
CREATE INDEX change_log_tenant_version ON change_log (tenant_id, version);

-- One per counter replica: the Replicache-style last_mutation_id.
CREATE TABLE sync_clients (
  client_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  device_id text NOT NULL,
  last_mutation_id bigint NOT NULL,
  created_at text NOT NULL,
  last_seen_at text NOT NULL
);

CREATE TABLE mutation_results (
  client_id text NOT NULL,
  mutation_id bigint NOT NULL,
  tenant_id text NOT NULL,
  name text NOT NULL,
  actor_id text NOT NULL,
  hlc text NOT NULL,
  status text NOT NULL,
  error_code text,
  error_message text,
  clock_clamped boolean NOT NULL DEFAULT false,
  version bigint NOT NULL,
  processed_at text NOT NULL,
  PRIMARY KEY (client_id, mutation_id)
);

-- Last writer of each field that was ever updated: for per-field last-writer-wins (DESIGN §4.5).
CREATE TABLE field_clock (
  table_name text NOT NULL,
  row_id text NOT NULL,
  field text NOT NULL,
  tenant_id text NOT NULL,
  hlc text NOT NULL,
  version bigint NOT NULL,
  client_id text NOT NULL,
  actor_id text NOT NULL,
  PRIMARY KEY (table_name, row_id, field)
);

CREATE TABLE user_credentials (
  user_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  password_hash text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE device_credentials (
  device_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  secret_hash text NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text,
  scope text NOT NULL,
  created_by text,
  created_at text NOT NULL,
  expires_at text NOT NULL,
  used_at text,
  used_by_device text
);

CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  device_id text,
  family_id text NOT NULL,
  created_at text NOT NULL,
  expires_at text NOT NULL,
  rotated_at text,
  revoked_at text
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Users who signed in online on a device: the counter may push their offline (PIN) work.
CREATE TABLE device_users (
  device_id text NOT NULL,
  user_id text NOT NULL,
  tenant_id text NOT NULL,
  first_login_at text NOT NULL,
  PRIMARY KEY (device_id, user_id)
);

CREATE TABLE server_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
