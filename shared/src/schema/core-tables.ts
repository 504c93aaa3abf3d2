import { opt, req, table, type TableSpec } from './table-spec.ts';

/** Tenancy, people, devices, and the garage basics every counter needs. */
export const CORE_TABLES = {
  tenants: table('tenants', 'tenant', {
    name: req('text'),
    country: req('text'),
    currency: req('text'),
  }),
  sites: table('sites', 'tenant', {
    name: req('text'),
    code: req('text'),
    address: opt('text'),
    phone: opt('text'),
    tax_id: opt('text'),
    timezone: req('text'),
    /** The account Swiss QR-bills carry: a CH/LI IBAN or QR-IBAN, compact, mod-97 checked (0093). */
    iban: opt('text'),
  }),
  users: table('users', 'tenant', {
    email: req('text'),
    name: req('text'),
    role: req('text'),
    site_ids: req('json'),
    active: req('bool'),
  }),
  devices: table('devices', 'tenant', {
    site_id: opt('id'),
    name: req('text'),
    code: req('text'),
    scope: req('text'),
    revoked_at: opt('time'),
  }),
  customers: table('customers', 'site', {
    name: req('text'),
    phone: opt('text'),
    email: opt('text'),
    address: opt('text'),
    tax_id: opt('text'),
    notes: opt('text'),
    /** Two-digit Indian GST state code of the customer's address (place of supply). */
    state_code: opt('text'),
  }),
  vehicles: table('vehicles', 'site', {
    customer_id: opt('id'),
    registration: req('text'),
    make: opt('text'),
    model: opt('text'),
    year: opt('int'),
    vin: opt('text'),
  }),
  jobs: table('jobs', 'site', {
    number: req('text'),
    customer_id: req('id'),
    vehicle_id: opt('id'),
    status: req('text'),
    concern: opt('text'),
    findings: opt('text'),
    estimate_minor: opt('int'),
    currency: req('text'),
    odometer_in: opt('int'),
    assigned_to: opt('id'),
    promised_at: opt('time'),
    key_tag: opt('text'),
    cancel_reason: opt('text'),
    /** Fuel level at intake in eighths of a tank, 0..8. */
    fuel_level_in: opt('int'),
    parts_required: opt('text'),
    internal_notes: opt('text'),
    /** The worker by name, for workshops whose mechanics have no user account. */
    worker_name: opt('text'),
    /** Who opened the job: the manager its analytics count it for. */
    created_by: opt('id'),
    delivered_at: opt('time'),
    invoice_id: opt('id'),
  }),
  job_updates: table('job_updates', 'site', {
    job_id: req('id'),
    kind: req('text'),
    body: opt('text'),
    from_status: opt('text'),
    to_status: opt('text'),
    author_id: req('id'),
  }),
  conflicts: table('conflicts', 'site', {
    table_name: req('text'),
    row_id: req('id'),
    field: req('text'),
    losing_value: opt('json'),
    losing_hlc: req('text'),
    losing_actor_id: opt('id'),
    winning_value: opt('json'),
    winning_hlc: req('text'),
    winning_actor_id: opt('id'),
    resolution: opt('text'),
    resolved_by: opt('id'),
    resolved_at: opt('time'),
  }),
} as const satisfies Record<string, TableSpec>;
