import type { Database } from '../../../db/database.ts';
import type { IncomingEvent } from '../../inbox/inbox.ts';
import type { Receive } from '../../inbox/receive.ts';
import type { StripeProvider } from './client.ts';
import { STRIPE_HANDLED_EVENTS, stripeEntityKey } from './webhook.ts';

/** Stripe retries a webhook for up to three days; events are listed back that far on the first run. */
const HORIZON_SECONDS = 3 * 24 * 60 * 60;
/** Overlap with the previous run: events are deduplicated by id, so reading some twice is harmless. */
const OVERLAP_SECONDS = 10 * 60;
const MAX_EVENTS_PER_RUN = 1000;
const SETTING = 'integrations.stripe.reconciled_until';

/**
 * Lists the events of the handled types since the last run from Stripe's API and stores them in
 * the inbox exactly like webhooks (same `evt_…` key): one Stripe gave up delivering is processed,
 * one already received is skipped.
 */
export async function reconcileStripe(deps: {
  db: Database;
  clock: () => number;
  provider: StripeProvider;
  receive: Receive;
}): Promise<number> {
  const nowSeconds = Math.floor(deps.clock() / 1000);
  const stored = (await deps.db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [SETTING]))
    .rows[0]?.value;
  const since = stored
    ? Math.max(Number(stored) - OVERLAP_SECONDS, nowSeconds - HORIZON_SECONDS)
    : nowSeconds - HORIZON_SECONDS;
  const listed = await deps.provider.listEvents(since, [...STRIPE_HANDLED_EVENTS], MAX_EVENTS_PER_RUN);
  const events: IncomingEvent[] = listed.map((event) => {
    const parsed = JSON.parse(event.json) as { data?: { object?: Record<string, unknown> } }; // an event the SDK just returned
    return {
      provider: 'stripe',
      eventKey: event.id,
      eventType: event.type,
      entityKey: stripeEntityKey(parsed.data?.object ?? {}),
      body: event.json,
      handled: STRIPE_HANDLED_EVENTS.has(event.type),
    };
  });
  const { queued } = events.length > 0 ? await deps.receive(events) : { queued: 0 };
  const until = listed.reduce((latest, event) => Math.max(latest, event.created), since);
  await deps.db.query(
    'INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [SETTING, String(until)],
  );
  return queued;
}
