-- 0020: integrations hub (issue #6). Replicated tables written by webhook effects and outbound
-- jobs, and server-only tables: the webhook inbox, outbound calls, API keys, OTP limits, links.
-- Append-only. Written to run on PostgreSQL 15+ and on PGlite (PostgreSQL 18).

CREATE TABLE messages (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  customer_id text,
  job_id text,
  purpose text NOT NULL,
  to_phone text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  provider text,
  provider_ref text,
  error_code text,
  status_at text,
  sent_by text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);
CREATE INDEX messages_scope ON messages (tenant_id, site_id);
CREATE INDEX messages_provider_ref ON messages (provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX messages_month ON messages (tenant_id, created_at);

CREATE TABLE esign_documents (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  kind text NOT NULL,
  subject_id text,
  title text NOT NULL,
  signer_name text NOT NULL,
  signer_email text,
  mode text NOT NULL,
  status text NOT NULL,
  envelope_id text,
  decline_reason text,
  signed_sha256 text,
  status_at text,
  requested_by text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);
CREATE INDEX esign_documents_scope ON esign_documents (tenant_id, site_id);
CREATE INDEX esign_documents_envelope ON esign_documents (envelope_id) WHERE envelope_id IS NOT NULL;

CREATE TABLE vehicle_ev_state (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  vehicle_id text NOT NULL,
  provider text NOT NULL,
  provider_vehicle_id text NOT NULL,
  link_status text NOT NULL,
  battery_percent bigint,
  range_km bigint,
  plugged_in boolean,
  charging boolean,
  charge_state_at text,
  odometer_km bigint,
  odometer_at text,
  location jsonb,
  location_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);
CREATE INDEX vehicle_ev_state_scope ON vehicle_ev_state (tenant_id, site_id);
CREATE UNIQUE INDEX vehicle_ev_state_provider ON vehicle_ev_state (provider, provider_vehicle_id);

-- Every verified webhook, stored once per provider event key, before anything is done with it.
-- status: queued -> processed | ignored | retrying -> dead (attempts exhausted; an owner may retry).
CREATE TABLE webhook_inbox (
  id text PRIMARY KEY,
  provider text NOT NULL,
  event_key text NOT NULL,
  event_type text NOT NULL,
  entity_key text,
  tenant_id text,
  body text NOT NULL,
  received_at text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  result text,
  processed_at text,
  UNIQUE (provider, event_key)
);
CREATE INDEX webhook_inbox_tenant ON webhook_inbox (tenant_id, received_at);
CREATE INDEX webhook_inbox_status ON webhook_inbox (status, received_at);

-- Calls we make to providers, each under the idempotency key of its business operation.
CREATE TABLE outbound_calls (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  provider text NOT NULL,
  operation text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  entity_key text,
  request jsonb NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  response jsonb,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX outbound_calls_tenant ON outbound_calls (tenant_id, created_at);

-- API keys for third-party systems: only the sha256 of the key is kept.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scope text NOT NULL,
  created_by text NOT NULL,
  created_at text NOT NULL,
  last_used_at text,
  revoked_at text
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- OTP sends and checks per phone and per client address, for our own rate limit.
CREATE TABLE otp_attempts (
  key text NOT NULL,
  kind text NOT NULL,
  at text NOT NULL
);
CREATE INDEX otp_attempts_key ON otp_attempts (key, kind, at);

-- Which Enode user and vehicle a fleet vehicle is linked to (the join for vehicle webhooks).
CREATE TABLE enode_links (
  vehicle_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  enode_user_id text NOT NULL,
  enode_vehicle_id text,
  link_url_expires_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE UNIQUE INDEX enode_links_vehicle ON enode_links (enode_vehicle_id) WHERE enode_vehicle_id IS NOT NULL;
CREATE INDEX enode_links_user ON enode_links (enode_user_id);

-- Stripe webhooks join back to their payment by intent id before the tenant is known.
CREATE INDEX payments_stripe_intent ON payments (provider_ref) WHERE provider = 'stripe' AND provider_ref IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON messages, esign_documents, vehicle_ev_state TO forecourt_app;
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE esign_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicle_ev_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON esign_documents USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON vehicle_ev_state USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
