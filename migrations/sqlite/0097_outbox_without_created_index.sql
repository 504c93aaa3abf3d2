-- 0097: the outbox loses its created_at index (0030), one page fewer written per local mutation
-- (docs/performance.md, "local-write"). The sync status reads its count with SQLite's b-tree count
-- and the oldest pending mutation as the first one queued (by mutation_id), neither needing it.
DROP INDEX IF EXISTS outbox_created;
