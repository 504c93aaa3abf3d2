-- 0096: the undo images keyed by (mutation_id, seq) in a WITHOUT ROWID table, so that the key
-- is the table itself instead of a second b-tree beside it: one page fewer written per local
-- mutation (docs/performance.md, "local-write"). Same columns, same rows.
CREATE TABLE outbox_undo_keyed (
  mutation_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  before TEXT,
  PRIMARY KEY (mutation_id, seq)
) WITHOUT ROWID;
INSERT INTO outbox_undo_keyed (mutation_id, seq, table_name, row_id, before)
  SELECT mutation_id, seq, table_name, row_id, before FROM outbox_undo;
DROP TABLE outbox_undo;
ALTER TABLE outbox_undo_keyed RENAME TO outbox_undo;
CREATE INDEX outbox_undo_by_row ON outbox_undo (table_name, row_id, mutation_id);
