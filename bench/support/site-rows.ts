import type BetterSqlite from 'better-sqlite3';
import { quote, tableSpec } from '@forecourt/shared';
import type { Queryable } from '../../sync-server/src/db/database.ts';

/**
 * A garage site of a given size, generated deterministically: the same rows seed the server and
 * feed the raw-insert baseline. The site (100,000 jobs, 200,000 job updates, 100,000
 * customers and vehicles) is 400,000 rows: customers and vehicles 1/8 each, jobs 1/4, updates 1/2.
 */
export interface SitePlan {
  readonly customers: number;
  readonly vehicles: number;
  readonly jobs: number;
  readonly job_updates: number;
}

export type SiteTable = keyof SitePlan;
export const SITE_TABLES: readonly SiteTable[] = ['customers', 'vehicles', 'jobs', 'job_updates'];

export function planSite(totalRows: number): SitePlan {
  const customers = Math.round(totalRows / 8);
  const vehicles = customers;
  const jobs = Math.round(totalRows / 4);
  return { customers, vehicles, jobs, job_updates: totalRows - customers - vehicles - jobs };
}

export const siteTotal = (plan: SitePlan): number => plan.customers + plan.vehicles + plan.jobs + plan.job_updates;

type Value = string | number | null;
export type FlatRow = Record<string, Value>;

const KIND: Record<SiteTable, number> = { customers: 1, vehicles: 2, jobs: 3, job_updates: 4 };

/** A UUID-shaped id that sorts by table, then by index. */
export function benchId(table: SiteTable, index: number): string {
  return `0000000${KIND[table]}-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
}

const STATUSES = ['pending', 'in_progress', 'waiting_for_parts', 'ready', 'delivered'];
const MAKES = ['Maruti', 'Hyundai', 'Tata', 'Honda', 'Mahindra', 'Toyota'];

function generate(table: SiteTable, i: number, plan: SitePlan, scope: { tenantId: string; siteId: string }): FlatRow {
  const day = 1 + (i % 28);
  const at = `2026-03-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00.000Z`;
  const base = { id: benchId(table, i), tenant_id: scope.tenantId, site_id: scope.siteId };
  const stamps = { created_at: at, updated_at: at, deleted_at: null };
  const customer = benchId('customers', i % plan.customers);
  switch (table) {
    case 'customers':
      return {
        ...base,
        name: `Customer ${i}`,
        phone: `+9198${String(i).padStart(8, '0')}`,
        email: `customer${i}@example.in`,
        address: `${i} MG Road, Indiranagar, Bengaluru`,
        tax_id: null,
        notes: null,
        state_code: '29',
        ...stamps,
      };
    case 'vehicles':
      return {
        ...base,
        customer_id: customer,
        registration: `KA01AB${String(i % 10000).padStart(4, '0')}`,
        make: MAKES[i % MAKES.length] ?? null,
        model: 'Model X',
        year: 2010 + (i % 15),
        vin: `MA3EWDE1S00${String(i).padStart(6, '0')}`,
        ...stamps,
      };
    case 'jobs':
      return {
        ...base,
        number: `BNCH1A-${String(i).padStart(6, '0')}`,
        customer_id: customer,
        vehicle_id: benchId('vehicles', i % plan.vehicles),
        status: STATUSES[i % STATUSES.length] ?? 'pending',
        concern: 'Engine noise at idle; check belt and mounts',
        findings: null,
        estimate_minor: 250000 + i,
        currency: 'INR',
        odometer_in: 20000 + i,
        assigned_to: null,
        promised_at: null,
        key_tag: `K${i % 500}`,
        cancel_reason: null,
        fuel_level_in: i % 9,
        parts_required: null,
        internal_notes: null,
        worker_name: null,
        created_by: null,
        delivered_at: null,
        invoice_id: null,
        ...stamps,
      };
    case 'job_updates':
      return {
        ...base,
        job_id: benchId('jobs', i % plan.jobs),
        kind: i % 2 === 0 ? 'created' : 'note',
        body: i % 2 === 0 ? null : 'Customer called; approved the estimate',
        from_status: null,
        to_status: i % 2 === 0 ? 'pending' : null,
        author_id: '00000000-0000-7000-8000-000000000000',
        ...stamps,
      };
  }
}

/** The site's rows in batches, table by table, generated lazily so that memory stays flat. */
export function* siteBatches(
  plan: SitePlan,
  scope: { tenantId: string; siteId: string },
  batchSize = 5000,
): Generator<{ table: SiteTable; rows: FlatRow[] }> {
  for (const table of SITE_TABLES) {
    for (let start = 0; start < plan[table]; start += batchSize) {
      const rows: FlatRow[] = [];
      for (let i = start; i < Math.min(plan[table], start + batchSize); i++) rows.push(generate(table, i, plan, scope));
      yield { table, rows };
    }
  }
}

/** Writes the site straight into the server's tables (set-based: jsonb_populate_recordset). */
export async function loadSiteIntoPostgres(db: Queryable, plan: SitePlan, scope: { tenantId: string; siteId: string }) {
  for (const { table, rows } of siteBatches(plan, scope)) {
    await db.query(
      `INSERT INTO ${quote(table)} SELECT * FROM jsonb_populate_recordset(NULL::${quote(table)}, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  for (const table of SITE_TABLES) await db.query(`ANALYZE ${quote(table)}`);
}

/**
 * The baseline: the same rows inserted with plain prepared INSERTs into the same replica schema,
 * in one transaction. Generating a batch is not timed; inserting it is.
 */
export function rawInsertSite(
  db: BetterSqlite.Database,
  plan: SitePlan,
  scope: { tenantId: string; siteId: string },
): number {
  const statements = new Map<SiteTable, BetterSqlite.Statement<Value[]>>();
  for (const table of SITE_TABLES) {
    const columns = Object.keys(tableSpec(table).columns);
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    statements.set(table, db.prepare<Value[]>(sql));
  }
  let insertMs = 0;
  db.exec('BEGIN');
  for (const { table, rows } of siteBatches(plan, scope)) {
    const statement = statements.get(table);
    const columns = Object.keys(tableSpec(table).columns);
    const values = rows.map((row) => columns.map((column) => row[column] ?? null));
    const start = performance.now();
    for (const row of values) statement?.run(...row);
    insertMs += performance.now() - start;
  }
  const start = performance.now();
  db.exec('COMMIT');
  return insertMs + (performance.now() - start);
}
