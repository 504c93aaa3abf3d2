-- 0013: the update triggers of 0011 and 0012 again, now only when a column they read changed.
-- The store writes a row by upsert (every column in the SET list), so an "UPDATE OF" list alone
-- fired them on every edit of a job's concern or note; a WHEN clause comparing OLD and NEW keeps
-- an unrelated edit (and its re-run during a rebase) free of extra statements.

DROP TRIGGER job_figures_job_update;
CREATE TRIGGER job_figures_job_update AFTER UPDATE OF site_id, status, created_by, created_at, deleted_at, estimate_minor ON jobs WHEN OLD.site_id IS NOT NEW.site_id OR OLD.status IS NOT NEW.status OR OLD.created_by IS NOT NEW.created_by OR OLD.created_at IS NOT NEW.created_at OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.estimate_minor IS NOT NEW.estimate_minor BEGIN
  UPDATE job_figures SET site_id = NEW.site_id, status = NEW.status, created_by = NEW.created_by, created_at = NEW.created_at,
    deleted = NEW.deleted_at IS NOT NULL, estimate_minor = NEW.estimate_minor
  WHERE job_id = NEW.id;
END;

DROP TRIGGER job_search_job_update;
CREATE TRIGGER job_search_job_update AFTER UPDATE OF number, customer_id, vehicle_id, deleted_at ON jobs WHEN OLD.number IS NOT NEW.number OR OLD.customer_id IS NOT NEW.customer_id OR OLD.vehicle_id IS NOT NEW.vehicle_id OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  DELETE FROM job_search WHERE rowid = (SELECT search_rowid FROM job_search_ids WHERE job_id = OLD.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    NEW.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM job_search_ids s LEFT JOIN customers c ON c.id = NEW.customer_id LEFT JOIN vehicles v ON v.id = NEW.vehicle_id
    WHERE s.job_id = NEW.id AND NEW.deleted_at IS NULL;
END;

DROP TRIGGER job_search_customer_change;
CREATE TRIGGER job_search_customer_change AFTER UPDATE OF name, phone ON customers WHEN OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.customer_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(NEW.name, '') || ' ' || COALESCE(NEW.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN vehicles v ON v.id = j.vehicle_id
    WHERE j.customer_id = NEW.id AND j.deleted_at IS NULL;
END;

DROP TRIGGER job_search_vehicle_change;
CREATE TRIGGER job_search_vehicle_change AFTER UPDATE OF registration ON vehicles WHEN OLD.registration IS NOT NEW.registration BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.vehicle_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(NEW.registration, '') || ' ' || REPLACE(COALESCE(NEW.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN customers c ON c.id = j.customer_id
    WHERE j.vehicle_id = NEW.id AND j.deleted_at IS NULL;
END;

DROP TRIGGER job_figures_invoice_update;
CREATE TRIGGER job_figures_invoice_update AFTER UPDATE ON invoices WHEN OLD.job_id IS NOT NEW.job_id OR OLD.kind IS NOT NEW.kind OR OLD.total_minor IS NOT NEW.total_minor OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  UPDATE job_figures SET invoiced_net_minor = (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = job_figures.job_id AND deleted_at IS NULL)
  WHERE job_id IN (OLD.job_id, NEW.job_id);
END;

DROP TRIGGER job_figures_payment_update;
CREATE TRIGGER job_figures_payment_update AFTER UPDATE ON payments WHEN OLD.job_id IS NOT NEW.job_id OR OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind OR OLD.amount_minor IS NOT NEW.amount_minor OR OLD.refunded_minor IS NOT NEW.refunded_minor OR OLD.refund_of_id IS NOT NEW.refund_of_id OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  UPDATE job_figures SET
    confirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = job_figures.job_id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
    unconfirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = job_figures.job_id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)
  WHERE job_id IN (OLD.job_id, NEW.job_id);
END;

DROP TRIGGER job_figures_derive_update;
CREATE TRIGGER job_figures_derive_update AFTER UPDATE OF status, estimate_minor, invoiced_net_minor, confirmed_minor, unconfirmed_minor ON job_figures WHEN OLD.status IS NOT NEW.status OR OLD.estimate_minor IS NOT NEW.estimate_minor OR OLD.invoiced_net_minor IS NOT NEW.invoiced_net_minor OR OLD.confirmed_minor IS NOT NEW.confirmed_minor OR OLD.unconfirmed_minor IS NOT NEW.unconfirmed_minor BEGIN
  UPDATE job_figures SET
    value_minor = CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END,
    outstanding_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor - unconfirmed_minor),
    balance_due_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor)
  WHERE job_id = NEW.job_id;
END;

DROP TRIGGER job_figure_days_update_add;
CREATE TRIGGER job_figure_days_update_add AFTER UPDATE ON job_figures WHEN NEW.deleted = 0 AND (OLD.tenant_id IS NOT NEW.tenant_id OR substr(OLD.created_at, 1, 10) IS NOT substr(NEW.created_at, 1, 10) OR OLD.site_id IS NOT NEW.site_id OR OLD.created_by IS NOT NEW.created_by OR OLD.status IS NOT NEW.status OR OLD.deleted IS NOT NEW.deleted OR OLD.value_minor IS NOT NEW.value_minor OR OLD.confirmed_minor IS NOT NEW.confirmed_minor OR OLD.unconfirmed_minor IS NOT NEW.unconfirmed_minor OR OLD.outstanding_minor IS NOT NEW.outstanding_minor OR OLD.balance_due_minor IS NOT NEW.balance_due_minor) BEGIN
  INSERT INTO job_figure_days VALUES (NEW.tenant_id, substr(NEW.created_at, 1, 10), NEW.site_id, COALESCE(NEW.created_by, ''), NEW.status,
    1, NEW.value_minor, NEW.confirmed_minor, NEW.unconfirmed_minor, NEW.outstanding_minor, NEW.balance_due_minor)
  ON CONFLICT (tenant_id, day, site_id, created_by, status) DO UPDATE SET
    jobs = jobs + 1, value_minor = value_minor + excluded.value_minor, confirmed_minor = confirmed_minor + excluded.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor, outstanding_minor = outstanding_minor + excluded.outstanding_minor,
    balance_due_minor = balance_due_minor + excluded.balance_due_minor;
END;

DROP TRIGGER job_figure_days_update_remove;
CREATE TRIGGER job_figure_days_update_remove AFTER UPDATE ON job_figures WHEN OLD.deleted = 0 AND (OLD.tenant_id IS NOT NEW.tenant_id OR substr(OLD.created_at, 1, 10) IS NOT substr(NEW.created_at, 1, 10) OR OLD.site_id IS NOT NEW.site_id OR OLD.created_by IS NOT NEW.created_by OR OLD.status IS NOT NEW.status OR OLD.deleted IS NOT NEW.deleted OR OLD.value_minor IS NOT NEW.value_minor OR OLD.confirmed_minor IS NOT NEW.confirmed_minor OR OLD.unconfirmed_minor IS NOT NEW.unconfirmed_minor OR OLD.outstanding_minor IS NOT NEW.outstanding_minor OR OLD.balance_due_minor IS NOT NEW.balance_due_minor) BEGIN
  UPDATE job_figure_days SET jobs = jobs - 1, value_minor = value_minor - OLD.value_minor, confirmed_minor = confirmed_minor - OLD.confirmed_minor,
    unconfirmed_minor = unconfirmed_minor - OLD.unconfirmed_minor, outstanding_minor = outstanding_minor - OLD.outstanding_minor,
    balance_due_minor = balance_due_minor - OLD.balance_due_minor
  WHERE tenant_id = OLD.tenant_id AND day = substr(OLD.created_at, 1, 10) AND site_id = OLD.site_id
    AND created_by = COALESCE(OLD.created_by, '') AND status = OLD.status;
END;
