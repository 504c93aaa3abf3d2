import { opt, req, table, type TableSpec } from '../../schema/table-spec.ts';

/**
 * Replicated tables of the integrations hub. The server writes them from provider webhooks and
 * outbound jobs (through the change log); counters read them and create `messages` and
 * `esign_documents` requests. Secrets and raw provider payloads never go into these rows.
 */
export const INTEGRATION_TABLES = {
  /** An SMS to a customer: the send intent first, then Twilio's status callbacks (monotonic). */
  messages: table('messages', 'site', {
    customer_id: opt('id'),
    job_id: opt('id'),
    purpose: req('text'),
    to_phone: req('text'),
    body: req('text'),
    /** queued | sending | sent | delivered | undelivered | failed | ambiguous */
    status: req('text'),
    provider: opt('text'),
    provider_ref: opt('text'),
    error_code: opt('text'),
    status_at: opt('time'),
    sent_by: opt('id'),
  }),
  /** A document sent for signature (DocuSign envelope), by email or signed in person. */
  esign_documents: table('esign_documents', 'site', {
    kind: req('text'),
    subject_id: opt('id'),
    title: req('text'),
    signer_name: req('text'),
    signer_email: opt('text'),
    mode: req('text'),
    /** draft | sent | delivered | signed | declined | voided */
    status: req('text'),
    envelope_id: opt('text'),
    decline_reason: opt('text'),
    signed_sha256: opt('text'),
    status_at: opt('time'),
    requested_by: opt('id'),
  }),
  /** Live EV data of a fleet vehicle (Enode); each group keeps its own last-updated time. */
  vehicle_ev_state: table('vehicle_ev_state', 'site', {
    vehicle_id: req('id'),
    provider: req('text'),
    provider_vehicle_id: req('text'),
    /** linked | credentials-invalid | unlinked */
    link_status: req('text'),
    battery_percent: opt('int'),
    range_km: opt('int'),
    plugged_in: opt('bool'),
    charging: opt('bool'),
    charge_state_at: opt('time'),
    odometer_km: opt('int'),
    odometer_at: opt('time'),
    location: opt('json'),
    location_at: opt('time'),
  }),
} as const satisfies Record<string, TableSpec>;
