-- 0010: the garage workshop (issue #5): payments, settlements, job lines, canned jobs, invoices and
-- credit notes, workshop document profiles, and the job and customer fields of a job card, with
-- row-level security and grants as in 0002. Append-only; runs on PostgreSQL 15+ and PGlite.

ALTER TABLE customers ADD COLUMN state_code text;

ALTER TABLE jobs ADD COLUMN fuel_level_in bigint;
ALTER TABLE jobs ADD COLUMN parts_required text;
ALTER TABLE jobs ADD COLUMN internal_notes text;
ALTER TABLE jobs ADD COLUMN worker_name text;
ALTER TABLE jobs ADD COLUMN created_by text;
ALTER TABLE jobs ADD COLUMN delivered_at text;
ALTER TABLE jobs ADD COLUMN invoice_id text;

CREATE TABLE payments (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  job_id text,
  contract_id text,
  kind text NOT NULL,
  method text NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  reference text,
  note text,
  status text NOT NULL,
  recorded_by text NOT NULL,
  confirmed_by text,
  confirmed_at text,
  provider text,
  provider_ref text,
  settlement_id text,
  refunded_minor bigint,
  refund_of_id text,
  status_reason text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE settlements (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  manager_id text NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  payment_ids jsonb NOT NULL,
  status text NOT NULL,
  note text,
  confirmed_by text,
  confirmed_at text,
  reject_reason text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE job_lines (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  job_id text NOT NULL,
  kind text NOT NULL,
  position bigint NOT NULL,
  pricing text NOT NULL,
  description text NOT NULL,
  part_number text,
  hsn_sac text,
  quantity_milli bigint NOT NULL,
  unit_price_minor bigint NOT NULL,
  discount_minor bigint NOT NULL,
  tax_rate_bp bigint NOT NULL,
  technician_id text,
  technician_name text,
  canned_job_id text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE canned_jobs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  name text NOT NULL,
  description text,
  lines jsonb NOT NULL,
  active boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE invoices (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  job_id text NOT NULL,
  kind text NOT NULL,
  number text NOT NULL,
  series text NOT NULL,
  seq bigint NOT NULL,
  fiscal_year text NOT NULL,
  issued_at text NOT NULL,
  issued_by text NOT NULL,
  device_id text NOT NULL,
  credit_of_id text,
  reason text,
  country text NOT NULL,
  currency text NOT NULL,
  place_of_supply text,
  supplier jsonb NOT NULL,
  recipient jsonb NOT NULL,
  lines jsonb NOT NULL,
  tax_lines jsonb NOT NULL,
  taxable_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  job_manager_id text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE site_profiles (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  country text NOT NULL,
  legal_name text,
  state_code text,
  email text,
  logo_data_url text,
  document_footer text,
  upi_vpa text,
  upi_payee_name text,
  bank_details text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE INDEX payments_scope ON payments (tenant_id, site_id);
CREATE INDEX payments_job ON payments (tenant_id, job_id);
CREATE INDEX payments_settlement ON payments (tenant_id, settlement_id);
-- A provider's payment is recorded once (webhooks are delivered at least once).
CREATE UNIQUE INDEX payments_provider_ref ON payments (tenant_id, provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX settlements_scope ON settlements (tenant_id, site_id);
CREATE INDEX job_lines_scope ON job_lines (tenant_id, site_id);
CREATE INDEX job_lines_job ON job_lines (tenant_id, job_id);
CREATE INDEX canned_jobs_tenant ON canned_jobs (tenant_id);
CREATE INDEX invoices_scope ON invoices (tenant_id, site_id);
CREATE INDEX invoices_job ON invoices (tenant_id, job_id);
-- Not unique on purpose: the number-series report must be able to show a duplicate, not hide it
-- behind a failed push; the mutation refuses a number it already holds.
CREATE INDEX invoices_series ON invoices (tenant_id, series, seq);
CREATE INDEX site_profiles_scope ON site_profiles (tenant_id, site_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON
  payments, settlements, job_lines, canned_jobs, invoices, site_profiles
  TO forecourt_app;

ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE settlements ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE canned_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE site_profiles ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON payments USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON settlements USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON job_lines USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON canned_jobs USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON invoices USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON site_profiles USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
