-- 0012: local to this counter, never replicated: job_figures summed per UTC day, site, manager
-- and status, kept by triggers on job_figures (0011) with deltas. The owner's dashboard sums
-- these few thousand rows instead of 100,000 jobs; jobs of partly covered days at the edges of a
-- date range still come from job_figures. created_by is '' when the job has none (a key column).

CREATE TABLE job_figure_days (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  site_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  status TEXT NOT NULL,
  jobs INTEGER NOT NULL,
  value_minor INTEGER NOT NULL,
  confirmed_minor INTEGER NOT NULL,
  unconfirmed_minor INTEGER NOT NULL,
  outstanding_minor INTEGER NOT NULL,
  balance_due_minor INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, site_id, created_by, status)
) WITHOUT ROWID;

CREATE TRIGGER job_figure_days_insert AFTER INSERT ON job_figures WHEN NEW.deleted = 0 BEGIN
  INSERT INTO job_figure_days VALUES (NEW.tenant_id, substr(NEW.created_at, 1, 10), NEW.site_id, COALESCE(NEW.created_by, ''), NEW.status,
    1, NEW.value_minor, NEW.confirmed_minor, NEW.unconfirmed_minor, NEW.outstanding_minor, NEW.balance_due_minor)
  ON CONFLICT (tenant_id, day, site_id, created_by, status) DO UPDATE SET
    jobs = jobs + 1, value_minor = value_minor + excluded.value_minor, confirmed_minor = confirmed_minor + excluded.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor, outstanding_minor = outstanding_minor + excluded.outstanding_minor,
    balance_due_minor = balance_due_minor + excluded.balance_due_minor;
END;

CREATE TRIGGER job_figure_days_delete AFTER DELETE ON job_figures WHEN OLD.deleted = 0 BEGIN
  UPDATE job_figure_days SET jobs = jobs - 1, value_minor = value_minor - OLD.value_minor, confirmed_minor = confirmed_minor - OLD.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor - OLD.unconfirmed_minor, outstanding_minor = outstanding_minor - OLD.outstanding_minor,
    balance_due_minor = balance_due_minor - OLD.balance_due_minor
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.created_at, 1, 10) AND site_id = OLD.site_id
    AND created_by = COALESCE(OLD.created_by, '') AND status = OLD.status;
END;

-- An update takes the old row's contribution out and puts the new one in; both are deltas, so
-- the order the two triggers run in, and nested updates of job_figures by 0011's triggers, do
-- not matter.
CREATE TRIGGER job_figure_days_update_add AFTER UPDATE ON job_figures WHEN NEW.deleted = 0 BEGIN
  INSERT INTO job_figure_days VALUES (NEW.tenant_id, substr(NEW.created_at, 1, 10), NEW.site_id, COALESCE(NEW.created_by, ''), NEW.status,
    1, NEW.value_minor, NEW.confirmed_minor, NEW.unconfirmed_minor, NEW.outstanding_minor, NEW.balance_due_minor)
  ON CONFLICT (tenant_id, day, site_id, created_by, status) DO UPDATE SET
    jobs = jobs + 1, value_minor = value_minor + excluded.value_minor, confirmed_minor = confirmed_minor + excluded.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor, outstanding_minor = outstanding_minor + excluded.outstanding_minor,
    balance_due_minor = balance_due_minor + excluded.balance_due_minor;
END;

CREATE TRIGGER job_figure_days_update_remove AFTER UPDATE ON job_figures WHEN OLD.deleted = 0 BEGIN
  UPDATE job_figure_days SET jobs = jobs - 1, value_minor = value_minor - OLD.value_minor, confirmed_minor = confirmed_minor - OLD.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor - OLD.unconfirmed_minor, outstanding_minor = outstanding_minor - OLD.outstanding_minor,
    balance_due_minor = balance_due_minor - OLD.balance_due_minor
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.created_at, 1, 10) AND site_id = OLD.site_id
    AND created_by = COALESCE(OLD.created_by, '') AND status = OLD.status;
END;

INSERT INTO job_figure_days
SELECT tenant_id, substr(created_at, 1, 10), site_id, COALESCE(created_by, ''), status, count(*), sum(value_minor), sum(confirmed_minor),
  sum(unconfirmed_minor), sum(outstanding_minor), sum(balance_due_minor)
FROM job_figures WHERE deleted = 0
GROUP BY tenant_id, substr(created_at, 1, 10), site_id, COALESCE(created_by, ''), status;
