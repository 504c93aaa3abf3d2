import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import { createFreshPostgres, silentLogger } from '../support/databases.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL database layer', () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await createFreshPostgres();
    drop = fresh.drop;
    db = await openPgDatabase(fresh.url, silentLogger, { max: 2 });
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('survives its connection being terminated between two queries of a transaction', async () => {
    // Before the fix the checked-out client emitted an unhandled 'error' here, which ended the
    // server process (found by desktop/test/processes/faults.test.ts).
    const failed = await db
      .transaction(async (tx) => {
        const own = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await db.query('SELECT pg_terminate_backend($1)', [own.rows[0]?.pid]);
        // Wait, between queries, until the connection is really gone.
        for (let attempt = 0; attempt < 100; attempt++) {
          const alive = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [own.rows[0]?.pid]);
          if (alive.rows.length === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.query('SELECT 1');
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failed).toBeInstanceOf(Error);
    // The pool hands out a working connection afterwards.
    expect((await db.transaction((tx) => tx.query<{ one: number }>('SELECT 1 AS one'))).rows).toEqual([{ one: 1 }]);
  });
});
