-- 0095: local to this counter, never replicated. The owner's dashboard credits collections to the
-- person who recorded the payment (revenue stays with the job's creator). job_figure_days (0012)
-- is keyed by the job's creator only, so this keeps payments summed per UTC day, site, creator and
-- status of their job (the dashboard's filters are the job's) and per recorder, with deltas, by
-- triggers on payments and on job_figures. A payment counts as in 0011: net of refunds, confirmed
-- (confirmed or refunded) apart from unconfirmed; payments of deleted jobs do not count.

CREATE TABLE payment_figure_days (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  site_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  confirmed_minor INTEGER NOT NULL,
  unconfirmed_minor INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, site_id, created_by, status, recorded_by)
) WITHOUT ROWID;

-- A payment in: its job's key (if the job is there and not deleted) gets its contribution.
CREATE TRIGGER payment_figure_days_payment_insert AFTER INSERT ON payments WHEN NEW.deleted_at IS NULL AND NEW.status IN ('confirmed', 'refunded', 'unconfirmed') BEGIN
  INSERT INTO payment_figure_days
  SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(NEW.recorded_by, ''),
    CASE WHEN NEW.status = 'unconfirmed' THEN 0 ELSE CASE WHEN NEW.kind = 'refund' THEN CASE WHEN NEW.refund_of_id IS NULL THEN -NEW.amount_minor ELSE 0 END ELSE NEW.amount_minor - COALESCE(NEW.refunded_minor, 0) END END,
    CASE WHEN NEW.status = 'unconfirmed' THEN CASE WHEN NEW.kind = 'refund' THEN CASE WHEN NEW.refund_of_id IS NULL THEN -NEW.amount_minor ELSE 0 END ELSE NEW.amount_minor - COALESCE(NEW.refunded_minor, 0) END ELSE 0 END
  FROM job_figures f WHERE f.job_id = NEW.job_id AND f.deleted = 0
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

CREATE TRIGGER payment_figure_days_payment_delete AFTER DELETE ON payments WHEN OLD.deleted_at IS NULL AND OLD.status IN ('confirmed', 'refunded', 'unconfirmed') BEGIN
  INSERT INTO payment_figure_days
  SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(OLD.recorded_by, ''),
    -CASE WHEN OLD.status = 'unconfirmed' THEN 0 ELSE CASE WHEN OLD.kind = 'refund' THEN CASE WHEN OLD.refund_of_id IS NULL THEN -OLD.amount_minor ELSE 0 END ELSE OLD.amount_minor - COALESCE(OLD.refunded_minor, 0) END END,
    -CASE WHEN OLD.status = 'unconfirmed' THEN CASE WHEN OLD.kind = 'refund' THEN CASE WHEN OLD.refund_of_id IS NULL THEN -OLD.amount_minor ELSE 0 END ELSE OLD.amount_minor - COALESCE(OLD.refunded_minor, 0) END ELSE 0 END
  FROM job_figures f WHERE f.job_id = OLD.job_id AND f.deleted = 0
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

-- A change that moves money (status, amounts, refund link, deletion, job or recorder): the old
-- contribution out, the new one in. Both are deltas, so the order of the two statements is free.
CREATE TRIGGER payment_figure_days_payment_update AFTER UPDATE ON payments WHEN OLD.job_id IS NOT NEW.job_id OR OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind OR OLD.amount_minor IS NOT NEW.amount_minor OR OLD.refunded_minor IS NOT NEW.refunded_minor OR OLD.refund_of_id IS NOT NEW.refund_of_id OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.recorded_by IS NOT NEW.recorded_by BEGIN
  INSERT INTO payment_figure_days
  SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(OLD.recorded_by, ''),
    -CASE WHEN OLD.status = 'unconfirmed' THEN 0 ELSE CASE WHEN OLD.kind = 'refund' THEN CASE WHEN OLD.refund_of_id IS NULL THEN -OLD.amount_minor ELSE 0 END ELSE OLD.amount_minor - COALESCE(OLD.refunded_minor, 0) END END,
    -CASE WHEN OLD.status = 'unconfirmed' THEN CASE WHEN OLD.kind = 'refund' THEN CASE WHEN OLD.refund_of_id IS NULL THEN -OLD.amount_minor ELSE 0 END ELSE OLD.amount_minor - COALESCE(OLD.refunded_minor, 0) END ELSE 0 END
  FROM job_figures f WHERE f.job_id = OLD.job_id AND f.deleted = 0 AND OLD.deleted_at IS NULL AND OLD.status IN ('confirmed', 'refunded', 'unconfirmed')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
  INSERT INTO payment_figure_days
  SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(NEW.recorded_by, ''),
    CASE WHEN NEW.status = 'unconfirmed' THEN 0 ELSE CASE WHEN NEW.kind = 'refund' THEN CASE WHEN NEW.refund_of_id IS NULL THEN -NEW.amount_minor ELSE 0 END ELSE NEW.amount_minor - COALESCE(NEW.refunded_minor, 0) END END,
    CASE WHEN NEW.status = 'unconfirmed' THEN CASE WHEN NEW.kind = 'refund' THEN CASE WHEN NEW.refund_of_id IS NULL THEN -NEW.amount_minor ELSE 0 END ELSE NEW.amount_minor - COALESCE(NEW.refunded_minor, 0) END ELSE 0 END
  FROM job_figures f WHERE f.job_id = NEW.job_id AND f.deleted = 0 AND NEW.deleted_at IS NULL AND NEW.status IN ('confirmed', 'refunded', 'unconfirmed')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

-- A job arriving after its payments (a pull can bring them in either order) brings them in.
CREATE TRIGGER payment_figure_days_job_insert AFTER INSERT ON job_figures WHEN NEW.deleted = 0 BEGIN
  INSERT INTO payment_figure_days
  SELECT NEW.tenant_id, substr(NEW.created_at, 1, 10), NEW.site_id, COALESCE(NEW.created_by, ''), NEW.status, COALESCE(p.recorded_by, ''),
    SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END END),
    SUM(CASE WHEN p.status = 'unconfirmed' THEN CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END ELSE 0 END)
  FROM payments p WHERE p.job_id = NEW.job_id AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
  GROUP BY COALESCE(p.recorded_by, '')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

CREATE TRIGGER payment_figure_days_job_delete AFTER DELETE ON job_figures WHEN OLD.deleted = 0 BEGIN
  INSERT INTO payment_figure_days
  SELECT OLD.tenant_id, substr(OLD.created_at, 1, 10), OLD.site_id, COALESCE(OLD.created_by, ''), OLD.status, COALESCE(p.recorded_by, ''),
    -SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END END),
    -SUM(CASE WHEN p.status = 'unconfirmed' THEN CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END ELSE 0 END)
  FROM payments p WHERE p.job_id = OLD.job_id AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
  GROUP BY COALESCE(p.recorded_by, '')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

-- The job's key changed (its day, site, creator, status, or it was deleted / restored): its
-- payments move from the old key to the new one.
CREATE TRIGGER payment_figure_days_job_update AFTER UPDATE ON job_figures WHEN OLD.tenant_id IS NOT NEW.tenant_id OR substr(OLD.created_at, 1, 10) IS NOT substr(NEW.created_at, 1, 10) OR OLD.site_id IS NOT NEW.site_id OR OLD.created_by IS NOT NEW.created_by OR OLD.status IS NOT NEW.status OR OLD.deleted IS NOT NEW.deleted BEGIN
  INSERT INTO payment_figure_days
  SELECT OLD.tenant_id, substr(OLD.created_at, 1, 10), OLD.site_id, COALESCE(OLD.created_by, ''), OLD.status, COALESCE(p.recorded_by, ''),
    -SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END END),
    -SUM(CASE WHEN p.status = 'unconfirmed' THEN CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END ELSE 0 END)
  FROM payments p WHERE p.job_id = OLD.job_id AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed') AND OLD.deleted = 0
  GROUP BY COALESCE(p.recorded_by, '')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
  INSERT INTO payment_figure_days
  SELECT NEW.tenant_id, substr(NEW.created_at, 1, 10), NEW.site_id, COALESCE(NEW.created_by, ''), NEW.status, COALESCE(p.recorded_by, ''),
    SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END END),
    SUM(CASE WHEN p.status = 'unconfirmed' THEN CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END ELSE 0 END)
  FROM payments p WHERE p.job_id = NEW.job_id AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed') AND NEW.deleted = 0
  GROUP BY COALESCE(p.recorded_by, '')
  ON CONFLICT (tenant_id, day, site_id, created_by, status, recorded_by) DO UPDATE SET
    confirmed_minor = confirmed_minor + excluded.confirmed_minor, unconfirmed_minor = unconfirmed_minor + excluded.unconfirmed_minor;
END;

-- Backfill (and the rebuild): what the replica already holds.
INSERT INTO payment_figure_days
SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(p.recorded_by, ''),
  SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END END),
  SUM(CASE WHEN p.status = 'unconfirmed' THEN CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END ELSE 0 END)
FROM job_figures f JOIN payments p ON p.job_id = f.job_id
WHERE f.deleted = 0 AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
GROUP BY 1, 2, 3, 4, 5, 6;
