/**
 * A garage replica of a given size for bench/garage.ts: two workshops, an owner and three
 * managers, customers and vehicles, jobs over the last year in every status, two lines per job,
 * invoices for delivered jobs, one to three payments per job and a few settlements. Deterministic
 * (a seeded generator), written with raw prepared inserts in one transaction.
 */
import type Database from 'better-sqlite3';
import { encodeSqliteValue, quote, tableSpec, type TableName } from '@forecourt/shared';

export const BENCH_TENANT = '00000000-0000-7000-8000-00000000a001';
export const BENCH_SITES = ['00000000-0000-7000-8000-00000000b001', '00000000-0000-7000-8000-00000000b002'] as const;
export const BENCH_OWNER = '00000000-0000-7000-8000-00000000c001';
export const BENCH_MANAGERS = [
  '00000000-0000-7000-8000-00000000c002',
  '00000000-0000-7000-8000-00000000c003',
  '00000000-0000-7000-8000-00000000c004',
];

const STATUSES = [
  'pending',
  'in_progress',
  'waiting_for_parts',
  'on_hold',
  'ready',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'cancelled',
];
const NAMES = ['Asha', 'Ravi', 'Priya', 'Arjun', 'Meera', 'Kiran', 'Sanjay', 'Divya', 'Vikram', 'Lakshmi'];
const SURNAMES = ['Rao', 'Kumar', 'Sharma', 'Reddy', 'Iyer', 'Nair', 'Gupta', 'Patel', 'Shetty', 'Menon'];
const MAKES = ['Maruti Swift', 'Hyundai i20', 'Tata Nexon', 'Honda City', 'Mahindra XUV300', 'Toyota Innova'];

const id = (kind: number, n: number) => `0000000${kind}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Insert = (row: Record<string, unknown>) => void;

function inserter(db: Database.Database, table: TableName): Insert {
  const spec = tableSpec(table);
  const columns = Object.keys(spec.columns);
  const statement = db.prepare(
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return (row) => {
    statement.run(
      columns.map((column) => {
        const columnSpec = spec.columns[column];
        if (!columnSpec) throw new Error(`no column ${column}`);
        return encodeSqliteValue(columnSpec, row[column] ?? (column === 'tenant_id' ? BENCH_TENANT : null));
      }),
    );
  };
}

export interface GarageSize {
  readonly jobs: number;
  /** The last day of generated activity (YYYY-MM-DD). */
  readonly today: string;
}

type Write = (table: TableName, row: Record<string, unknown>) => void;

export function seedGarageReplica(db: Database.Database, size: GarageSize): { rows: number } {
  const rnd = random(42);
  const inserters = new Map<TableName, Insert>();
  let rows = 0;
  const count: Write = (table, row) => {
    let insert = inserters.get(table);
    if (!insert) {
      insert = inserter(db, table);
      inserters.set(table, insert);
    }
    insert(row);
    rows += 1;
  };
  const endMs = Date.parse(`${size.today}T12:00:00.000Z`);
  db.transaction(() => {
    seedPeople(count, endMs);
    const customers = seedCustomers(count, size, endMs);
    seedJobs(size, customers, endMs, rnd, count);
  })();
  return { rows };
}

function seedPeople(count: Write, endMs: number): void {
  const t0 = new Date(endMs - 400 * 86_400_000).toISOString();
  const stamps = { created_at: t0, updated_at: t0 };
  count('tenants', { id: BENCH_TENANT, name: 'Rao Motors', country: 'IN', currency: 'INR', ...stamps });
  BENCH_SITES.forEach((siteId, index) => {
    count('sites', {
      id: siteId,
      name: index === 0 ? 'Rao Motors Indiranagar' : 'Rao Motors Mysuru',
      code: index === 0 ? 'BLR1' : 'MYS1',
      address: '12 CMH Road, Bengaluru',
      phone: '+918041234567',
      tax_id: '29ABCDE1234F1ZW',
      timezone: 'Asia/Kolkata',
      ...stamps,
    });
    count('site_profiles', {
      id: id(9, index + 1),
      site_id: siteId,
      country: 'IN',
      state_code: '29',
      upi_vpa: 'raomotors@okaxis',
      upi_payee_name: 'Rao Motors',
      document_footer: 'Thank you for your business',
      ...stamps,
    });
  });
  count('users', {
    id: BENCH_OWNER,
    email: 'owner@rao.in',
    name: 'Owner',
    role: 'owner',
    site_ids: [],
    active: true,
    ...stamps,
  });
  BENCH_MANAGERS.forEach((managerId, index) =>
    count('users', {
      id: managerId,
      email: `m${index}@rao.in`,
      name: `Manager ${index + 1}`,
      role: 'manager',
      site_ids: [BENCH_SITES[index % 2]],
      active: true,
      ...stamps,
    }),
  );
}

function seedCustomers(count: Write, size: GarageSize, endMs: number): number {
  const t0 = new Date(endMs - 400 * 86_400_000).toISOString();
  const stamps = { created_at: t0, updated_at: t0 };
  const customers = Math.max(1, Math.round(size.jobs * 0.3));
  for (let c = 0; c < customers; c += 1) {
    const siteId = BENCH_SITES[c % 2];
    const name = `${NAMES[c % 10]} ${SURNAMES[Math.floor(c / 10) % 10]} ${c}`;
    count('customers', {
      id: id(1, c),
      site_id: siteId,
      name,
      phone: `+9198${String(10_000_000 + c).slice(-8)}`,
      address: 'Bengaluru',
      ...stamps,
    });
    count('vehicles', {
      id: id(2, c),
      site_id: siteId,
      customer_id: id(1, c),
      registration: `KA ${String(1 + (c % 50)).padStart(2, '0')} ${String.fromCharCode(65 + (c % 26))}${String.fromCharCode(65 + ((c >> 5) % 26))} ${String(c % 10_000).padStart(4, '0')}`,
      make: MAKES[c % 6]?.split(' ')[0],
      model: MAKES[c % 6]?.split(' ')[1],
      ...stamps,
    });
  }
  return customers;
}

interface JobSeed {
  readonly n: number;
  readonly siteId: string;
  readonly manager: string;
  readonly jobId: string;
  readonly createdMs: number;
  readonly stamps: { created_at: string; updated_at: string };
}

const pick = <T>(values: readonly T[], index: number): T => {
  const value = values[index % values.length];
  if (value === undefined) throw new Error('empty list');
  return value;
};

function lineRows(seed: JobSeed, partPrice: number): Array<Record<string, unknown>> {
  const common = { site_id: seed.siteId, job_id: seed.jobId, discount_minor: 0, tax_rate_bp: 1800, ...seed.stamps };
  return [
    {
      ...common,
      id: id(4, 2 * seed.n),
      kind: 'part',
      position: 1,
      pricing: 'unit',
      description: 'Brake pads (front)',
      part_number: 'BP-1102',
      hsn_sac: '8708',
      quantity_milli: 2000,
      unit_price_minor: partPrice,
    },
    {
      ...common,
      id: id(4, 2 * seed.n + 1),
      kind: 'labour',
      position: 2,
      pricing: 'hourly',
      description: 'Brake service',
      hsn_sac: '9987',
      quantity_milli: 1500,
      unit_price_minor: 60_000,
      technician_name: 'Ramu',
    },
  ];
}

function invoiceRow(seed: JobSeed, seq: number, taxable: number, total: number): Record<string, unknown> {
  return {
    id: id(5, seed.n),
    site_id: seed.siteId,
    job_id: seed.jobId,
    kind: 'invoice',
    number: `BLR1A/2627/${String(seq).padStart(5, '0')}`,
    series: 'inv:BLR1A:2627',
    seq,
    fiscal_year: '2627',
    issued_at: seed.stamps.created_at,
    issued_by: seed.manager,
    device_id: id(8, 1),
    country: 'IN',
    currency: 'INR',
    place_of_supply: '29',
    supplier: {},
    recipient: {},
    lines: [],
    tax_lines: [],
    taxable_minor: taxable,
    tax_minor: total - taxable,
    total_minor: total,
    job_manager_id: seed.manager,
    ...seed.stamps,
  };
}

/** One to three payments adding up to `paid`; older ones mostly confirmed by the owner. */
function paymentRows(
  seed: JobSeed,
  paid: number,
  endMs: number,
  rnd: () => number,
  firstId: number,
): Array<Record<string, unknown>> {
  const parts = paid === 0 ? 0 : 1 + Math.floor(rnd() * 3);
  return Array.from({ length: parts }, (_, p) => {
    const amount = p === parts - 1 ? paid - Math.floor(paid / parts) * (parts - 1) : Math.floor(paid / parts);
    const method = pick(['cash', 'upi', 'card', 'cash'], Math.floor(rnd() * 4));
    const confirmed = seed.createdMs < endMs - 3 * 86_400_000 && rnd() < 0.9;
    return {
      id: id(6, firstId + p),
      site_id: seed.siteId,
      job_id: seed.jobId,
      kind: p === 0 ? 'advance' : 'final',
      method,
      amount_minor: amount,
      currency: 'INR',
      reference: method === 'upi' ? `UPI ${seed.n}${p}` : null,
      status: confirmed ? 'confirmed' : 'unconfirmed',
      recorded_by: seed.manager,
      confirmed_by: confirmed ? BENCH_OWNER : null,
      confirmed_at: confirmed ? seed.stamps.created_at : null,
      ...seed.stamps,
    };
  });
}

/**
 * Invoices and payments go in before their jobs: the job's insert trigger then computes its
 * figures once, instead of every payment recomputing them (the bench measures reads, not this).
 */
function seedJobs(size: GarageSize, customers: number, endMs: number, rnd: () => number, write: Write): void {
  const later: Record<'invoices' | 'payments' | 'job_lines' | 'jobs', Array<Record<string, unknown>>> = {
    invoices: [],
    payments: [],
    job_lines: [],
    jobs: [],
  };
  let invoiceSeq = 0;
  for (let n = 0; n < size.jobs; n += 1) {
    const c = n % customers;
    const createdMs =
      endMs - Math.floor(((size.jobs - n) / size.jobs) * 365 * 86_400_000) - Math.floor(rnd() * 3_600_000);
    const created = new Date(createdMs).toISOString();
    const seed: JobSeed = {
      n,
      siteId: pick(BENCH_SITES, c),
      manager: pick(BENCH_MANAGERS, n),
      jobId: id(3, n),
      createdMs,
      stamps: { created_at: created, updated_at: created },
    };
    const status = pick(STATUSES, Math.floor(rnd() * STATUSES.length));
    const estimate = 100_000 + Math.floor(rnd() * 40) * 25_000;
    const partPrice = 20_000 + Math.floor(rnd() * 100) * 1_000;
    const taxable = 2 * partPrice + 90_000;
    const total = taxable + Math.round(taxable * 0.09) * 2;
    if (status === 'delivered') later.invoices.push(invoiceRow(seed, (invoiceSeq += 1), taxable, total));
    later.jobs.push({
      id: seed.jobId,
      site_id: seed.siteId,
      number: `BLR1A-${String(n + 1).padStart(6, '0')}`,
      customer_id: id(1, c),
      vehicle_id: id(2, c),
      status,
      concern: 'Brakes squeal when cold',
      estimate_minor: estimate,
      currency: 'INR',
      odometer_in: 10_000 + (n % 90_000),
      fuel_level_in: n % 9,
      worker_name: 'Ramu',
      created_by: seed.manager,
      invoice_id: status === 'delivered' ? id(5, n) : null,
      cancel_reason: status === 'cancelled' ? 'customer withdrew' : null,
      ...seed.stamps,
    });
    later.job_lines.push(...lineRows(seed, partPrice));
    const paid = status === 'delivered' ? total : status === 'cancelled' ? 0 : Math.floor(estimate / 4);
    later.payments.push(...paymentRows(seed, paid, endMs, rnd, later.payments.length));
  }
  for (const table of ['invoices', 'payments', 'job_lines', 'jobs'] as const)
    for (const row of later[table]) write(table, row);
}
