-- 0030: what each pending mutation read, so that a rebase re-runs only the pending mutations a
-- pull page can change instead of all of them (docs/sync.md, "Rebase"). Append-only.

-- Rows a pending mutation's load read by id (row_id), or tables it searched (row_id NULL).
CREATE TABLE outbox_reads (
  mutation_id INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT
);
CREATE INDEX outbox_reads_by_row ON outbox_reads (table_name, row_id, mutation_id);
CREATE INDEX outbox_reads_by_mutation ON outbox_reads (mutation_id);

-- Which pending mutations wrote a row: the before-images are the write set.
CREATE INDEX outbox_undo_by_row ON outbox_undo (table_name, row_id, mutation_id);

-- 1 once outbox_reads holds the mutation's reads. Mutations queued before this migration have 0
-- and are re-run by every rebase, as all were before.
ALTER TABLE outbox ADD COLUMN reads_recorded INTEGER NOT NULL DEFAULT 0;
-- Found on every rebase without reading the whole outbox.
CREATE INDEX outbox_unknown_footprint ON outbox (mutation_id) WHERE reads_recorded = 0 OR local_error IS NOT NULL;

-- The sync status (pending count, oldest pending) is read often; without it both scan the outbox.
CREATE INDEX outbox_created ON outbox (created_at);
