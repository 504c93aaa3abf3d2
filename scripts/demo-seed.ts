import { formatJobNumber, normaliseRegistration, uuidv7, type Row, type TableName } from '@forecourt/shared';
import { createEnrolmentCode, createSite, createTenant, createUser, type AdminDeps } from '@forecourt/sync-server';

/**
 * The demo tenant `npm start` and the end-to-end tests run against: a garage chain with two
 * sites, an owner, a manager, two staff, and a history of customers, vehicles and jobs. The
 * history is written as the server itself (engine.writeRows), like an import would be, so it
 * reaches counters through the change log like any other change. Deterministic for a seed.
 */
export const DEMO_PASSWORD = 'forecourt-demo';

export interface DemoTenant {
  readonly tenantId: string;
  readonly sites: { readonly main: string; readonly second: string };
  readonly users: {
    readonly owner: DemoUser;
    readonly manager: DemoUser;
    readonly staff: DemoUser;
    readonly staffSecond: DemoUser;
  };
  readonly jobCount: number;
}

export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

const FIRST = [
  'Priya',
  'Arjun',
  'Kavya',
  'Rahul',
  'Ananya',
  'Vikram',
  'Meera',
  'Rohan',
  'Divya',
  'Suresh',
  'Lakshmi',
  'Karthik',
  'Neha',
  'Imran',
  'Fatima',
  'Joseph',
  'Deepa',
  'Manoj',
  'Sneha',
  'Aditya',
];
const LAST = [
  'Sharma',
  'Reddy',
  'Iyer',
  'Nair',
  'Gowda',
  'Khan',
  'Patel',
  'Rao',
  'Menon',
  'Das',
  'Shetty',
  'Kulkarni',
  'Fernandes',
  'Hegde',
  'Pillai',
];
const MODELS = [
  ['Maruti Suzuki', 'Swift'],
  ['Hyundai', 'i20'],
  ['Honda', 'City'],
  ['Tata', 'Nexon'],
  ['Mahindra', 'XUV700'],
  ['Toyota', 'Innova Crysta'],
  ['Kia', 'Seltos'],
  ['Maruti Suzuki', 'Baleno'],
  ['Tata', 'Punch EV'],
  ['Hyundai', 'Creta'],
] as const;
const CONCERNS = [
  'Periodic service due (20,000 km)',
  'Squeaking noise from front brakes',
  'AC not cooling enough',
  'Clutch feels hard',
  'Engine check light on',
  'Battery drains overnight',
  'Wheel alignment and balancing',
  'Oil leak under the engine',
  'Steering pulls to the left',
  'Replace wiper blades and top up coolant',
  'Rattle from the rear suspension',
  'Headlamp not working (right)',
];
/** Most history is closed; a realistic share is still in the workshop. */
const STATUS_MIX = [
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'in_progress',
  'in_progress',
  'pending',
  'pending',
  'ready',
  'waiting_for_parts',
  'on_hold',
  'cancelled',
] as const;

/** A small deterministic generator, so a demo looks the same every time it is seeded. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
  };
}

export async function seedDemoTenant(
  deps: AdminDeps,
  options: { jobs: number; seed?: number; emailDomain?: string },
): Promise<DemoTenant> {
  const domain = options.emailDomain ?? 'demo.forecourt.app';
  const email = (name: string) => `${name}@${domain}`;
  const { tenantId, ownerId } = await createTenant(deps, {
    name: 'Sharma Motors',
    country: 'IN',
    ownerEmail: email('owner'),
    ownerPassword: DEMO_PASSWORD,
    ownerName: 'Anil Sharma',
  });
  const main = (await createSite(deps, { tenantId, name: 'Koramangala', code: 'BLR1' })).siteId;
  const second = (await createSite(deps, { tenantId, name: 'Mysuru Road', code: 'MYS1' })).siteId;
  const user = async (name: string, who: string, role: string, siteId: string): Promise<DemoUser> => {
    const { userId } = await createUser(deps, {
      tenantId,
      email: email(who),
      password: DEMO_PASSWORD,
      role,
      siteId,
      name,
    });
    return { id: userId, email: email(who), name };
  };
  const manager = await user('Kavitha Rao', 'manager', 'manager', main);
  const staff = await user('Ravi Kumar', 'staff', 'staff', main);
  const staffSecond = await user('Salma Begum', 'staff2', 'staff', second);
  const rows = historyRows({
    tenantId,
    sites: [main, main, second],
    authors: [manager.id, staff.id],
    jobs: options.jobs,
    seed: options.seed ?? 42,
    now: deps.clock(),
  });
  // One change-log version per chunk keeps each transaction short.
  for (let start = 0; start < rows.length; start += 500)
    await deps.engine.writeRows(tenantId, rows.slice(start, start + 500));
  return {
    tenantId,
    sites: { main, second },
    users: { owner: { id: ownerId, email: email('owner'), name: 'Anil Sharma' }, manager, staff, staffSecond },
    jobCount: options.jobs,
  };
}

/** A one-time code for a counter of `siteId`, or for an owner's all-sites PC when siteId is null. */
export async function demoEnrolmentCode(
  deps: AdminDeps,
  demo: Pick<DemoTenant, 'tenantId'>,
  siteId: string | null,
): Promise<string> {
  const target = siteId ? { siteId } : { tenantId: demo.tenantId, scope: 'tenant' as const };
  return (await createEnrolmentCode(deps, target)).code;
}

interface HistoryInput {
  tenantId: string;
  sites: readonly string[];
  authors: readonly string[];
  jobs: number;
  seed: number;
  now: number;
}

type Written = { table: TableName; row: Row };

function historyRows(input: HistoryInput): Written[] {
  const random = generator(input.seed);
  const out: Written[] = [];
  const sequences = new Map<string, number>();
  const stamp = (ms: number) => new Date(ms).toISOString();
  const base = (site: string, createdMs: number) => ({
    id: uuidv7(createdMs),
    tenant_id: input.tenantId,
    site_id: site,
    created_at: stamp(createdMs),
    updated_at: stamp(createdMs),
    deleted_at: null,
  });
  const customerCount = Math.max(1, Math.round(input.jobs / 2));
  const customers: Array<{ id: string; site: string; vehicles: string[] }> = [];
  for (let index = 0; index < customerCount; index++) {
    const site = random.pick(input.sites);
    const createdMs = input.now - random.int(30, 400) * 86_400_000;
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    const customer = {
      ...base(site, createdMs),
      name,
      phone: `+919${String(random.int(100_000_000, 999_999_999))}`,
      email: index % 3 === 0 ? `${name.toLowerCase().replace(' ', '.')}${index}@example.in` : null,
      address: null,
      tax_id: null,
      notes: null,
    };
    out.push({ table: 'customers', row: customer });
    const vehicles: string[] = [];
    for (let count = random.int(1, 2); count > 0; count--) {
      const [make, model] = random.pick(MODELS);
      const registration = normaliseRegistration(
        `KA ${String(random.int(1, 60)).padStart(2, '0')} ${String.fromCharCode(65 + random.int(0, 25), 65 + random.int(0, 25))} ${random.int(1000, 9999)}`,
      );
      const vehicle = {
        ...base(site, createdMs),
        customer_id: customer.id,
        registration,
        make,
        model,
        year: random.int(2012, 2025),
        vin: null,
      };
      out.push({ table: 'vehicles', row: vehicle });
      vehicles.push(vehicle.id);
    }
    customers.push({ id: customer.id, site, vehicles });
  }
  for (let index = 0; index < input.jobs; index++) {
    const customer = random.pick(customers);
    const createdMs = input.now - random.int(0, 90) * 86_400_000 - random.int(0, 36_000_000);
    const status = random.pick(STATUS_MIX);
    const seriesCode = customer.site === input.sites[2] ? 'MYS1H' : 'BLR1H'; // "H": history imported before the counters
    const sequence = (sequences.get(seriesCode) ?? 0) + 1;
    sequences.set(seriesCode, sequence);
    const author = random.pick(input.authors);
    const job = {
      ...base(customer.site, createdMs),
      number: formatJobNumber(seriesCode, sequence),
      customer_id: customer.id,
      vehicle_id: random.pick(customer.vehicles),
      status,
      concern: random.pick(CONCERNS),
      findings: null,
      estimate_minor: random.int(15, 450) * 10_000,
      currency: 'INR',
      odometer_in: random.int(5, 140) * 1000,
      assigned_to: null,
      promised_at:
        status === 'delivered' || status === 'cancelled' ? null : stamp(input.now + random.int(1, 5) * 86_400_000),
      key_tag: String(random.int(1, 80)),
      cancel_reason: status === 'cancelled' ? 'Customer decided not to go ahead' : null,
      created_by: author,
    };
    out.push({ table: 'jobs', row: job });
    out.push({
      table: 'job_updates',
      row: {
        ...base(customer.site, createdMs),
        job_id: job.id,
        kind: 'created',
        body: null,
        from_status: null,
        to_status: 'pending',
        author_id: author,
      },
    });
    if (status !== 'pending') {
      const movedMs = createdMs + 3_600_000;
      out.push({
        table: 'job_updates',
        row: {
          ...base(customer.site, movedMs),
          job_id: job.id,
          kind: 'status',
          body: job.cancel_reason,
          from_status: 'pending',
          to_status: status,
          author_id: author,
        },
      });
    }
  }
  return out;
}
