import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import {
  beginStatement,
  type Database,
  type Queryable,
  type QueryResult,
  type TransactionOptions,
} from './database.ts';

/**
 * Embedded PostgreSQL (PGlite) in a data folder, or in memory when none is given. PGlite has one
 * connection: every transaction runs alone, so the commit-order and locking rules hold trivially.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  // btree_gist backs the rental exclusion constraint (migrations/postgres/0040_rental.sql).
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { btree_gist } });
  const queryable = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await target.query<R>(text, params as unknown[]);
      // Like pg's rowCount: rows changed for DML, rows returned for SELECT (PGlite reports 0
      // affected rows for a SELECT).
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  });
  const root = queryable(pg);
  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T> {
      return pg.transaction(async (tx) => {
        if (options?.isolation || options?.readOnly) {
          const level = beginStatement(options).replace(/^BEGIN/, 'SET TRANSACTION');
          await tx.query(level);
        }
        return fn(queryable(tx));
      });
    },
    async listen(channel, onPayload) {
      const unsubscribe = await pg.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    async close() {
      await pg.close();
    },
  };
}
