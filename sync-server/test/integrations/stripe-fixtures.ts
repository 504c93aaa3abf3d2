import { completeRow, tableSpec, uuidv7, type Row } from '@forecourt/shared';
import Stripe from 'stripe';
import type { SeededTenant, TestServer } from '../support/app.ts';
import { SECRETS } from './support.ts';

let sequence = 0;

/** An open rental contract with a deposit of CHF 500, written as the server (as if synced from a counter). */
export async function seedContract(server: TestServer, tenant: SeededTenant): Promise<string> {
  const now = new Date(server.clock()).toISOString();
  const id = uuidv7();
  const base = { tenant_id: tenant.tenantId, created_at: now, updated_at: now };
  const row = completeRow(tableSpec('rental_contracts'), {
    ...base,
    id,
    site_id: tenant.siteId,
    return_site_id: tenant.siteId,
    number: `RC-${id.slice(-6)}`,
    series: 'RC',
    seq: 1,
    customer_id: uuidv7(),
    additional_driver_ids: [],
    vehicle_id: uuidv7(),
    class_id: uuidv7(),
    status: 'open',
    opened_at: now,
    due_at: new Date(server.clock() + 3 * 86_400_000).toISOString(),
    km_out: 12_000,
    fuel_out: 8,
    damages_out: [],
    accessories: [],
    rates: {},
    deductible_minor: 150_000,
    deposit_minor: 50_000,
    terms_version: '2026-1',
    photos_out: [],
    currency: 'CHF',
    opened_by: tenant.ownerId,
  });
  await server.engine.writeRows(tenant.tenantId, [{ table: 'rental_contracts', row }]);
  return id;
}

/** A customer and an open job of the site, written as the server. */
export async function seedJob(server: TestServer, tenantId: string, siteId: string): Promise<string> {
  const now = new Date(server.clock()).toISOString();
  const customerId = uuidv7();
  const jobId = uuidv7();
  const base = { tenant_id: tenantId, site_id: siteId, created_at: now, updated_at: now };
  await server.engine.writeRows(tenantId, [
    { table: 'customers', row: completeRow(tableSpec('customers'), { ...base, id: customerId, name: 'Asha Rao' }) },
    {
      table: 'jobs',
      row: completeRow(tableSpec('jobs'), {
        ...base,
        id: jobId,
        number: `J-${jobId.slice(-6)}`,
        customer_id: customerId,
        status: 'open',
        currency: 'INR',
      }),
    },
  ]);
  return jobId;
}

export function intent(id: string, metadata: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    id,
    object: 'payment_intent',
    amount: 150_000,
    amount_received: 150_000,
    currency: 'inr',
    metadata,
    ...extra,
  };
}

/** A Stripe event body; `created` orders events the way Stripe stamps them. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  id = `evt_${++sequence}_${uuidv7().slice(-12)}`,
): string {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created: 1_772_355_600 + sequence,
    livemode: false,
    data: { object },
  });
}

export async function postStripe(server: TestServer, payload: string) {
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: SECRETS.stripe[0],
    timestamp: Math.floor(server.clock() / 1000),
  });
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    payload,
  });
  if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}: ${response.body}`);
  return response;
}

export async function paymentsOfIntent(server: TestServer, tenantId: string, ref: string): Promise<Row[]> {
  const result = await server.db.query<Row>(
    "SELECT * FROM payments WHERE tenant_id = $1 AND provider = 'stripe' AND (provider_ref = $2 OR refund_of_id IN (SELECT id FROM payments WHERE provider_ref = $2)) ORDER BY created_at, id",
    [tenantId, ref],
  );
  return result.rows;
}

export async function eventStatus(server: TestServer, eventId: string): Promise<string | undefined> {
  const result = await server.db.query<{ status: string }>(
    "SELECT status FROM webhook_inbox WHERE provider = 'stripe' AND event_key = $1",
    [eventId],
  );
  return result.rows[0]?.status;
}

export const eventId = (payload: string) => (JSON.parse(payload) as { id: string }).id;
