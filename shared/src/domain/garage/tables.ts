import { opt, req, table, type TableSpec } from '../../schema/table-spec.ts';

/**
 * The garage workshop's own tables (issue #5). Money is integer minor units with a currency code.
 * Rows that must never change once written (invoices, credit notes) hold a snapshot of what was
 * printed, so a later edit of the customer or the workshop cannot rewrite a legal document.
 */
export const GARAGE_TABLES = {
  /**
   * Money received for a job (or, later, a rental contract). Recorded on the counter as
   * `unconfirmed`; only an owner confirms (enforced by the server). Provider-confirmed payments
   * (Stripe) are written by the integrations with `provider`/`provider_ref` set.
   * kind: advance | partial | final | refund; method: cash | upi | card | bank_transfer | online;
   * status: unconfirmed | confirmed | failed | refunded | disputed.
   */
  payments: table('payments', 'site', {
    job_id: opt('id'),
    contract_id: opt('id'),
    kind: req('text'),
    method: req('text'),
    amount_minor: req('int'),
    currency: req('text'),
    reference: opt('text'),
    note: opt('text'),
    status: req('text'),
    recorded_by: req('id'),
    confirmed_by: opt('id'),
    confirmed_at: opt('time'),
    provider: opt('text'),
    provider_ref: opt('text'),
    settlement_id: opt('id'),
    refunded_minor: opt('int'),
    /** For kind = refund: the payment it pays back. */
    refund_of_id: opt('id'),
    /** Why a payment failed, was refunded or is disputed, in words. */
    status_reason: opt('text'),
  }),
  /**
   * Cash a manager hands to the owner. `payment_ids` lists the payments it covers; each payment
   * carries `settlement_id` so that it is settled once. status: submitted | confirmed | rejected.
   */
  settlements: table('settlements', 'site', {
    manager_id: req('id'),
    amount_minor: req('int'),
    currency: req('text'),
    payment_ids: req('json'),
    status: req('text'),
    note: opt('text'),
    confirmed_by: opt('id'),
    confirmed_at: opt('time'),
    reject_reason: opt('text'),
  }),
  /**
   * A labour or part line of a job. Quantities are thousandths (1.5 h = 1500), prices minor
   * units, tax rates basis points (18 % = 1800, 8.1 % = 810). pricing: hourly | flat | unit.
   */
  job_lines: table('job_lines', 'site', {
    job_id: req('id'),
    kind: req('text'),
    position: req('int'),
    pricing: req('text'),
    description: req('text'),
    part_number: opt('text'),
    hsn_sac: opt('text'),
    quantity_milli: req('int'),
    unit_price_minor: req('int'),
    discount_minor: req('int'),
    tax_rate_bp: req('int'),
    technician_id: opt('id'),
    technician_name: opt('text'),
    canned_job_id: opt('id'),
  }),
  /** A saved set of lines ("oil service, petrol") added to a job in one step; shared by all sites. */
  canned_jobs: table('canned_jobs', 'tenant', {
    name: req('text'),
    description: opt('text'),
    lines: req('json'),
    active: req('bool'),
  }),
  /**
   * Finalised invoices and credit notes: immutable once written. `number` comes from the device's
   * series (`series`, `seq`) and is never renumbered; supplier, recipient, lines and tax lines are
   * snapshots of what was printed. kind: invoice | credit_note (amounts positive in both).
   */
  invoices: table('invoices', 'site', {
    job_id: req('id'),
    kind: req('text'),
    number: req('text'),
    series: req('text'),
    seq: req('int'),
    fiscal_year: req('text'),
    issued_at: req('time'),
    issued_by: req('id'),
    device_id: req('id'),
    credit_of_id: opt('id'),
    reason: opt('text'),
    country: req('text'),
    currency: req('text'),
    place_of_supply: opt('text'),
    supplier: req('json'),
    recipient: req('json'),
    lines: req('json'),
    tax_lines: req('json'),
    taxable_minor: req('int'),
    tax_minor: req('int'),
    total_minor: req('int'),
    /** The job's manager (who opened it), copied for per-manager revenue without a join. */
    job_manager_id: opt('id'),
  }),
  /**
   * What a workshop prints on its documents, one row per site (found by site_id). The site's
   * name, address, phone and tax id stay on `sites`.
   */
  site_profiles: table('site_profiles', 'site', {
    country: req('text'),
    legal_name: opt('text'),
    state_code: opt('text'),
    email: opt('text'),
    logo_data_url: opt('text'),
    document_footer: opt('text'),
    upi_vpa: opt('text'),
    upi_payee_name: opt('text'),
    bank_details: opt('text'),
  }),
} as const satisfies Record<string, TableSpec>;
