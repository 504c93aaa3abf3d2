-- 0011: local to this counter, never replicated: derived tables that keep the owner's dashboard and
-- the job search fast over 100,000 jobs (issue #5). Triggers keep them in step with every write
-- to the replicated tables (local mutations, applied pulls and rebases alike), so they are always
-- exactly what a query over jobs, invoices and payments would compute (a test compares them). The
-- backfill at the end doubles as the rebuild (desktop/src/core/analytics/local-figures.ts).

-- One row per job: its value inputs and its payments, confirmed and unconfirmed, net of refunds.
-- A job is worth its invoiced total net of credit notes once invoiced, else its estimate, and
-- nothing once cancelled; what is still owed never goes below 0 per job.
CREATE TABLE job_figures (
  job_id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  estimate_minor INTEGER,
  invoiced_net_minor INTEGER,
  confirmed_minor INTEGER NOT NULL DEFAULT 0,
  unconfirmed_minor INTEGER NOT NULL DEFAULT 0,
  -- Derived by the two triggers below (not generated columns: SQLite would not read those from a
  -- covering index).
  value_minor INTEGER NOT NULL DEFAULT 0,
  outstanding_minor INTEGER NOT NULL DEFAULT 0,
  balance_due_minor INTEGER NOT NULL DEFAULT 0
);
-- Covering, in the dashboard's GROUP BY order: its totals are one pass over this index, no sort.
CREATE INDEX job_figures_group ON job_figures (tenant_id, status, created_by, site_id, deleted, created_at, value_minor,
  confirmed_minor, unconfirmed_minor, outstanding_minor, balance_due_minor);
-- Covering, in date order: the daily chart reads only its last 30 days.
CREATE INDEX job_figures_created ON job_figures (tenant_id, created_at, deleted, site_id, status, created_by, value_minor);

CREATE TRIGGER job_figures_derive_insert AFTER INSERT ON job_figures BEGIN
  UPDATE job_figures SET
    value_minor = CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END,
    outstanding_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor - unconfirmed_minor),
    balance_due_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor)
  WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER job_figures_derive_update AFTER UPDATE OF status, estimate_minor, invoiced_net_minor, confirmed_minor, unconfirmed_minor ON job_figures BEGIN
  UPDATE job_figures SET
    value_minor = CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END,
    outstanding_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor - unconfirmed_minor),
    balance_due_minor = MAX(0, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END - confirmed_minor)
  WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER job_figures_job_insert AFTER INSERT ON jobs BEGIN
  INSERT OR REPLACE INTO job_figures (job_id, tenant_id, site_id, status, created_by, created_at, deleted, estimate_minor, invoiced_net_minor, confirmed_minor, unconfirmed_minor)
  VALUES (NEW.id, NEW.tenant_id, NEW.site_id, NEW.status, NEW.created_by, NEW.created_at, NEW.deleted_at IS NOT NULL, NEW.estimate_minor,
    (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = NEW.id AND deleted_at IS NULL),
    COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = NEW.id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
    COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = NEW.id AND deleted_at IS NULL AND status = 'unconfirmed'), 0));
END;

CREATE TRIGGER job_figures_job_update AFTER UPDATE OF site_id, status, created_by, created_at, deleted_at, estimate_minor ON jobs BEGIN
  UPDATE job_figures SET site_id = NEW.site_id, status = NEW.status, created_by = NEW.created_by, created_at = NEW.created_at,
    deleted = NEW.deleted_at IS NOT NULL, estimate_minor = NEW.estimate_minor
  WHERE job_id = NEW.id;
END;

CREATE TRIGGER job_figures_job_delete AFTER DELETE ON jobs BEGIN
  DELETE FROM job_figures WHERE job_id = OLD.id;
END;

CREATE TRIGGER job_figures_invoice_insert AFTER INSERT ON invoices BEGIN
  UPDATE job_figures SET invoiced_net_minor = (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = NEW.job_id AND deleted_at IS NULL)
  WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER job_figures_invoice_update AFTER UPDATE ON invoices BEGIN
  UPDATE job_figures SET invoiced_net_minor = (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = job_figures.job_id AND deleted_at IS NULL)
  WHERE job_id IN (OLD.job_id, NEW.job_id);
END;

CREATE TRIGGER job_figures_invoice_delete AFTER DELETE ON invoices BEGIN
  UPDATE job_figures SET invoiced_net_minor = (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = OLD.job_id AND deleted_at IS NULL)
  WHERE job_id = OLD.job_id;
END;

CREATE TRIGGER job_figures_payment_insert AFTER INSERT ON payments WHEN NEW.job_id IS NOT NULL BEGIN
  UPDATE job_figures SET
    confirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = NEW.job_id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
    unconfirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = NEW.job_id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)
  WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER job_figures_payment_update AFTER UPDATE ON payments BEGIN
  UPDATE job_figures SET
    confirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = job_figures.job_id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
    unconfirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = job_figures.job_id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)
  WHERE job_id IN (OLD.job_id, NEW.job_id);
END;

CREATE TRIGGER job_figures_payment_delete AFTER DELETE ON payments WHEN OLD.job_id IS NOT NULL BEGIN
  UPDATE job_figures SET
    confirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = OLD.job_id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
    unconfirmed_minor = COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
      FROM payments WHERE job_id = OLD.job_id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)
  WHERE job_id = OLD.job_id;
END;

-- Search as you type: job number, customer name and phone, registration (also without spaces), in
-- a trigram index (any 3 characters anywhere). job_search_ids gives every job its own search
-- rowid, handed out in the order jobs reach this replica, so newest-first is a rowid order.
CREATE VIRTUAL TABLE job_search USING fts5(body, tokenize = 'trigram');
CREATE TABLE job_search_ids (job_id TEXT PRIMARY KEY NOT NULL, search_rowid INTEGER NOT NULL UNIQUE) WITHOUT ROWID;

CREATE TRIGGER job_search_job_insert AFTER INSERT ON jobs BEGIN
  INSERT OR IGNORE INTO job_search_ids (job_id, search_rowid)
    VALUES (NEW.id, (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM job_search_ids));
  DELETE FROM job_search WHERE rowid = (SELECT search_rowid FROM job_search_ids WHERE job_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    NEW.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM job_search_ids s LEFT JOIN customers c ON c.id = NEW.customer_id LEFT JOIN vehicles v ON v.id = NEW.vehicle_id
    WHERE s.job_id = NEW.id AND NEW.deleted_at IS NULL;
END;

CREATE TRIGGER job_search_job_update AFTER UPDATE OF number, customer_id, vehicle_id, deleted_at ON jobs BEGIN
  DELETE FROM job_search WHERE rowid = (SELECT search_rowid FROM job_search_ids WHERE job_id = OLD.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    NEW.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM job_search_ids s LEFT JOIN customers c ON c.id = NEW.customer_id LEFT JOIN vehicles v ON v.id = NEW.vehicle_id
    WHERE s.job_id = NEW.id AND NEW.deleted_at IS NULL;
END;

CREATE TRIGGER job_search_job_delete AFTER DELETE ON jobs BEGIN
  DELETE FROM job_search WHERE rowid = (SELECT search_rowid FROM job_search_ids WHERE job_id = OLD.id);
  DELETE FROM job_search_ids WHERE job_id = OLD.id;
END;

CREATE INDEX jobs_vehicle ON jobs (vehicle_id);
-- The manager's payments awaiting confirmation and cash not yet settled.
CREATE INDEX payments_recorded_by ON payments (recorded_by, status);

CREATE TRIGGER job_search_customer_change AFTER UPDATE OF name, phone ON customers BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.customer_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(NEW.name, '') || ' ' || COALESCE(NEW.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN vehicles v ON v.id = j.vehicle_id
    WHERE j.customer_id = NEW.id AND j.deleted_at IS NULL;
END;

CREATE TRIGGER job_search_customer_insert AFTER INSERT ON customers BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.customer_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(NEW.name, '') || ' ' || COALESCE(NEW.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN vehicles v ON v.id = j.vehicle_id
    WHERE j.customer_id = NEW.id AND j.deleted_at IS NULL;
END;

CREATE TRIGGER job_search_vehicle_change AFTER UPDATE OF registration ON vehicles BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.vehicle_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(NEW.registration, '') || ' ' || REPLACE(COALESCE(NEW.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN customers c ON c.id = j.customer_id
    WHERE j.vehicle_id = NEW.id AND j.deleted_at IS NULL;
END;

CREATE TRIGGER job_search_vehicle_insert AFTER INSERT ON vehicles BEGIN
  DELETE FROM job_search WHERE rowid IN (SELECT s.search_rowid FROM jobs j JOIN job_search_ids s ON s.job_id = j.id WHERE j.vehicle_id = NEW.id);
  INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
    j.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(NEW.registration, '') || ' ' || REPLACE(COALESCE(NEW.registration, ''), ' ', '')
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN customers c ON c.id = j.customer_id
    WHERE j.vehicle_id = NEW.id AND j.deleted_at IS NULL;
END;

-- Backfill from what the replica already holds.
INSERT INTO job_figures (job_id, tenant_id, site_id, status, created_by, created_at, deleted, estimate_minor, invoiced_net_minor, confirmed_minor, unconfirmed_minor)
SELECT j.id, j.tenant_id, j.site_id, j.status, j.created_by, j.created_at, j.deleted_at IS NOT NULL, j.estimate_minor,
  (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) FROM invoices WHERE job_id = j.id AND deleted_at IS NULL),
  COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
    FROM payments WHERE job_id = j.id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0),
  COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END ELSE amount_minor - COALESCE(refunded_minor, 0) END)
    FROM payments WHERE job_id = j.id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)
FROM jobs j;
INSERT INTO job_search_ids (job_id, search_rowid) SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM jobs;
INSERT INTO job_search (rowid, body) SELECT s.search_rowid,
  j.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' || REPLACE(COALESCE(v.registration, ''), ' ', '')
  FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN vehicles v ON v.id = j.vehicle_id
  WHERE j.deleted_at IS NULL;
