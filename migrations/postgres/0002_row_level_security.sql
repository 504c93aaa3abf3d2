-- 0002: row-level security as defence in depth (DESIGN §5). Tenant-bound work runs as the
-- non-login role forecourt_app with forecourt.tenant_id set for the transaction; a query that
-- forgets its tenant filter still sees only that tenant's rows. The role is cluster-wide, so its
-- creation tolerates another database of the same cluster having created it first.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'forecourt_app') THEN
    CREATE ROLE forecourt_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO forecourt_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  tenants, sites, users, devices, customers, vehicles, jobs, job_updates, conflicts,
  change_log, sync_clients, mutation_results, field_clock, device_users
  TO forecourt_app;
GRANT SELECT, UPDATE ON sync_counter TO forecourt_app;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicles ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE mutation_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE field_clock ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_users ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON tenants USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON sites USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON users USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON devices USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON customers USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON vehicles USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON jobs USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON job_updates USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON conflicts USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON change_log USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON sync_clients USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON mutation_results USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON field_clock USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON device_users USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
