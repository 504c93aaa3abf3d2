import type { IncomingEvent } from '../../inbox/inbox.ts';
import { hmac, sha256Hex, signaturesEqual } from '../hmac.ts';
import { header, type ReceivedWebhook, type VerifyOutcome } from '../webhook-types.ts';

export const ENODE_HANDLED_EVENTS: ReadonlySet<string> = new Set([
  'user:vehicle:discovered',
  'user:vehicle:updated',
  'user:vehicle:deleted',
  'user:credentials:invalidated',
]);

/** Enode sends at most this many events in one delivery. */
const MAX_EVENTS = 100;

interface EnodeEventShape {
  event?: unknown;
  user?: { id?: unknown };
  vehicle?: { id?: unknown };
}

function entityOf(event: EnodeEventShape): string | null {
  if (typeof event.vehicle?.id === 'string') return `enode-vehicle:${event.vehicle.id}`;
  if (typeof event.user?.id === 'string') return `enode-user:${event.user.id}`;
  return null;
}

/**
 * `x-enode-signature: sha1=<hex>`: HMAC-SHA1 of the raw body with any configured secret. The body
 * is an array of events, each stored as its own inbox row keyed by a hash of the event (a
 * redelivery of the same event hashes the same; `x-enode-delivery` names the delivery, not events).
 */
export function verifyEnode(secrets: readonly string[]): (webhook: ReceivedWebhook) => VerifyOutcome {
  return (webhook) => {
    if (secrets.length === 0) return { ok: false, reason: 'not-configured' };
    const signature = header(webhook.headers, 'x-enode-signature');
    if (!signature) return { ok: false, reason: 'missing-signature' };
    const valid = secrets.some((secret) =>
      signaturesEqual(`sha1=${hmac('sha1', secret, webhook.rawBody, 'hex')}`, signature.trim()),
    );
    if (!valid) return { ok: false, reason: 'bad-signature' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(webhook.rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.length > MAX_EVENTS) return { ok: false, reason: 'malformed' };
    const events: IncomingEvent[] = [];
    for (const item of list) {
      if (!item || typeof item !== 'object') return { ok: false, reason: 'malformed' };
      const event = item as EnodeEventShape; // an object; its fields are checked one by one
      const eventType = typeof event.event === 'string' ? event.event : 'unknown';
      const body = JSON.stringify(item);
      events.push({
        provider: 'enode',
        eventKey: `sha256:${sha256Hex(body)}`,
        eventType,
        entityKey: entityOf(event),
        body,
        handled: ENODE_HANDLED_EVENTS.has(eventType),
      });
    }
    return { ok: true, events };
  };
}
