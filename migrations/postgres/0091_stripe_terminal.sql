-- 0091: Stripe Terminal at the counter (server-driven integration). Server-only tables, not
-- replicated: the readers of each site, and each card-present attempt (one per press of "Card
-- on reader" / "Hold on reader"). The money itself lands in `payments` (a job payment) or in the
-- contract's `deposit_hold_*` columns (a deposit hold), written by the existing Stripe effects.
-- Append-only. Written to run on PostgreSQL 15+ and on PGlite.

CREATE TABLE terminal_readers (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  stripe_reader_id text NOT NULL UNIQUE,
  label text NOT NULL,
  device_type text,
  location_id text,
  mode text NOT NULL,
  registered_by text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  removed_at text
);
CREATE INDEX terminal_readers_scope ON terminal_readers (tenant_id, site_id);

-- status: requested -> waiting (the reader shows the amount) -> succeeded | failed | canceled.
-- succeeded outranks failed and canceled (money that moved is the truth); nothing moves back.
CREATE TABLE terminal_attempts (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  reader_id text NOT NULL,
  stripe_reader_id text NOT NULL,
  purpose text NOT NULL,
  job_id text,
  contract_id text,
  payment_id text,
  kind text,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  intent_id text,
  status text NOT NULL,
  message text,
  created_by text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX terminal_attempts_intent ON terminal_attempts (intent_id) WHERE intent_id IS NOT NULL;
CREATE INDEX terminal_attempts_reader ON terminal_attempts (stripe_reader_id, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON terminal_readers, terminal_attempts TO forecourt_app;
ALTER TABLE terminal_readers ENABLE ROW LEVEL SECURITY;
ALTER TABLE terminal_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON terminal_readers USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON terminal_attempts USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
