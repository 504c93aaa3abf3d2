import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TABLE_NAMES,
  TABLES,
  encodePgValue,
  uuidv7,
  type ColumnKind,
  type TableName,
  type TableSpec,
} from '@forecourt/shared';
import type { Queryable } from '../../src/db/database.ts';
import { enterTenant } from '../../src/db/tenant-scope.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';

/**
 * DESIGN §3: the replica (SQLite) and the central database (PostgreSQL, PGlite) hold the same
 * replicated tables column for column. Both are checked against the registry in shared/, in both
 * directions, so a migration edited by hand cannot drift from it.
 */
const SQLITE_MIGRATIONS = fileURLToPath(new URL('../../../migrations/sqlite', import.meta.url));

const SQLITE_TYPES: Record<ColumnKind, string> = {
  id: 'TEXT',
  text: 'TEXT',
  time: 'TEXT',
  int: 'INTEGER',
  bool: 'INTEGER',
  json: 'TEXT',
};
const PG_TYPES: Record<ColumnKind, string> = {
  id: 'text',
  text: 'text',
  time: 'text',
  int: 'bigint',
  bool: 'boolean',
  json: 'jsonb',
};

interface ColumnShape {
  type: string;
  notNull: boolean;
}

function expectedShape(spec: TableSpec, types: Record<ColumnKind, string>): Record<string, ColumnShape> {
  return Object.fromEntries(
    Object.entries(spec.columns).map(([name, column]) => [
      name,
      { type: types[column.kind], notNull: !column.nullable },
    ]),
  );
}

interface SqliteColumn {
  name: string;
  type: string;
  notnull: number;
}

function openMigratedSqlite(): Database.Database {
  const db = new Database(':memory:');
  const files = readdirSync(SQLITE_MIGRATIONS)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  for (const file of files) db.exec(readFileSync(join(SQLITE_MIGRATIONS, file), 'utf8'));
  return db;
}

describe('SQLite replica schema matches the table registry', () => {
  const db = openMigratedSqlite();
  afterAll(() => db.close());

  it.each(TABLE_NAMES)('%s has exactly the registry columns, types and NOT NULL flags', (table) => {
    // PRAGMA arguments cannot be bound; the name comes from the registry, not from input.
    const rows = db.prepare(`PRAGMA table_info("${table}")`).all() as SqliteColumn[]; // PRAGMA rows have this shape
    expect(rows.length, `table ${table} is missing`).toBeGreaterThan(0);
    const actual = Object.fromEntries(
      rows.map((row) => [row.name, { type: row.type.toUpperCase(), notNull: row.notnull === 1 }]),
    );
    expect(actual).toEqual(expectedShape(TABLES[table], SQLITE_TYPES));
  });

  it('rejects a row without an id, as the registry says ids are required', () => {
    // A SQLite PRIMARY KEY that is not INTEGER accepts NULL unless the column says NOT NULL.
    const insert = db.prepare(
      `INSERT INTO tenants (id, tenant_id, name, country, currency, created_at, updated_at)
       VALUES (NULL, 't', 'n', 'IN', 'INR', 'now', 'now')`,
    );
    expect(() => insert.run()).toThrow(/NOT NULL/);
  });
});

interface PgColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
}

/** A value of the right kind for every column; text is unique per row so unique indexes hold. */
function sampleRow(table: TableName, tenantId: string, siteId: string): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const id = uuidv7();
  for (const [column, spec] of Object.entries(TABLES[table].columns)) {
    const samples: Record<ColumnKind, unknown> = {
      id: uuidv7(),
      text: `${column}-${id}`,
      time: '2026-11-22T09:00:00.000Z',
      int: 7,
      bool: true,
      json: { sample: [column] },
    };
    row[column] = spec.nullable ? null : samples[spec.kind];
  }
  return { ...row, id, tenant_id: tenantId, ...('site_id' in row ? { site_id: siteId } : {}) };
}

async function insertSample(target: Queryable, table: TableName, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(TABLES[table].columns);
  const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
  const values = columns.map((column) => {
    const spec = TABLES[table].columns[column];
    return spec ? encodePgValue(spec, row[column]) : row[column];
  });
  await target.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})`, values);
}

for (const kind of databaseKinds()) {
  describe(`${kind.name} schema matches the table registry`, () => {
    let test: TestDatabase;
    let columns: PgColumn[];

    beforeAll(async () => {
      test = await kind.open();
      const result = await test.db.query<PgColumn>(
        `SELECT table_name, column_name, data_type, is_nullable
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ANY($1)`,
        [TABLE_NAMES],
      );
      columns = result.rows;
    });
    afterAll(async () => test?.drop());

    it.each(TABLE_NAMES)('%s has exactly the registry columns, types and nullability', (table) => {
      const actual = Object.fromEntries(
        columns
          .filter((column) => column.table_name === table)
          .map((column) => [column.column_name, { type: column.data_type, notNull: column.is_nullable === 'NO' }]),
      );
      expect(Object.keys(actual).length, `table ${table} is missing`).toBeGreaterThan(0);
      expect(actual).toEqual(expectedShape(TABLES[table], PG_TYPES));
    });

    it('enables row-level security on every replicated table', async () => {
      const result = await test.db.query<{ relname: string; relrowsecurity: boolean }>(
        `SELECT c.relname, c.relrowsecurity
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1)`,
        [TABLE_NAMES],
      );
      const secured = Object.fromEntries(result.rows.map((row) => [row.relname, row.relrowsecurity]));
      expect(secured).toEqual(Object.fromEntries(TABLE_NAMES.map((table) => [table, true])));
    });

    it("confines a tenant-scoped transaction to its tenant's rows, even without a WHERE", async () => {
      const tenantA = uuidv7();
      const tenantB = uuidv7();
      const siteA = uuidv7();
      const siteB = uuidv7();
      // Written as the owning (superuser) role, which row-level security does not restrict.
      for (const table of TABLE_NAMES) {
        await insertSample(test.db, table, sampleRow(table, tenantA, siteA));
        await insertSample(test.db, table, sampleRow(table, tenantB, siteB));
      }
      const seenByA = await test.db.transaction(async (tx) => {
        await enterTenant(tx, tenantA);
        const seen: Record<string, string[]> = {};
        for (const table of TABLE_NAMES) {
          const result = await tx.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${table}`);
          seen[table] = result.rows.map((row) => row.tenant_id);
        }
        return seen;
      });
      expect(seenByA).toEqual(Object.fromEntries(TABLE_NAMES.map((table) => [table, [tenantA]])));

      const asSuperuser = await test.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM customers WHERE tenant_id = ANY($1)',
        [[tenantA, tenantB]],
      );
      expect(asSuperuser.rows[0]?.n).toBe(2);
    });

    it("refuses to write another tenant's row from a tenant-scoped transaction", async () => {
      const tenantA = uuidv7();
      const tenantB = uuidv7();
      await expect(
        test.db.transaction(async (tx) => {
          await enterTenant(tx, tenantA);
          await insertSample(tx, 'customers', sampleRow('customers', tenantB, uuidv7()));
        }),
      ).rejects.toThrow(/row-level security/);
    });
  });
}
