-- 0010: the garage workshop (issue #5): payments, settlements, job lines, canned jobs, invoices and
-- credit notes, workshop document profiles, and the job and customer fields of a job card.
-- Append-only. Generated from the table registry (scripts/print-ddl.ts) and checked by the schema test.

ALTER TABLE customers ADD COLUMN state_code TEXT;

ALTER TABLE jobs ADD COLUMN fuel_level_in INTEGER;
ALTER TABLE jobs ADD COLUMN parts_required TEXT;
ALTER TABLE jobs ADD COLUMN internal_notes TEXT;
ALTER TABLE jobs ADD COLUMN worker_name TEXT;
ALTER TABLE jobs ADD COLUMN created_by TEXT;
ALTER TABLE jobs ADD COLUMN delivered_at TEXT;
ALTER TABLE jobs ADD COLUMN invoice_id TEXT;

CREATE TABLE payments (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  job_id TEXT,
  contract_id TEXT,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  reference TEXT,
  note TEXT,
  status TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  confirmed_by TEXT,
  confirmed_at TEXT,
  provider TEXT,
  provider_ref TEXT,
  settlement_id TEXT,
  refunded_minor INTEGER,
  refund_of_id TEXT,
  status_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE settlements (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  manager_id TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  payment_ids TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  confirmed_by TEXT,
  confirmed_at TEXT,
  reject_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE job_lines (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  pricing TEXT NOT NULL,
  description TEXT NOT NULL,
  part_number TEXT,
  hsn_sac TEXT,
  quantity_milli INTEGER NOT NULL,
  unit_price_minor INTEGER NOT NULL,
  discount_minor INTEGER NOT NULL,
  tax_rate_bp INTEGER NOT NULL,
  technician_id TEXT,
  technician_name TEXT,
  canned_job_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE canned_jobs (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  lines TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  series TEXT NOT NULL,
  seq INTEGER NOT NULL,
  fiscal_year TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  device_id TEXT NOT NULL,
  credit_of_id TEXT,
  reason TEXT,
  country TEXT NOT NULL,
  currency TEXT NOT NULL,
  place_of_supply TEXT,
  supplier TEXT NOT NULL,
  recipient TEXT NOT NULL,
  lines TEXT NOT NULL,
  tax_lines TEXT NOT NULL,
  taxable_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL,
  job_manager_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE site_profiles (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  country TEXT NOT NULL,
  legal_name TEXT,
  state_code TEXT,
  email TEXT,
  logo_data_url TEXT,
  document_footer TEXT,
  upi_vpa TEXT,
  upi_payee_name TEXT,
  bank_details TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

-- The replica has no unique index on invoice numbers: the server flags duplicates and gaps
-- (sync-server/src/reports/number-series.ts), and a pull must never fail on data it received.
CREATE INDEX payments_site_status ON payments (site_id, status);
CREATE INDEX payments_job ON payments (job_id);
CREATE INDEX payments_settlement ON payments (settlement_id);
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX settlements_site_status ON settlements (site_id, status);
CREATE INDEX job_lines_job ON job_lines (job_id, position);
CREATE INDEX invoices_job ON invoices (job_id);
CREATE INDEX invoices_series ON invoices (series, seq);
CREATE INDEX invoices_issued ON invoices (issued_at);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_site_created ON jobs (site_id, created_at);
